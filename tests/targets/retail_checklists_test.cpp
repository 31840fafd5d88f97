// retail-checklists end to end: the bridge serves mappings/retail-checklists.yaml
// against the retail checklist simulator (seed 003). The vendor has no
// delete, wants the whole non-nullable object on every PUT (password
// included), an integer businessDirId and lang ru_RU|en_EN; its org levels
// other than COMPANY need division/region/shop ids. Everything is asserted at
// the vendor (the simulator's records and the calls it saw) as well as in the
// SCIM answers.

#include "target_fixture.hpp"

#include <catch2/catch.hpp>

#include <array>

using namespace target_test;

namespace {

constexpr std::array role_booleans = {"supervisor", "admin", "surveyAdmin", "taskManager", "userChecklistsOrganizer",
                                      "shopDirector", "canEditAllProcesses", "canViewAllProcesses",
                                      "canEditAllChlTemplates", "canEditSelectedChlTemplates"};

// A user as Entra ID creates it (its default attribute mappings).
json::object entra_user(const std::string& user_name)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User", enterprise_urn}},
            {"externalId", "e-1001"},
            {"userName", user_name},
            {"active", true},
            {"displayName", "Anna Petrova"},
            {"emails", json::array{json::object{{"primary", true}, {"type", "work"}, {"value", user_name}}}},
            {"meta", {{"resourceType", "User"}}},
            {"name", {{"formatted", "Anna Petrova"}, {"familyName", "Petrova"}, {"givenName", "Anna"}}},
            {"title", "Store manager"},
            {"preferredLanguage", "ru-RU"},
            {"timezone", "Europe/Moscow"},
            {enterprise_urn, {{"department", "Retail"}, {"employeeNumber", "1001"}}}};
}

// A user as Okta creates it: password and an empty groups list included.
json::object okta_user(const std::string& user_name)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
            {"userName", user_name},
            {"name", {{"givenName", "Oleg"}, {"familyName", "Ivanov"}}},
            {"emails", json::array{json::object{{"primary", true}, {"value", user_name}, {"type", "work"}}}},
            {"title", "Cashier"},
            {"preferredLanguage", "en-US"},
            {"timezone", "Europe/Samara"},
            {"displayName", "Oleg Ivanov"},
            {"locale", "en-US"},
            {"externalId", "00u1abcd"},
            {"groups", json::array{}},
            {"password", "tlpWENT2m"},
            {"active", true}};
}

// The vendor's record with this login (case-insensitive, as the vendor
// compares), or null.
json::value vendor_user(target_fixture& f, const std::string& login)
{
    json::value found;
    const auto state = f.sim_state();  // a named object: the loop below reads into it
    for (const auto& u : state.at("users").as_array()) {
        const auto& user = u.as_object();
        if (const auto* l = user.if_contains("login"); l && l->is_string()) {
            std::string a(l->as_string()), b = login;
            for (auto* s : {&a, &b})
                for (auto& c : *s)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (a == b) {
                REQUIRE(found.is_null());
                found = user;
            }
        }
    }
    return found;
}

json::value vendor_user_by_id(target_fixture& f, std::int64_t id)
{
    const auto state = f.sim_state();
    for (const auto& u : state.at("users").as_array())
        if (u.at("id") == id)
            return u;
    return nullptr;
}

// The vendor calls (not the control API) since the last clear, as
// "METHOD path" strings, oldest first.
std::vector<std::string> call_lines(target_fixture& f)
{
    std::vector<std::string> out;
    const auto calls = f.vendor_calls();
    for (const auto& c : calls)
        out.push_back(std::string(c.at("method").as_string()) + " " + std::string(c.at("path").as_string()));
    return out;
}

const json::object& last_call(const json::array& calls)
{
    REQUIRE_FALSE(calls.empty());
    return calls.back().as_object();
}

json::object call_body(const json::object& call)
{
    const auto& body = call.at("body");
    if (body.is_object())
        return body.as_object();
    REQUIRE(body.is_string());
    return json::parse(body.as_string()).as_object();
}

// What every write must carry: the vendor refuses a body without the whole
// non-nullable set, so these hold for create, update and delete alike.
void check_non_nullable_set(const json::object& body, std::int64_t business_dir = 1)
{
    CHECK(body.at("password").is_string());  // masked by the simulator's log
    CHECK(body.at("authType") == "LDAP");
    CHECK(body.at("level") == "COMPANY");
    REQUIRE(body.contains("businessDirId"));
    CHECK(body.at("businessDirId").is_int64());
    CHECK(body.at("businessDirId") == business_dir);
    CHECK(body.at("active").is_bool());
    for (auto role : role_booleans) {
        INFO(role);
        CHECK(body.at(role) == false);
    }
    CHECK((body.at("lang") == "ru_RU" || body.at("lang") == "en_EN"));
    CHECK(body.at("login").is_string());
}

std::int64_t vendor_id_of(const json::value& user)
{
    REQUIRE(user.is_object());
    return user.at("id").as_int64();
}

void check_scim_error(const reply& r, unsigned status, const std::string& scim_type)
{
    INFO(r.raw.body());
    CHECK(r.status == status);
    REQUIRE(r.body.is_object());
    CHECK(r.body.at("schemas").as_array().front() == "urn:ietf:params:scim:api:messages:2.0:Error");
    CHECK(r.body.at("status") == json::string(std::to_string(status)));
    if (!scim_type.empty())
        CHECK(r.text("/scimType") == scim_type);
}

} // namespace

TEST_CASE("Entra ID: lookup, create, attribute PATCHes and soft delete reach the vendor field by field")
{
    target_fixture f("retail-checklists");
    const std::string name = "anna.petrova@example.com";

    auto none = f.scim(verb::get, user_name_filter(name));
    REQUIRE(none.status == 200);
    CHECK(none.body.at("totalResults") == 0);

    auto created = f.scim(verb::post, "/Users", entra_user(name));
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    const std::string id = created.text("/id");
    REQUIRE_FALSE(id.empty());
    CHECK(created.text("/userName") == name);
    CHECK(created.text("/name/givenName") == "Anna");
    CHECK(created.body.at("active") == true);
    // Looked up first (an active account with that login would be linked), then created.
    CHECK(call_lines(f) == std::vector<std::string>{"GET /api/v1/users", "POST /api/v1/users"});
    const auto calls = f.vendor_calls();
    CHECK(calls.at(0).at("query").at("login") == json::string(name));
    CHECK(calls.at(0).at("query").at("active") == "true");
    check_non_nullable_set(call_body(last_call(calls)));

    auto user = vendor_user(f, name);
    REQUIRE(user.is_object());
    const auto vendor_id = vendor_id_of(user);
    CHECK(user.at("login") == json::string(name));
    CHECK(user.at("ldapLogin") == json::string(name));
    CHECK(user.at("email") == json::string(name));
    CHECK(user.at("externalId") == "e-1001");
    CHECK(user.at("firstName") == "Anna");
    CHECK(user.at("lastName") == "Petrova");
    CHECK(user.at("position") == "Store manager");
    CHECK(user.at("timeZoneId") == "Europe/Moscow");
    CHECK(user.at("lang") == "ru_RU");
    CHECK(user.at("active") == true);
    CHECK(user.at("authType") == "LDAP");
    CHECK(user.at("level") == "COMPANY");
    CHECK(user.at("businessDirId") == 1);
    CHECK(user.at("password") == "***");  // stored (the vendor required it), masked by the simulator

    auto found = f.scim(verb::get, user_name_filter(name));
    REQUIRE(found.status == 200);
    REQUIRE(found.body.at("totalResults") == 1);
    CHECK(found.body.at("Resources").as_array().front().at("id") == json::string(id));

    SECTION("Entra's PATCH shapes: Replace, dotted and filtered paths, the enterprise URN")
    {
        f.forget_vendor_calls();
        auto patched = f.scim(verb::patch, "/Users/" + id,
                              scim_patch({replace_op("name.givenName", "Anya"),
                                          replace_op("emails[type eq \"work\"].value", "anya.petrova@example.com"),
                                          replace_op(std::string(enterprise_urn) + ":department", "Operations")}));
        INFO(patched.raw.body());
        REQUIRE(patched.status == 200);
        CHECK(patched.text("/name/givenName") == "Anya");
        CHECK(patched.text("/emails/0/value") == "anya.petrova@example.com");
        CHECK(patched.text("/" + std::string(enterprise_urn) + "/department") == "Operations");

        // One full PUT carrying the whole object.
        CHECK(call_lines(f) == std::vector<std::string>{"PUT /api/v1/users/" + std::to_string(vendor_id)});
        auto body = call_body(last_call(f.vendor_calls()));
        check_non_nullable_set(body);
        CHECK(body.at("firstName") == "Anya");
        CHECK(body.at("lastName") == "Petrova");
        // The document's update table has no externalId (issue 14, finding 8).
        CHECK(!body.contains("externalId"));

        auto after = vendor_user_by_id(f, vendor_id);
        CHECK(after.at("firstName") == "Anya");
        CHECK(after.at("email") == "anya.petrova@example.com");
        CHECK(after.at("lastName") == "Petrova");
        CHECK(after.at("login") == json::string(name));
        CHECK(after.at("position") == "Store manager");
        CHECK(after.at("lang") == "ru_RU");
        CHECK(after.at("externalId") == "e-1001");
        CHECK(after.at("active") == true);
    }

    SECTION("a PATCH of attributes the vendor does not have (department, manager) costs no vendor call")
    {
        // The vendor has no manager: Entra's manager reference is kept in
        // SCIM only. The generated password must not turn this into a PUT.
        auto boss = f.scim(verb::post, "/Users", entra_user("boss@example.com"));
        REQUIRE(boss.status == 201);
        f.forget_vendor_calls();
        auto patched = f.scim(verb::patch, "/Users/" + id,
                              scim_patch({replace_op(std::string(enterprise_urn) + ":department", "Operations"),
                                          add_op(std::string(enterprise_urn) + ":manager", json::string(boss.text("/id")))}));
        INFO(patched.raw.body());
        REQUIRE(patched.status == 200);
        CHECK(patched.text("/" + std::string(enterprise_urn) + "/department") == "Operations");
        CHECK(patched.text("/" + std::string(enterprise_urn) + "/manager/value") == boss.text("/id"));
        CHECK(call_lines(f).empty());
        CHECK(vendor_user_by_id(f, vendor_id).at("position") == "Store manager");
    }

    SECTION("Entra's soft delete: active \"False\" deactivates at the vendor, the user stays readable")
    {
        f.forget_vendor_calls();
        auto off = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("active", "False")}));
        INFO(off.raw.body());
        REQUIRE(off.status == 200);
        CHECK(off.body.at("active") == false);
        CHECK(call_lines(f) == std::vector<std::string>{"PUT /api/v1/users/" + std::to_string(vendor_id)});
        check_non_nullable_set(call_body(last_call(f.vendor_calls())));

        auto after = vendor_user_by_id(f, vendor_id);
        CHECK(after.at("active") == false);
        CHECK(after.at("firstName") == "Anna");
        CHECK(after.at("email") == json::string(name));

        auto read = f.scim(verb::get, "/Users/" + id);
        REQUIRE(read.status == 200);
        CHECK(read.body.at("active") == false);
        auto still = f.scim(verb::get, user_name_filter(name));
        CHECK(still.body.at("totalResults") == 1);
    }
}

TEST_CASE("Okta: lookup, create, full PUT, deactivate and reactivate by PATCH without a path")
{
    // businessDirId is a deployment parameter, sent as a JSON integer.
    target_fixture f("retail-checklists", {{{"businessDirId", "7"}}});
    const std::string name = "oleg.ivanov@example.com";

    auto none = f.scim(verb::get, user_name_filter(name) + "&startIndex=1&count=100");
    REQUIRE(none.status == 200);
    CHECK(none.body.at("totalResults") == 0);

    auto created = f.scim(verb::post, "/Users", okta_user(name));
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    const std::string id = created.text("/id");
    CHECK_FALSE(created.body.as_object().contains("password"));  // write-only
    auto user = vendor_user(f, name);
    REQUIRE(user.is_object());
    const auto vendor_id = vendor_id_of(user);
    CHECK(user.at("firstName") == "Oleg");
    CHECK(user.at("lastName") == "Ivanov");
    CHECK(user.at("position") == "Cashier");
    CHECK(user.at("timeZoneId") == "Europe/Samara");
    CHECK(user.at("lang") == "en_EN");
    CHECK(user.at("externalId") == "00u1abcd");
    CHECK(user.at("active") == true);
    CHECK(user.at("businessDirId") == 7);

    // Okta's profile push: GET, then PUT of the whole resource.
    REQUIRE(f.scim(verb::get, "/Users/" + id).status == 200);
    auto full = okta_user(name);
    full["id"] = id;
    full.erase("password");
    full["name"] = {{"givenName", "Oleg"}, {"familyName", "Sidorov"}};
    full["title"] = "Shift lead";
    full["preferredLanguage"] = "ru";
    f.forget_vendor_calls();
    auto put = f.scim(verb::put, "/Users/" + id, full);
    INFO(put.raw.body());
    REQUIRE(put.status == 200);
    CHECK(put.text("/name/familyName") == "Sidorov");
    CHECK(put.text("/title") == "Shift lead");
    CHECK(call_lines(f) == std::vector<std::string>{"PUT /api/v1/users/" + std::to_string(vendor_id)});
    check_non_nullable_set(call_body(last_call(f.vendor_calls())), 7);
    user = vendor_user_by_id(f, vendor_id);
    CHECK(user.at("lastName") == "Sidorov");
    CHECK(user.at("firstName") == "Oleg");
    CHECK(user.at("position") == "Shift lead");
    CHECK(user.at("lang") == "ru_RU");
    CHECK(user.at("externalId") == "00u1abcd");

    // Okta's deactivation.
    f.forget_vendor_calls();
    auto off = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op(json::object{{"active", false}})}));
    INFO(off.raw.body());
    REQUIRE(off.status == 200);
    CHECK(off.body.at("active") == false);
    CHECK(call_lines(f) == std::vector<std::string>{"PUT /api/v1/users/" + std::to_string(vendor_id)});
    user = vendor_user_by_id(f, vendor_id);
    CHECK(user.at("active") == false);
    CHECK(user.at("lastName") == "Sidorov");
    CHECK(user.at("position") == "Shift lead");

    // Okta's reactivation.
    auto on = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op(json::object{{"active", true}})}));
    INFO(on.raw.body());
    REQUIRE(on.status == 200);
    CHECK(on.body.at("active") == true);
    user = vendor_user_by_id(f, vendor_id);
    CHECK(user.at("active") == true);
    CHECK(user.at("lastName") == "Sidorov");
    CHECK(vendor_user(f, name).at("id") == vendor_id);  // the same vendor record, never a second one
    CHECK(f.sim_state().at("users").as_array().size() == 1);
}

TEST_CASE("a removed optional attribute is cleared at the vendor, not left stale")
{
    target_fixture f("retail-checklists");
    const std::string name = "vera.k@example.com";
    auto created = f.scim(verb::post, "/Users", entra_user(name));
    REQUIRE(created.status == 201);
    const std::string id = created.text("/id");
    const auto vendor_id = vendor_id_of(vendor_user(f, name));
    REQUIRE(vendor_user_by_id(f, vendor_id).at("position") == "Store manager");

    SECTION("Entra: Remove title")
    {
        auto patched = f.scim(verb::patch, "/Users/" + id, scim_patch({remove_op("title")}));
        INFO(patched.raw.body());
        REQUIRE(patched.status == 200);
        CHECK_FALSE(patched.body.as_object().contains("title"));
    }
    SECTION("Okta: a full PUT without title")
    {
        auto full = entra_user(name);
        full.erase("title");
        auto put = f.scim(verb::put, "/Users/" + id, full);
        INFO(put.raw.body());
        REQUIRE(put.status == 200);
    }
    auto body = call_body(last_call(f.vendor_calls()));
    INFO(json::serialize(body));
    REQUIRE(body.contains("position"));
    CHECK(body.at("position").is_null());
    CHECK(vendor_user_by_id(f, vendor_id).at("position").is_null());
}

TEST_CASE("preferredLanguage becomes ru_RU or en_EN, a time zone the vendor cannot take is refused before any call")
{
    target_fixture f("retail-checklists");
    struct row { const char* sent; const char* lang; };
    int n = 0;
    for (auto [sent, lang] : {row{"ru-RU", "ru_RU"}, row{"ru", "ru_RU"}, row{"RU-ru", "ru_RU"}, row{"en-GB", "en_EN"},
                              row{"de-DE", "en_EN"}, row{nullptr, "en_EN"}}) {
        INFO((sent ? sent : "(none)"));
        auto user = entra_user("lang" + std::to_string(++n) + "@example.com");
        if (sent)
            user["preferredLanguage"] = sent;
        else
            user.erase("preferredLanguage");
        auto created = f.scim(verb::post, "/Users", user);
        INFO(created.raw.body());
        REQUIRE(created.status == 201);
        CHECK(vendor_user(f, "lang" + std::to_string(n) + "@example.com").at("lang") == lang);
    }

    f.forget_vendor_calls();
    auto user = entra_user("tz@example.com");
    user["timezone"] = "Mars/Olympus_Mons";
    auto refused = f.scim(verb::post, "/Users", user);
    check_scim_error(refused, 400, "invalidValue");
    CHECK_THAT(refused.text("/detail"), Catch::Contains("timezone"));
    CHECK(call_lines(f).empty());
    CHECK(f.scim(verb::get, user_name_filter("tz@example.com")).body.at("totalResults") == 0);
}

TEST_CASE("SCIM DELETE deactivates at the vendor (no delete there) and forgets the user in SCIM")
{
    target_fixture f("retail-checklists");
    const std::string name = "gone@example.com";
    auto created = f.scim(verb::post, "/Users", entra_user(name));
    REQUIRE(created.status == 201);
    const std::string id = created.text("/id");
    const auto vendor_id = vendor_id_of(vendor_user(f, name));

    f.forget_vendor_calls();
    auto deleted = f.scim(verb::delete_, "/Users/" + id);
    INFO(deleted.raw.body());
    REQUIRE(deleted.status == 204);
    // The full PUT with active false: the vendor answers 405 to DELETE.
    CHECK(call_lines(f) == std::vector<std::string>{"PUT /api/v1/users/" + std::to_string(vendor_id)});
    auto body = call_body(last_call(f.vendor_calls()));
    check_non_nullable_set(body);
    CHECK(body.at("active") == false);

    auto user = vendor_user_by_id(f, vendor_id);
    REQUIRE(user.is_object());  // still there: the vendor keeps its users
    CHECK(user.at("active") == false);
    CHECK(user.at("firstName") == "Anna");
    CHECK(user.at("lastName") == "Petrova");
    CHECK(user.at("email") == json::string(name));
    CHECK(user.at("position") == "Store manager");
    CHECK(user.at("lang") == "ru_RU");

    CHECK(f.scim(verb::get, "/Users/" + id).status == 404);
    CHECK(f.scim(verb::get, user_name_filter(name)).body.at("totalResults") == 0);
    check_scim_error(f.scim(verb::delete_, "/Users/" + id), 404, "");

    // The identity provider assigning the same person again: the vendor
    // still holds the login, and says so.
    auto again = f.scim(verb::post, "/Users", entra_user(name));
    check_scim_error(again, 400, "invalidValue");
    CHECK_THAT(again.text("/detail"), Catch::Contains("already exists"));
}

TEST_CASE("the vendor's validation errors reach the identity provider as 400 invalidValue with its message")
{
    target_fixture f("retail-checklists");
    // A former employee's account, deactivated in the product: it still
    // holds its login, and the bridge does not take over inactive accounts.
    f.seed_sim({{"users", json::array{json::object{
        {"login", "Taken@Example.com"}, {"password", "x-Secret-1"}, {"authType", "LOCAL"}, {"level", "COMPANY"},
        {"active", false}, {"supervisor", false}, {"admin", false}, {"surveyAdmin", false}, {"taskManager", false},
        {"userChecklistsOrganizer", false}, {"shopDirector", false}, {"canEditAllProcesses", false},
        {"canViewAllProcesses", false}, {"canEditAllChlTemplates", false}, {"canEditSelectedChlTemplates", false},
        {"lang", "en_EN"}, {"businessDirId", 3}}}}});

    SECTION("a duplicate login (the vendor's 400, compared case-insensitively)")
    {
        auto refused = f.scim(verb::post, "/Users", entra_user("taken@example.com"));
        check_scim_error(refused, 400, "invalidValue");
        const auto detail = refused.text("/detail");
        CHECK_THAT(detail, Catch::Contains("user with login taken@example.com already exists"));
        // The vendor's field is named as the SCIM attribute it comes from.
        CHECK_THAT(detail, Catch::Contains("userName"));
        CHECK(f.scim(verb::get, user_name_filter("taken@example.com")).body.at("totalResults") == 0);
        CHECK(f.sim_state().at("users").as_array().size() == 1);
    }
    SECTION("an e-mail the vendor finds malformed")
    {
        auto user = entra_user("ok@example.com");
        user["emails"] = json::array{json::object{{"type", "work"}, {"value", "not an address"}}};
        auto refused = f.scim(verb::post, "/Users", user);
        check_scim_error(refused, 400, "invalidValue");
        CHECK_THAT(refused.text("/detail"), Catch::Contains("must be a well-formed email address"));
        CHECK_THAT(refused.text("/detail"), Catch::Contains("emails"));
        CHECK(f.scim(verb::get, user_name_filter("ok@example.com")).body.at("totalResults") == 0);
    }
    SECTION("an update refused by the vendor leaves SCIM as it was")
    {
        auto created = f.scim(verb::post, "/Users", entra_user("free@example.com"));
        REQUIRE(created.status == 201);
        const std::string id = created.text("/id");
        auto refused = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("userName", "TAKEN@example.com")}));
        check_scim_error(refused, 400, "invalidValue");
        CHECK_THAT(refused.text("/detail"), Catch::Contains("already exists"));
        CHECK(f.scim(verb::get, "/Users/" + id).text("/userName") == "free@example.com");
        CHECK(vendor_user(f, "free@example.com").is_object());
    }
}

TEST_CASE("a write after the vendor changed its token fails clearly, and works again once the token is right")
{
    target_fixture f("retail-checklists");
    auto created = f.scim(verb::post, "/Users", entra_user("token@example.com"));
    REQUIRE(created.status == 201);
    const std::string id = created.text("/id");
    const auto vendor_id = vendor_id_of(vendor_user(f, "token@example.com"));

    // The vendor restarted its auth: the bridge's static token is no longer valid.
    f.configure_sim({{"bearer_token", "rotated-token"}});
    f.forget_vendor_calls();
    auto refused = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("title", "Auditor")}));
    check_scim_error(refused, 502, "");
    const auto detail = refused.text("/detail");
    CHECK_THAT(detail, Catch::Contains("credentials"));
    CHECK_THAT(detail, !Catch::Contains("retail-checklists-token"));
    // A static token cannot be renewed: one call, no retry storm.
    auto calls = f.vendor_calls();
    CHECK(calls.size() == 1);
    CHECK(last_call(calls).at("status") == 401);
    CHECK(vendor_user_by_id(f, vendor_id).at("position") == "Store manager");
    CHECK(f.scim(verb::get, "/Users/" + id).text("/title") == "Store manager");
    CHECK_THAT(f.bridge_log(), !Catch::Contains("retail-checklists-token"));

    // The operator fixes the token (here: the vendor takes the old one back);
    // the identity provider's retry goes through.
    f.configure_sim({{"bearer_token", "retail-checklists-token"}});
    auto retried = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("title", "Auditor")}));
    INFO(retried.raw.body());
    REQUIRE(retried.status == 200);
    CHECK(vendor_user_by_id(f, vendor_id).at("position") == "Auditor");
}

TEST_CASE("the org level and role booleans are the mapping's constants: an IdP update overwrites what the product set")
{
    // The vendor wants level, the role booleans and businessDirId on every
    // PUT and the bridge cannot read them first, so the mapping's constants
    // win. This pins that documented limit (docs/targets/retail-checklists.md).
    target_fixture f("retail-checklists");
    auto created = f.scim(verb::post, "/Users", entra_user("shop@example.com"));
    REQUIRE(created.status == 201);
    const std::string id = created.text("/id");
    const auto vendor_id = vendor_id_of(vendor_user(f, "shop@example.com"));

    // An administrator makes the user a shop director in the product.
    auto product_side = vendor_user_by_id(f, vendor_id).as_object();
    product_side.erase("id");
    product_side.erase("externalId");  // a read member the update table does not list
    product_side["password"] = "Product-Set-1";
    product_side["level"] = "SHOP";
    product_side["shopDirector"] = true;
    SECTION("the vendor itself refuses the SHOP level without shop ids")
    {
        auto refused = f.sim(verb::put, "/api/v1/users/" + std::to_string(vendor_id), product_side,
                             {{"Authorization", "Bearer retail-checklists-token"}});
        CHECK(refused.status == 400);
        CHECK_THAT(refused.text("/message"), Catch::Contains("shopIds: must not be null when level = SHOP"));
    }
    SECTION("with shop ids it takes it; the next IdP update resets level and roles")
    {
        product_side["shopIds"] = json::array{7};
        auto set = f.sim(verb::put, "/api/v1/users/" + std::to_string(vendor_id), product_side,
                         {{"Authorization", "Bearer retail-checklists-token"}});
        REQUIRE(set.status == 200);
        REQUIRE(f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("title", "Director")})).status == 200);
        auto user = vendor_user_by_id(f, vendor_id);
        CHECK(user.at("position") == "Director");
        CHECK(user.at("level") == "COMPANY");
        CHECK(user.at("shopDirector") == false);
    }
}

TEST_CASE("a create without active is an active user at the vendor (active is non-nullable there)")
{
    target_fixture f("retail-checklists");
    auto user = entra_user("quiet@example.com");
    user.erase("active");
    auto created = f.scim(verb::post, "/Users", user);
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    auto vendor = vendor_user(f, "quiet@example.com");
    REQUIRE(vendor.is_object());
    CHECK(vendor.at("active") == true);
}

TEST_CASE("groups are not provisioned to this vendor: Okta's group push gets a clear refusal")
{
    target_fixture f("retail-checklists");
    auto none = f.scim(verb::get, "/Groups?filter=displayName%20eq%20%22Cashiers%22");
    CHECK(none.status == 200);  // Okta's lookup before a push: empty, not an error
    auto pushed = f.scim(verb::post, "/Groups",
                         json::object{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                                      {"displayName", "Cashiers"}, {"members", json::array{}}});
    INFO(pushed.raw.body());
    CHECK(pushed.status == 501);
    CHECK_THAT(pushed.text("/detail"), Catch::Contains("Group"));
    CHECK(f.vendor_calls().empty());
}

TEST_CASE("an active account the vendor already has is linked on create, not refused as a taken login")
{
    target_fixture f("retail-checklists");

    SECTION("one made in the product: linked and brought in line with the identity provider's values")
    {
        f.seed_sim({{"users", json::array{json::object{
            {"login", "Made.By.Hand@example.com"}, {"password", "x-Secret-1"}, {"authType", "LOCAL"},
            {"level", "COMPANY"}, {"active", true}, {"supervisor", false}, {"admin", false}, {"surveyAdmin", false},
            {"taskManager", false}, {"userChecklistsOrganizer", false}, {"shopDirector", false},
            {"canEditAllProcesses", false}, {"canViewAllProcesses", false}, {"canEditAllChlTemplates", false},
            {"canEditSelectedChlTemplates", false}, {"lang", "en_EN"}, {"businessDirId", 1},
            {"firstName", "Hand"}}}}});
        const auto vendor_id = vendor_id_of(vendor_user(f, "made.by.hand@example.com"));
        f.forget_vendor_calls();
        auto created = f.scim(verb::post, "/Users", entra_user("made.by.hand@example.com"));
        INFO(created.raw.body());
        REQUIRE(created.status == 201);
        CHECK(call_lines(f) ==
              std::vector<std::string>{"GET /api/v1/users", "PUT /api/v1/users/" + std::to_string(vendor_id)});
        CHECK(f.sim_state().at("users").as_array().size() == 1);
        CHECK(vendor_user_by_id(f, vendor_id).at("firstName") == "Anna");

        auto patched = f.scim(verb::patch, "/Users/" + created.text("/id"), scim_patch({replace_op("title", "Clerk")}));
        REQUIRE(patched.status == 200);
        auto user = vendor_user_by_id(f, vendor_id);
        CHECK(user.at("position") == "Clerk");
        CHECK(user.at("firstName") == "Anna");
        CHECK(user.at("authType") == "LDAP");
    }
    SECTION("our own create whose answer was lost: the identity provider's retry links it")
    {
        // The second vendor call (the POST) is applied, but its answer arrives cut in half.
        f.set_faults({{"malformed_json_every_n", 2}});
        auto lost = f.scim(verb::post, "/Users", entra_user("lost@example.com"));
        INFO(lost.raw.body());
        REQUIRE(vendor_user(f, "lost@example.com").is_object());
        f.set_faults({});
        CHECK(lost.status == 502);  // the bridge cannot know the vendor id: nothing is stored
        CHECK_THAT(lost.text("/detail"), Catch::Contains("malformed JSON"));
        CHECK(f.scim(verb::get, user_name_filter("lost@example.com")).body.at("totalResults") == 0);
        // Entra retries the whole sequence: lookup (finds it), no second POST
        // (the PUT brings the found account to the current state).
        f.forget_vendor_calls();
        auto retried = f.scim(verb::post, "/Users", entra_user("lost@example.com"));
        INFO(retried.raw.body());
        REQUIRE(retried.status == 201);
        const auto lines = call_lines(f);
        REQUIRE(lines.size() == 2);
        CHECK(lines[0] == "GET /api/v1/users");
        CHECK(lines[1].starts_with("PUT /api/v1/users/"));
        auto id = f.scim(verb::get, user_name_filter("lost@example.com")).body.at("Resources").at(0).at("id");
        auto patched = f.scim(verb::patch, "/Users/" + std::string(id.as_string()),
                              scim_patch({replace_op("title", "Clerk")}));
        INFO(patched.raw.body());
        CHECK(patched.status == 200);
        CHECK(f.sim_state().at("users").as_array().size() == 1);
        CHECK(vendor_user(f, "lost@example.com").at("position") == "Clerk");
    }
}
