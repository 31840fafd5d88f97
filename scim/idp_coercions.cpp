#include "scim/idp_coercions.hpp"

#include "scim/value_compare.hpp"

namespace scim {

std::optional<bool> boolean_from_text(const boost::json::value& v)
{
    if (!v.is_string())
        return std::nullopt;
    if (strings_equal(v.get_string(), "true", false))
        return true;
    if (strings_equal(v.get_string(), "false", false))
        return false;
    return std::nullopt;
}

bool is_bare_id(const boost::json::value& v, const attribute& attr)
{
    return v.is_string() && attr.find_sub("value") && attr.find_sub("$ref");
}

} // namespace scim
