#include "api/bulk_endpoint.hpp"

#include "api/bulk_request.hpp"
#include "api/request_body.hpp"
#include "api/resource_endpoints.hpp"
#include "api/responses.hpp"
#include "scim/error.hpp"
#include "scim/schema_urns.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/json/array.hpp>

#include <map>
#include <set>

namespace api {
namespace http = server::http;
namespace json = boost::json;

namespace {

// What one operation answered, as its entry in the BulkResponse.
struct operation_outcome {
    json::object entry;
    bool failed = false;
    std::optional<std::string> created_id;  // a POST's new resource
};

// The entry's first members, as the request named the operation.
json::object entry_of(const bulk_operation& operation)
{
    json::object entry{{"method", operation.method}};
    if (operation.bulk_id)
        entry["bulkId"] = *operation.bulk_id;
    return entry;
}

operation_outcome refused(json::object entry, const scim::error& error)
{
    entry["status"] = std::to_string(error.status());
    entry["response"] = error.to_json();
    return {std::move(entry), true, std::nullopt};
}

operation_outcome refused(json::object entry, const bridge::failure& failure)
{
    const auto answer = failure.answer();
    return refused(std::move(entry), scim::error(answer.status, answer.type, failure.detail));
}

void succeeded(json::object& entry, unsigned status, const bridge::versioned_resource& written)
{
    entry["status"] = std::to_string(status);
    entry["location"] = written.resource.at("meta").at("location");
    entry["version"] = bridge::etag_of(written.version);
}

// The resource type and id a path names: "/Users", "/Groups/<id>".
std::pair<const scim::resource_type*, std::string> route_of(const scim::schema_registry& schemas,
                                                            std::string_view path)
{
    if (path.starts_with('/'))
        path.remove_prefix(1);
    const auto slash = path.find('/');
    const auto endpoint = path.substr(0, slash);
    const auto id = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    if (id.find('/') != std::string_view::npos)
        return {nullptr, {}};
    for (const auto& type : schemas.resource_types())
        if (boost::iequals(endpoint, std::string_view(type->endpoint).substr(1)))
            return {type.get(), std::string(id)};
    return {nullptr, {}};
}

// One operation, as the single request it stands for.
boost::asio::awaitable<operation_outcome> run_operation(const api::target& target, bulk_operation operation,
                                                        bridge::request_scope scope)
{
    json::object entry = entry_of(operation);
    auto& service = *target.service;
    const auto route = route_of(*service.context().schemas, operation.path);
    const scim::resource_type* type = route.first;
    const std::string& id = route.second;
    if (!type)
        co_return refused(std::move(entry), scim::error(404, scim::scim_type::none,
                                                        "no resource endpoint at path \"" + operation.path + "\""));
    const auto method = http::string_to_verb(operation.method);
    const bool needs_id = method != http::verb::post;
    if (method != http::verb::post && method != http::verb::put && method != http::verb::patch &&
        method != http::verb::delete_)
        co_return refused(std::move(entry),
                          scim::error(400, scim::scim_type::invalid_syntax,
                                      "method must be POST, PUT, PATCH or DELETE, got \"" + operation.method + "\""));
    if (needs_id == id.empty())
        co_return refused(std::move(entry),
                          scim::error(400, scim::scim_type::invalid_path,
                                      operation.method + (needs_id ? " needs a path with the resource's id"
                                                                   : " takes the resource type's path, such as /Users")));
    if (method != http::verb::delete_ && method != http::verb::patch && !operation.data.is_object())
        co_return refused(std::move(entry),
                          scim::error(400, scim::scim_type::invalid_syntax, operation.method + " needs data: the resource"));

    switch (method) {
    case http::verb::post: {
        auto created = co_await service.create(*type, std::move(operation.data.as_object()), scope);
        if (!created)
            co_return refused(std::move(entry), created.error());
        succeeded(entry, 201, *created);
        co_return operation_outcome{std::move(entry), false, std::string(created->resource.at("id").as_string())};
    }
    case http::verb::put: {
        auto replaced = co_await service.replace(*type, id, std::move(operation.data.as_object()),
                                                 operation.version, scope);
        if (!replaced)
            co_return refused(std::move(entry), replaced.error());
        succeeded(entry, 200, *replaced);
        co_return operation_outcome{std::move(entry)};
    }
    case http::verb::patch: {
        // A bulk answer carries the version and location, not the resource.
        auto patched = co_await service.patch(*type, id, std::move(operation.data), operation.version, scope,
                                              bridge::resource_service::patch_answer::version);
        if (!patched)
            co_return refused(std::move(entry), patched.error());
        succeeded(entry, config::patch_status_of(target.settings, type->name), *patched);
        co_return operation_outcome{std::move(entry)};
    }
    default: {
        if (auto removed = co_await service.remove(*type, id, operation.version, scope); !removed)
            co_return refused(std::move(entry), removed.error());
        entry["status"] = "204";
        entry["location"] = service.context().base_url + type->endpoint + "/" + id;
        co_return operation_outcome{std::move(entry)};
    }
    }
}

// Why an operation cannot run (yet): nullopt when every bulkId it names
// was created by an operation before; otherwise a refusal, or "wait".
struct readiness {
    bool ready = false;
    std::optional<scim::error> refusal;
};

readiness check_references(const bulk_operation& operation, const std::map<std::string, std::string>& created,
                           const std::set<std::string>& declared, const std::set<std::string>& failed)
{
    for (const auto& reference : operation.references) {
        if (!declared.contains(reference))
            return {true, scim::error(400, scim::scim_type::invalid_value,
                                      "bulkId:" + reference + " is the bulkId of no POST in this request")};
        if (failed.contains(reference))
            return {true, scim::error(409, scim::scim_type::none,
                                      "bulkId:" + reference + " names an operation of this request that failed")};
        if (!created.contains(reference))
            return {};
    }
    return {true, std::nullopt};
}

} // namespace

boost::asio::awaitable<server::http_response> serve_bulk(const api::target& target,
                                                         const server::http_request& request,
                                                         const server::request_context& context)
{
    if (request.method() != http::verb::post)
        throw scim::error(405, scim::scim_type::none, "/Bulk takes POST");
    // RFC 7644 §3.7.4: 413, naming the limit. A body over the listener's
    // own limit never got here; this one may be set lower.
    if (static_cast<std::int64_t>(request.body().size()) > target.bulk.max_payload_bytes)
        throw scim::error(413, scim::scim_type::none,
                          "the bulk request has " + std::to_string(request.body().size()) +
                              " bytes, more than maxPayloadSize (" + std::to_string(target.bulk.max_payload_bytes) +
                              ", see /ServiceProviderConfig)");
    auto bulk = parse_bulk_request(parse_json_object(request), target.bulk.max_operations);
    auto& operations = bulk.operations;

    std::set<std::string> declared;
    for (const auto& operation : operations)
        if (operation.bulk_id && boost::iequals(operation.method, "POST"))
            declared.insert(*operation.bulk_id);
    std::map<std::string, std::string> created;  // bulkId -> SCIM id
    std::set<std::string> failed;                // bulkIds of failed operations
    std::vector<std::optional<json::object>> answers(operations.size());
    std::int64_t errors = 0;
    const auto scope = scope_of(context);

    // In request order, except that an operation naming a bulkId waits
    // for the POST that creates it (RFC 7644 §3.7.2).
    bool stopped = false;
    // Outside the loop: GCC 12 loses values of loop-body locals across a
    // co_await (docs/architecture.md, known compiler traps).
    operation_outcome outcome;
    std::optional<std::string> bulk_id;
    for (;;) {
        if (bulk.fail_on_errors && errors >= *bulk.fail_on_errors) {
            stopped = true;
            break;
        }
        std::optional<std::size_t> next;
        readiness why;
        for (std::size_t i = 0; i < operations.size() && !next; ++i)
            if (!answers[i] && (why = check_references(operations[i], created, declared, failed)).ready)
                next = i;
        if (!next)
            break;
        auto& operation = operations[*next];
        bulk_id = operation.bulk_id;
        if (why.refusal) {
            outcome = refused(entry_of(operation), *why.refusal);
        } else {
            substitute_bulk_ids(operation.path, created);
            substitute_bulk_ids(operation.data, created);
            outcome = co_await run_operation(target, std::move(operation), scope);
        }
        if (outcome.failed) {
            ++errors;
            if (bulk_id)
                failed.insert(*bulk_id);
        } else if (outcome.created_id && bulk_id) {
            created.emplace(*bulk_id, *outcome.created_id);
        }
        answers[*next] = std::move(outcome.entry);
    }
    // What is left waits on itself: circular bulkId references, which the
    // RFC allows to refuse with 409.
    if (!stopped)
        for (std::size_t i = 0; i < operations.size(); ++i)
            if (!answers[i]) {
                answers[i] = refused(entry_of(operations[i]),
                                     scim::error(409, scim::scim_type::none,
                                                 "circular bulkId references: this operation waits on a resource "
                                                 "that waits on it"))
                                 .entry;
            }

    json::array listed;
    for (auto& answer : answers)
        if (answer)
            listed.push_back(std::move(*answer));
    co_return json_response(request, 200,
                            json::object{{"schemas", json::array{scim::urn::bulk_response}},
                                         {"Operations", std::move(listed)}});
}

} // namespace api
