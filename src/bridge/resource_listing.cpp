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
    // Filters are parsed before; evaluating one can still refuse it (an
    // ordering operator on a boolean), as the SCIM library's exception.
    auto text = co_await read_unit(
        *context_.executor, [this, &type, &request] { return scim_call([&] { return render_listing(type, request); }); });
    co_return text;
}

std::string resource_service::render_listing(const scim::resource_type& type, const list_request& request) const
{
    list_writer out(request);
    const auto& store = *context_.store;
    const auto offset = request.start_index - 1;
    const auto plan = plan_answers(type, request.projection);
    auto render = [&](const store::resource_row& row) { return answer_text(plan, row); };
    auto finish = [&](const store::resource_row& row) { out.add(render(row)); };

    if (request.filter.empty() && request.sort_by.empty()) {
        const auto total = store.count(context_.name, type.name);
        if (request.count > 0 && request.cursor_after) {
            // One row more than the page: whether a next cursor exists.
            for (const auto& row : store.page_after(context_.name, type.name, *request.cursor_after, request.count + 1))
                out.offer(row, render);
        } else if (request.count > 0) {
            for (const auto& row : store.page(context_.name, type.name, offset, request.count))
                finish(row);
        }
        return out.finish(total);
    }

    scim::filter_ptr filter = request.filter.empty() ? nullptr : scim::parse_filter(request.filter);

    std::optional<scim::resolved_attribute> sort_attribute;
    if (!request.sort_by.empty())
        sort_attribute = scim::resolve(type, scim::parse_attribute_path(request.sort_by));

    std::optional<scim::equality_hint> hint = filter ? scim::find_equality_hint(*filter, type) : std::nullopt;
    std::optional<store::indexed_column> column = hint ? column_for(hint->attribute) : std::nullopt;
    const bool exact = column && !sort_attribute && index_is_exact(*filter, *hint, *column);

    std::vector<sort_entry> sorted;
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
        sorted.push_back({key ? *key : json::value(), row});
    };

    if (column) {
        for (const auto& row : store.find(context_.name, type.name, *column, hint->value))
            consider(row);
    } else {
        store.for_each(context_.name, type.name, consider);
    }

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
            finish(sorted[static_cast<std::size_t>(i)].row);
        return out.finish(static_cast<std::int64_t>(sorted.size()));
    }
    return out.finish(out.matched());
}

} // namespace bridge
