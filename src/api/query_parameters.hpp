#pragma once
// The decoded query parameters of a request target (`+` and %20 both decode
// to a space: identity providers send either in filters).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace api {

class query_parameters {
public:
    explicit query_parameters(std::string_view query);  // without the '?'

    // The first value of a parameter whose name matches case-insensitively.
    std::optional<std::string> get(std::string_view name) const;

private:
    std::vector<std::pair<std::string, std::string>> params_;
};

} // namespace api
