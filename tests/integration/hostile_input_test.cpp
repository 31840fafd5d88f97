// Thousands of generated bad requests over real HTTP against a seeded store:
// malformed JSON, bad filters, bad PATCH documents, wrongly typed values,
// broken HTTP framing, unknown resources and bad credentials. Every answer
// must be a SCIM error with the status its class calls for, the server must
// stay up, and the store must be byte-for-byte what it was.
//
// SCIM_BRIDGE_HOSTILE_REQUESTS (default 2400) and SCIM_BRIDGE_HOSTILE_SEED
// (default 1) choose the run; scripts/hostile-input.sh runs a long one.

#include "integration/bridge_fixture.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>

using namespace integration;
namespace json = boost::json;
namespace http = boost::beast::http;
using server::http::verb;

namespace {

const char* const user_schema = "urn:ietf:params:scim:schemas:core:2.0:User";
const char* const group_schema = "urn:ietf:params:scim:schemas:core:2.0:Group";
const char* const patch_schema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

std::size_t setting(const char* name, std::size_t fallback)
{
    const char* text = std::getenv(name);
    return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

// Every row of every table, each table's rows sorted: equal dumps mean an
// unchanged store whatever order SQLite returns rows in.
std::string dump_store(const std::filesystem::path& file)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    auto rows_of = [db](const std::string& sql) {
        std::vector<std::string> rows;
        sqlite3_stmt* statement = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
        while (sqlite3_step(statement) == SQLITE_ROW) {
            std::string row;
            for (int column = 0; column < sqlite3_column_count(statement); ++column) {
                const auto* text = sqlite3_column_blob(statement, column);
                row.append(text ? static_cast<const char*>(text) : "<null>",
                           text ? static_cast<std::size_t>(sqlite3_column_bytes(statement, column)) : 6);
                row += '\x1f';
            }
            rows.push_back(std::move(row));
        }
        sqlite3_finalize(statement);
        return rows;
    };
    std::string dump;
    for (const auto& table : rows_of("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        const std::string name = table.substr(0, table.size() - 1);
        auto rows = rows_of("SELECT * FROM \"" + name + "\"");
        std::sort(rows.begin(), rows.end());
        dump += "== " + name + " (" + std::to_string(rows.size()) + " rows)\n";
        for (const auto& row : rows)
            dump += row + "\n";
    }
    sqlite3_close(db);
    return dump;
}

// What one generated request must be answered with.
struct expectation {
    std::set<unsigned> statuses;
    std::set<std::string> scim_types;  // empty: any (or none)
};

struct hostile_request {
    std::string kind;  // the class, for the tally and the failure message
    verb method = verb::get;
    std::string path;  // below /scim/v2/alpha, or the whole target for raw framing
    std::string body;
    std::string raw;   // when set: these bytes on a fresh connection instead
    bool bad_token = false;
    expectation expected;
};

class generator {
public:
    generator(unsigned seed, std::vector<std::string> user_ids, std::vector<std::string> user_names,
              std::vector<std::string> group_ids)
        : random_(seed), user_ids_(std::move(user_ids)), user_names_(std::move(user_names)),
          group_ids_(std::move(group_ids))
    {
    }

    hostile_request next()
    {
        using make = hostile_request (generator::*)();
        static const make kinds[] = {&generator::malformed_json, &generator::bad_filter, &generator::bad_patch,
                                     &generator::wrong_type,     &generator::bad_framing, &generator::unknown_target,
                                     &generator::uniqueness};
        return (this->*kinds[pick(std::size(kinds))])();
    }

private:
    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }
    template <typename T, std::size_t N>
    const T& one_of(const T (&options)[N]) { return options[pick(N)]; }
    const std::string& some_user() { return user_ids_[pick(user_ids_.size())]; }
    const std::string& some_group() { return group_ids_[pick(group_ids_.size())]; }

    json::object valid_user()
    {
        return {{"schemas", json::array{user_schema}},
                {"userName", "new" + std::to_string(pick(1'000'000)) + "@example.com"},
                {"name", json::object{{"givenName", "Ann"}, {"familyName", "Lee"}}},
                {"emails", json::array{json::object{{"type", "work"}, {"value", "ann@example.com"}, {"primary", true}}}},
                {"active", true}};
    }

    // A valid document cut or corrupted until it no longer parses.
    hostile_request malformed_json()
    {
        struct target {
            verb method;
            std::string path;
        };
        const target targets[] = {{verb::post, "/Users"},
                                  {verb::post, "/Groups"},
                                  {verb::put, "/Users/" + some_user()},
                                  {verb::patch, "/Users/" + some_user()},
                                  {verb::patch, "/Groups/" + some_group()},
                                  {verb::post, "/Users/.search"},
                                  {verb::post, "/Bulk"}};
        const auto& where = one_of(targets);
        std::string text = json::serialize(valid_user());
        boost::system::error_code ec;
        do {
            if (pick(2) == 0) {
                text.resize(1 + pick(text.size() - 1));
            } else {
                static const char noise[] = {'{', '}', '[', ']', '"', ',', ':', '\\', '\xff', '\0', 'x'};
                text.insert(text.begin() + static_cast<std::ptrdiff_t>(pick(text.size())), one_of(noise));
            }
            json::parse(text, ec);
        } while (!ec);
        return {"malformed JSON", where.method, where.path, text, {}, false, {{400}, {"invalidSyntax"}}};
    }

    hostile_request bad_filter()
    {
        const std::string valid[] = {"userName eq \"" + user_names_[pick(user_names_.size())] + "\"",
                                     "name.givenName sw \"A\"", "emails[type eq \"work\"]",
                                     "meta.lastModified gt \"2020-01-01T00:00:00Z\"", "active eq true"};
        const std::string& a = one_of(valid);
        const std::string forms[] = {a + " and",
                                     "(" + a,
                                     a + ")",
                                     a + " eq",
                                     a + " or or " + a,
                                     "userName xx \"a\"",
                                     "userName eq",
                                     "userName eq \"unterminated",
                                     "emails[type eq \"work\"",
                                     "emails[value co \"@\"]]",
                                     "active gt true",
                                     "name..givenName eq \"a\"",
                                     "userName eq \"a\" and (" + a,
                                     std::string(300, '(') + a + std::string(300, ')'),
                                     "userName pr \"a\"",
                                     "\"a\" eq userName"};
        const std::string resources[] = {"/Users", "/Groups"};
        std::string filter = one_of(forms);
        std::string encoded;
        for (unsigned char c : filter)
            encoded += std::isalnum(c) ? std::string(1, static_cast<char>(c))
                                       : "%" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                                             std::string(1, "0123456789ABCDEF"[c & 15]);
        // Ordering a boolean is an error where `active` is one (Users); on
        // Groups it names no attribute, which matches nothing.
        const std::string& resource = filter.starts_with("active") ? resources[0] : one_of(resources);
        return {"bad filter", verb::get, resource + "?filter=" + encoded, {}, {}, false,
                {{400}, {"invalidFilter"}}};
    }

    hostile_request bad_patch()
    {
        auto patch = [](json::array operations) {
            return json::serialize(json::object{{"schemas", json::array{patch_schema}}, {"Operations", std::move(operations)}});
        };
        struct shape {
            std::string body;
            expectation expected;
        };
        // Another seeded user's name: renaming a user to its own is no conflict.
        const std::size_t target = pick(user_ids_.size());
        const std::string other = user_names_[(target + 1 + pick(user_names_.size() - 1)) % user_names_.size()];
        const shape shapes[] = {
            {patch(json::array{json::object{{"op", "frobnicate"}, {"path", "active"}, {"value", false}}}),
             {{400}, {"invalidSyntax", "invalidValue"}}},
            {json::serialize(json::object{{"schemas", json::array{patch_schema}}}), {{400}, {"invalidSyntax", "invalidValue"}}},
            {json::serialize(json::object{{"Operations", json::array{}}}), {{400}, {"invalidSyntax", "invalidValue"}}},
            {patch(json::array{json::object{{"op", "replace"}, {"path", "name..givenName"}, {"value", "x"}}}),
             {{400}, {"invalidPath"}}},
            {patch(json::array{json::object{{"op", "replace"}, {"path", "emails[type eq]"}, {"value", "x"}}}),
             {{400}, {"invalidPath", "invalidFilter"}}},
            {patch(json::array{json::object{{"op", "replace"}, {"path", "id"}, {"value", "mine"}}}), {{400}, {"mutability"}}},
            {patch(json::array{json::object{{"op", "replace"}, {"path", "meta.created"}, {"value", "2020-01-01T00:00:00Z"}}}),
             {{400}, {"mutability"}}},
            {patch(json::array{json::object{{"op", "remove"}}}), {{400}, {"noTarget"}}},
            {patch(json::array{json::object{{"op", "replace"}, {"path", "active"}, {"value", "maybe"}}}), {{400}, {"invalidValue"}}},
            {patch(json::array{json::object{{"op", "replace"}, {"path", "name.givenName"}, {"value", 5}}}), {{400}, {"invalidValue"}}},
            {patch(json::array{json::object{{"op", "add"}, {"path", "emails"}, {"value", "not-a-list"}}}), {{400}, {"invalidValue"}}},
            {patch(json::array{json::object{{"op", "replace"}, {"value", json::object{{"userName", 17}}}}}), {{400}, {"invalidValue"}}},
            {patch(json::array{json::object{{"op", "replace"}, {"path", "userName"}, {"value", other}}}),
             {{409}, {"uniqueness"}}},
            {patch(json::array{json::object{{"op", "replace"}, {"path", "active"}, {"value", true}},
                               json::object{{"op", "replace"}, {"path", "userName"}, {"value", json::array{}}}}),
             {{400}, {"invalidValue"}}},
        };
        const auto& chosen = one_of(shapes);
        return {"bad PATCH", verb::patch, "/Users/" + user_ids_[target], chosen.body, {}, false, chosen.expected};
    }

    // A known attribute given a value of the wrong JSON type, on a create or
    // on a replace of a seeded user.
    hostile_request wrong_type()
    {
        auto user = valid_user();
        const json::value wrong[] = {5, 2.5, true, json::array{"x"}, json::object{{"a", 1}}, "text"};
        switch (pick(8)) {
        case 0: {
            const auto& value = one_of(wrong);
            user["userName"] = value.is_string() ? json::value(7) : value;
            break;
        }
        case 1: user["active"] = pick(2) ? json::value("maybe") : json::value(1); break;
        case 2: user["name"] = pick(2) ? json::value("Ann Lee") : json::value(json::array{}); break;
        case 3: user["name"].as_object()["givenName"] = pick(2) ? json::value(5) : json::value(false); break;
        case 4: user["emails"] = pick(2) ? json::value("ann@example.com") : json::value(json::array{true}); break;
        case 5: user["emails"].as_array()[0].as_object()["value"] = 42; break;
        case 6: user["emails"].as_array()[0].as_object()["primary"] = "yes"; break;
        default: user["displayName"] = json::array{json::object{}}; break;
        }
        if (pick(2) == 0)
            return {"wrong type", verb::post, "/Users", json::serialize(user), {}, false, {{400}, {"invalidValue"}}};
        return {"wrong type", verb::put, "/Users/" + some_user(), json::serialize(user), {}, false, {{400}, {"invalidValue"}}};
    }

    hostile_request bad_framing()
    {
        const std::string host = "Host: 127.0.0.1\r\n";
        const std::string auth = "Authorization: Bearer " + std::string(alpha_token) + "\r\n";
        const std::string huge_header = "X-Filler: " + std::string(70'000, 'a') + "\r\n";
        struct shape {
            std::string bytes;
            std::set<unsigned> statuses;
        };
        const shape shapes[] = {
            {"GARBAGE\r\n\r\n", {400}},
            {"GET /scim/v2/alpha/Users HTTP/9.9\r\n" + host + "\r\n", {400, 505}},
            {"GET /scim/v2/alpha/Users HTTP/1.1\r\nno colon here\r\n\r\n", {400}},
            {"POST /scim/v2/alpha/Users HTTP/1.1\r\n" + host + auth + "Content-Length: abc\r\n\r\n", {400}},
            {"POST /scim/v2/alpha/Users HTTP/1.1\r\n" + host + auth +
                 "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", {400}},
            {"POST /scim/v2/alpha/Users HTTP/1.1\r\n" + host + auth + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", {400}},
            {"GET /scim/v2/alpha/Users HTTP/1.1\r\n" + host + huge_header + "\r\n", {431, 400}},
            {"POST /scim/v2/alpha/Users HTTP/1.1\r\n" + host + auth + "Content-Length: 999999999\r\n\r\n{}", {413}},
            {"GET /scim/v2/alpha/Us ers HTTP/1.1\r\n" + host + "\r\n", {400}},
            {"GET /scim/v2/alpha/Users HTTP/1.1\r\nX-Bad: a" + std::string(1, '\0') + "b\r\n\r\n", {400}},
        };
        const auto& chosen = one_of(shapes);
        return {"bad framing", verb::get, {}, {}, chosen.bytes, false, {chosen.statuses, {}}};
    }

    hostile_request unknown_target()
    {
        switch (pick(5)) {
        case 0: return {"unknown resource", verb::get, "/Users/no-such-" + std::to_string(pick(1000)), {}, {}, false, {{404}, {}}};
        case 1: return {"unknown resource", verb::patch, "/Groups/no-such-" + std::to_string(pick(1000)),
                        json::serialize(json::object{{"schemas", json::array{patch_schema}},
                                                     {"Operations", json::array{json::object{{"op", "add"}, {"path", "members"},
                                                                                             {"value", json::array{}}}}}}),
                        {}, false, {{404}, {}}};
        case 2: return {"unknown resource", verb::delete_, "/Users/no-such-" + std::to_string(pick(1000)), {}, {}, false, {{404}, {}}};
        case 3: return {"bad token", verb::delete_, "/Users/" + some_user(), {}, {}, true, {{401}, {}}};
        default: return {"unknown resource", verb::get, "/Widgets", {}, {}, false, {{404}, {}}};
        }
    }

    hostile_request uniqueness()
    {
        auto user = valid_user();
        user["userName"] = user_names_[pick(user_names_.size())];
        if (pick(2) == 0) {  // the same name in other letter case is the same name
            auto& name = user["userName"].as_string();
            std::string upper(name.begin(), name.end());
            std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
            name = upper;
        }
        return {"uniqueness", verb::post, "/Users", json::serialize(user), {}, false, {{409}, {"uniqueness"}}};
    }

    std::mt19937 random_;
    std::vector<std::string> user_ids_, user_names_, group_ids_;
};

// Sends `bytes` on a fresh connection and reads one response (or fails).
server::http_response raw_exchange(std::uint16_t port, const std::string& bytes)
{
    boost::asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    boost::system::error_code write_error, read_error;
    boost::asio::write(stream.socket(), boost::asio::buffer(bytes), write_error);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    stream.expires_after(std::chrono::seconds(10));
    http::async_read(stream, buffer, parser, [&](boost::system::error_code ec, std::size_t) { read_error = ec; });
    io.run();
    if (read_error)
        throw std::runtime_error("no answer: " + read_error.message());
    return parser.release();
}

} // namespace

TEST_CASE("thousands of hostile requests: every answer a SCIM error, the server up, the store unchanged",
          "[errors][hostile]")
{
    bridge_fixture bridge;
    std::vector<std::string> user_ids, user_names, group_ids;
    for (int i = 0; i < 200; ++i) {
        const auto name = "seed" + std::to_string(i) + "@example.com";
        auto user = bridge.create_user(name, {{"name", json::object{{"givenName", "Seed"}, {"familyName", std::to_string(i)}}},
                                              {"emails", json::array{json::object{{"value", name}, {"type", "work"}}}}});
        user_ids.emplace_back(user.at("id").as_string());
        user_names.push_back(name);
    }
    for (int g = 0; g < 10; ++g) {
        json::array members;
        for (int i = g * 20; i < g * 20 + 20; ++i)
            members.push_back(json::object{{"value", user_ids[static_cast<std::size_t>(i)]}});
        group_ids.emplace_back(bridge.create_group("group " + std::to_string(g), std::move(members)).at("id").as_string());
    }
    const auto database = bridge.directory() / "bridge.db";
    const auto before = dump_store(database);

    const auto requests = setting("SCIM_BRIDGE_HOSTILE_REQUESTS", 2400);
    const auto seed = static_cast<unsigned>(setting("SCIM_BRIDGE_HOSTILE_SEED", 1));
    generator make(seed, user_ids, user_names, group_ids);
    std::map<std::string, std::size_t> sent, wrong;
    for (std::size_t n = 0; n < requests; ++n) {
        const auto request = make.next();
        server::http_response raw;
        if (!request.raw.empty()) {
            raw = raw_exchange(bridge.port(), request.raw);
        } else {
            const std::string token = request.bad_token ? "not-the-token-0123456789abcdef0123456789" : alpha_token;
            test_support::header_list headers{{"Authorization", "Bearer " + token}};
            if (!request.body.empty())
                headers.emplace_back("Content-Type", "application/scim+json");
            raw = bridge.raw_call(request.method, "/scim/v2/alpha" + request.path, request.body, headers).raw;
        }
        ++sent[request.kind];
        const unsigned status = raw.result_int();
        boost::system::error_code ec;
        const auto body = json::parse(raw.body(), ec);
        const auto* error = !ec && body.is_object() ? &body.as_object() : nullptr;
        const auto* type = error ? error->if_contains("scimType") : nullptr;
        const bool scim_error =
            error && error->contains("schemas") && body.at("schemas") == json::array{"urn:ietf:params:scim:api:messages:2.0:Error"} &&
            error->contains("status") && error->at("status") == json::value(std::to_string(status)) &&
            std::string(raw[http::field::content_type]).starts_with("application/scim+json");
        const bool right = scim_error && request.expected.statuses.count(status) &&
                           (request.expected.scim_types.empty() ||
                            (type && type->is_string() && request.expected.scim_types.count(std::string(type->as_string()))));
        if (!right && wrong[request.kind]++ < 3) {
            // The first few of each class, in full, to fix from.
            UNSCOPED_INFO(request.kind << " #" << n << " (seed " << seed << "): " << http::to_string(request.method)
                                        << " " << request.path << "\n  body: " << request.body.substr(0, 300)
                                        << "\n  raw: " << request.raw.substr(0, 120) << "\n  answer " << status << ": "
                                        << raw.body().substr(0, 300));
            CHECK(right);
        }
    }
    std::ostringstream tally;
    for (const auto& [kind, count] : sent)
        tally << kind << ": " << count << " sent, " << wrong[kind] << " wrong\n";
    INFO(tally.str());
    std::size_t wrong_total = 0;
    for (const auto& [kind, count] : wrong)
        wrong_total += count;
    CHECK(wrong_total == 0);
    // The figures for the record (scripts/hostile-input.sh shows them).
    std::cout << requests << " hostile requests (seed " << seed << ")\n" << tally.str();

    // Still serving, and nothing stored changed.
    CHECK(bridge.call(verb::get, "/Users?count=1").status == 200);
    const auto after = dump_store(database);
    if (after != before) {
        // The first line that differs, not two whole dumps.
        std::istringstream a(before), b(after);
        std::string line_a, line_b;
        while (std::getline(a, line_a) && std::getline(b, line_b) && line_a == line_b) {
        }
        FAIL("the store changed; first difference:\n  before: " << line_a.substr(0, 400)
                                                                << "\n  after:  " << line_b.substr(0, 400));
    }
}
