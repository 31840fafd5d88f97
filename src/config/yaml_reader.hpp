#pragma once
// A read-only view of one YAML node that knows where it came from (file and
// key path), so that every complaint names file:line:column and the key.
// Used only at load time; the request path never sees YAML.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace config {

class yaml_reader {
public:
    yaml_reader(YAML::Node node, std::string path, std::shared_ptr<const std::string> file);

    const std::string& path() const noexcept { return path_; }

    // Throws std::runtime_error "file:line:column: path: what".
    [[noreturn]] void fail(std::string_view what) const;

    // Checks that this node is a mapping whose keys are all in `allowed`,
    // each at most once.
    void expect_mapping(std::initializer_list<std::string_view> allowed) const;
    bool is_mapping() const noexcept { return node_.IsMap(); }
    bool is_scalar() const noexcept { return node_.IsScalar(); }

    std::optional<yaml_reader> child(std::string_view key) const;
    // Mapping entries in file order; duplicate keys are rejected.
    std::vector<std::pair<std::string, yaml_reader>> entries() const;
    std::vector<yaml_reader> items() const;

    std::string as_string() const;  // a non-empty scalar
    std::uint64_t as_unsigned(std::uint64_t min, std::uint64_t max) const;
    bool as_bool() const;

private:
    YAML::Node node_;
    std::string path_;
    std::shared_ptr<const std::string> file_;
};

} // namespace config
