// resource_service::list: filters, sorting and paging (RFC 7644 §3.4.2).
//
// Three paths, cheapest first:
//  - no filter, no sort: the store's ordinal index gives the page directly;
//  - a filter that implies `attr eq "v"` on an indexed attribute: the index
//    narrows the candidates, the full filter decides;
//  - anything else: a scan in creation order.
// Without sortBy only the requested page is kept, so memory stays bounded
// by `count` however many resources match.

#include "bridge/resource_service.hpp"

#include "scim/error.hpp"
#include "scim/filter.hpp"
#include "scim/resource.hpp"
#include "scim/value_compare.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace bridge {
namespace json = boost::json;

namespace {

std::optional<store::indexed_column> column_for(const scim::resolved_attribute& attribute)
{
    const auto& name = attribute.attr->name;
    if (attribute.in_extension())
        return std::nullopt;
    if (name == "id")
        return store::indexed_column::id;
    if (name == "userName")
        return store::indexed_column::user_name;
    if (name == "externalId")
        return store::indexed_column::external_id;
    if (name == "displayName")
        return store::indexed_column::display_name;
    if (name == "emails" && attribute.sub && attribute.sub->name == "value")
        return store::indexed_column::email;
    return std::nullopt;
}

struct sort_entry {
    json::value key;
    json::object resource;
};

} // namespace

list_result resource_service::list(const scim::resource_type& type, const list_request& request) const
{
    list_result result;
    result.start_index = request.start_index;
    const auto& store = *context_.store;
    const auto offset = request.start_index - 1;

    auto finish = [&](json::object resource) {
        if (type.name == "User")
            attach_groups(resource);
        result.resources.push_back(scim::project(resource, type, request.projection));
    };

    if (request.filter.empty() && request.sort_by.empty()) {
        result.total_results = store.count(context_.name, type.name);
        if (request.count > 0)
            for (const auto& row : store.page(context_.name, type.name, offset, request.count))
                finish(json::parse(row.json).as_object());
        return result;
    }

    scim::filter_ptr filter = request.filter.empty() ? nullptr : scim::parse_filter(request.filter);

    std::optional<scim::resolved_attribute> sort_attribute;
    if (!request.sort_by.empty())
        sort_attribute = scim::resolve(type, scim::parse_attribute_path(request.sort_by));

    std::vector<sort_entry> sorted;
    std::int64_t matched = 0;
    auto consider = [&](const store::resource_row& row) {
        auto resource = json::parse(row.json).as_object();
        if (filter && !scim::matches(*filter, resource, type))
            return;
        ++matched;
        if (!request.sort_by.empty()) {
            if (matched > context_.limits.max_filter_results)
                throw scim::error(400, scim::scim_type::too_many,
                                  "more than " + std::to_string(context_.limits.max_filter_results) +
                                      " resources match; narrow the filter to sort them");
            const json::value* key = sort_attribute ? scim::find_sort_value(resource, *sort_attribute) : nullptr;
            sorted.push_back({key ? *key : json::value(), std::move(resource)});
        } else if (matched > offset && matched <= offset + request.count) {
            finish(std::move(resource));
        }
    };

    std::optional<scim::equality_hint> hint = filter ? scim::find_equality_hint(*filter, type) : std::nullopt;
    std::optional<store::indexed_column> column = hint ? column_for(hint->attribute) : std::nullopt;
    if (column) {
        for (const auto& row : store.find(context_.name, type.name, *column, hint->value))
            consider(row);
    } else {
        store.for_each(context_.name, type.name, consider);
    }
    result.total_results = matched;

    if (!request.sort_by.empty()) {
        // Unassigned values sort last in both orders (RFC 7644 §3.4.2.3).
        const scim::attribute& leaf = sort_attribute ? sort_attribute->leaf() : type.core->attributes.front();
        std::stable_sort(sorted.begin(), sorted.end(), [&](const sort_entry& a, const sort_entry& b) {
            if (a.key.is_null() || b.key.is_null())
                return !a.key.is_null() && b.key.is_null();
            const int order = scim::compare_values(a.key, b.key, leaf);
            return request.descending ? order > 0 : order < 0;
        });
        for (std::int64_t i = offset; i < static_cast<std::int64_t>(sorted.size()) && i < offset + request.count; ++i)
            finish(std::move(sorted[static_cast<std::size_t>(i)].resource));
    }
    return result;
}

} // namespace bridge
