#include "bridge/stored_view.hpp"

#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>

namespace bridge {

namespace {

bool hidden_by_default(const scim::attribute& attribute)
{
    // Write-only attributes are never stored (take_write_only).
    if (attribute.mutability == scim::mutability::write_only)
        return false;
    if (attribute.returned == scim::returned::never || attribute.returned == scim::returned::request)
        return true;
    for (const auto& sub : attribute.sub_attributes)
        if (hidden_by_default(sub))
            return true;
    return false;
}

bool any_hidden(const scim::schema& schema)
{
    for (const auto& attribute : schema.attributes)
        if (hidden_by_default(attribute))
            return true;
    return false;
}

void append_json_string(std::string& out, std::string_view text)
{
    // Boost.JSON's own escaping, so the text is exactly what serialize() makes.
    boost::json::value value(boost::json::string_view(text.data(), text.size()));
    boost::json::serializer writer;
    writer.reset(&value);
    char buffer[512];
    while (!writer.done())
        out.append(writer.read(buffer));
}

} // namespace

bool stored_form_is_default_view(const scim::resource_type& type)
{
    if (type.core && any_hidden(*type.core))
        return false;
    for (const auto& extension : type.extensions)
        if (extension.extension && any_hidden(*extension.extension))
            return false;
    return true;
}

std::string groups_json(const std::vector<store::group_ref>& groups, std::string_view base_url)
{
    std::string out = "[";
    for (const auto& group : groups) {
        if (out.size() > 1)
            out += ',';
        out += R"({"value":)";
        append_json_string(out, group.id);
        out += R"(,"$ref":)";
        append_json_string(out, std::string(base_url) + "/Groups/" + group.id);
        if (group.display_name) {
            out += R"(,"display":)";
            append_json_string(out, *group.display_name);
        }
        out += R"(,"type":"direct"})";
    }
    out += ']';
    return out;
}

std::string splice_before_meta(std::string_view stored, std::string_view key, std::string_view value_json)
{
    // Only a top-level member can be the last `,"meta":{` of the text: a
    // quote inside a string value is escaped, and meta is stored last.
    constexpr std::string_view marker = R"(,"meta":{)";
    auto at = stored.rfind(marker);
    if (at == std::string_view::npos)
        at = stored.size() - 1;  // before the closing brace
    std::string out;
    out.reserve(stored.size() + key.size() + value_json.size() + 4);
    out.append(stored.substr(0, at));
    out.append(",\"").append(key).append("\":").append(value_json);
    out.append(stored.substr(at));
    return out;
}

} // namespace bridge
