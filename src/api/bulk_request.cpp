#include "api/bulk_request.hpp"

#include "scim/error.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include <algorithm>

namespace api {
namespace json = boost::json;

namespace {

constexpr std::string_view bulk_id_prefix = "bulkId:";

const json::value* member(const json::object& object, std::string_view name)
{
    for (const auto& entry : object)
        if (boost::iequals(entry.key(), name))
            return &entry.value();
    return nullptr;
}

std::optional<std::string> optional_string(const json::object& object, std::string_view name, std::size_t index)
{
    const json::value* value = member(object, name);
    if (!value || value->is_null())
        return std::nullopt;
    if (!value->is_string())
        scim::throw_invalid_value("Operations[" + std::to_string(index) + "]." + std::string(name) +
                                  " must be a string");
    return std::string(value->get_string());
}

void add_reference(std::string_view text, std::vector<std::string>& out)
{
    if (!text.starts_with(bulk_id_prefix))
        return;
    std::string id(text.substr(bulk_id_prefix.size()));
    if (std::find(out.begin(), out.end(), id) == out.end())
        out.push_back(std::move(id));
}

void collect_references(const json::value& value, std::vector<std::string>& out)
{
    if (const auto* text = value.if_string())
        add_reference(*text, out);
    else if (const auto* array = value.if_array())
        for (const auto& element : *array)
            collect_references(element, out);
    else if (const auto* object = value.if_object())
        for (const auto& entry : *object)
            collect_references(entry.value(), out);
}

// The bulkId in the last segment of a path ("/Groups/bulkId:qwerty").
std::optional<std::string_view> path_reference(std::string_view path)
{
    const auto slash = path.rfind('/');
    const auto last = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (!last.starts_with(bulk_id_prefix))
        return std::nullopt;
    return last;
}

} // namespace

bulk_request parse_bulk_request(const json::object& body, std::int64_t max_operations)
{
    bulk_request request;
    if (const json::value* fail_on_errors = member(body, "failOnErrors"); fail_on_errors && !fail_on_errors->is_null()) {
        if (!fail_on_errors->is_int64() || fail_on_errors->get_int64() < 1)
            scim::throw_invalid_value("failOnErrors must be a positive integer");
        request.fail_on_errors = fail_on_errors->get_int64();
    }
    const json::value* operations = member(body, "Operations");
    if (!operations || !operations->is_array())
        throw scim::error(400, scim::scim_type::invalid_syntax, "a BulkRequest needs an Operations array");
    const auto& items = operations->get_array();
    if (static_cast<std::int64_t>(items.size()) > max_operations)
        throw scim::error(413, scim::scim_type::none,
                          "the bulk request has " + std::to_string(items.size()) +
                              " operations, more than maxOperations (" + std::to_string(max_operations) +
                              ", see /ServiceProviderConfig)");
    // bulkId -> the operation that declared it. RFC 7644 §3.7 makes a
    // bulkId unique within the request: with two, "bulkId:x" would name
    // either resource, so the request is refused before anything runs.
    std::map<std::string, std::size_t> declared_by;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json::object* item = items[i].if_object();
        if (!item)
            scim::throw_invalid_value("Operations[" + std::to_string(i) + "] must be an object");
        bulk_operation operation;
        operation.method = optional_string(*item, "method", i).value_or("");
        operation.bulk_id = optional_string(*item, "bulkId", i);
        if (operation.bulk_id)
            if (const auto [first, added] = declared_by.emplace(*operation.bulk_id, i); !added)
                scim::throw_invalid_value("Operations[" + std::to_string(i) + "].bulkId \"" + *operation.bulk_id +
                                          "\" is already the bulkId of Operations[" +
                                          std::to_string(first->second) +
                                          "]: a bulkId must be unique within the request");
        operation.version = optional_string(*item, "version", i);
        operation.path = optional_string(*item, "path", i).value_or("");
        if (const json::value* data = member(*item, "data"))
            operation.data = *data;
        if (const auto reference = path_reference(operation.path))
            add_reference(*reference, operation.references);
        collect_references(operation.data, operation.references);
        request.operations.push_back(std::move(operation));
    }
    return request;
}

void substitute_bulk_ids(json::value& value, const std::map<std::string, std::string>& created)
{
    if (auto* text = value.if_string()) {
        if (text->starts_with(bulk_id_prefix))
            *text = created.at(std::string(text->subview(bulk_id_prefix.size())));
    } else if (auto* array = value.if_array()) {
        for (auto& element : *array)
            substitute_bulk_ids(element, created);
    } else if (auto* object = value.if_object()) {
        for (auto& entry : *object)
            substitute_bulk_ids(entry.value(), created);
    }
}

void substitute_bulk_ids(std::string& path, const std::map<std::string, std::string>& created)
{
    if (const auto reference = path_reference(path)) {
        const auto at = path.size() - reference->size();
        path = path.substr(0, at) + created.at(std::string(reference->substr(bulk_id_prefix.size())));
    }
}

} // namespace api
