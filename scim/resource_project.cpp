// attributes / excludedAttributes (RFC 7644 §3.4.2.5) combined with each
// attribute's `returned` characteristic (RFC 7643 §2.2): which parts of a
// canonical resource a response shows.

#include "scim/error.hpp"
#include "scim/resource.hpp"
#include "scim/value_compare.hpp"

#include <algorithm>

namespace scim {

namespace {

namespace json = boost::json;

// A projection path resolved against the resource type once per request.
struct target {
    const schema* whole_schema = nullptr;  // "urn:…:enterprise:2.0:User" alone
    const attribute* attr = nullptr;
    const attribute* sub = nullptr;
    const filter_node* elements = nullptr;  // `attr[filter]`: only the matching elements
};

// The value-filtered paths: like the others, unknown names select nothing.
// A filter is checked once here, so a forbidden comparison is refused even
// when no element would be compared.
void compile_filtered(const std::vector<filtered_path>& paths, const resource_type& type, std::vector<target>& out)
{
    for (const filtered_path& p : paths) {
        const std::optional<resolved_attribute> r = resolve(type, p.path);
        if (!r || r->attr->type != attribute_type::complex)
            continue;
        check_element_filter(*p.elements, *r->attr);
        out.push_back({nullptr, r->attr, r->sub, p.elements.get()});
    }
}

std::vector<target> compile(const std::vector<attribute_path>& paths, const std::vector<filtered_path>& filtered,
                            const resource_type& type)
{
    std::vector<target> out;
    compile_filtered(filtered, type, out);
    for (const attribute_path& p : paths) {
        // A bare schema URN parses as URN "…:2.0" plus attribute "User".
        if (!p.schema_urn.empty() && p.sub_attribute.empty()) {
            const std::string urn = p.schema_urn + ":" + p.attribute;
            if (const schema* ext = type.find_extension(urn)) {
                out.push_back({ext, nullptr, nullptr});
                continue;
            }
            if (strings_equal(urn, type.core->id, false)) {
                out.push_back({type.core, nullptr, nullptr});
                continue;
            }
        }
        // Unknown names select nothing; the RFC asks for no error.
        if (std::optional<resolved_attribute> r = resolve(type, p))
            out.push_back({nullptr, r->attr, r->sub});
    }
    return out;
}

bool names_whole(const std::vector<target>& targets, const schema& owner, const attribute& attr)
{
    return std::any_of(targets.begin(), targets.end(), [&](const target& t) {
        return t.whole_schema == &owner || (t.attr == &attr && !t.sub);
    });
}

bool names_sub(const std::vector<target>& targets, const attribute& attr, const attribute& sub)
{
    return std::any_of(targets.begin(), targets.end(), [&](const target& t) { return t.attr == &attr && t.sub == &sub; });
}

bool names_any_sub(const std::vector<target>& targets, const attribute& attr)
{
    return std::any_of(targets.begin(), targets.end(), [&](const target& t) { return t.attr == &attr && t.sub; });
}

bool never_shown(const attribute& a)
{
    return a.returned == returned::never || a.mutability == mutability::write_only;
}

class projector {
public:
    projector(const resource_type& type, const projection& p)
        : selecting_(!p.attributes.empty() || !p.filtered_attributes.empty()),
          requested_(compile(p.attributes, p.filtered_attributes, type)),
          excluded_(compile(p.excluded_attributes, {}, type))
    {
        compile_filtered(p.filtered_excluded, type, excluded_elements_);
    }

    // The attribute's projected value, or null when it is not shown.
    json::value apply(const schema& owner, const attribute& attr, const json::value& value) const
    {
        if (never_shown(attr))
            return nullptr;
        if (attr.type == attribute_type::complex && has_element_filter(attr)) {
            json::value kept = keep_elements(attr, value);
            return kept.is_null() ? nullptr : select(owner, attr, kept);
        }
        return select(owner, attr, value);
    }

private:
    bool has_element_filter(const attribute& attr) const
    {
        const auto on_attr = [&](const target& t) { return t.attr == &attr && t.elements; };
        return std::any_of(requested_.begin(), requested_.end(), on_attr) ||
               std::any_of(excluded_elements_.begin(), excluded_elements_.end(), on_attr);
    }

    // The elements the value filters leave: those an `attributes` filter
    // matches (unless `attributes` also names the attribute unfiltered),
    // less those an `excludedAttributes` filter matches.
    json::value keep_elements(const attribute& attr, const json::value& value) const
    {
        std::vector<const filter_node*> wanted, unwanted;
        bool all_wanted = !selecting_;
        for (const target& t : requested_)
            if (t.attr == &attr) {
                if (t.elements)
                    wanted.push_back(t.elements);
                else
                    all_wanted = true;
            }
        for (const target& t : excluded_elements_)
            if (t.attr == &attr)
                unwanted.push_back(t.elements);
        const auto matches_one = [&](const std::vector<const filter_node*>& filters, const json::value& element) {
            return std::any_of(filters.begin(), filters.end(),
                               [&](const filter_node* f) { return element_matches(*f, element, attr); });
        };
        const auto keep = [&](const json::value& element) {
            return (all_wanted || matches_one(wanted, element)) && !matches_one(unwanted, element);
        };
        if (!value.is_array())
            return keep(value) ? value : json::value(nullptr);
        json::array out;
        for (const json::value& element : value.get_array())
            if (keep(element))
                out.push_back(element);
        if (out.empty())
            return nullptr;
        return out;
    }

    json::value select(const schema& owner, const attribute& attr, const json::value& value) const
    {
        if (attr.returned == returned::always)
            return filter_subs(attr, value, false);
        if (names_whole(excluded_, owner, attr))
            return nullptr;
        if (selecting_) {
            if (names_whole(requested_, owner, attr))
                return filter_subs(attr, value, false);
            if (names_any_sub(requested_, attr))
                return filter_subs(attr, value, true);
            return nullptr;
        }
        if (attr.returned == returned::request)
            return nullptr;
        return filter_subs(attr, value, false);
    }

    bool keep_sub(const attribute& attr, const attribute& sub, bool only_named) const
    {
        if (never_shown(sub))
            return false;
        if (sub.returned == returned::always)
            return true;
        if (names_sub(excluded_, attr, sub))
            return false;
        if (only_named || sub.returned == returned::request)
            return names_sub(requested_, attr, sub);
        return true;
    }

    json::value filter_object(const attribute& attr, const json::object& o, bool only_named) const
    {
        json::object out;
        for (const auto& member : o) {
            const attribute* sub = attr.find_sub(member.key());
            if (sub && keep_sub(attr, *sub, only_named))
                out[member.key()] = member.value();
        }
        if (out.empty())
            return nullptr;
        return out;
    }

    json::value filter_subs(const attribute& attr, const json::value& value, bool only_named) const
    {
        if (attr.type != attribute_type::complex)
            return value;
        if (value.is_object())
            return filter_object(attr, value.get_object(), only_named);
        if (!value.is_array())
            return value;
        json::array out;
        for (const json::value& element : value.get_array()) {
            json::value kept = element.is_object() ? filter_object(attr, element.get_object(), only_named) : element;
            if (!kept.is_null())
                out.push_back(std::move(kept));
        }
        if (out.empty())
            return nullptr;
        return out;
    }

    // attributes= was given, even if it named nothing this type has: then
    // only the returned:always attributes remain.
    bool selecting_;
    std::vector<target> requested_;
    std::vector<target> excluded_;
    std::vector<target> excluded_elements_;  // excludedAttributes' value filters
};

// Where the item that starts `list` ends: the first comma outside a value
// filter's brackets and its quoted strings (`emails[value co ","]`).
std::size_t item_end(std::string_view list)
{
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const char c = list[i];
        if (quoted) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '[') {
            ++depth;
        } else if (c == ']') {
            --depth;
        } else if (c == ',' && depth <= 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

void split_into(std::string_view list, std::vector<attribute_path>& out, std::vector<filtered_path>& filtered,
                bool excluding)
{
    while (!list.empty()) {
        const std::size_t comma = item_end(list);
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        const std::size_t first = item.find_first_not_of(" \t");
        if (first == std::string_view::npos)
            continue;  // "a,,b" and a trailing comma are harmless
        item = item.substr(first, item.find_last_not_of(" \t") - first + 1);
        if (item.find('[') == std::string_view::npos) {
            out.push_back(parse_attribute_path(item));
            continue;
        }
        patch_path parsed = parse_patch_path(item);  // the same grammar: attr[filter].sub
        if (excluding && !parsed.filtered_sub_attribute.empty())
            throw error(400, scim_type::invalid_path,
                        "excludedAttributes takes attribute[filter] to leave out whole elements, not \"" +
                            std::string(item) + "\"");
        parsed.attribute.sub_attribute = parsed.filtered_sub_attribute;
        filtered.push_back({std::move(parsed.attribute), std::move(parsed.value_filter)});
    }
}

} // namespace

projection parse_projection(std::string_view attributes, std::string_view excluded_attributes)
{
    projection p;
    split_into(attributes, p.attributes, p.filtered_attributes, false);
    split_into(excluded_attributes, p.excluded_attributes, p.filtered_excluded, true);
    return p;
}

void check_projection(const projection& p, const resource_type& type)
{
    [[maybe_unused]] const projector checked(type, p);
}

json::object project(const json::object& resource, const resource_type& type, const projection& p)
{
    const projector proj(type, p);
    json::object out;
    for (const auto& member : resource) {
        const std::string_view key = member.key();
        // RFC 7643 §3: `schemas` is part of every representation.
        if (key == "schemas") {
            out[key] = member.value();
            continue;
        }
        if (const schema* ext = type.find_extension(key)) {
            if (!member.value().is_object())
                continue;
            json::object projected;
            for (const auto& inner : member.value().get_object())
                if (const attribute* attr = ext->find(inner.key()))
                    if (json::value v = proj.apply(*ext, *attr, inner.value()); !v.is_null())
                        projected[inner.key()] = std::move(v);
            if (!projected.empty())
                out[key] = std::move(projected);
            continue;
        }
        const schema* owner = &common_attributes();
        const attribute* attr = owner->find(key);
        if (!attr) {
            owner = type.core;
            attr = owner->find(key);
        }
        if (!attr)
            continue;  // not part of the resource type: nothing to show
        if (json::value v = proj.apply(*owner, *attr, member.value()); !v.is_null())
            out[key] = std::move(v);
    }
    return out;
}

} // namespace scim
