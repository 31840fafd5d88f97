#pragma once
// The closed set of value transforms an attribute mapping may chain. Each
// has a forward direction (SCIM value -> vendor value) and, where the
// information allows, a reverse one (vendor value -> SCIM value).

#include "mapping/date_formats.hpp"
#include "mapping/language_tags.hpp"
#include "mapping/render_scope.hpp"
#include "mapping/template_string.hpp"
#include "mapping/transform_kind.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mapping {

enum class country_form { alpha2, alpha3 };
enum class time_zone_form { iana, utc_offset };

struct transform {
    transform_kind kind = transform_kind::trim;
    boost::json::value argument;                                        // default_value
    template_string text;                                               // text_template
    std::vector<std::pair<boost::json::value, boost::json::value>> table;  // value_map: SCIM -> vendor
    boost::json::value map_default;                                     // value_map: unmatched SCIM value (null = error)
    boost::json::value map_reverse_default;                             // value_map: unmatched vendor value (null = drop)
    date_form from = date_form::iso8601;                                // date
    date_form to = date_form::iso8601;
    boost::json::value true_form = true, false_form = false;            // boolean
    country_form country = country_form::alpha2;
    language_form language = language_form::bcp47;
    time_zone_form zone = time_zone_form::iana;
    std::string reference_type;                                         // reference
    std::size_t max_length = 0;                                         // truncate: characters kept
};

// Whether a reverse direction exists (text_template and the escapes have none).
bool reversible(transform_kind kind);
std::string_view to_string(transform_kind kind);

struct transform_context {
    const render_scope* scope = nullptr;        // for text_template
    const reference_lookup* lookup = nullptr;   // for reference
};

struct transform_outcome {
    boost::json::value value;
    std::string error;  // non-empty: the value cannot be converted (the SCIM request is invalid)
};

// Null (absent) passes through every transform except default_value and a
// value_map with a default.
transform_outcome apply_forward(const transform& t, boost::json::value input, const transform_context& context);
transform_outcome apply_reverse(const transform& t, boost::json::value input, const transform_context& context);

} // namespace mapping
