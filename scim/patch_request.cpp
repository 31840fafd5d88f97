#include "scim/patch_request.hpp"

#include "scim/error.hpp"
#include "scim/schema_urns.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <string_view>

namespace scim {

namespace {

namespace json = boost::json;

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
    return out;
}

// Top-level keys of the message are matched case-insensitively: some
// clients send "operations".
const json::value* find_key(const json::object& object, std::string_view wanted)
{
    for (const auto& entry : object)
        if (lower(entry.key()) == lower(wanted))
            return &entry.value();
    return nullptr;
}

bool lists_patch_op_urn(const json::value* schemas)
{
    if (schemas == nullptr || !schemas->is_array())
        return false;
    const std::string wanted = lower(urn::patch_op);
    return std::any_of(schemas->get_array().begin(), schemas->get_array().end(),
                       [&](const json::value& s) { return s.is_string() && lower(s.get_string()) == wanted; });
}

patch_op_kind parse_op(const json::value* op, std::size_t index)
{
    // IDP-COMPAT 1: Entra sends "Add", "Replace", "Remove".
    if (op != nullptr && op->is_string()) {
        const std::string name = lower(op->get_string());
        if (name == "add")
            return patch_op_kind::add;
        if (name == "replace")
            return patch_op_kind::replace;
        if (name == "remove")
            return patch_op_kind::remove;
    }
    throw_invalid_syntax("Operations[" + std::to_string(index)
                         + "]: \"op\" must be one of \"add\", \"replace\", \"remove\"");
}

std::optional<std::string> parse_path(const json::value* path, std::size_t index)
{
    if (path == nullptr || path->is_null())
        return std::nullopt;
    if (!path->is_string())
        throw_invalid_syntax("Operations[" + std::to_string(index) + "]: \"path\" must be a string");
    std::string_view text = path->get_string();
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return std::nullopt;
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

patch_operation parse_operation(const json::value& input, std::size_t index)
{
    if (!input.is_object())
        throw_invalid_syntax("Operations[" + std::to_string(index) + "] must be an object");
    const json::object& object = input.get_object();
    // Keys other than op, path and value are ignored (IDP-COMPAT 8).
    patch_operation operation{parse_op(find_key(object, "op"), index), parse_path(find_key(object, "path"), index),
                              nullptr};
    if (const json::value* value = find_key(object, "value"))
        operation.value = *value;
    if (operation.op == patch_op_kind::remove && !operation.path)
        throw_no_target("Operations[" + std::to_string(index) + "]: remove requires a \"path\"");
    if (operation.op != patch_op_kind::remove && find_key(object, "value") == nullptr)
        throw_invalid_syntax("Operations[" + std::to_string(index) + "]: " + (operation.op == patch_op_kind::add ? "add" : "replace")
                             + " requires a \"value\"");
    return operation;
}

} // namespace

std::vector<patch_operation> parse_patch_request(const json::value& body, const patch_limits& limits)
{
    if (!body.is_object())
        throw_invalid_syntax("a PATCH body must be a JSON object");
    const json::object& message = body.get_object();
    if (!lists_patch_op_urn(find_key(message, "schemas")))
        throw_invalid_syntax(std::string("\"schemas\" must list ") + urn::patch_op);
    const json::value* operations = find_key(message, "Operations");
    if (operations == nullptr || !operations->is_array() || operations->get_array().empty())
        throw_invalid_syntax("\"Operations\" must be a non-empty array");
    const json::array& list = operations->get_array();
    if (list.size() > limits.max_operations)
        throw_invalid_syntax("\"Operations\" has " + std::to_string(list.size()) + " entries; at most "
                             + std::to_string(limits.max_operations) + " are accepted in one request");

    std::vector<patch_operation> parsed;
    parsed.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
        parsed.push_back(parse_operation(list[i], i));
    return parsed;
}

} // namespace scim
