// twiser-wokr end to end: the bridge in front of the Wokr simulator, driven
// the way Entra ID and Okta drive it (docs/idp/quirks.md), with Wokr's own
// records checked field by field. What is expected of Wokr is what
// mappings/twiser-wokr.yaml and docs/targets/twiser-wokr.md promise.

#include "target_fixture.hpp"

#include "observability/process_metrics.hpp"
#include "observability/vendor_errors.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace target_test;

namespace {

const json::string core_schema = "urn:ietf:params:scim:schemas:core:2.0:User";
const std::string manager_path = std::string(enterprise_urn) + ":manager";

// A user as Entra ID's default attribute mappings POST it.
json::object entra_user(const std::string& user_name, const std::string& given, const std::string& family)
{
    return {{"schemas", json::array{core_schema, enterprise_urn}},
            {"externalId", given + "." + family},
            {"userName", user_name},
            {"active", true},
            {"displayName", given + " " + family},
            {"title", "Engineer"},
            {"preferredLanguage", "tr-TR"},
            {"emails", json::array{json::object{{"primary", true}, {"type", "work"}, {"value", user_name}}}},
            {"name", json::object{{"formatted", given + " " + family}, {"familyName", family}, {"givenName", given}}},
            {"addresses", json::array{json::object{{"type", "work"}, {"locality", "Istanbul"}, {"country", "TR"},
                                                   {"primary", false}}}},
            {"phoneNumbers", json::array{json::object{{"type", "work"}, {"value", "+90 212 555 0101"}}}},
            {enterprise_urn, json::object{{"employeeNumber", "E-" + given}, {"department", "Finance"}}}};
}

// A user as Okta's SCIM 2.0 app POSTs it: password and an empty groups list included.
json::object okta_user(const std::string& user_name, const std::string& given, const std::string& family)
{
    return {{"schemas", json::array{core_schema, enterprise_urn}},
            {"userName", user_name},
            {"name", json::object{{"givenName", given}, {"familyName", family}}},
            {"emails", json::array{json::object{{"primary", true}, {"value", user_name}, {"type", "work"}}}},
            {"displayName", given + " " + family},
            {"locale", "en-US"},
            {"preferredLanguage", "en"},
            {"timezone", "Europe/Istanbul"},
            {"title", "Analyst"},
            {"externalId", "00u" + given},
            {"groups", json::array{}},
            {"password", "Okta-Generated-1!"},
            {"active", true},
            {enterprise_urn, json::object{{"department", "Sales"}, {"division", "EMEA"}}}};
}

// The Wokr record whose Email is `email` (case-insensitive, as Wokr matches).
json::object wokr_user_by_email(target_fixture& f, std::string email)
{
    auto lower = [](std::string s) {
        for (auto& c : s)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    const auto state = f.sim_state();
    for (const auto& u : state.at("users").as_array()) {
        const auto& rec = u.as_object();
        if (rec.at("Email").is_string() && lower(std::string(rec.at("Email").as_string())) == lower(email))
            return rec;
    }
    FAIL("no Wokr user with Email " << email);
    return {};
}

json::object wokr_user_by_id(target_fixture& f, const json::value& id)
{
    const auto state = f.sim_state();
    for (const auto& u : state.at("users").as_array())
        if (u.as_object().at("Id") == id)
            return u.as_object();
    FAIL("no Wokr user with Id " << id);
    return {};
}

std::size_t user_count(target_fixture& f) { return f.sim_state().at("users").as_array().size(); }

// The vendor calls to `path`, oldest first.
std::vector<json::object> calls_to(target_fixture& f, const char* path)
{
    std::vector<json::object> out;
    const auto calls = f.vendor_calls();
    for (const auto& c : calls)
        if (c.as_object().at("path") == path)
            out.push_back(c.as_object());
    return out;
}

constexpr const char* login_path = "/identity/api/auth/login";
constexpr const char* user_path = "/identity/api/application-user";

// The first 19 characters (YYYY-MM-DDTHH:MM:SS) of an ISO instant: Wokr's
// dates are sent without fractions, SCIM's meta times may carry them.
std::string to_second(const std::string& instant) { return instant.substr(0, 19); }

} // namespace

TEST_CASE("Entra ID provisions a user into Wokr: create, attribute PATCHes, manager, disable, delete")
{
    target_fixture f("twiser-wokr");

    // Entra asks first, then creates.
    auto absent = f.scim(verb::get, user_name_filter("alice.smith@contoso.com"));
    REQUIRE(absent.status == 200);
    CHECK(absent.body.at("totalResults") == 0);

    auto created = f.scim(verb::post, "/Users", entra_user("alice.smith@contoso.com", "Alice", "Smith"));
    REQUIRE(created.status == 201);
    const std::string alice_id = created.text("/id");
    REQUIRE_FALSE(alice_id.empty());
    CHECK(created.text("/userName") == "alice.smith@contoso.com");
    CHECK(created.body.at("active") == true);

    auto alice = wokr_user_by_email(f, "alice.smith@contoso.com");
    const json::value alice_wokr_id = alice.at("Id");
    CHECK(alice.at("TenantId") == 60);
    CHECK(alice.at("CompanyId") == 360);
    CHECK(alice.at("UserName") == "alice.smith@contoso.com");
    CHECK(alice.at("FirstName") == "Alice");
    CHECK(alice.at("LastName") == "Smith");
    CHECK(alice.at("FullName") == "Alice Smith");
    CHECK(alice.at("EmployeeId") == "E-Alice");
    CHECK(alice.at("PhoneNumber") == "+90 212 555 0101");
    CHECK(alice.at("Department") == "Finance");
    CHECK(alice.at("BusinessUnit").is_null());
    CHECK(alice.at("Position") == "Engineer");
    CHECK(alice.at("Location") == "Istanbul");
    CHECK(alice.at("Country") == "TR");
    CHECK(alice.at("LanguageId") == "tr");  // sent TR, stored lower case
    CHECK(alice.at("TimeZone") == "UTC+0"); // Entra sends no time zone: the documented default
    CHECK(alice.at("Gender") == "X");
    CHECK(alice.at("HireDate") == json::string(to_second(created.text("/meta/created")) + "Z"));
    CHECK(alice.at("HasPassword") == true);  // GeneratePassword: Wokr mails one
    CHECK(alice.at("ParentId").is_null());
    CHECK(alice.at("IsActive") == true);
    CHECK(alice.at("IsLeft") == false);
    CHECK(alice.at("IsDeleted") == false);
    CHECK(alice.at("ExitDate").is_null());
    {
        auto creates = calls_to(f, user_path);
        REQUIRE(creates.size() == 1);
        const auto& body = creates.front().at("body").as_object();
        CHECK_FALSE(body.contains("Id"));
        CHECK(body.at("GeneratePassword") == true);
        CHECK(body.at("TenantId").is_int64());  // Wokr wants JSON integers
        CHECK(body.at("CompanyId").is_int64());
    }

    auto present = f.scim(verb::get, user_name_filter("alice.smith@contoso.com"));
    REQUIRE(present.status == 200);
    CHECK(present.body.at("totalResults") == 1);
    CHECK(present.text("/Resources/0/id") == alice_id);

    // Entra's incremental PATCH: capitalised ops, dotted, filtered and URN paths in one request.
    f.sim(verb::delete_, "/_sim/requests");
    auto patched = f.scim(verb::patch, "/Users/" + alice_id,
                          scim_patch({replace_op("name.givenName", "Alicia"),
                                      replace_op("emails[type eq \"work\"].value", "alicia.smith@contoso.com"),
                                      replace_op(std::string(enterprise_urn) + ":department", "Treasury"),
                                      replace_op("title", "Senior Engineer"),
                                      replace_op("preferredLanguage", "en-GB")}));
    REQUIRE(patched.status == 200);
    CHECK(patched.text("/name/givenName") == "Alicia");
    CHECK(patched.text("/emails/0/value") == "alicia.smith@contoso.com");
    CHECK(patched.text("/" + std::string(enterprise_urn) + "/department") == "Treasury");

    alice = wokr_user_by_id(f, alice_wokr_id);
    CHECK(alice.at("FirstName") == "Alicia");
    CHECK(alice.at("FullName") == "Alicia Smith");
    CHECK(alice.at("Email") == "alicia.smith@contoso.com");
    CHECK(alice.at("Department") == "Treasury");
    CHECK(alice.at("Position") == "Senior Engineer");
    CHECK(alice.at("LanguageId") == "en");
    // The whole object travelled: what did not change is still there.
    CHECK(alice.at("LastName") == "Smith");
    CHECK(alice.at("Location") == "Istanbul");
    CHECK(alice.at("EmployeeId") == "E-Alice");
    {
        auto updates = calls_to(f, user_path);
        REQUIRE(updates.size() == 1);
        const auto& body = updates.front().at("body").as_object();
        CHECK(body.at("Id") == alice_wokr_id);
        for (const char* required : {"TenantId", "CompanyId", "Email", "LanguageId", "Department", "HireDate",
                                     "FirstName", "LastName", "FullName", "Gender", "Position", "Location", "Country",
                                     "TimeZone"}) {
            INFO(required);
            CHECK(body.contains(required));
        }
    }

    // Entra removes optional attributes: Wokr keeps what a full update does not
    // carry, so the cleared fields must travel as null.
    auto cleared = f.scim(verb::patch, "/Users/" + alice_id,
                          scim_patch({remove_op("phoneNumbers[type eq \"work\"].value"),
                                      remove_op(std::string(enterprise_urn) + ":employeeNumber")}));
    REQUIRE(cleared.status == 200);
    CHECK(cleared.text("/phoneNumbers/0/value").empty());
    alice = wokr_user_by_id(f, alice_wokr_id);
    CHECK(alice.at("PhoneNumber").is_null());
    CHECK(alice.at("EmployeeId").is_null());
    CHECK(alice.at("FirstName") == "Alicia");

    // Manager: Entra provisions the manager, then sets the reference (a bare id string).
    auto bob = f.scim(verb::post, "/Users", entra_user("bob.jones@contoso.com", "Bob", "Jones"));
    REQUIRE(bob.status == 201);
    const std::string bob_id = bob.text("/id");
    const json::value bob_wokr_id = wokr_user_by_email(f, "bob.jones@contoso.com").at("Id");

    auto managed = f.scim(verb::patch, "/Users/" + alice_id, scim_patch({add_op(manager_path, json::string(bob_id))}));
    REQUIRE(managed.status == 200);
    CHECK(managed.text("/" + std::string(enterprise_urn) + "/manager/value") == bob_id);
    alice = wokr_user_by_id(f, alice_wokr_id);
    CHECK(alice.at("ParentId") == bob_wokr_id);
    REQUIRE(alice.at("ParentUser").is_object());
    CHECK(alice.at("ParentUser").at("Email") == "bob.jones@contoso.com");
    auto read_back = f.scim(verb::get, "/Users/" + alice_id);
    CHECK(read_back.text("/" + std::string(enterprise_urn) + "/manager/value") == bob_id);

    // A removed manager: the full update carries no ParentId, so Wokr drops it.
    auto unmanaged = f.scim(verb::patch, "/Users/" + alice_id, scim_patch({remove_op(manager_path)}));
    REQUIRE(unmanaged.status == 200);
    CHECK(wokr_user_by_id(f, alice_wokr_id).at("ParentId").is_null());

    // Disable: Entra's "False" as a string. Wokr: full update, then the soft delete by exit date.
    f.sim(verb::delete_, "/_sim/requests");
    auto disabled = f.scim(verb::patch, "/Users/" + alice_id, scim_patch({replace_op("active", "False")}));
    REQUIRE(disabled.status == 200);
    CHECK(disabled.body.at("active") == false);
    alice = wokr_user_by_id(f, alice_wokr_id);
    CHECK(alice.at("IsActive") == false);
    CHECK(alice.at("IsLeft") == true);
    CHECK(alice.at("IsDeleted") == true);
    // The exit date is the time of the deactivating PATCH (the document's own example carries milliseconds).
    CHECK(alice.at("ExitDate") == json::string(disabled.text("/meta/lastModified")));
    {
        auto calls = calls_to(f, user_path);
        REQUIRE(calls.size() == 2);
        CHECK(calls[0].at("body").at("IsActive") == false);
        CHECK(calls[1].at("body").as_object().size() == 2);  // {Id, ExitDate} only
        CHECK(calls[1].at("body").at("Id") == alice_wokr_id);
    }
    // A soft delete: the user stays readable and filterable.
    auto still_there = f.scim(verb::get, user_name_filter("alice.smith@contoso.com"));
    REQUIRE(still_there.status == 200);
    CHECK(still_there.body.at("totalResults") == 1);
    CHECK(still_there.find("/Resources/0/active")->as_bool() == false);

    // Hard delete in Entra: Wokr has none, the exit-date soft delete again.
    f.sim(verb::delete_, "/_sim/requests");
    auto deleted = f.scim(verb::delete_, "/Users/" + alice_id);
    CHECK(deleted.status == 204);
    CHECK(f.scim(verb::get, "/Users/" + alice_id).status == 404);
    CHECK(f.scim(verb::delete_, "/Users/" + alice_id).status == 404);
    {
        auto calls = calls_to(f, user_path);
        REQUIRE(calls.size() == 1);
        CHECK(calls[0].at("body").at("Id") == alice_wokr_id);
        CHECK(calls[0].at("body").at("ExitDate").is_string());
    }
    alice = wokr_user_by_id(f, alice_wokr_id);
    CHECK(alice.at("IsDeleted") == true);
    CHECK(alice.at("IsLeft") == true);
    CHECK(user_count(f) == 2);  // nothing is ever removed from Wokr
}

TEST_CASE("Okta provisions a user into Wokr: create, full PUT, deactivate and reactivate")
{
    target_fixture f("twiser-wokr");

    auto absent = f.scim(verb::get, user_name_filter("carol.white@example.org") + "&startIndex=1&count=100");
    REQUIRE(absent.status == 200);
    CHECK(absent.body.at("totalResults") == 0);
    CHECK(absent.body.at("startIndex") == 1);

    auto created = f.scim(verb::post, "/Users", okta_user("carol.white@example.org", "Carol", "White"));
    REQUIRE(created.status == 201);
    const std::string carol_id = created.text("/id");
    auto carol = wokr_user_by_email(f, "carol.white@example.org");
    const json::value carol_wokr_id = carol.at("Id");
    CHECK(carol.at("FirstName") == "Carol");
    CHECK(carol.at("LastName") == "White");
    CHECK(carol.at("FullName") == "Carol White");
    CHECK(carol.at("TimeZone") == "UTC+3");
    CHECK(carol.at("LanguageId") == "en");
    CHECK(carol.at("Department") == "Sales");
    CHECK(carol.at("BusinessUnit") == "EMEA");
    CHECK(carol.at("Position") == "Analyst");
    CHECK(carol.at("Location") == "Head Office");  // no work address: the documented default
    CHECK(carol.at("Country") == "TR");
    CHECK(carol.at("EmployeeId").is_null());
    CHECK(carol.at("IsActive") == true);

    // Profile push: GET, then PUT of the whole resource.
    auto current = f.scim(verb::get, "/Users/" + carol_id);
    REQUIRE(current.status == 200);
    json::object replacement = okta_user("carol.white@example.org", "Carol", "Whitfield");
    replacement["id"] = carol_id;
    replacement["title"] = "Lead Analyst";
    replacement[enterprise_urn].as_object()["department"] = "Marketing";
    replacement["addresses"] = json::array{json::object{{"type", "work"}, {"locality", "London"}, {"country", "gb"}}};
    auto put = f.scim(verb::put, "/Users/" + carol_id, replacement);
    REQUIRE(put.status == 200);
    CHECK(put.text("/name/familyName") == "Whitfield");
    carol = wokr_user_by_id(f, carol_wokr_id);
    CHECK(carol.at("LastName") == "Whitfield");
    CHECK(carol.at("FullName") == "Carol Whitfield");
    CHECK(carol.at("Position") == "Lead Analyst");
    CHECK(carol.at("Department") == "Marketing");
    CHECK(carol.at("Location") == "London");
    CHECK(carol.at("Country") == "GB");

    // Deactivation: a PATCH without path.
    auto deactivated = f.scim(verb::patch, "/Users/" + carol_id, scim_patch({replace_op(json::object{{"active", false}})}));
    REQUIRE(deactivated.status == 200);
    CHECK(deactivated.body.at("active") == false);
    carol = wokr_user_by_id(f, carol_wokr_id);
    CHECK(carol.at("IsActive") == false);
    CHECK(carol.at("IsLeft") == true);
    CHECK(carol.at("ExitDate") == json::string(deactivated.text("/meta/lastModified")));

    // Reactivation: the documented "un-leave" (IsActive true, IsLeft false, ExitDate null), then the full update.
    f.sim(verb::delete_, "/_sim/requests");
    auto reactivated = f.scim(verb::patch, "/Users/" + carol_id, scim_patch({replace_op(json::object{{"active", true}})}));
    REQUIRE(reactivated.status == 200);
    CHECK(reactivated.body.at("active") == true);
    {
        auto calls = calls_to(f, user_path);
        REQUIRE_FALSE(calls.empty());
        const auto& body = calls.front().at("body").as_object();
        CHECK(body.at("IsActive") == true);
        CHECK(body.at("IsLeft") == false);
        CHECK(body.at("ExitDate").is_null());
        CHECK(body.at("FirstName") == "Carol");  // the whole object (fields: all)
    }
    carol = wokr_user_by_id(f, carol_wokr_id);
    CHECK(carol.at("IsActive") == true);
    CHECK(carol.at("IsLeft") == false);
    CHECK(carol.at("LastName") == "Whitfield");
    // Whether Wokr then clears ExitDate and IsDeleted is undocumented; the
    // simulator keeps both (docs/targets/twiser-wokr.md, known limits).
}

TEST_CASE("Wokr's TenantId and CompanyId come from the deployment parameters as JSON integers")
{
    target_options options;
    options.parameters = {{"tenantId", "61"}, {"companyId", "7361"}};
    target_fixture f("twiser-wokr", options);
    f.configure_sim({{"tenant_id", 61}, {"company_id", 7361}});

    auto created = f.scim(verb::post, "/Users", entra_user("dan.brown@contoso.com", "Dan", "Brown"));
    REQUIRE(created.status == 201);
    auto dan = wokr_user_by_email(f, "dan.brown@contoso.com");
    CHECK(dan.at("TenantId") == 61);
    CHECK(dan.at("CompanyId") == 7361);
    auto create_call = calls_to(f, user_path).front().at("body").as_object();
    CHECK(create_call.at("TenantId") == 61);
    CHECK(create_call.at("CompanyId") == 7361);

    auto patched = f.scim(verb::patch, "/Users/" + created.text("/id"), scim_patch({replace_op("title", "Chef")}));
    REQUIRE(patched.status == 200);
    CHECK(wokr_user_by_email(f, "dan.brown@contoso.com").at("Position") == "Chef");
}

TEST_CASE("A companyId that is no whole number stops the bridge at start-up, naming the parameter")
{
    target_options options;
    options.parameters = {{"companyId", "36O"}};
    CHECK_THROWS_WITH(target_fixture("twiser-wokr", options),
                      Catch::Contains("User field 'CompanyId' (${param.companyId}): '36O' is not an integer"));
}

TEST_CASE("A value Wokr refuses is a SCIM 400 invalidValue with Wokr's message, and nothing is stored")
{
    target_fixture f("twiser-wokr");
    auto first = f.scim(verb::post, "/Users", entra_user("erin.gray@contoso.com", "Erin", "Gray"));
    REQUIRE(first.status == 201);

    // Another userName with Erin's work e-mail: Wokr's e-mail uniqueness.
    json::object twin = entra_user("erin.gray2@contoso.com", "Erin", "Gray");
    twin["emails"] = json::array{json::object{{"primary", true}, {"type", "work"}, {"value", "Erin.Gray@contoso.com"}}};
    auto refused = f.scim(verb::post, "/Users", twin);
    REQUIRE(refused.status == 400);
    CHECK(refused.text("/scimType") == "invalidValue");
    CHECK_THAT(refused.text("/detail"), Catch::Contains("There is already another user with the same Email."));
    CHECK_THAT(refused.text("/detail"), Catch::Contains("emails[type eq \"work\"].value"));
    auto none = f.scim(verb::get, user_name_filter("erin.gray2@contoso.com"));
    REQUIRE(none.status == 200);
    CHECK(none.body.at("totalResults") == 0);
    CHECK(user_count(f) == 1);

    // The same on a PATCH: the SCIM resource keeps its old state.
    auto second = f.scim(verb::post, "/Users", entra_user("frank.green@contoso.com", "Frank", "Green"));
    REQUIRE(second.status == 201);
    auto clash = f.scim(verb::patch, "/Users/" + second.text("/id"),
                        scim_patch({replace_op("emails[type eq \"work\"].value", "erin.gray@contoso.com"),
                                    replace_op("title", "Manager")}));
    REQUIRE(clash.status == 400);
    CHECK(clash.text("/scimType") == "invalidValue");
    CHECK_THAT(clash.text("/detail"), Catch::Contains("There is already another user with the same Email."));
    auto unchanged = f.scim(verb::get, "/Users/" + second.text("/id"));
    CHECK(unchanged.text("/emails/0/value") == "frank.green@contoso.com");
    CHECK(unchanged.text("/title") == "Engineer");
    auto frank = wokr_user_by_email(f, "frank.green@contoso.com");
    CHECK(frank.at("Position") == "Engineer");
}

TEST_CASE("An expired Wokr token is replaced by a new login without the identity provider noticing")
{
    target_fixture f("twiser-wokr");
    f.configure_sim({{"token_ttl_seconds", 1.0}});

    auto created = f.scim(verb::post, "/Users", entra_user("gina.black@contoso.com", "Gina", "Black"));
    REQUIRE(created.status == 201);
    CHECK(calls_to(f, login_path).size() == 1);

    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the token is now expired at Wokr
    auto patched = f.scim(verb::patch, "/Users/" + created.text("/id"), scim_patch({replace_op("title", "Director")}));
    REQUIRE(patched.status == 200);
    CHECK(wokr_user_by_email(f, "gina.black@contoso.com").at("Position") == "Director");

    auto logins = calls_to(f, login_path);
    REQUIRE(logins.size() == 2);
    CHECK(logins[1].at("status") == 200);
    for (const auto& call : calls_to(f, user_path))
        CHECK(call.at("status") == 200);  // no write was refused for its token
}

TEST_CASE("A token Wokr stops honouring before its announced expiry: 401, one new login, the write goes through")
{
    target_fixture f("twiser-wokr");
    auto created = f.scim(verb::post, "/Users", entra_user("hal.white@contoso.com", "Hal", "White"));
    REQUIRE(created.status == 201);

    // Wokr restarts and forgets every session; its users survive.
    auto users = f.sim_state().at("users");
    REQUIRE(f.sim(verb::post, "/_sim/reset").status / 100 == 2);
    f.seed_sim({{"users", users}});

    auto patched = f.scim(verb::patch, "/Users/" + created.text("/id"), scim_patch({replace_op("title", "Pilot")}));
    REQUIRE(patched.status == 200);
    CHECK(wokr_user_by_email(f, "hal.white@contoso.com").at("Position") == "Pilot");

    auto calls = f.vendor_calls();
    REQUIRE(calls.size() == 3);
    CHECK(calls[0].at("path") == user_path);
    CHECK(calls[0].at("status") == 401);
    CHECK(calls[1].at("path") == login_path);
    CHECK(calls[1].at("status") == 200);
    CHECK(calls[2].at("path") == user_path);
    CHECK(calls[2].at("status") == 200);
}

TEST_CASE("Wokr's calls are counted by operation and outcome, and its refusal is the target's last vendor error")
{
    target_fixture f("twiser-wokr");
    REQUIRE(f.scim(verb::post, "/Users", entra_user("gina.hall@contoso.com", "Gina", "Hall")).status == 201);
    json::object twin = entra_user("gina.hall2@contoso.com", "Gina", "Hall");
    twin["emails"] = json::array{json::object{{"primary", true}, {"type", "work"}, {"value", "gina.hall@contoso.com"}}};
    const auto refused = f.scim(verb::post, "/Users", twin);
    REQUIRE(refused.status == 400);

    const std::string metrics = observability::process_registry().text();
    INFO(metrics.substr(0, 6000));
    const auto has = [&](const std::string& part) { return metrics.find(part) != std::string::npos; };
    CHECK(has(R"(scim_bridge_vendor_logins_total{target="twiser-wokr",outcome="ok"} 1)"));
    CHECK(has(R"(scim_bridge_vendor_calls_total{target="twiser-wokr",operation="login",outcome="ok",status="200"} 1)"));
    CHECK(has(R"(scim_bridge_vendor_calls_total{target="twiser-wokr",operation="create",outcome="ok",status="20)"));
    CHECK(has(R"(scim_bridge_vendor_calls_total{target="twiser-wokr",operation="create",outcome="rejected",status="4)"));
    CHECK(has(R"(scim_bridge_vendor_call_duration_seconds_count{target="twiser-wokr",operation="create"} )"));
    CHECK(has(R"(scim_bridge_scim_requests_total{target="twiser-wokr",resource_type="Users",method="POST",status="400"} 1)"));

    const auto last = observability::process_vendor_errors().last("twiser-wokr");
    REQUIRE(last);
    CHECK(last->method == "POST");
    CHECK(last->status >= 400);
    CHECK(last->request_id == refused.raw["X-Request-Id"]);
}
