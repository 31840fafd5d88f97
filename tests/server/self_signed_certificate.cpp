#include "server/self_signed_certificate.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <random>
#include <stdexcept>
#include <string>

namespace server_test {

namespace {

struct openssl_free {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
    void operator()(X509* certificate) const { X509_free(certificate); }
    void operator()(BIO* bio) const { BIO_free(bio); }
};

template <typename T>
using owned = std::unique_ptr<T, openssl_free>;

void require(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string("self-signed certificate: ") + what + " failed");
    }
}

} // namespace

self_signed_certificate::self_signed_certificate() {
    folder_ = std::filesystem::temp_directory_path() /
              ("scim-bridge-tls-" + std::to_string(std::random_device{}()) + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(folder_);
    certificate_ = folder_ / "server.crt";
    key_ = folder_ / "server.key";

    owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
    require(key != nullptr, "EVP_EC_gen");
    owned<X509> certificate(X509_new());
    require(certificate != nullptr, "X509_new");
    require(X509_set_version(certificate.get(), 2) == 1, "X509_set_version");
    require(ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 1) == 1, "serial");
    require(X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600) != nullptr, "notBefore");
    require(X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 3600) != nullptr, "notAfter");
    require(X509_set_pubkey(certificate.get(), key.get()) == 1, "X509_set_pubkey");
    X509_NAME* name = X509_get_subject_name(certificate.get());
    require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"),
                                       -1, -1, 0) == 1,
            "subject");
    require(X509_set_issuer_name(certificate.get(), name) == 1, "issuer");
    require(X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0, "X509_sign");

    owned<BIO> certificate_out(BIO_new_file(certificate_.c_str(), "w"));
    require(certificate_out != nullptr && PEM_write_bio_X509(certificate_out.get(), certificate.get()) == 1,
            "writing the certificate");
    owned<BIO> key_out(BIO_new_file(key_.c_str(), "w"));
    require(key_out != nullptr &&
                PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1,
            "writing the key");
}

self_signed_certificate::~self_signed_certificate() {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
}

} // namespace server_test
