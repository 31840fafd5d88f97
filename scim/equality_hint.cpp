// Equality hints: the indexed `attribute eq "value"` a filter implies, so
// the store can narrow candidates before the full evaluation.
#include "scim/filter.hpp"
#include "scim/value_compare.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>

namespace scim {
namespace {

// What the store indexes (docs/architecture.md, Storage), plus emails.value, which
// identity providers look users up by.
bool is_indexed(const resolved_attribute& r)
{
    static constexpr std::array<std::string_view, 4> top_level = {"userName", "externalId", "displayName", "id"};
    if (r.in_extension())
        return false;
    if (r.sub)
        return strings_equal(r.attr->name, "emails", false) && strings_equal(r.sub->name, "value", false);
    return std::any_of(top_level.begin(), top_level.end(),
                       [&](std::string_view name) { return strings_equal(r.attr->name, name, false); });
}

// The string an equality compares with: a string literal, or an unquoted
// integer (old Entra ID `externalId eq 701984`), which the evaluator compares
// with string attributes as its decimal text.
std::optional<std::string> equality_text(const compare_filter& c)
{
    if (c.op != compare_op::eq)
        return std::nullopt;
    if (c.value.is_string())
        return std::string(c.value.get_string());
    if (c.value.is_int64() || c.value.is_uint64())
        return boost::json::serialize(c.value);
    return std::nullopt;
}

// Inside `emails[...]`: a `value eq "v"` among the and-ed operands.
std::optional<std::string> element_value_equality(const filter_node& filter)
{
    if (const auto* c = std::get_if<compare_filter>(&filter.node)) {
        if (c->path.schema_urn.empty() && c->path.sub_attribute.empty()
            && strings_equal(c->path.attribute, "value", false))
            return equality_text(*c);
        return std::nullopt;
    }
    if (const auto* l = std::get_if<logical_filter>(&filter.node); l && l->is_and) {
        if (auto found = element_value_equality(*l->left))
            return found;
        return element_value_equality(*l->right);
    }
    return std::nullopt;
}

std::optional<equality_hint> hint_from(const filter_node& filter, const resource_type& type)
{
    if (const auto* c = std::get_if<compare_filter>(&filter.node)) {
        auto value = equality_text(*c);
        const auto r = value ? resolve(type, c->path) : std::nullopt;
        if (!r || !is_indexed(*r))
            return std::nullopt;
        return equality_hint{*r, std::move(*value)};
    }
    if (const auto* l = std::get_if<logical_filter>(&filter.node); l && l->is_and) {
        if (auto found = hint_from(*l->left, type))
            return found;
        return hint_from(*l->right, type);
    }
    if (const auto* v = std::get_if<value_path_filter>(&filter.node)) {
        auto r = resolve(type, v->path);
        if (!r || r->sub || r->attr->type != attribute_type::complex)
            return std::nullopt;
        r->sub = r->attr->find_sub("value");
        if (!r->sub || !is_indexed(*r))
            return std::nullopt;
        if (auto value = element_value_equality(*v->inner))
            return equality_hint{*r, std::move(*value)};
    }
    return std::nullopt;
}

} // namespace

std::optional<equality_hint> find_equality_hint(const filter_node& filter, const resource_type& type)
{
    return hint_from(filter, type);
}

} // namespace scim
