#include "mapping/response_reader.hpp"

#include "mapping/link_header.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace mapping {
namespace json = boost::json;

namespace {

const json::value* at_pointer(const json::value& root, std::string_view pointer)
{
    if (pointer.empty())
        return &root;
    boost::system::error_code ec;
    const json::value* found = root.find_pointer(pointer, ec);
    return ec ? nullptr : found;
}

std::optional<std::string> text_at(const json::value& root, std::string_view pointer)
{
    const json::value* v = at_pointer(root, pointer);
    if (!v || v->is_null() || v->is_object() || v->is_array())
        return std::nullopt;
    return to_text(*v);
}

bool iequals(std::string_view a, std::string_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

// A vendor field by its dotted name: nested objects first, then a literal
// key containing dots.
const json::value* field_value(const json::object& record, std::string_view field)
{
    const json::object* current = &record;
    std::string_view rest = field;
    for (std::size_t dot; (dot = rest.find('.')) != std::string_view::npos; rest.remove_prefix(dot + 1)) {
        const json::value* next = current->if_contains(rest.substr(0, dot));
        if (!next || !next->is_object())
            return record.if_contains(field);
        current = &next->as_object();
    }
    return current->if_contains(rest);
}

// Scalar equality across JSON number kinds and strings ("2" vs 2).
bool same_status(const json::value& a, const json::value& b)
{
    if (a.is_string() && b.is_string())
        return iequals(a.as_string(), b.as_string());
    return to_text(a) == to_text(b);
}

} // namespace

std::optional<std::string> read_vendor_id(const response_spec& spec, const vendor_response& response)
{
    if (spec.id_from_location) {
        for (const auto& [name, value] : response.headers)
            if (iequals(name, "Location")) {
                std::string_view location = value;
                location = location.substr(0, location.find_first_of("?#"));
                while (!location.empty() && location.back() == '/')
                    location.remove_suffix(1);
                const auto slash = location.rfind('/');
                std::string_view id = slash == std::string_view::npos ? location : location.substr(slash + 1);
                return id.empty() ? std::nullopt : std::optional<std::string>(std::string(id));
            }
        return std::nullopt;
    }
    if (!spec.id_pointer)
        return std::nullopt;
    // The id pointer is relative to the record when one is declared.
    const json::value* record = at_pointer(response.body, spec.record_pointer.value_or(""));
    auto id = record ? text_at(*record, *spec.id_pointer) : std::nullopt;
    return id ? id : text_at(response.body, *spec.id_pointer);
}

json::object read_kept(const response_spec& spec, const vendor_response& response)
{
    json::object out;
    for (const auto& kept : spec.keep) {
        if (!kept.header.empty()) {
            for (const auto& [name, value] : response.headers)
                if (iequals(name, kept.header)) {
                    out[kept.name] = json::string(value);
                    break;
                }
            continue;
        }
        if (const json::value* value = at_pointer(response.body, kept.pointer); value && !value->is_null())
            out[kept.name] = *value;
    }
    return out;
}

std::optional<std::string> read_item_id(const response_spec& spec, const json::object& item)
{
    if (!spec.id_pointer)
        return std::nullopt;
    return text_at(json::value(item), *spec.id_pointer);
}

std::optional<json::object> read_record(const response_spec& spec, const vendor_response& response)
{
    if (!spec.record_pointer)
        return std::nullopt;
    const json::value* record = at_pointer(response.body, *spec.record_pointer);
    if (!record || !record->is_object())
        return std::nullopt;
    return record->as_object();
}

scim_view vendor_to_scim(const resource_mapping& resource, const json::object& record, const reference_lookup& lookup)
{
    scim_view out;
    transform_context context{nullptr, &lookup};
    for (const auto& a : resource.attributes) {
        if (!a.readable())
            continue;
        const json::value* found = field_value(record, a.field);
        if (!found || found->is_null())
            continue;
        json::value value = *found;
        bool good = true;
        for (auto t = a.transforms.rbegin(); t != a.transforms.rend() && good; ++t) {
            transform_outcome step = apply_reverse(*t, std::move(value), context);
            if (!step.error.empty()) {
                out.problems.push_back("vendor field '" + a.field + "': " + step.error);
                good = false;
            }
            value = std::move(step.value);
        }
        if (good && !value.is_null())
            assign_value(out.attributes, *a.scim, std::move(value));
    }
    return out;
}

page_position first_page(const operation_spec& list)
{
    page_position p;
    p.size = list.paging.page_size;
    p.number = list.paging.first_page;
    return p;
}

list_page read_list_page(const operation_spec& list, const response_spec& spec, const vendor_response& response,
                         const page_position& current)
{
    list_page out;
    const json::value* items = at_pointer(response.body, spec.items_pointer.value_or(""));
    if (items && items->is_array())
        for (const auto& item : items->as_array())
            if (item.is_object())
                out.items.push_back(item.as_object());
    const paging_spec& paging = list.paging;
    out.next = current;
    switch (paging.style) {
    case paging_style::none: break;
    case paging_style::cursor: {
        auto cursor = paging.next_cursor_pointer ? text_at(response.body, *paging.next_cursor_pointer) : std::nullopt;
        out.more = cursor && !cursor->empty();
        out.next.cursor = cursor.value_or("");
        break;
    }
    case paging_style::next_url:
    case paging_style::link_header: {
        // Followed by the listing, which resolves it and keeps to the vendor's origin.
        auto link = paging.style == paging_style::link_header ? next_link_of(response.headers)
                    : paging.next_url_pointer                 ? text_at(response.body, *paging.next_url_pointer)
                                                              : std::nullopt;
        out.more = link && !link->empty();
        out.next.link = link.value_or("");
        break;
    }
    case paging_style::page_number:
    case paging_style::offset: {
        // Trust the vendor's own count when it gives one; otherwise a short
        // page is the last.
        out.next.number = current.number + 1;
        out.next.offset = current.offset + static_cast<long long>(out.items.size());
        if (paging.last_page_pointer) {
            auto last = text_at(response.body, *paging.last_page_pointer);
            out.more = last && std::atoll(last->c_str()) > current.number;
        } else if (paging.total_pointer) {
            auto total = text_at(response.body, *paging.total_pointer);
            const long long seen = paging.style == paging_style::page_number
                                       ? (current.number - paging.first_page + 1) * current.size
                                       : out.next.offset;
            out.more = total && std::atoll(total->c_str()) > seen;
        } else {
            out.more = !out.items.empty() && static_cast<long long>(out.items.size()) >= current.size;
        }
        break;
    }
    }
    return out;
}

namespace {
bool matches(const json::value& item, const std::vector<std::pair<std::string, json::value>>& match)
{
    for (const auto& [pointer, expected] : match) {
        const auto actual = text_at(item, pointer);
        const std::string wanted = expected.is_object() || expected.is_array() ? std::string() : to_text(expected);
        if (!actual || wanted.empty() || !iequals(*actual, wanted))
            return false;
    }
    return true;
}
} // namespace

lookup_match read_lookup(const response_spec& spec, const vendor_response& response,
                         const std::vector<std::pair<std::string, json::value>>& match)
{
    lookup_match out;
    if (response.status == 404)
        return out;
    std::vector<json::value> candidates;
    if (spec.items_pointer) {
        const json::value* items = at_pointer(response.body, *spec.items_pointer);
        if (items && items->is_array())
            candidates.assign(items->as_array().begin(), items->as_array().end());
    } else if (!response.body.is_null()) {
        candidates.push_back(response.body);  // a look-up that answers one record
    }
    // A search wider than equality (substring, prefix) also answers records
    // that are not this resource: linking one of them would be the worst outcome.
    if (!match.empty())
        candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                        [&](const json::value& item) { return !matches(item, match); }),
                         candidates.end());
    if (candidates.empty())
        return out;
    if (candidates.size() > 1) {
        out.outcome = lookup_outcome::ambiguous;
        return out;
    }
    out.vendor_id = spec.id_pointer ? text_at(candidates.front(), *spec.id_pointer) : std::nullopt;
    out.outcome = out.vendor_id ? lookup_outcome::found : lookup_outcome::absent;
    return out;
}

std::string vendor_error::detail() const
{
    std::string out = message.empty() ? "the target system rejected the request (HTTP " + std::to_string(status) + ")"
                                      : message;
    for (const auto& f : fields)
        out += "; " + (f.scim_path.empty() ? f.vendor_field : f.scim_path) + ": " + f.message;
    return out;
}

vendor_error extract_error(const mapping_file& mapping, const resource_mapping* resource, const vendor_response& response)
{
    vendor_error out;
    out.status = response.status;
    const error_spec& spec = mapping.errors;
    for (const auto& pointer : spec.message_pointers)
        if (auto message = text_at(response.body, pointer)) {
            out.message = *message;
            break;
        }
    if (out.message.empty() && response.body.is_string())
        out.message = response.body.as_string();
    // The SCIM attribute a vendor field maps to, so the IdP reads its own names.
    auto add_field = [&](std::string vendor_field, std::string message) {
        field_error f{std::move(vendor_field), {}, std::move(message)};
        if (resource)
            for (const auto& a : resource->attributes)
                if (a.scim && iequals(a.field, f.vendor_field)) {
                    f.scim_path = a.scim->text;
                    break;
                }
        out.fields.push_back(std::move(f));
    };
    if (spec.list_pointer)
        if (const json::value* list = at_pointer(response.body, *spec.list_pointer); list && list->is_array())
            for (const auto& element : list->as_array())
                add_field(spec.field_pointer ? text_at(element, *spec.field_pointer).value_or("") : "",
                          spec.field_message_pointer ? text_at(element, *spec.field_message_pointer).value_or("") : "");
    if (spec.by_field_pointer)
        if (const json::value* by_field = at_pointer(response.body, *spec.by_field_pointer);
            by_field && by_field->is_object())
            for (const auto& entry : by_field->as_object()) {
                // Named, not a structured binding: clang 14 (the fuzz
                // build) cannot capture a binding in a lambda.
                const std::string field(entry.key());
                const json::value& messages = entry.value();
                // A message is text, or an object read at by_field_message.
                auto add_message = [&](const json::value& message) {
                    if (message.is_string())
                        add_field(field, std::string(message.as_string()));
                    else if (message.is_object() && spec.by_field_message_pointer)
                        if (auto text = text_at(message, *spec.by_field_message_pointer))
                            add_field(field, *text);
                };
                if (messages.is_array())
                    for (const auto& message : messages.as_array())
                        add_message(message);
                else
                    add_message(messages);
            }
    for (const auto& rule : spec.rules)
        if (holds(rule.when, response.status, response.body)) {
            out.rule = &rule;
            // The field the rule names, unless a per-field message names it already.
            const bool named = std::any_of(out.fields.begin(), out.fields.end(),
                                           [&](const field_error& f) { return iequals(f.vendor_field, rule.field); });
            if (!rule.field.empty() && !named) {
                add_field(rule.field, out.message.empty() ? "rejected by the target system" : out.message);
                out.message.clear();  // said once, at the field
            }
            break;
        }
    return out;
}

judged_answer judge_answer(const response_spec& spec, const vendor_response& response)
{
    for (const auto& rule : spec.success_when)
        if (holds(rule.when, response.status, response.body))
            return {answer_verdict::success, {}};
    for (const auto& rule : spec.fail_when) {
        if (!holds(rule.when, response.status, response.body))
            continue;
        judged_answer out{answer_verdict::failure, {}};
        if (!rule.message_pointer.empty())
            for (const json::value* found : values_at(response.body, rule.message_pointer))
                if (found->is_string() && !found->as_string().empty()) {
                    out.message = found->as_string();
                    break;
                }
        if (out.message.empty())
            out.message = "the target system reports a failure (HTTP " + std::to_string(response.status) + ")";
        return out;
    }
    return {};
}

std::optional<std::string> read_async_request_id(const mapping_file& mapping, const response_spec& spec,
                                                 const vendor_response& response)
{
    if (!spec.may_be_async || !mapping.async)
        return std::nullopt;
    const auto& accepted = mapping.async->accepted_statuses;
    if (std::find(accepted.begin(), accepted.end(), response.status) == accepted.end())
        return std::nullopt;
    return text_at(response.body, mapping.async->request_id_pointer);
}

progress_report classify_progress(const async_spec& spec, const vendor_response& response)
{
    progress_report out;
    const json::value* status = at_pointer(response.body, spec.status_pointer);
    if (status)
        for (const auto& [value, state] : spec.states)
            if (same_status(value, *status)) {
                out.state = state;
                break;
            }
    if (out.state == progress_state::failed && spec.error_message_pointer)
        out.message = text_at(response.body, *spec.error_message_pointer).value_or("");
    return out;
}

} // namespace mapping
