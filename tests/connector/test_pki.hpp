#pragma once
// A throw-away certificate authority and a server certificate for
// "localhost" (DNS name only, no IP address), made with the openssl command
// once per test run in a fresh temporary directory.

#include <filesystem>

namespace connector_test {

struct test_pki {
    std::filesystem::path directory;
    std::filesystem::path ca_certificate;
    std::filesystem::path server_certificate;
    std::filesystem::path server_key;
};

const test_pki& shared_test_pki();

} // namespace connector_test
