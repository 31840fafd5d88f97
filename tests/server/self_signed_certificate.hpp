#pragma once
// A throw-away self-signed certificate (CN=localhost, EC P-256) written as
// PEM files into a fresh temporary folder, removed at destruction.

#include <filesystem>

namespace server_test {

class self_signed_certificate {
public:
    self_signed_certificate();
    ~self_signed_certificate();
    self_signed_certificate(const self_signed_certificate&) = delete;
    self_signed_certificate& operator=(const self_signed_certificate&) = delete;

    const std::filesystem::path& certificate_file() const { return certificate_; }
    const std::filesystem::path& private_key_file() const { return key_; }

private:
    std::filesystem::path folder_;
    std::filesystem::path certificate_;
    std::filesystem::path key_;
};

} // namespace server_test
