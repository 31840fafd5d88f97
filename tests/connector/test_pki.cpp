#include "connector/test_pki.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace connector_test {

namespace {

void run_openssl(const std::string& arguments)
{
    const std::string command = "openssl " + arguments + " >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0)
        throw std::runtime_error("failed: " + command);
}

test_pki make_pki()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "connector-pki-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    test_pki pki{pattern, pattern + "/ca.pem", pattern + "/server.pem", pattern + "/server.key"};
    const std::string d = pattern + "/";
    run_openssl("req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=connector-test-ca"
                " -keyout " + d + "ca.key -out " + d + "ca.pem");
    run_openssl("req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost"
                " -keyout " + d + "server.key -out " + d + "server.csr");
    std::ofstream(d + "server.ext") << "subjectAltName=DNS:localhost\n"
                                       "basicConstraints=CA:FALSE\n"
                                       "extendedKeyUsage=serverAuth\n";
    run_openssl("x509 -req -days 2 -in " + d + "server.csr -CA " + d + "ca.pem -CAkey " + d +
                "ca.key -CAcreateserial -extfile " + d + "server.ext -out " + d + "server.pem");
    return pki;
}

} // namespace

const test_pki& shared_test_pki()
{
    // Removes the keys when the test program exits.
    struct holder {
        test_pki pki = make_pki();
        ~holder()
        {
            std::error_code ignored;
            std::filesystem::remove_all(pki.directory, ignored);
        }
    };
    static const holder instance;
    return instance.pki;
}

} // namespace connector_test
