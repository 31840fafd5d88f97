// Deferred delivery (`delivery: deferred`) end to end over real HTTP: the
// example vendor made unreachable by answering every data call 503, writes
// acknowledged from the store, and the outbox delivered once it answers
// again, in order, coalesced, surviving a restart; a refusal at delivery
// surfaced like a failed asynchronous job.

#include "app/job_listing.hpp"
#include "app/outbox_commands.hpp"
#include "config/config_loader.hpp"
#include "store/sqlite/sqlite_correlation_store.hpp"
#include "store/sqlite/sqlite_outbox_store.hpp"
#include "vendor_fixture.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <thread>

namespace json = boost::json;
using server::http::verb;
using bridge_test::vendor_fault;

namespace {

constexpr const char* deferred = "    delivery: deferred\n";

json::object user(const std::string& name, const std::string& given)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
            {"userName", name},
            {"name", json::object{{"givenName", given}, {"familyName", "Jensen"}}},
            {"emails", json::array{json::object{{"type", "work"}, {"value", name}}}},
            {"active", true}};
}

json::object patch_of(json::object value)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
            {"Operations", json::array{json::object{{"op", "replace"}, {"value", std::move(value)}}}}};
}

std::string id_of(const bridge_test::scim_reply& reply)
{
    return std::string(reply.body.at("id").as_string());
}

// Every data call of the vendor answered 503 (its login still works).
void take_down(bridge_test::example_vendor& vendor)
{
    for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"})
        for (const char* prefix : {"/api/users", "/api/groups"})
            vendor.add_fault({method, prefix, 503, nullptr, -1});
}

template <typename Check>
bool eventually(Check check, std::chrono::seconds limit = std::chrono::seconds(30))
{
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (check())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return check();
}

struct bridge_store {
    explicit bridge_store(const std::filesystem::path& dir) : db(store::database::open({dir / "bridge.db"})) {}
    ~bridge_store() { db->close(); }
    std::shared_ptr<store::database> db;
};

auto outbox_entries(const bridge_test::vendor_fixture& f)
{
    bridge_store s(f.directory());
    return store::sqlite_outbox_store(s.db).list(std::nullopt, 100);
}

std::size_t outbox_size(const bridge_test::vendor_fixture& f)
{
    return outbox_entries(f).size();
}

config::server_config config_of(const bridge_test::vendor_fixture& f)
{
    return config::parse_server_config(f.config_yaml(), f.directory() / "config.yaml");
}

std::string outbox_listing(const bridge_test::vendor_fixture& f, int& code)
{
    std::ostringstream out, err;
    code = app::outbox_command(config_of(f), std::nullopt, {}, out, err);
    return out.str() + err.str();
}

std::size_t calls_to(const bridge_test::example_vendor& vendor, const std::string& method, const std::string& prefix)
{
    std::size_t n = 0;
    for (const auto& call : vendor.calls())
        n += call.method == method && call.target.starts_with(prefix) && call.status < 300 ? 1 : 0;
    return n;
}

} // namespace

TEST_CASE("deferred delivery: writes during an outage are acknowledged, then delivered in order and coalesced")
{
    bridge_test::vendor_fixture f{std::string(deferred)};
    take_down(f.vendor());

    auto alice = f.call(verb::post, "/Users", user("alice@example.com", "Alice"));
    INFO(alice.raw.body());
    REQUIRE(alice.status == 201);
    const auto alice_id = id_of(alice);
    CHECK(f.vendor().user_count() == 0);

    // Later writes are kept back behind it.
    auto renamed = f.call(verb::patch, "/Users/" + alice_id, patch_of({{"name.givenName", "Alicia"}}));
    REQUIRE(renamed.status == 200);
    CHECK(renamed.body.at_pointer("/name/givenName") == "Alicia");
    auto bob = f.call(verb::post, "/Users", user("bob@example.com", "Bob"));
    REQUIRE(bob.status == 201);
    auto carol = f.call(verb::post, "/Users", user("carol@example.com", "Carol"));
    REQUIRE(carol.status == 201);
    json::object group{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                       {"displayName", "Engineering"},
                       {"members", json::array{json::object{{"value", alice_id}}, json::object{{"value", id_of(bob)}}}}};
    auto engineering = f.call(verb::post, "/Groups", group);
    INFO(engineering.raw.body());
    REQUIRE(engineering.status == 201);
    REQUIRE(f.call(verb::delete_, "/Users/" + id_of(carol)).status == 204);

    // Reads are served from the store meanwhile.
    auto read = f.call(verb::get, "/Users/" + alice_id);
    CHECK(read.body.at_pointer("/name/givenName") == "Alicia");
    int code = 0;
    const auto listing = outbox_listing(f, code);
    CHECK(code == 0);
    CHECK(listing.find("not yet created at the vendor") != std::string::npos);
    CHECK(outbox_size(f) == 4);  // alice (coalesced), bob, carol (created and deleted), the group

    f.vendor().clear_faults();
    REQUIRE(eventually([&] { return outbox_size(f) == 0; }));
    // Each user created once, with the latest state; carol never; the group
    // after its members, with both of them.
    CHECK(calls_to(f.vendor(), "POST", "/api/users") == 2);
    CHECK(f.vendor().user_count() == 2);
    bridge_store s(f.directory());
    store::sqlite_correlation_store correlation(s.db);
    const auto alice_vendor = correlation.vendor_id("vendor", "User", alice_id);
    REQUIRE(alice_vendor);
    CHECK(f.vendor().user(*alice_vendor)->at("firstName") == "Alicia");
    const auto group_vendor = correlation.vendor_id("vendor", "Group", id_of(engineering));
    REQUIRE(group_vendor);
    const auto members = f.vendor().group(*group_vendor)->at("members").as_array();
    CHECK(members.size() == 2);
    CHECK(!correlation.vendor_id("vendor", "User", id_of(carol)));

    // The backlog gone, writes go straight to the vendor again.
    REQUIRE(f.call(verb::patch, "/Users/" + alice_id, patch_of({{"name.givenName", "Ali"}})).status == 200);
    CHECK(f.vendor().user(*alice_vendor)->at("firstName") == "Ali");
    CHECK(outbox_size(f) == 0);
}

TEST_CASE("deferred delivery: a password cannot wait, and the backlog survives a restart")
{
    bridge_test::vendor_fixture f{std::string(deferred)};
    take_down(f.vendor());
    auto alice = f.call(verb::post, "/Users", user("alice@example.com", "Alice"));
    REQUIRE(alice.status == 201);
    const auto alice_id = id_of(alice);

    // The mapping sends passwords (its reset endpoint): never stored, so a
    // write carrying one is refused, and nothing of it is kept.
    auto with_password = f.call(verb::patch, "/Users/" + alice_id,
                                patch_of({{"name.givenName", "Alicia"}, {"password", "N3w-Secret-1"}}));
    INFO(with_password.raw.body());
    CHECK(with_password.status == 503);
    CHECK(with_password.raw[server::http::field::retry_after] != "");
    CHECK(f.call(verb::get, "/Users/" + alice_id).body.at_pointer("/name/givenName") == "Alice");

    f.restart();
    CHECK(outbox_size(f) == 1);
    f.vendor().clear_faults();
    REQUIRE(eventually([&] { return outbox_size(f) == 0; }));
    CHECK(f.vendor().user_count() == 1);
    CHECK(calls_to(f.vendor(), "POST", "/api/users") == 1);
}

TEST_CASE("deferred delivery: a refusal at delivery is listed, answered to the next write once, then retried by it")
{
    bridge_test::vendor_fixture f{std::string(deferred)};
    take_down(f.vendor());
    auto alice = f.call(verb::post, "/Users", user("alice@example.com", "Alice"));
    REQUIRE(alice.status == 201);
    const auto alice_id = id_of(alice);

    f.vendor().clear_faults();
    f.vendor().add_fault({"POST", "/api/users", 400, json::object{{"title", "userName is not allowed"}}});
    REQUIRE(eventually([&] {
        int code = 0;
        outbox_listing(f, code);
        return code == 1;  // a failed entry is listed
    }));
    int code = 0;
    CHECK(outbox_listing(f, code).find("userName is not allowed") != std::string::npos);
    std::ostringstream jobs, err;
    CHECK(app::list_jobs(config_of(f), std::nullopt, false, jobs, err) == 1);
    CHECK(jobs.str().find("delivery of a create") != std::string::npos);
    // Not retried on its own.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(calls_to(f.vendor(), "POST", "/api/users") == 0);
    CHECK(f.vendor().user_count() == 0);

    // The next write hears of it, once, and changes nothing.
    auto next = f.call(verb::patch, "/Users/" + alice_id, patch_of({{"name.givenName", "Alicia"}}));
    INFO(next.raw.body());
    CHECK(next.status == 409);
    CHECK(next.raw.body().find("userName is not allowed") != std::string::npos);
    CHECK(f.call(verb::get, "/Users/" + alice_id).body.at_pointer("/name/givenName") == "Alice");
    // The one after is kept back and delivered.
    REQUIRE(f.call(verb::patch, "/Users/" + alice_id, patch_of({{"name.givenName", "Alicia"}})).status == 200);
    REQUIRE(eventually([&] { return outbox_size(f) == 0; }));
    CHECK(f.vendor().user_count() == 1);
}

TEST_CASE("deferred delivery: a create the vendor applied but never answered, deleted during the outage, is deleted there")
{
    bridge_test::vendor_fixture f{std::string(deferred)};
    // The vendor applies the create and the connection drops; from then on
    // (the create's own look-up served first) it answers nothing but 503.
    f.vendor().add_fault({"POST", "/api/users", 201, nullptr, 1, true, {}, true});
    for (const char* method : {"GET", "PUT", "DELETE"})
        f.vendor().add_fault({method, "/api/users", 503, nullptr, -1, false, {}, false, method == std::string("GET")});
    auto alice = f.call(verb::post, "/Users", user("alice@example.com", "Alice"));
    INFO(alice.raw.body());
    REQUIRE(alice.status == 201);
    CHECK(f.vendor().user_count() == 1);  // made by the call whose answer was lost, linked to nothing
    REQUIRE(f.call(verb::delete_, "/Users/" + id_of(alice)).status == 204);

    f.vendor().clear_faults();
    REQUIRE(eventually([&] { return outbox_size(f) == 0; }));
    CHECK(f.vendor().user_count() == 0);
}

TEST_CASE("the outbox verbs: retry makes an entry due, drop removes it")
{
    bridge_test::vendor_fixture f{std::string(deferred)};
    take_down(f.vendor());
    REQUIRE(f.call(verb::post, "/Users", user("alice@example.com", "Alice")).status == 201);
    const auto config = config_of(f);
    const auto entries = outbox_entries(f);
    REQUIRE(entries.size() == 1);
    const auto entry = entries.front().id;
    std::ostringstream out, err;
    CHECK(app::outbox_command(config, std::nullopt, {app::outbox_action::kind::retry, entry}, out, err) == 0);
    CHECK(app::outbox_command(config, std::string("nope"), {}, out, err) == 2);
    CHECK(app::outbox_command(config, std::nullopt, {app::outbox_action::kind::drop, entry + 100}, out, err) == 2);
    CHECK(app::outbox_command(config, std::nullopt, {app::outbox_action::kind::drop, entry}, out, err) == 0);
    CHECK(outbox_size(f) == 0);
    f.vendor().clear_faults();
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(f.vendor().user_count() == 0);  // dropped: never delivered
}
