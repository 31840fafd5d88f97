#include "server/tls_context.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace server {

boost::asio::ssl::context make_server_tls_context(const config::tls_config& tls) {
    namespace ssl = boost::asio::ssl;
    ssl::context context{ssl::context::tls_server};
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                        ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    if (tls.tls13_only)
        context.set_options(ssl::context::no_tlsv1_2);
    // The server's order decides: a client listing a weak suite first
    // still gets the best one both sides have.
    SSL_CTX_set_options(context.native_handle(), SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (SSL_CTX_set_cipher_list(context.native_handle(), tls.ciphers.c_str()) != 1) {
        throw std::runtime_error("tls.ciphers: no cipher suite OpenSSL knows in '" + tls.ciphers + "'");
    }
    boost::system::error_code error;
    context.use_certificate_chain_file(tls.certificate_file.string(), error);
    if (error) {
        throw std::runtime_error(tls.certificate_file.string() + ": cannot use the TLS certificate: " +
                                 error.message());
    }
    context.use_private_key_file(tls.private_key_file.string(), ssl::context::pem, error);
    if (error) {
        throw std::runtime_error(tls.private_key_file.string() + ": cannot use the TLS private key: " +
                                 error.message());
    }
    return context;
}

} // namespace server
