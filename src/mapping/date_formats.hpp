#pragma once
// Date/time forms: SCIM's dateTime (xsd:dateTime, any offset, optional
// fraction) and the shapes vendors use. Conversions go through UTC.

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace mapping {

enum class date_form {
    iso8601,         // 2017-10-06T14:51:38Z
    iso8601_millis,  // 2017-10-06T14:51:38.000Z
    sql_datetime,    // 2017-10-06 14:51:38 (UTC)
    date,            // 2017-10-06
    epoch_seconds,   // 1507301498 (a JSON number)
    epoch_millis,    // 1507301498000
};

std::optional<date_form> parse_date_form(std::string_view name);
std::string_view to_string(date_form form);

// Milliseconds since 1970-01-01T00:00:00Z.
std::optional<std::int64_t> read_date(const boost::json::value& value, date_form form);
boost::json::value write_date(std::int64_t epoch_millis, date_form form);

} // namespace mapping
