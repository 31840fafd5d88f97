#include "bridge/resource_meta.hpp"

#include "bridge/resource_service.hpp"
#include "bridge/unique_name.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/split.hpp>
#include <boost/algorithm/string/trim.hpp>

#include <vector>

namespace bridge {
namespace json = boost::json;

std::optional<std::string> take_write_only(json::object& resource, const scim::resource_type& type)
{
    std::optional<std::string> password;
    for (const auto& attr : type.core->attributes) {
        if (attr.mutability != scim::mutability::write_only)
            continue;
        if (auto it = resource.find(attr.name); it != resource.end()) {
            if (attr.name == "password" && it->value().is_string())
                password = std::string(it->value().get_string());
            resource.erase(it);
        }
    }
    return password;
}

json::object with_identity(json::object resource, const std::string& id)
{
    json::object ordered;
    ordered.reserve(resource.size() + 2);
    if (auto it = resource.find("schemas"); it != resource.end())
        ordered["schemas"] = std::move(it->value());
    ordered["id"] = id;
    for (auto& [key, value] : resource)
        if (key != "schemas" && key != "id" && key != "meta")
            ordered[key] = std::move(value);
    if (auto it = resource.find("meta"); it != resource.end())
        ordered["meta"] = std::move(it->value());
    return ordered;
}

void set_meta(json::object& resource, const scim::resource_type& type, const std::string& base_url,
              const std::string& id, const std::string& created, const std::string& last_modified,
              std::int64_t version)
{
    resource.erase("meta");
    json::object meta;
    meta["resourceType"] = type.name;
    meta["created"] = created;
    meta["lastModified"] = last_modified;
    meta["location"] = base_url + type.endpoint + "/" + id;
    meta["version"] = etag_of(version);
    resource["meta"] = std::move(meta);
}

void bump_meta(json::object& resource, const std::string& last_modified, std::int64_t version)
{
    auto& meta = resource["meta"];
    if (!meta.is_object())
        meta = json::object{};
    meta.as_object()["lastModified"] = last_modified;
    meta.as_object()["version"] = etag_of(version);
}

void carry_meta(json::object& next, const json::object& current)
{
    next.erase("meta");
    if (auto it = current.find("meta"); it != current.end())
        next["meta"] = it->value();
}

std::string created_of(const json::object& resource)
{
    if (auto meta = resource.find("meta"); meta != resource.end() && meta->value().is_object())
        if (auto created = meta->value().get_object().find("created"); created != meta->value().get_object().end())
            if (created->value().is_string())
                return std::string(created->value().get_string());
    return {};
}

bool same_content(const json::object& a, const json::object& b)
{
    return a == b;
}

void insert_before_meta(json::object& resource, std::string_view key, json::value value)
{
    json::value meta;
    if (auto it = resource.find("meta"); it != resource.end()) {
        meta = std::move(it->value());
        resource.erase(it);
    }
    resource[key] = std::move(value);
    if (!meta.is_null())
        resource["meta"] = std::move(meta);
}

std::string uniqueness_detail(const scim::resource_type& type, const std::string& value)
{
    const char* attribute = unique_name_attribute(type.name);
    return std::string(attribute ? attribute : "name") + " \"" + value + "\" is already used by another " + type.name;
}

std::string etag_of(std::int64_t version)
{
    return "W/\"" + std::to_string(version) + "\"";
}

bool etag_matches(std::string_view header, std::int64_t version)
{
    std::vector<std::string> tags;
    boost::split(tags, header, [](char c) { return c == ','; });
    const auto weak = etag_of(version);
    const auto strong = weak.substr(2);
    for (auto& tag : tags) {
        boost::trim(tag);
        if (tag == "*" || tag == weak || tag == strong)
            return true;
    }
    return false;
}

} // namespace bridge
