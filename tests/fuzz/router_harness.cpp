#include "router_harness.hpp"

#include "api/scim_router.hpp"
#include "bridge/resource_service.hpp"
#include "config/token_hash.hpp"
#include "fuzz_schemas.hpp"
#include "server/logger.hpp"
#include "store/sqlite/sqlite_store.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace fuzz {

namespace {

constexpr std::string_view public_url = "http://127.0.0.1:8080";

server::logger& quiet_logger()
{
    // The router logs refusals; thousands a second would drown the fuzzer's
    // own output.
    static std::FILE* sink = std::fopen("/dev/null", "w");
    static server::logger events(config::log_level::error, sink);
    return events;
}

server::http_request seed_request(server::http::verb method, std::string path, std::string body)
{
    server::http_request request{method, std::string(api::scim_prefix) + "fuzz" + path, 11};
    request.set(server::http::field::host, "127.0.0.1");
    request.set(server::http::field::authorization, "Bearer " + std::string(router_harness::token));
    request.set(server::http::field::content_type, "application/scim+json");
    request.body() = std::move(body);
    request.prepare_payload();
    return request;
}

std::string created_id(const server::http_response& response)
{
    if (response.result_int() != 201)
        throw std::runtime_error("seeding the fuzz store failed: " + response.body());
    return std::string(boost::json::parse(response.body()).at("id").as_string());
}

void replace_all(std::string& text, std::string_view from, std::string_view to)
{
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

void remove_database(const std::filesystem::path& file)
{
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(file.string() + suffix, ignored);
}

} // namespace

router_harness::router_harness()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "scim-bridge-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("cannot create a temporary folder for the fuzz store");
    directory_ = pattern;
    seeded_ = directory_ / "seeded.db";
    working_ = directory_ / "working.db";

    auto user = handle_on(seeded_, seed_request(server::http::verb::post, "/Users", R"({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "bjensen@example.com", "externalId": "701984",
        "name": {"givenName": "Barbara", "familyName": "Jensen"}, "active": true,
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true}]})"));
    user_id_ = created_id(user);
    auto group = handle_on(seeded_, seed_request(server::http::verb::post, "/Groups", R"({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "Tour Guides", "members": [{"value": ")" + user_id_ + R"("}]})"));
    group_id_ = created_id(group);
    if (user_id_.size() != user_placeholder.size() || group_id_.size() != group_placeholder.size())
        throw std::runtime_error("the store's ids are not as long as the placeholders");
}

router_harness::~router_harness()
{
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

std::string router_harness::with_seeded_ids(std::string_view raw) const
{
    std::string text(raw);
    replace_all(text, user_placeholder, user_id_);
    replace_all(text, group_placeholder, group_id_);
    return text;
}

server::http_response router_harness::handle(server::http_request request)
{
    remove_database(working_);
    std::filesystem::copy_file(seeded_, working_);
    return handle_on(working_, std::move(request));
}

server::http_response router_harness::handle_on(const std::filesystem::path& database, server::http_request request)
{
    // Store work inline (no reader threads): one request, one thread.
    auto stores = store::open_sqlite_store({database}, {0, 1});
    auto target = std::make_shared<api::target>();
    target->settings.name = "fuzz";
    target->settings.token_hashes = {config::hash_token(token)};
    target->service = std::make_shared<bridge::resource_service>(
        bridge::target_context{"fuzz", std::string(public_url) + std::string(api::scim_prefix) + "fuzz", schema_set(),
                               stores.resources, nullptr, bridge::list_limits{}, stores.executor});
    api::target_map targets{{"fuzz", target}};
    api::scim_router router(targets, std::string(public_url), quiet_logger());

    server::request_context context;
    context.request_id = "fuzz";
    context.remote_address = "127.0.0.1";
    context.received = std::chrono::steady_clock::now();
    context.deadline = context.received + std::chrono::seconds(30);

    boost::asio::io_context io;
    std::optional<server::http_response> response;
    std::exception_ptr escaped;
    boost::asio::co_spawn(io, router.handle(std::move(request), context),
                          [&](std::exception_ptr error, server::http_response answer) {
                              escaped = error;
                              response = std::move(answer);
                          });
    io.run();
    stores.close();
    if (escaped)
        std::rethrow_exception(escaped);
    return std::move(*response);
}

} // namespace fuzz
