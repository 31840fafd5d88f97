#include "bridge/unique_name.hpp"

namespace bridge {

const char* unique_name_attribute(std::string_view type)
{
    if (type == "User")
        return "userName";
    if (type == "Group")
        return "displayName";
    return nullptr;
}

store::indexed_column unique_name_column(std::string_view type)
{
    return type == "User" ? store::indexed_column::user_name : store::indexed_column::display_name;
}

std::optional<std::string> unique_name_of(std::string_view type, const boost::json::object& resource)
{
    const char* key = unique_name_attribute(type);
    const auto* value = key ? resource.if_contains(key) : nullptr;
    if (value && value->is_string())
        return std::string(value->get_string());
    return std::nullopt;
}

} // namespace bridge
