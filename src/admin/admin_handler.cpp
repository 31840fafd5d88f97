#include "admin/admin_handler.hpp"

#include "admin/config_view.hpp"
#include "admin/status_page.hpp"
#include "config/environment.hpp"
#include "config/token_hash.hpp"
#include "observability/build_info.hpp"
#include "observability/process_metrics.hpp"
#include "observability/vendor_errors.hpp"
#include "server/bearer_auth.hpp"
#include "server/json_line.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace admin {

namespace json = boost::json;
namespace http = server::http;

namespace {

server::http_response respond(http::status status, std::string_view content_type, std::string body, unsigned version)
{
    server::http_response response{status, version};
    response.set(http::field::content_type, content_type);
    response.set(http::field::cache_control, "no-store");
    response.body() = std::move(body);
    return response;
}

server::http_response json_response(http::status status, const json::value& body, unsigned version)
{
    return respond(status, "application/json", json::serialize(body) + "\n", version);
}

server::http_response error(http::status status, std::string_view detail, unsigned version)
{
    return json_response(status, json::object{{"error", detail}}, version);
}

json::object error_view(const vendor_error_view& error)
{
    json::object result{{"when", server::rfc3339_utc(error.when)}, {"status", error.status},
                        {"method", error.method},                  {"path", error.path},
                        {"request_id", error.request_id}};
    if (!error.error.empty())
        result["error"] = error.error;
    return result;
}

template <typename T>
json::value optional_value(const std::optional<T>& value)
{
    return value ? json::value(*value) : json::value(nullptr);
}

} // namespace

admin_handler::admin_handler(status_source& source, server::logger& events, reload_action reload)
    : source_(source), events_(events), reload_(std::move(reload))
{
}

boost::asio::awaitable<server::http_response> admin_handler::handle(server::http_request request,
                                                                    server::request_context& context)
{
    const std::string_view path = request.target().substr(0, request.target().find('?'));
    if (path == "/metrics" || path == "/targets" || path == "/activity")
        co_await source_.refresh();
    co_return answer(request, context);
}

server::http_response admin_handler::answer(const server::http_request& request, server::request_context& context)
{
    const unsigned version = request.version();
    const std::string_view target = request.target();
    const std::string_view path = target.substr(0, target.find('?'));
    context.target = "admin";
    // Probes stay open: a load balancer or kubelet has no token.
    if (path == "/healthz")
        return json_response(http::status::ok, json::object{{"status", "ok"}}, version);
    if (path == "/readyz")
        return source_.ready() ? json_response(http::status::ok, json::object{{"status", "ready"}}, version)
                               : json_response(http::status::service_unavailable,
                                               json::object{{"status", "draining"}}, version);
    // The page holds no data: its script asks for the token when the data
    // paths answer 401.
    if ((path == "/" || path == "/status") && request.method() == http::verb::get)
        return respond(http::status::ok, "text/html; charset=utf-8", std::string(status_page_html()), version);
    const auto config = source_.config();
    if (const auto& admin = config->admin; admin && admin->token_hash) {
        const auto presented = server::presented_token(request);
        if (!presented || !config::token_matches({*admin->token_hash}, *presented)) {
            auto refused = error(http::status::unauthorized, "the admin token is required", version);
            refused.set(http::field::www_authenticate, "Bearer realm=\"scim-bridge-admin\"");
            return refused;
        }
    }
    const bool get = request.method() == http::verb::get || request.method() == http::verb::head;
    if (path == "/log-level")
        return log_level(request);
    if (path == "/reload" && reload_) {
        if (request.method() != http::verb::post)
            return error(http::status::method_not_allowed, "POST /reload", version);
        return reload(version);
    }
    if (!get)
        return error(http::status::method_not_allowed, "only GET here", version);
    if (path == "/metrics")
        return respond(http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                       observability::process_registry().text(), version);
    if (path == "/targets")
        return targets(version);
    if (path == "/config")
        return json_response(http::status::ok, config_view(*config), version);
    if (path == "/activity")
        return activity(version);
    return error(http::status::not_found,
                 "no such admin path; there are /, /metrics, /healthz, /readyz, /targets, /activity, /config, "
                 "/log-level, POST /reload",
                 version);
}

server::http_response admin_handler::targets(unsigned version) const
{
    json::array list;
    for (const target_status& target : source_.targets()) {
        json::object entry{{"name", target.name},
                           {"state", target.paused ? "paused" : (target.last_vendor_error ? "serving, vendor failed"
                                                                                          : "serving")},
                           {"mapping", optional_value(target.mapping_file)},
                           {"paused", target.paused.has_value()},
                           {"pause_reason", optional_value(target.paused)},
                           {"open_jobs", optional_value(target.open_jobs)},
                           {"failed_jobs", optional_value(target.failed_jobs)},
                           {"pending_intents", optional_value(target.pending_intents)}};
        if (target.mapping_file)
            entry["mapping_hash"] = target.mapping_hash;
        json::array tokens;
        for (const auto& fingerprint : target.token_fingerprints)
            tokens.emplace_back(fingerprint);
        entry["tokens"] = std::move(tokens);
        entry["last_vendor_error"] =
            target.last_vendor_error ? json::value(error_view(*target.last_vendor_error)) : json::value(nullptr);
        list.emplace_back(std::move(entry));
    }
    return json_response(http::status::ok, json::object{{"targets", std::move(list)}}, version);
}

server::http_response admin_handler::activity(unsigned version) const
{
    json::object targets;
    for (const auto& [name, intervals] : source_.activity()) {
        json::array line;
        for (const auto& interval : intervals)
            line.emplace_back(json::object{{"requests", interval.requests},
                                           {"request_errors", interval.request_errors},
                                           {"vendor_calls", interval.vendor_calls},
                                           {"vendor_failures", interval.vendor_failures}});
        targets[name] = std::move(line);
    }
    json::array errors;
    for (const auto& error : observability::process_vendor_errors().recent(20)) {
        json::object entry = error_view({error.when, error.status, error.method, error.path, error.request_id,
                                         error.error});
        entry["target"] = error.target;
        errors.emplace_back(std::move(entry));
    }
    return json_response(http::status::ok,
                         json::object{{"ready", source_.ready()},
                                      {"version", observability::build_version()},
                                      {"commit", observability::build_commit()},
                                      {"interval_s", source_.activity_interval().count()},
                                      {"targets", std::move(targets)},
                                      {"vendor_errors", std::move(errors)}},
                         version);
}

server::http_response admin_handler::reload(unsigned version)
{
    const reload_report report = reload_();
    const auto strings = [](const std::vector<std::string>& list) {
        json::array array;
        for (const auto& item : list)
            array.emplace_back(item);
        return array;
    };
    // 422: the files were read and refused; the old configuration serves on.
    return json_response(report.applied ? http::status::ok : http::status::unprocessable_entity,
                         json::object{{"outcome", report.applied ? "applied" : "refused"},
                                      {"errors", strings(report.errors)},
                                      {"changes", strings(report.changes)},
                                      {"restart_needed", strings(report.restart_needed)}},
                         version);
}

server::http_response admin_handler::log_level(const server::http_request& request)
{
    const unsigned version = request.version();
    if (request.method() == http::verb::get)
        return json_response(http::status::ok, json::object{{"level", config::log_level_name(events_.minimum())}}, version);
    if (request.method() != http::verb::put && request.method() != http::verb::post)
        return error(http::status::method_not_allowed, "GET or PUT {\"level\": \"debug|info|warn|error\"}", version);
    boost::system::error_code ignored;
    const json::value body = json::parse(request.body(), ignored);
    const auto* object = body.if_object();
    const auto* level = object ? object->if_contains("level") : nullptr;
    const auto parsed = level && level->is_string() ? config::parse_log_level(level->as_string()) : std::nullopt;
    if (!parsed)
        return error(http::status::bad_request, "expected {\"level\": \"debug|info|warn|error\"}", version);
    const auto before = events_.minimum();
    events_.set_minimum(*parsed);
    // Logged at warn so that it shows whatever the new level is.
    events_.warn("log_level_changed", {{"from", config::log_level_name(before)}, {"to", config::log_level_name(*parsed)}});
    return json_response(http::status::ok, json::object{{"level", config::log_level_name(*parsed)}}, version);
}

} // namespace admin
