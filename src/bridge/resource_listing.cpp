// resource_service::list: filters, sorting and paging (RFC 7644 §3.4.2,
// cursors per RFC 9865).
//
// Three paths, cheapest first:
//  - no filter, no sort: the store gives the page directly (by offset for a
//    startIndex, by keyset after the cursor's position for a cursor);
//  - a filter that implies `attr eq "v"` on an indexed attribute: the index
//    narrows the candidates, the full filter decides;
//  - anything else: a scan in creation order.
// Without sortBy only the requested page is kept, so memory stays bounded
// by `count` however many resources match. Runs on a store reader thread
// and writes the ListResponse text directly: a resource answered in its
// stored form is never parsed (see stored_view.hpp).

#include "bridge/resource_service.hpp"
#include "bridge/store_units.hpp"

#include "scim/error.hpp"
#include "scim/filter.hpp"
#include "scim/resource.hpp"
#include "scim/schema_urns.hpp"
#include "scim/value_compare.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <numeric>

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
    store::resource_row row;
    std::size_t type_index;  // which of the listed types
};

// A filter the index answers exactly: `attr eq "string"` on userName,
// externalId, displayName or id. The store folds case as the evaluator
// does (ASCII, caseExact false), so its matches need no second look.
bool index_is_exact(const scim::filter_node& filter, const scim::equality_hint& hint, store::indexed_column column)
{
    const auto* compare = std::get_if<scim::compare_filter>(&filter.node);
    return compare && compare->op == scim::compare_op::eq && compare->value.is_string() &&
           column != store::indexed_column::email && !hint.attribute.sub;
}

// Accumulates the ListResponse (RFC 7644 §3.4.2) around resource texts,
// and decides which matches belong to the page: the offset-th to the
// (offset + count)-th for a startIndex, the first `count` after the
// cursor's position for a cursor.
class list_writer {
public:
    explicit list_writer(const list_request& request) : request_(request) {}

    // Offers the next match in creation order (rows that would be on a
    // later page only tell the cursor that a next page exists).
    template <typename Render>
    void offer(const store::resource_row& row, Render&& render)
    {
        ++matched_;
        if (request_.cursor_after) {
            if (row.position <= *request_.cursor_after)
                return;
            if (count_ == request_.count) {
                if (count_ > 0)
                    more_after_ = last_position_;
                return;
            }
            last_position_ = row.position;
        } else if (matched_ <= request_.start_index - 1 || matched_ > request_.start_index - 1 + request_.count) {
            return;
        }
        add(render(row));
    }

    void add(const std::string& resource)
    {
        resources_ += resources_.empty() ? "" : ",";
        resources_ += resource;
        ++count_;
    }
    std::int64_t matched() const { return matched_; }

    std::string finish(std::int64_t total) const
    {
        // Okta requires the numbers to be JSON integers, never strings.
        std::string out;
        out.reserve(resources_.size() + 160);
        out += R"({"schemas":[")";
        out += scim::urn::list_response;
        out += R"("],"totalResults":)" + std::to_string(total) + R"(,"itemsPerPage":)" + std::to_string(count_);
        if (!request_.cursor_after)
            out += R"(,"startIndex":)" + std::to_string(request_.start_index);
        else if (more_after_)
            out += R"(,"nextCursor":")" + make_cursor(*more_after_) + '"';
        out += R"(,"Resources":[)";
        out += resources_;
        out += "]}";
        return out;
    }

private:
    const list_request& request_;
    std::string resources_;
    std::int64_t count_ = 0;
    std::int64_t matched_ = 0;
    std::int64_t last_position_ = 0;
    std::optional<std::int64_t> more_after_;  // a next cursor page exists, after this position
};

} // namespace

boost::asio::awaitable<result<std::string>> resource_service::list(const scim::resource_type& type,
                                                                   list_request request) const
{
    // Not a braced list: GCC 12 cannot keep an initializer_list in a coroutine frame.
    std::vector<const scim::resource_type*> types(1, &type);
    auto text = co_await list(std::move(types), std::move(request));
    co_return text;
}

boost::asio::awaitable<result<std::string>> resource_service::list(std::vector<const scim::resource_type*> types,
                                                                   list_request request) const
{
    // Filters are parsed before; evaluating one can still refuse it (an
    // ordering operator on a boolean), as the SCIM library's exception.
    auto text = co_await read_unit(*context_.executor, [this, &types, &request] {
        return scim_call([&] { return render_listing(types, request); });
    });
    co_return text;
}

std::string resource_service::render_listing(const std::vector<const scim::resource_type*>& types,
                                             const list_request& request) const
{
    // A cursor is a position in one type's creation order; the resources
    // of several types are listed one type after the other.
    if (types.size() > 1 && request.cursor_after)
        scim::throw_invalid_value("cursor paging follows the creation order of one resource type: page /Users or "
                                  "/Groups with a cursor, or search the root with startIndex");
    std::vector<answer_plan> plans;
    for (const auto* type : types) {
        scim::check_projection(request.projection, *type);
        plans.push_back(plan_answers(*type, request.projection));
    }
    list_writer out(request);
    const auto& store = *context_.store;
    const auto offset = request.start_index - 1;

    if (request.filter.empty() && request.sort_by.empty()) {
        std::vector<std::int64_t> counts;
        for (const auto* type : types)
            counts.push_back(store.count(context_.name, type->name));
        const auto total = std::accumulate(counts.begin(), counts.end(), std::int64_t{0});
        if (request.count > 0 && request.cursor_after) {
            // One row more than the page: whether a next cursor exists.
            auto render = [&](const store::resource_row& row) { return answer_text(plans.front(), row); };
            for (const auto& row :
                 store.page_after(context_.name, types.front()->name, *request.cursor_after, request.count + 1))
                out.offer(row, render);
        } else {
            // The page may begin in one type and end in the next.
            std::int64_t skip = offset;
            std::int64_t wanted = request.count;
            for (std::size_t t = 0; t < types.size() && wanted > 0; ++t) {
                if (skip >= counts[t]) {
                    skip -= counts[t];
                    continue;
                }
                for (const auto& row : store.page(context_.name, types[t]->name, skip, wanted)) {
                    out.add(answer_text(plans[t], row));
                    --wanted;
                }
                skip = 0;
            }
        }
        return out.finish(total);
    }

    scim::filter_ptr filter = request.filter.empty() ? nullptr : scim::parse_filter(request.filter);
    std::vector<sort_entry> sorted;
    std::vector<const scim::attribute*> sort_leaves;
    for (std::size_t t = 0; t < types.size(); ++t) {
        const auto& type = *types[t];
        if (filter)
            scim::check_filter(*filter, type);  // refused even when nothing would be read
        std::optional<scim::resolved_attribute> sort_attribute;
        if (!request.sort_by.empty())
            sort_attribute = scim::resolve(type, scim::parse_attribute_path(request.sort_by));
        sort_leaves.push_back(sort_attribute ? &sort_attribute->leaf() : &type.core->attributes.front());

        std::optional<scim::equality_hint> hint = filter ? scim::find_equality_hint(*filter, type) : std::nullopt;
        std::optional<store::indexed_column> column = hint ? column_for(hint->attribute) : std::nullopt;
        const bool exact = column && !sort_attribute && index_is_exact(*filter, *hint, *column);

        auto render = [&](const store::resource_row& row) { return answer_text(plans[t], row); };
        auto consider = [&](const store::resource_row& row) {
            std::optional<json::object> resource;
            if (!exact) {
                resource = json::parse(row.json).as_object();
                if (filter && !scim::matches(*filter, *resource, type))
                    return;
            }
            if (request.sort_by.empty()) {
                out.offer(row, render);
                return;
            }
            if (static_cast<std::int64_t>(sorted.size()) >= context_.limits.max_filter_results)
                throw scim::error(400, scim::scim_type::too_many,
                                  "more than " + std::to_string(context_.limits.max_filter_results) +
                                      " resources match; narrow the filter to sort them");
            const json::value* key = sort_attribute ? scim::find_sort_value(*resource, *sort_attribute) : nullptr;
            sorted.push_back({key ? *key : json::value(), row, t});
        };

        if (column) {
            for (const auto& row : store.find(context_.name, type.name, *column, hint->value))
                consider(row);
        } else {
            store.for_each(context_.name, type.name, consider);
        }
    }

    if (!request.sort_by.empty()) {
        // Unassigned values sort last in both orders (RFC 7644 §3.4.2.3).
        std::stable_sort(sorted.begin(), sorted.end(), [&](const sort_entry& a, const sort_entry& b) {
            if (a.key.is_null() || b.key.is_null())
                return !a.key.is_null() && b.key.is_null();
            const int order = scim::compare_values(a.key, b.key, *sort_leaves[a.type_index]);
            return request.descending ? order > 0 : order < 0;
        });
        for (std::int64_t i = offset; i < static_cast<std::int64_t>(sorted.size()) && i < offset + request.count; ++i) {
            const auto& entry = sorted[static_cast<std::size_t>(i)];
            out.add(answer_text(plans[entry.type_index], entry.row));
        }
        return out.finish(static_cast<std::int64_t>(sorted.size()));
    }
    return out.finish(out.matched());
}

} // namespace bridge
