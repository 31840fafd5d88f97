#pragma once
// The body of a SCIM BulkRequest (RFC 7644 §3.7.1), for the /Bulk tests of
// local and vendor targets alike.

#include <boost/json.hpp>

#include <cstdint>
#include <optional>

namespace test_support {

inline boost::json::object bulk_body(boost::json::array operations,
                                     std::optional<std::int64_t> fail_on_errors = std::nullopt)
{
    boost::json::object body{{"schemas", boost::json::array{"urn:ietf:params:scim:api:messages:2.0:BulkRequest"}},
                             {"Operations", std::move(operations)}};
    if (fail_on_errors)
        body["failOnErrors"] = *fail_on_errors;
    return body;
}

} // namespace test_support
