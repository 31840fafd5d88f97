#include "mapping/scim_path.hpp"

#include "scim/error.hpp"
#include "scim/schema_urns.hpp"

#include <algorithm>
#include <cctype>

namespace mapping {
namespace json = boost::json;

namespace {

bool iequals(std::string_view a, std::string_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

bool is_core_urn(std::string_view urn)
{
    return urn.empty() || iequals(urn, scim::urn::user) || iequals(urn, scim::urn::group);
}

json::value* find_key(json::object& object, std::string_view name)
{
    for (auto& entry : object)
        if (iequals(entry.key(), name))
            return &entry.value();
    return nullptr;
}

const json::value* find_key(const json::object& object, std::string_view name)
{
    return find_key(const_cast<json::object&>(object), name);
}

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Value filters in mappings select an element by its sub-attributes; the
// comparison is case-insensitive for strings, as for SCIM's default
// caseExact=false, and exact for other types.
bool compare(const json::value* actual, scim::compare_op op, const json::value& expected)
{
    if (!actual)
        return op == scim::compare_op::ne;
    if (actual->is_string() && expected.is_string()) {
        auto a = lower(actual->as_string());
        auto e = lower(expected.as_string());
        switch (op) {
        case scim::compare_op::eq: return a == e;
        case scim::compare_op::ne: return a != e;
        case scim::compare_op::co: return a.find(e) != std::string::npos;
        case scim::compare_op::sw: return a.starts_with(e);
        case scim::compare_op::ew: return a.ends_with(e);
        case scim::compare_op::gt: return a > e;
        case scim::compare_op::ge: return a >= e;
        case scim::compare_op::lt: return a < e;
        case scim::compare_op::le: return a <= e;
        }
    }
    if (op == scim::compare_op::eq)
        return *actual == expected;
    if (op == scim::compare_op::ne)
        return *actual != expected;
    return false;
}

bool element_matches(const scim::filter_node& filter, const json::value& element)
{
    const json::object* object = element.if_object();
    auto field = [&](const scim::attribute_path& p) -> const json::value* {
        if (!object)
            return nullptr;
        const json::value* v = find_key(*object, p.attribute);
        if (v && !p.sub_attribute.empty())
            v = v->is_object() ? find_key(v->as_object(), p.sub_attribute) : nullptr;
        return v;
    };
    return std::visit(
        [&](const auto& node) -> bool {
            using node_type = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<node_type, scim::presence_filter>) {
                const json::value* v = field(node.path);
                return v && !v->is_null();
            } else if constexpr (std::is_same_v<node_type, scim::compare_filter>) {
                return compare(field(node.path), node.op, node.value);
            } else if constexpr (std::is_same_v<node_type, scim::logical_filter>) {
                return node.is_and ? element_matches(*node.left, element) && element_matches(*node.right, element)
                                   : element_matches(*node.left, element) || element_matches(*node.right, element);
            } else if constexpr (std::is_same_v<node_type, scim::not_filter>) {
                return !element_matches(*node.inner, element);
            } else {
                return false;  // nested value paths cannot occur inside a value filter
            }
        },
        filter.node);
}

// The `eq` comparisons a new element must carry to match the filter.
void collect_equalities(const scim::filter_node& filter, json::object& element)
{
    if (const auto* c = std::get_if<scim::compare_filter>(&filter.node)) {
        if (c->op == scim::compare_op::eq && c->path.sub_attribute.empty())
            element[c->path.attribute] = c->value;
    } else if (const auto* l = std::get_if<scim::logical_filter>(&filter.node)) {
        if (l->is_and) {
            collect_equalities(*l->left, element);
            collect_equalities(*l->right, element);
        }
    }
}

const json::object* container_of(const json::object& resource, const scim_path& path)
{
    if (is_core_urn(path.urn))
        return &resource;
    const json::value* extension = find_key(resource, path.urn);
    return extension ? extension->if_object() : nullptr;
}

const json::value* primary_or_first(const json::array& elements)
{
    for (const auto& element : elements)
        if (const auto* o = element.if_object())
            if (const auto* primary = find_key(*o, "primary"); primary && primary->is_bool() && primary->as_bool())
                return &element;
    return elements.empty() ? nullptr : &elements.front();
}

} // namespace

std::variant<scim_path, std::string> parse_scim_path(std::string_view text)
{
    try {
        scim::patch_path parsed = scim::parse_patch_path(text);
        scim_path path;
        path.text = std::string(text);
        path.urn = parsed.attribute.schema_urn;
        path.attribute = parsed.attribute.attribute;
        path.filter = parsed.value_filter;
        path.sub_attribute = parsed.value_filter ? parsed.filtered_sub_attribute : parsed.attribute.sub_attribute;
        return path;
    } catch (const scim::error& e) {
        return e.detail();
    }
}

const json::value* find_value(const json::object& resource, const scim_path& path)
{
    const json::object* container = container_of(resource, path);
    if (!container)
        return nullptr;
    const json::value* value = find_key(*container, path.attribute);
    if (!value)
        return nullptr;
    if (value->is_array()) {
        const json::array& elements = value->as_array();
        if (path.filter) {
            value = nullptr;
            for (const auto& element : elements)
                if (element_matches(*path.filter, element)) {
                    value = &element;
                    break;
                }
        } else if (!path.sub_attribute.empty()) {
            value = primary_or_first(elements);
        }
        if (!value)
            return nullptr;
    }
    if (path.sub_attribute.empty())
        return value;
    const json::object* object = value->if_object();
    return object ? find_key(*object, path.sub_attribute) : nullptr;
}

void assign_value(json::object& resource, const scim_path& path, json::value value)
{
    json::object* container = &resource;
    if (!is_core_urn(path.urn)) {
        json::value* extension = find_key(resource, path.urn);
        if (!extension || !extension->is_object())
            extension = &(resource[path.urn] = json::object());
        container = &extension->as_object();
    }
    json::value* slot = find_key(*container, path.attribute);
    if (path.sub_attribute.empty() && !path.filter) {
        if (slot)
            *slot = std::move(value);
        else
            (*container)[path.attribute] = std::move(value);
        return;
    }
    if (path.filter) {
        if (!slot || !slot->is_array())
            slot = &((*container)[path.attribute] = json::array());
        json::array& elements = slot->as_array();
        json::value* element = nullptr;
        for (auto& candidate : elements)
            if (element_matches(*path.filter, candidate)) {
                element = &candidate;
                break;
            }
        if (!element) {
            json::object fresh;
            collect_equalities(*path.filter, fresh);
            element = &elements.emplace_back(std::move(fresh));
        }
        if (path.sub_attribute.empty())
            *element = std::move(value);
        else if (element->is_object())
            element->as_object()[path.sub_attribute] = std::move(value);
        return;
    }
    if (slot && slot->is_array()) {
        // A multi-valued attribute named without a filter: its primary element.
        json::array& elements = slot->as_array();
        const json::value* primary = primary_or_first(elements);
        slot = primary ? const_cast<json::value*>(primary) : &elements.emplace_back(json::object());
    }
    if (!slot || !slot->is_object())
        slot = &((*container)[path.attribute] = json::object());
    json::object& object = slot->as_object();
    if (json::value* existing = find_key(object, path.sub_attribute))
        *existing = std::move(value);
    else
        object[path.sub_attribute] = std::move(value);
}

bool write_only(const scim_path& path)
{
    return path.urn.empty() && path.attribute.size() == 8 &&
           std::equal(path.attribute.begin(), path.attribute.end(), "password",
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

} // namespace mapping
