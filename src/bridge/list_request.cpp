#include "bridge/list_request.hpp"

#include "scim/error.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

namespace bridge {
namespace json = boost::json;

namespace {

// An integer parameter; a malformed one is a client error, not silently 0.
std::int64_t parse_integer(const std::string& text, std::string_view name)
{
    std::int64_t value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (first != last && *first == '+')
        ++first;
    auto [end, ec] = std::from_chars(first, last, value);
    if (ec == std::errc::result_out_of_range)
        return text.starts_with('-') ? INT64_MIN : INT64_MAX;
    if (ec != std::errc{} || end != last)
        scim::throw_invalid_value(std::string(name) + " must be an integer, got \"" + text + "\"");
    return value;
}

std::string join_strings(const json::value& v, std::string_view name)
{
    if (v.is_string())
        return std::string(v.get_string());
    if (!v.is_array())
        scim::throw_invalid_value(std::string(name) + " must be an array of attribute names");
    std::string joined;
    for (const auto& item : v.get_array()) {
        if (!item.is_string())
            scim::throw_invalid_value(std::string(name) + " must contain strings only");
        if (!joined.empty())
            joined += ',';
        joined += item.get_string();
    }
    return joined;
}

std::string scalar_text(const json::value& v, std::string_view name)
{
    if (v.is_string())
        return std::string(v.get_string());
    if (v.is_int64() || v.is_uint64())
        return json::serialize(v);
    scim::throw_invalid_value(std::string(name) + " has the wrong type");
}

// Cursors are "p" and a position in decimal: short, URL-safe, and never
// mistaken for a startIndex.
constexpr char cursor_mark = 'p';

} // namespace

std::string make_cursor(std::int64_t position)
{
    return cursor_mark + std::to_string(position);
}

std::int64_t read_cursor(std::string_view cursor)
{
    std::int64_t position = -1;
    if (cursor.size() > 1 && cursor.front() == cursor_mark) {
        const char* last = cursor.data() + cursor.size();
        auto [end, ec] = std::from_chars(cursor.data() + 1, last, position);
        if (ec != std::errc{} || end != last)
            position = -1;
    }
    if (position < 0)
        throw scim::error(400, scim::scim_type::invalid_cursor,
                          "cursor \"" + std::string(cursor) + "\" was not issued by this server; start again with an empty cursor");
    return position;
}

list_request make_list_request(const raw_list_parameters& raw, const list_limits& limits)
{
    list_request request;
    if (raw.filter)
        request.filter = *raw.filter;
    if (raw.start_index)
        request.start_index = std::max<std::int64_t>(1, parse_integer(*raw.start_index, "startIndex"));
    request.count = limits.default_page_size;
    if (raw.count)
        request.count = std::clamp<std::int64_t>(parse_integer(*raw.count, "count"), 0, limits.max_page_size);
    if (raw.sort_by)
        request.sort_by = *raw.sort_by;
    if (raw.sort_order) {
        if (boost::iequals(*raw.sort_order, "descending"))
            request.descending = true;
        else if (!boost::iequals(*raw.sort_order, "ascending"))
            scim::throw_invalid_value("sortOrder must be \"ascending\" or \"descending\"");
    }
    if (raw.cursor) {
        if (raw.start_index)
            scim::throw_invalid_value("startIndex and cursor cannot be combined: page by one or the other");
        if (raw.sort_by)
            scim::throw_invalid_value("sortBy cannot be combined with cursor paging: cursor pages follow creation order");
        request.cursor_after = raw.cursor->empty() ? 0 : read_cursor(*raw.cursor);
    }
    request.projection = scim::parse_projection(raw.attributes.value_or(""), raw.excluded_attributes.value_or(""));
    return request;
}

list_request parse_search_body(const json::object& body, const list_limits& limits)
{
    raw_list_parameters raw;
    for (const auto& [key, value] : body) {
        if (value.is_null())
            continue;
        if (boost::iequals(key, "filter"))
            raw.filter = scalar_text(value, "filter");
        else if (boost::iequals(key, "startIndex"))
            raw.start_index = scalar_text(value, "startIndex");
        else if (boost::iequals(key, "count"))
            raw.count = scalar_text(value, "count");
        else if (boost::iequals(key, "sortBy"))
            raw.sort_by = scalar_text(value, "sortBy");
        else if (boost::iequals(key, "sortOrder"))
            raw.sort_order = scalar_text(value, "sortOrder");
        else if (boost::iequals(key, "attributes"))
            raw.attributes = join_strings(value, "attributes");
        else if (boost::iequals(key, "excludedAttributes"))
            raw.excluded_attributes = join_strings(value, "excludedAttributes");
        else if (boost::iequals(key, "cursor"))
            raw.cursor = scalar_text(value, "cursor");
    }
    return make_list_request(raw, limits);
}

} // namespace bridge
