// End to end over real HTTP: an identity provider's SCIM requests to a
// bridge target served through mappings/example-vendor.yaml, against the
// in-process example vendor.

#include "store/sqlite/sqlite_audit_store.hpp"
#include "store/sqlite/sqlite_correlation_store.hpp"
#include "store/sqlite/sqlite_intent_store.hpp"
#include "support/bulk_body.hpp"
#include "vendor_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace json = boost::json;
using server::http::verb;
using bridge_test::vendor_fault;

namespace {

const json::string enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

json::object barbara()
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User", enterprise}},
            {"userName", "Barbara.Jensen@example.com"},
            {"name", json::object{{"givenName", "Barbara"}, {"familyName", "Jensen"}}},
            {"emails", json::array{json::object{{"type", "work"}, {"value", "bjensen@example.com"}}}},
            {"addresses", json::array{json::object{{"type", "work"}, {"country", "DE"}}}},
            {"userType", "Contractor"},
            {"active", true},
            {enterprise, json::object{{"employeeNumber", "701984"}}}};
}

json::object patch_of(json::object value)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
            {"Operations", json::array{json::object{{"op", "replace"}, {"value", std::move(value)}}}}};
}

std::string text_at(const json::value& value, std::string_view pointer)
{
    try {
        const auto& found = value.at_pointer(pointer);
        return found.is_string() ? std::string(found.as_string()) : std::string();
    } catch (const std::exception&) {
        return {};
    }
}

// The bridge's own view of its database (a second connection, read-mostly).
struct bridge_store {
    explicit bridge_store(const std::filesystem::path& dir) : db(store::database::open({dir / "bridge.db"})) {}
    ~bridge_store() { db->close(); }
    std::shared_ptr<store::database> db;
};

} // namespace

TEST_CASE("a created user reaches the vendor with its mapped fields and is correlated")
{
    bridge_test::vendor_fixture f;
    auto created = f.call(verb::post, "/Users", barbara());
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    const auto id = text_at(created.body, "/id");

    auto record = f.vendor().user("u-1");
    REQUIRE(record);
    CHECK(record->at("userName") == "barbara.jensen@example.com");
    CHECK(record->at("email") == "bjensen@example.com");
    CHECK(record->at("firstName") == "Barbara");
    CHECK(record->at("lastName") == "Jensen");
    CHECK(record->at("fullName") == "Barbara Jensen");
    CHECK(record->at("companyId") == "C-7");
    CHECK(record->at("employeeNumber") == "701984");
    CHECK(record->at("kind") == "C");
    CHECK(record->at("active") == "Y");
    CHECK(text_at(*record, "/address/country") == "DEU");
    CHECK(record->at("password").as_string().size() == 24);

    bridge_store s(f.directory());
    CHECK(store::sqlite_correlation_store(s.db).vendor_id("vendor", "User", id) == std::optional<std::string>("u-1"));
    CHECK(store::sqlite_intent_store(s.db).pending().empty());
    // One audit row per vendor call (the login included), no bodies: the
    // look-up by userName that found nothing, then the create.
    const auto audit = store::sqlite_audit_store(s.db).recent("vendor", 10);
    REQUIRE(audit.size() == 3);
    CHECK(audit[0].path == "/auth/login");  // relative to the base URL
    CHECK(audit[1].method == "GET");
    CHECK(audit[1].path == "/users?userName=barbara.jensen%40example.com");
    CHECK(audit[2].method == "POST");
    CHECK(audit[2].path == "/users");
    CHECK(audit[2].status == 201);
    CHECK(!audit[2].request_id.empty());

    // A manager is sent as the manager's vendor id (through the correlation).
    auto report = barbara();
    report["userName"] = "kim";
    report[enterprise].as_object()["manager"] = json::object{{"value", id}};
    auto second = f.call(verb::post, "/Users", report);
    REQUIRE(second.status == 201);
    CHECK(f.vendor().user("u-2")->at("managerId") == "u-1");
}

TEST_CASE("a patch updates the vendor record and deactivation calls the vendor")
{
    bridge_test::vendor_fixture f;
    auto created = f.call(verb::post, "/Users", barbara());
    REQUIRE(created.status == 201);
    const auto id = text_at(created.body, "/id");

    auto patched = f.call(verb::patch, "/Users/" + id, patch_of({{"name.givenName", "Babs"}}));
    INFO(patched.raw.body());
    REQUIRE(patched.status == 200);
    CHECK(f.vendor().user("u-1")->at("firstName") == "Babs");
    CHECK(f.vendor().user("u-1")->at("fullName") == "Babs Jensen");

    auto disabled = f.call(verb::patch, "/Users/" + id, patch_of({{"active", false}}));
    REQUIRE(disabled.status == 200);
    CHECK(f.vendor().user("u-1")->at("active") == "N");
    const auto calls = f.vendor().calls();
    CHECK(calls.back().target == "/api/users/u-1/deactivate");

    // A write that changes nothing costs no vendor call.
    const auto before = f.vendor().calls().size();
    CHECK(f.call(verb::patch, "/Users/" + id, patch_of({{"active", false}})).status == 200);
    CHECK(f.vendor().calls().size() == before);
}

TEST_CASE("a password set by the identity provider goes to the vendor's reset endpoint (on_change), after the update")
{
    bridge_test::vendor_fixture f;
    auto created = f.call(verb::post, "/Users", barbara());
    REQUIRE(created.status == 201);
    const auto id = text_at(created.body, "/id");
    const auto targets_since = [&f](std::size_t from) {
        std::vector<std::string> out;
        const auto calls = f.vendor().calls();
        for (auto i = from; i < calls.size(); ++i)
            out.push_back(calls[i].method + " " + calls[i].target);
        return out;
    };

    // The password alone: only the reset call (no update body can carry it).
    auto from = f.vendor().calls().size();
    auto reset = f.call(verb::patch, "/Users/" + id, patch_of({{"password", "N3w-Secret-1"}}));
    INFO(reset.raw.body());
    REQUIRE(reset.status == 200);
    CHECK(targets_since(from) == std::vector<std::string>{"PUT /api/users/u-1/reset-password"});
    CHECK(f.vendor().user("u-1")->at("password") == "N3w-Secret-1");

    // With another change: the record's PUT first, then the reset.
    from = f.vendor().calls().size();
    auto both = f.call(verb::patch, "/Users/" + id, patch_of({{"name.givenName", "Babs"}, {"password", "N3w-Secret-2"}}));
    REQUIRE(both.status == 200);
    CHECK(targets_since(from) == std::vector<std::string>{"PUT /api/users/u-1", "PUT /api/users/u-1/reset-password"});
    CHECK(f.vendor().user("u-1")->at("firstName") == "Babs");
    CHECK(f.vendor().user("u-1")->at("password") == "N3w-Secret-2");

    // No password sent: no reset.
    from = f.vendor().calls().size();
    REQUIRE(f.call(verb::patch, "/Users/" + id, patch_of({{"name.givenName", "Barb"}})).status == 200);
    CHECK(targets_since(from) == std::vector<std::string>{"PUT /api/users/u-1"});

    // A reset refused after the PUT took effect: the identity provider hears
    // the refusal, and the store keeps the name the vendor now holds.
    f.vendor().add_fault({"PUT", "/api/users/u-1/reset-password", 400, json::object{{"title", "Password too weak"}}});
    auto refused = f.call(verb::patch, "/Users/" + id, patch_of({{"name.givenName", "Bea"}, {"password", "weak"}}));
    CHECK(refused.status == 400);
    CHECK(refused.raw.body().find("Password too weak") != std::string::npos);
    CHECK(f.vendor().user("u-1")->at("firstName") == "Bea");
    auto read = f.call(verb::get, "/Users/" + id);
    CHECK(text_at(read.body, "/name/givenName") == "Bea");
}

TEST_CASE("a vendor 400 becomes a SCIM 400 with the vendor's message and nothing is stored")
{
    bridge_test::vendor_fixture f;
    auto body = barbara();
    body.erase("emails");  // the vendor requires an email
    auto refused = f.call(verb::post, "/Users", body);
    INFO(refused.raw.body());
    CHECK(refused.status == 400);
    CHECK(text_at(refused.body, "/scimType") == "invalidValue");
    CHECK(text_at(refused.body, "/detail").find("A valid email address is required") != std::string::npos);

    auto listed = f.call(verb::get, "/Users");
    REQUIRE(listed.status == 200);
    CHECK(listed.body.as_object().at("totalResults") == 0);
    bridge_store s(f.directory());
    CHECK(store::sqlite_intent_store(s.db).pending().empty());

    // Refused on update: the stored state stays as it was.
    auto created = f.call(verb::post, "/Users", barbara());
    REQUIRE(created.status == 201);
    const auto id = text_at(created.body, "/id");
    f.vendor().add_fault({"PUT", "/api/users/", 400,
                          json::object{{"title", "Validation failed"},
                                       {"errors", json::array{json::object{{"propertyName", "lastName"},
                                                                           {"errorMessage", "too long"}}}}}});
    auto update = f.call(verb::patch, "/Users/" + id, patch_of({{"name.familyName", "X"}}));
    CHECK(update.status == 400);
    CHECK(text_at(update.body, "/detail").find("too long") != std::string::npos);
    auto read = f.call(verb::get, "/Users/" + id);
    CHECK(text_at(read.body, "/name/familyName") == "Jensen");
}

TEST_CASE("a vendor 503 becomes a SCIM 503 and a vendor 409 a uniqueness error")
{
    bridge_test::vendor_fixture f;
    f.vendor().add_fault({"POST", "/api/users", 503, json::object{{"title", "Maintenance"}}, -1});
    auto refused = f.call(verb::post, "/Users", barbara());
    INFO(refused.raw.body());
    CHECK(refused.status == 503);
    CHECK(!refused.raw[boost::beast::http::field::retry_after].empty());  // identity providers back off on it
    CHECK(f.call(verb::get, "/Users").body.as_object().at("totalResults") == 0);

    f.vendor().clear_faults();
    f.vendor().add_fault({"POST", "/api/users", 409, json::object{{"title", "Duplicate account"}}});
    auto conflict = f.call(verb::post, "/Users", barbara());
    CHECK(conflict.status == 409);
    CHECK(text_at(conflict.body, "/scimType") == "uniqueness");

    CHECK(f.call(verb::post, "/Users", barbara()).status == 201);
}

TEST_CASE("a delete removes the vendor record and the correlation")
{
    bridge_test::vendor_fixture f;
    auto created = f.call(verb::post, "/Users", barbara());
    REQUIRE(created.status == 201);
    const auto id = text_at(created.body, "/id");
    REQUIRE(f.vendor().user("u-1"));

    CHECK(f.call(verb::delete_, "/Users/" + id).status == 204);
    CHECK(!f.vendor().user("u-1"));
    CHECK(f.call(verb::get, "/Users/" + id).status == 404);
    bridge_store s(f.directory());
    CHECK(!store::sqlite_correlation_store(s.db).vendor_id("vendor", "User", id));
}

namespace {

// Barbara (u-1) and Kim (u-2) at the vendor, and group g-3 "Engineering" with Barbara.
struct engineering {
    std::string user_id, kim_id, group_id;
    explicit engineering(bridge_test::vendor_fixture& f)
    {
        auto user = f.call(verb::post, "/Users", barbara());
        REQUIRE(user.status == 201);
        user_id = text_at(user.body, "/id");
        auto second = barbara();
        second["userName"] = "kim";
        auto kim = f.call(verb::post, "/Users", second);
        REQUIRE(kim.status == 201);
        kim_id = text_at(kim.body, "/id");
        json::object group{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                           {"displayName", "Engineering"},
                           {"members", json::array{json::object{{"value", user_id}}}}};
        auto created = f.call(verb::post, "/Groups", group);
        INFO(created.raw.body());
        REQUIRE(created.status == 201);
        group_id = text_at(created.body, "/id");
    }
};

} // namespace

TEST_CASE("groups and their members reach the vendor")
{
    bridge_test::vendor_fixture f;
    const engineering e(f);
    const auto& [user_id, kim_id, group_id] = e;
    auto record = f.vendor().group("g-3");
    REQUIRE(record);
    CHECK(record->at("name") == "Engineering");
    CHECK(record->at("members") == json::array{"u-1"});

    json::object patch{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                       {"Operations", json::array{json::object{{"op", "add"},
                                                               {"path", "members"},
                                                               {"value", json::array{json::object{{"value", kim_id}}}}},
                                                  json::object{{"op", "remove"},
                                                               {"path", "members[value eq \"" + user_id + "\"]"}}}}};
    auto patched = f.call(verb::patch, "/Groups/" + group_id, patch);
    INFO(patched.raw.body());
    REQUIRE(patched.status / 100 == 2);
    CHECK(f.vendor().group("g-3")->at("members") == json::array{"u-2"});
}

// A PATCH naming members one by one reads only those members; a group the
// vendor does not know yet is created there from the whole group.
TEST_CASE("a PATCH naming a member of a group the vendor does not know creates it there whole")
{
    bridge_test::vendor_fixture f;
    const engineering e(f);
    const auto& [user_id, kim_id, group_id] = e;
    {
        // The vendor's record forgotten, as when its create was refused after being accepted.
        bridge_store s(f.directory());
        store::sqlite_correlation_store(s.db).unlink("vendor", "Group", group_id);
    }
    const auto calls_before = f.vendor().calls().size();
    json::object patch{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                       {"Operations", json::array{json::object{{"op", "add"},
                                                               {"path", "members"},
                                                               {"value", json::array{json::object{{"value", kim_id}}}}}}}};
    auto patched = f.call(verb::patch, "/Groups/" + group_id, patch);
    INFO(patched.raw.body());
    REQUIRE(patched.status == 200);
    CHECK(patched.body.at("members").as_array().size() == 2);
    bridge_store s(f.directory());
    const auto linked = store::sqlite_correlation_store(s.db).vendor_id("vendor", "Group", group_id);
    REQUIRE(linked);
    CHECK(linked != std::optional<std::string>("g-3"));
    auto record = f.vendor().group(*linked);
    REQUIRE(record);
    CHECK(record->at("members") == json::array{"u-1", "u-2"});
    for (const auto& call : f.vendor().calls_since(calls_before))
        INFO(call);
}

TEST_CASE("outcome rules: a 200 with a failure inside refuses a removal, an 'already a member' 409 is done")
{
    bridge_test::vendor_fixture f;
    const engineering e(f);
    const auto& [user_id, kim_id, group_id] = e;
    auto members_patch = [](const char* op, const std::string& id) {
        json::object operation{{"op", op}, {"path", "members"}, {"value", json::array{json::object{{"value", id}}}}};
        if (std::string_view(op) == "remove")
            operation = {{"op", op}, {"path", "members[value eq \"" + id + "\"]"}};
        return json::object{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                            {"Operations", json::array{operation}}};
    };

    // The vendor keeps the member and says so inside a 200: before, the
    // identity provider got 200 and believed the user de-provisioned.
    f.vendor().add_fault({"DELETE", "/api/groups/g-3/members/u-1", 200,
                          json::parse(R"({"results": [{"status": "failed", "message": "u-1 owns the group"}]})")});
    auto kept = f.call(verb::patch, "/Groups/" + group_id, members_patch("remove", user_id));
    INFO(kept.raw.body());
    CHECK(kept.status == 400);
    CHECK(text_at(kept.body, "/detail").find("u-1 owns the group") != std::string::npos);
    CHECK(f.call(verb::get, "/Groups/" + group_id).body.at("members").as_array().size() == 1);

    // Adding a user the vendor already has in the group: its 409 means
    // "already so", not a uniqueness error. (The vendor keeps u-2 because
    // it answered a removal without applying it.)
    REQUIRE(f.call(verb::patch, "/Groups/" + group_id, members_patch("add", kim_id)).status / 100 == 2);
    f.vendor().add_fault({"DELETE", "/api/groups/g-3/members/u-2", 204, nullptr});
    REQUIRE(f.call(verb::patch, "/Groups/" + group_id, members_patch("remove", kim_id)).status / 100 == 2);
    auto again = f.call(verb::patch, "/Groups/" + group_id, members_patch("add", kim_id));
    INFO(again.raw.body());
    CHECK(again.status / 100 == 2);
    CHECK(f.vendor().calls().back().status == 409);
    CHECK(f.call(verb::get, "/Groups/" + group_id).body.at("members").as_array().size() == 2);
}

TEST_CASE("a look-up never links a vendor record that another resource is linked to")
{
    bridge_test::vendor_fixture f;
    auto first = f.call(verb::post, "/Users", barbara());
    REQUIRE(first.status == 201);
    // At the vendor, barbara's account now answers to kim's user name (an
    // admin's edit, or a look-up key two people share).
    f.vendor().edit_user("u-1", [](json::object& record) { record["userName"] = "kim"; });
    auto second = barbara();
    second["userName"] = "kim";
    second["name"] = json::object{{"givenName", "Kim"}, {"familyName", "Lee"}};
    auto refused = f.call(verb::post, "/Users", second);
    INFO(refused.raw.body());
    CHECK(refused.status == 409);
    CHECK(text_at(refused.body, "/scimType") == "uniqueness");
    CHECK(text_at(refused.body, "/detail").find("already linked to User " + text_at(first.body, "/id")) !=
          std::string::npos);
    // Barbara's account was neither taken over nor overwritten.
    CHECK(f.vendor().user("u-1")->at("firstName") == "Barbara");
    CHECK(f.vendor().user_count() == 1);
}

TEST_CASE("a group whose members the vendor refuses is taken back at the vendor")
{
    bridge_test::vendor_fixture f;
    auto user = f.call(verb::post, "/Users", barbara());
    REQUIRE(user.status == 201);
    f.vendor().add_fault({"POST", "/api/groups/g-2/members", 400, json::object{{"title", "Membership refused"}}});
    json::object group{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                       {"displayName", "Engineering"},
                       {"members", json::array{json::object{{"value", text_at(user.body, "/id")}}}}};
    auto refused = f.call(verb::post, "/Groups", group);
    INFO(refused.raw.body());
    CHECK(refused.status == 400);
    CHECK(text_at(refused.body, "/detail").find("Membership refused") != std::string::npos);
    CHECK(!f.vendor().group("g-2"));
    CHECK(f.vendor().calls().back().method == "DELETE");
    CHECK(f.call(verb::get, "/Groups").body.as_object().at("totalResults") == 0);
}

namespace {

// The vendor calls whose method is `method` and whose target starts with `prefix`.
std::size_t calls_to(const bridge_test::example_vendor& vendor, const std::string& method, const std::string& prefix)
{
    const auto calls = vendor.calls();
    return static_cast<std::size_t>(std::count_if(calls.begin(), calls.end(), [&](const auto& call) {
        return call.method == method && call.target.starts_with(prefix);
    }));
}

// A create whose answer was lost: the identity provider gets its 201 from
// the same request, the account the lost call made is linked, and later
// writes reach it.
void check_linked_once(bridge_test::vendor_fixture& f, const bridge_test::scim_reply& created)
{
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    CHECK(f.vendor().user_count() == 1);
    CHECK(calls_to(f.vendor(), "POST", "/api/users") == 1);
    const auto id = text_at(created.body, "/id");
    bridge_store s(f.directory());
    CHECK(store::sqlite_correlation_store(s.db).vendor_id("vendor", "User", id) == std::optional<std::string>("u-1"));
    auto patched = f.call(verb::patch, "/Users/" + id, patch_of({{"name.givenName", "Babs"}}));
    REQUIRE(patched.status == 200);
    CHECK(f.vendor().user("u-1")->at("firstName") == "Babs");
}

} // namespace

TEST_CASE("a create whose answer was lost (504) is linked by the next pass's look-up, not duplicated")
{
    bridge_test::vendor_fixture f;
    // The vendor creates the account but its answer never arrives.
    f.vendor().add_fault({"POST", "/api/users", 504, json::object{{"title", "Gateway Timeout"}}, 1, true});
    check_linked_once(f, f.call(verb::post, "/Users", barbara()));
    CHECK(calls_to(f.vendor(), "GET", "/api/users?userName=") == 2);  // one look-up per pass
}

TEST_CASE("a create whose connection dropped after the vendor applied it is linked, not duplicated")
{
    bridge_test::vendor_fixture f;
    vendor_fault dropped{"POST", "/api/users", 200, nullptr, 1, true};
    dropped.drop_connection = true;
    f.vendor().add_fault(dropped);
    check_linked_once(f, f.call(verb::post, "/Users", barbara()));
}

TEST_CASE("a create answered 503 with Retry-After is repeated after the wait: the vendor holds the user once")
{
    bridge_test::vendor_fixture f;
    vendor_fault unavailable{"POST", "/api/users", 503, json::object{{"title", "Maintenance"}}, 2};
    unavailable.headers = {{"Retry-After", "1"}};
    f.vendor().add_fault(unavailable);
    const auto start = std::chrono::steady_clock::now();
    auto created = f.call(verb::post, "/Users", barbara());
    INFO(created.raw.body());
    CHECK(created.status == 201);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::seconds(2));  // both waits were honoured
    CHECK(f.vendor().user_count() == 1);
    CHECK(calls_to(f.vendor(), "POST", "/api/users") == 3);
}

TEST_CASE("a membership call answered 503 is repeated on its own: the sequence goes on from it")
{
    bridge_test::vendor_fixture f;
    auto user = f.call(verb::post, "/Users", barbara());
    REQUIRE(user.status == 201);
    auto group = f.call(verb::post, "/Groups", json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                                                            {"displayName", "Engineering"}});
    REQUIRE(group.status == 201);
    vendor_fault busy{"POST", "/api/groups/g-2/members", 503, json::object{{"title", "Busy"}}, 1};
    busy.headers = {{"Retry-After", "0"}};
    f.vendor().add_fault(busy);
    const auto posts_before = calls_to(f.vendor(), "POST", "/api/");
    json::object add{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                     {"Operations", json::array{json::object{
                                        {"op", "add"}, {"path", "members"},
                                        {"value", json::array{json::object{{"value", text_at(user.body, "/id")}}}}}}}};
    auto patched = f.call(verb::patch, "/Groups/" + text_at(group.body, "/id"), add);
    INFO(patched.raw.body());
    CHECK(patched.status / 100 == 2);
    // Only the refused call was sent again: nothing before it in the write.
    CHECK(calls_to(f.vendor(), "POST", "/api/") - posts_before == 2);
    REQUIRE(f.vendor().group("g-2"));
    CHECK(f.vendor().group("g-2")->at("members").as_array().size() == 1);
}

TEST_CASE("a create without a look-up whose answer was lost is not repeated: 503, one vendor call")
{
    bridge_test::vendor_fixture f;
    // Groups are created without a look-up in the example mapping: a second
    // POST could make a second group.
    f.vendor().add_fault({"POST", "/api/groups", 504, json::object{{"title", "Gateway Timeout"}}, 1, true});
    auto created = f.call(verb::post, "/Groups", json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                                                              {"displayName", "Engineering"}});
    INFO(created.raw.body());
    CHECK(created.status == 503);
    CHECK(calls_to(f.vendor(), "POST", "/api/groups") == 1);
    CHECK(f.call(verb::get, "/Groups").body.as_object().at("totalResults") == 0);
}

TEST_CASE("a vendor target advertises in /Schemas only the attributes its mapping carries")
{
    bridge_test::vendor_fixture f;
    auto names_of = [](const json::value& attributes) {
        std::vector<std::string> names;
        for (const auto& a : attributes.as_array())
            names.emplace_back(a.at("name").as_string());
        return names;
    };
    auto has = [](const std::vector<std::string>& names, const char* name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };

    auto user = f.call(verb::get, "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
    REQUIRE(user.status == 200);
    const auto top = names_of(user.body.at("attributes"));
    CHECK(has(top, "userName"));      // required: always
    CHECK(has(top, "name"));          // mapped
    CHECK(has(top, "emails"));        // mapped through emails[type eq "work"].value
    CHECK(has(top, "active"));        // deactivate/reactivate calls
    CHECK(has(top, "groups"));        // kept by the bridge itself
    CHECK_FALSE(has(top, "photos"));  // the vendor has nowhere to put them
    CHECK_FALSE(has(top, "x509Certificates"));
    CHECK_FALSE(has(top, "nickName"));
    for (const auto& attribute : user.body.at("attributes").as_array()) {
        if (attribute.at("name") == "name") {
            const auto subs = names_of(attribute.at("subAttributes"));
            CHECK(has(subs, "givenName"));
            CHECK(has(subs, "familyName"));
            CHECK_FALSE(has(subs, "honorificPrefix"));
        }
    }
    // The extension carries what is mapped (employeeNumber, manager).
    auto enterprise = f.call(verb::get, "/Schemas/" + std::string(::enterprise));
    REQUIRE(enterprise.status == 200);
    const auto extension = names_of(enterprise.body.at("attributes"));
    CHECK(has(extension, "employeeNumber"));
    CHECK(has(extension, "manager"));
    CHECK_FALSE(has(extension, "costCenter"));

    // The full list agrees with the single schemas.
    auto all = f.call(verb::get, "/Schemas");
    REQUIRE(all.status == 200);
    for (const auto& schema : all.body.at("Resources").as_array())
        if (schema.at("id") == "urn:ietf:params:scim:schemas:core:2.0:User")
            CHECK_FALSE(has(names_of(schema.at("attributes")), "photos"));
}

// Change detection on the whole rendered request (issue 14, finding 3): the
// User of the example vendor mapped in each update style, with a SCIM
// attribute (title) that reaches the vendor only through a request's body
// template, and a template that reads userName lower-cased.
namespace {

const char* full_user = R"(  User:
    attributes:
      - {field: userName, scim: userName, transforms: [trim, lower]}
      - {field: email, scim: 'emails[type eq "work"].value'}
      - {field: firstName, scim: name.givenName}
    operations:
      create:
        request: {method: POST, path: /users, body: {jobTitle: "${scim.title}"}, response: {id: /id, record: ""}}
      update:
        style: full
        request:
          method: PUT
          path: "/users/${vendor_id}"
          body: {jobTitle: "${scim.title}", login: "${scim.userName|lower}"}
      delete:
        request: {method: DELETE, path: "/users/${vendor_id}"}
)";

// The title is a mapped field kept out of every body (in_body: false): it
// reaches the vendor only through ${field.jobTitle} in a template.
const char* delta_user = R"(  User:
    attributes:
      - {field: userName, scim: userName, transforms: [trim, lower]}
      - {field: email, scim: 'emails[type eq "work"].value'}
      - {field: firstName, scim: name.givenName}
      - {field: jobTitle, scim: title, direction: to_vendor, in_body: false}
    operations:
      create:
        request: {method: POST, path: /users, body: {profile: {title: "${field.jobTitle}"}}, response: {id: /id, record: ""}}
      update:
        style: delta
        request:
          method: PATCH
          path: "/users/${vendor_id}"
          body: {profile: {title: "${field.jobTitle}"}, login: "${scim.userName|lower}"}
      delete:
        request: {method: DELETE, path: "/users/${vendor_id}"}
)";

// The title travels in the given name's own request, as the vendor's
// profile endpoint takes both at once.
const char* per_attribute_user = R"(  User:
    attributes:
      - field: userName
        scim: userName
        transforms: [trim, lower]
        update: {method: PUT, path: "/users/${vendor_id}/fields/userName", body: "${value}"}
      - field: email
        scim: 'emails[type eq "work"].value'
        update: {method: PUT, path: "/users/${vendor_id}/fields/email", body: "${value}"}
      - field: firstName
        scim: name.givenName
        update:
          method: PUT
          path: "/users/${vendor_id}/fields/profile"
          body: {first: "${value}", title: "${scim.title}", login: "${scim.userName|lower}"}
    operations:
      create:
        request: {method: POST, path: /users, body: {profile: {first: "${scim.name.givenName}", title: "${scim.title}"}}, response: {id: /id, record: ""}}
      update: {style: per_attribute}
      delete:
        request: {method: DELETE, path: "/users/${vendor_id}"}
)";

// The shipped mapping with its User replaced by `user`.
std::string with_user(std::string mapping, const char* user)
{
    const auto from = mapping.find("  User:\n"), to = mapping.find("  Group:\n");
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    return mapping.replace(from, to - from, user);
}

// A SCIM change seen only through a template reaches the vendor (never a
// 200 with the vendor keeping the old value); one that alters nothing the
// vendor would receive costs no call. `title` reads the vendor's title.
void check_change_detection(const char* user, const std::string& update_call,
                            const std::function<std::string(const json::object&)>& title)
{
    bridge_test::vendor_fixture f([user](std::string mapping) { return with_user(std::move(mapping), user); });
    auto account = barbara();
    account["title"] = "Engineer";
    auto created = f.call(verb::post, "/Users", account);
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    const auto id = text_at(created.body, "/id");
    REQUIRE(title(*f.vendor().user("u-1")) == "Engineer");

    // The title alone: no mapped body field moves, the template's value does.
    auto from = f.vendor().calls().size();
    auto retitled = f.call(verb::patch, "/Users/" + id, patch_of({{"title", "Manager"}}));
    INFO(retitled.raw.body());
    REQUIRE(retitled.status == 200);
    CHECK(f.vendor().calls_since(from) == std::vector<std::string>{update_call});
    CHECK(title(*f.vendor().user("u-1")) == "Manager");
    CHECK(text_at(f.call(verb::get, "/Users/" + id).body, "/title") == "Manager");

    // An attribute the mapping does not send: 200, no call.
    from = f.vendor().calls().size();
    auto nick = f.call(verb::patch, "/Users/" + id, patch_of({{"nickName", "Babs"}}));
    INFO(nick.raw.body());
    CHECK(nick.status == 200);
    CHECK(f.vendor().calls_since(from).empty());

    // A SCIM change that every template and field renders the same (the
    // vendor gets userName lower-cased): 200, no call, the store has it.
    from = f.vendor().calls().size();
    auto recased = f.call(verb::patch, "/Users/" + id, patch_of({{"userName", "BARBARA.Jensen@example.com"}}));
    INFO(recased.raw.body());
    CHECK(recased.status == 200);
    CHECK(f.vendor().calls_since(from).empty());
    CHECK(text_at(f.call(verb::get, "/Users/" + id).body, "/userName") == "BARBARA.Jensen@example.com");
    CHECK(f.vendor().user("u-1")->at("userName") == "barbara.jensen@example.com");
}

} // namespace

namespace {

// What the vendor was asked, in order: "METHOD /api/… → status".
std::vector<std::string> vendor_calls(const bridge_test::example_vendor& vendor)
{
    std::vector<std::string> out;
    for (const auto& call : vendor.calls())
        out.push_back(call.method + " " + call.target + " -> " + std::to_string(call.status));
    return out;
}

json::object bulk_operation(std::string method, std::string path, json::value data = nullptr,
                            std::string bulk_id = {})
{
    json::object operation{{"method", std::move(method)}, {"path", std::move(path)}};
    if (!data.is_null())
        operation["data"] = std::move(data);
    if (!bulk_id.empty())
        operation["bulkId"] = std::move(bulk_id);
    return operation;
}

std::vector<std::string> bulk_statuses(const bridge_test::scim_reply& reply)
{
    std::vector<std::string> out;
    for (const auto& operation : reply.body.at_pointer("/Operations").as_array())
        out.emplace_back(operation.at("status").as_string());
    return out;
}

json::object engineering_with(const std::string& member)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
            {"displayName", "Engineering"},
            {"members", json::array{json::object{{"value", member}}}}};
}

} // namespace

TEST_CASE("update style full: a change seen only through a body template is sent, one the vendor would not see costs no call")
{
    check_change_detection(full_user, "PUT /api/users/u-1",
                           [](const json::object& record) { return text_at(record, "/jobTitle"); });
}

TEST_CASE("update style delta: a change seen only through a body template is sent, one the vendor would not see costs no call")
{
    check_change_detection(delta_user, "PATCH /api/users/u-1",
                           [](const json::object& record) { return text_at(record, "/profile/title"); });
}

TEST_CASE("update style per_attribute: a change seen only through an attribute's request template is sent, one the vendor would not see costs no call")
{
    check_change_detection(per_attribute_user, "PUT /api/users/u-1/fields/profile",
                           [](const json::object& record) { return text_at(record, "/profile/title"); });
}

// RFC 7644 §3.7 through a vendor target: each operation of a bulk goes
// through the pipeline of the single request it stands for.
TEST_CASE("/Bulk on a vendor target makes the vendor calls of its operations sent one by one, in order", "[bulk]")
{
    // One by one: a user, a group with that user, a PATCH, a DELETE.
    bridge_test::vendor_fixture single;
    auto user = single.call(verb::post, "/Users", barbara());
    REQUIRE(user.status == 201);
    const auto user_id = text_at(user.body, "/id");
    auto group = single.call(verb::post, "/Groups", engineering_with(user_id));
    REQUIRE(group.status == 201);
    REQUIRE(single.call(verb::patch, "/Users/" + user_id, patch_of({{"name.givenName", "Babs"}})).status == 200);
    REQUIRE(single.call(verb::delete_, "/Groups/" + text_at(group.body, "/id")).status == 204);
    const auto expected = vendor_calls(single.vendor());
    // The user's look-up and create, the group's create and its member,
    // the user's update, the group's removal (after the login).
    REQUIRE(expected.size() >= 6);

    // The same four as one bulk, the group naming the user by bulkId.
    bridge_test::vendor_fixture batched;
    auto reply = batched.call(
        verb::post, "/Bulk",
        test_support::bulk_body({bulk_operation("POST", "/Users", barbara(), "barbara"),
                      bulk_operation("POST", "/Groups", engineering_with("bulkId:barbara"), "engineering"),
                      bulk_operation("PATCH", "/Users/bulkId:barbara", patch_of({{"name.givenName", "Babs"}})),
                      bulk_operation("DELETE", "/Groups/bulkId:engineering")}));
    INFO(reply.raw.body());
    REQUIRE(reply.status == 200);
    CHECK(bulk_statuses(reply) == std::vector<std::string>{"201", "201", "200", "204"});
    CHECK(vendor_calls(batched.vendor()) == expected);

    // The vendor holds what the single requests left: Babs, no group.
    REQUIRE(batched.vendor().user("u-1"));
    CHECK(batched.vendor().user("u-1")->at("firstName") == "Babs");
    CHECK(!batched.vendor().group("g-2"));
    CHECK(single.vendor().user("u-1")->at("firstName") == "Babs");
    // Correlated as a single create is: later single requests reach u-1.
    const auto location = text_at(reply.body, "/Operations/0/location");
    const auto bulk_user_id = location.substr(location.rfind('/') + 1);
    bridge_store s(batched.directory());
    CHECK(store::sqlite_correlation_store(s.db).vendor_id("vendor", "User", bulk_user_id) ==
          std::optional<std::string>("u-1"));
    CHECK(text_at(batched.call(verb::get, "/Users/" + bulk_user_id).body, "/name/givenName") == "Babs");
}

TEST_CASE("/Bulk on a vendor target answers a vendor refusal as that operation's error, failOnErrors stops there",
          "[bulk]")
{
    auto no_email = barbara();
    no_email.erase("emails");  // the vendor requires an email and says so
    no_email["userName"] = "no-mail";
    auto kim = barbara();
    kim["userName"] = "kim";

    // What the refusal is as a single request, and what the vendor saw.
    bridge_test::vendor_fixture single;
    REQUIRE(single.call(verb::post, "/Users", barbara()).status == 201);
    auto refused = single.call(verb::post, "/Users", no_email);
    REQUIRE(refused.status == 400);
    const auto expected = vendor_calls(single.vendor());

    // failOnErrors 1: the refused operation is the last one run; Kim never
    // reaches the vendor.
    bridge_test::vendor_fixture f;
    auto stopped = f.call(verb::post, "/Bulk",
                          test_support::bulk_body({bulk_operation("POST", "/Users", barbara(), "a"),
                                        bulk_operation("POST", "/Users", no_email, "b"),
                                        bulk_operation("POST", "/Users", kim, "c")},
                                       1));
    INFO(stopped.raw.body());
    REQUIRE(stopped.status == 200);
    CHECK(bulk_statuses(stopped) == std::vector<std::string>{"201", "400"});
    CHECK(text_at(stopped.body, "/Operations/1/bulkId") == "b");
    CHECK(text_at(stopped.body, "/Operations/1/response/status") == "400");
    CHECK(text_at(stopped.body, "/Operations/1/response/scimType") == text_at(refused.body, "/scimType"));
    CHECK(text_at(stopped.body, "/Operations/1/response/detail") == text_at(refused.body, "/detail"));
    CHECK(text_at(stopped.body, "/Operations/1/response/detail").find("A valid email address is required") !=
          std::string::npos);
    CHECK(vendor_calls(f.vendor()) == expected);
    CHECK(f.vendor().user_count() == 1);
    CHECK(f.call(verb::get, "/Users").body.as_object().at("totalResults") == 1);

    // Without failOnErrors the refusal is answered and the bulk goes on.
    // A fault at the vendor this time: its 409 is the operation's uniqueness.
    f.vendor().add_fault({"POST", "/api/users", 409, json::object{{"title", "Duplicate account"}}});
    auto went_on = f.call(verb::post, "/Bulk",
                          test_support::bulk_body({bulk_operation("POST", "/Users", kim, "k"),
                                        bulk_operation("POST", "/Groups", engineering_with("bulkId:k"), "g"),
                                        bulk_operation("POST", "/Users", no_email, "n")}));
    INFO(went_on.raw.body());
    REQUIRE(went_on.status == 200);
    // The group names a user whose create failed: 409 without a vendor call.
    CHECK(bulk_statuses(went_on) == std::vector<std::string>{"409", "409", "400"});
    CHECK(text_at(went_on.body, "/Operations/0/response/scimType") == "uniqueness");
    CHECK(text_at(went_on.body, "/Operations/2/response/scimType") == "invalidValue");
    CHECK(f.vendor().user_count() == 1);
    CHECK(calls_to(f.vendor(), "POST", "/api/groups") == 0);
}
