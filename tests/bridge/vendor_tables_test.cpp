// The store's vendor tables: correlation (both directions, relinking),
// intents (pending until finished) and the audit trail.

#include "store/sqlite/sqlite_audit_store.hpp"
#include "store/sqlite/sqlite_correlation_store.hpp"
#include "store/sqlite/sqlite_intent_store.hpp"
#include "vendor_fixture.hpp"

#include <catch2/catch.hpp>

TEST_CASE("correlation links both ways and a reused vendor id moves")
{
    bridge_test::temp_directory dir;
    auto db = store::database::open({dir.path() / "t.db"});
    store::sqlite_correlation_store c(db);
    c.link("t", "User", "s1", "v1");
    CHECK(c.vendor_id("t", "User", "s1") == std::optional<std::string>("v1"));
    CHECK(c.scim_id("t", "User", "v1") == std::optional<std::string>("s1"));
    CHECK(!c.vendor_id("other", "User", "s1"));
    CHECK(!c.vendor_id("t", "Group", "s1"));
    c.link("t", "User", "s1", "v2");  // relinked
    CHECK(c.vendor_id("t", "User", "s1") == std::optional<std::string>("v2"));
    CHECK(!c.scim_id("t", "User", "v1"));
    c.link("t", "User", "s2", "v2");  // the vendor reused its id
    CHECK(!c.vendor_id("t", "User", "s1"));
    c.unlink("t", "User", "s2");
    CHECK(!c.scim_id("t", "User", "v2"));
    db->close();
}

TEST_CASE("intents stay pending until finished and audit rows read back in order")
{
    bridge_test::temp_directory dir;
    auto db = store::database::open({dir.path() / "t.db"});
    store::sqlite_intent_store intents(db);
    const auto a = intents.begin("t", "User", "s1", "create", "{}");
    const auto b = intents.begin("t", "User", "s2", "delete", "{}");
    REQUIRE(intents.pending().size() == 2);
    intents.finish(a, true);
    intents.finish(b, false);
    CHECK(intents.pending().empty());
    const auto c = intents.begin("t", "Group", "g1", "patch", R"({"request_id":"r"})");
    const auto pending = intents.pending();
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].id == c);
    CHECK(pending[0].operation == "patch");
    CHECK(pending[0].payload == R"({"request_id":"r"})");

    store::sqlite_audit_store audit(db);
    audit.record({"t", "r1", "POST", "/users", 201, 12});
    audit.record({"t", "r2", "PUT", "/users/1", 503, 7});
    audit.record({"u", "r3", "GET", "/x", 200, 1});
    const auto rows = audit.recent("t", 10);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].request_id == "r1");
    CHECK(rows[1].status == 503);
    CHECK(audit.recent("t", 1).size() == 1);
    db->close();
}
