// twiser-lxp end to end: the bridge in front of the LXP simulator, driven the
// way Entra ID and Okta drive it (docs/idp/quirks.md), with LXP's own
// records checked field by field. What is expected of LXP is what
// mappings/twiser-lxp.yaml and docs/targets/twiser-lxp.md promise.

#include "target_fixture.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

using namespace target_test;

namespace {

const json::string core_schema = "urn:ietf:params:scim:schemas:core:2.0:User";
const std::string manager_path = std::string(enterprise_urn) + ":manager";

constexpr const char* login_path = "/lms/identityv2/Authentication/login";
constexpr const char* create_path = "/lms/backoffice/user/create";
constexpr const char* update_path = "/lms/backoffice/user/update";
constexpr const char* delete_path = "/lms/backoffice/user/delete";

// A user as Entra ID's default attribute mappings POST it (mobile included:
// LXP's phone is the Turkish mobile number).
json::object entra_user(const std::string& user_name, const std::string& given, const std::string& family,
                        const std::string& mobile = "05321234567")
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
            {"phoneNumbers", json::array{json::object{{"type", "work"}, {"value", "+90 212 555 0101"}},
                                         json::object{{"type", "mobile"}, {"value", mobile}}}},
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
            {"locale", "de-DE"},
            {"preferredLanguage", "de-DE"},
            {"title", "Analyst"},
            {"externalId", "00u" + given},
            {"groups", json::array{}},
            {"password", "Okta-Generated-1!"},
            {"active", true},
            {enterprise_urn, json::object{{"department", "Sales"}}}};
}

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

json::array lxp_users(target_fixture& f) { return f.sim_state().at("users").as_array(); }

const json::object* find_by(const json::array& users, const char* key, const json::value& value)
{
    for (const auto& u : users) {
        const json::value& v = u.as_object().at(key);
        if (v == value || (v.is_string() && value.is_string() &&
                           lower(std::string(v.as_string())) == lower(std::string(value.as_string()))))
            return &u.as_object();
    }
    return nullptr;
}

json::object lxp_user(target_fixture& f, const char* key, const json::value& value)
{
    const auto users = lxp_users(f);
    const auto* found = find_by(users, key, value);
    if (!found)
        FAIL("no LXP user with " << key << " " << value);
    return *found;
}

std::vector<json::object> calls_to(target_fixture& f, const char* path)
{
    std::vector<json::object> out;
    const auto calls = f.vendor_calls();
    for (const auto& c : calls)
        if (c.as_object().at("path") == path)
            out.push_back(c.as_object());
    return out;
}

} // namespace

TEST_CASE("Entra ID provisions a user into LXP: create, attribute PATCHes, manager, disable, hard delete")
{
    target_fixture f("twiser-lxp");

    auto absent = f.scim(verb::get, user_name_filter("alice.smith@contoso.com"));
    REQUIRE(absent.status == 200);
    CHECK(absent.body.at("totalResults") == 0);

    auto created = f.scim(verb::post, "/Users", entra_user("alice.smith@contoso.com", "Alice", "Smith"));
    REQUIRE(created.status == 201);
    const std::string alice_id = created.text("/id");
    REQUIRE_FALSE(alice_id.empty());
    CHECK(created.text("/userName") == "alice.smith@contoso.com");

    auto alice = lxp_user(f, "email", "alice.smith@contoso.com");
    const json::value alice_lxp_id = alice.at("id");
    CHECK(alice.at("companyId") == 94);
    CHECK(alice.at("externalUserId") == "Alice.Smith");
    CHECK(alice.at("firstName") == "Alice");
    CHECK(alice.at("lastName") == "Smith");
    CHECK(alice.at("fullName") == "Alice Smith");
    CHECK(alice.at("departmentName") == "Finance");
    CHECK(alice.at("positionName") == "Engineer");
    CHECK(alice.at("location") == "Istanbul");
    CHECK(alice.at("country") == "TR");
    CHECK(alice.at("languageId") == "tr");
    CHECK(alice.at("phoneNumber") == "05321234567");  // the mobile, not the work number
    CHECK(alice.at("notification") == "Yes");
    CHECK(alice.at("userRole") == "Standard");
    CHECK(alice.at("hasPassword") == false);  // LXP generates one and mails it
    CHECK(alice.at("managerId").is_null());
    CHECK(alice.at("isActive") == true);
    CHECK(alice.at("isDeleted") == false);
    {
        auto creates = calls_to(f, create_path);
        REQUIRE(creates.size() == 1);
        const auto& body = creates.front().at("body").as_object();
        CHECK(body.at("welcomeMail") == true);
        CHECK(body.at("companyId") == 94);  // the integer of the document's example body
        CHECK_FALSE(body.contains("password"));
    }

    auto present = f.scim(verb::get, user_name_filter("alice.smith@contoso.com"));
    REQUIRE(present.status == 200);
    CHECK(present.body.at("totalResults") == 1);
    CHECK(present.text("/Resources/0/id") == alice_id);

    // Entra's incremental PATCH shapes, several in one request.
    f.sim(verb::delete_, "/_sim/requests");
    auto patched = f.scim(verb::patch, "/Users/" + alice_id,
                          scim_patch({replace_op("name.givenName", "Alicia"),
                                      replace_op("emails[type eq \"work\"].value", "alicia.smith@contoso.com"),
                                      replace_op(std::string(enterprise_urn) + ":department", "Treasury"),
                                      replace_op("title", "Senior Engineer"),
                                      replace_op("phoneNumbers[type eq \"mobile\"].value", "05559876543"),
                                      replace_op("preferredLanguage", "en-GB")}));
    REQUIRE(patched.status == 200);
    CHECK(patched.text("/name/givenName") == "Alicia");
    alice = lxp_user(f, "id", alice_lxp_id);
    CHECK(alice.at("firstName") == "Alicia");
    CHECK(alice.at("fullName") == "Alicia Smith");
    CHECK(alice.at("email") == "alicia.smith@contoso.com");
    CHECK(alice.at("departmentName") == "Treasury");
    CHECK(alice.at("positionName") == "Senior Engineer");
    CHECK(alice.at("phoneNumber") == "05559876543");
    CHECK(alice.at("languageId") == "en");
    CHECK(alice.at("lastName") == "Smith");
    CHECK(alice.at("location") == "Istanbul");
    {
        auto updates = calls_to(f, update_path);
        REQUIRE(updates.size() == 1);
        const auto& body = updates.front().at("body").as_object();
        CHECK(body.at("id") == alice_lxp_id);
        for (const char* required : {"firstName", "lastName", "email", "notification"}) {
            INFO(required);
            CHECK(body.contains(required));
        }
        CHECK_FALSE(body.contains("companyId"));  // create only
    }

    // Removed attributes: LXP keeps what an update leaves out, so they travel as null.
    auto cleared = f.scim(verb::patch, "/Users/" + alice_id,
                          scim_patch({remove_op(std::string(enterprise_urn) + ":department"), remove_op("title")}));
    REQUIRE(cleared.status == 200);
    alice = lxp_user(f, "id", alice_lxp_id);
    CHECK(alice.at("departmentName").is_null());
    CHECK(alice.at("positionName").is_null());
    CHECK(alice.at("firstName") == "Alicia");

    // Manager: provisioned first, then referenced by its SCIM id (a bare string, as Entra sends it).
    auto bob = f.scim(verb::post, "/Users", entra_user("bob.jones@contoso.com", "Bob", "Jones", "05330000001"));
    REQUIRE(bob.status == 201);
    const std::string bob_id = bob.text("/id");
    const json::value bob_lxp_id = lxp_user(f, "email", "bob.jones@contoso.com").at("id");
    auto managed = f.scim(verb::patch, "/Users/" + alice_id, scim_patch({add_op(manager_path, json::string(bob_id))}));
    REQUIRE(managed.status == 200);
    CHECK(managed.text("/" + std::string(enterprise_urn) + "/manager/value") == bob_id);
    CHECK(lxp_user(f, "id", alice_lxp_id).at("managerId") == bob_lxp_id);
    CHECK(f.scim(verb::get, "/Users/" + alice_id).text("/" + std::string(enterprise_urn) + "/manager/value") == bob_id);

    // "If the manager information will not be sent, this field must be send as null."
    auto unmanaged = f.scim(verb::patch, "/Users/" + alice_id, scim_patch({remove_op(manager_path)}));
    REQUIRE(unmanaged.status == 200);
    CHECK(lxp_user(f, "id", alice_lxp_id).at("managerId").is_null());

    // Disable ("False" as a string): isActive false in the full update; LXP keeps the user.
    f.sim(verb::delete_, "/_sim/requests");
    auto disabled = f.scim(verb::patch, "/Users/" + alice_id, scim_patch({replace_op("active", "False")}));
    REQUIRE(disabled.status == 200);
    CHECK(disabled.body.at("active") == false);
    alice = lxp_user(f, "id", alice_lxp_id);
    CHECK(alice.at("isActive") == false);
    CHECK(alice.at("isDeleted") == false);
    CHECK(calls_to(f, update_path).size() == 1);
    auto still_there = f.scim(verb::get, user_name_filter("alice.smith@contoso.com"));
    REQUIRE(still_there.status == 200);
    CHECK(still_there.body.at("totalResults") == 1);
    CHECK(still_there.find("/Resources/0/active")->as_bool() == false);

    // SCIM DELETE is LXP's hard delete.
    auto deleted = f.scim(verb::delete_, "/Users/" + alice_id);
    CHECK(deleted.status == 204);
    {
        auto deletes = calls_to(f, delete_path);
        REQUIRE(deletes.size() == 1);
        CHECK(deletes.front().at("query").at("id") == alice_lxp_id);
        CHECK(deletes.front().at("status") == 204);
    }
    const auto remaining = lxp_users(f);
    CHECK(find_by(remaining, "id", alice_lxp_id) == nullptr);
    CHECK(remaining.size() == 1);
    CHECK(f.scim(verb::get, "/Users/" + alice_id).status == 404);
    CHECK(f.scim(verb::delete_, "/Users/" + alice_id).status == 404);
}

TEST_CASE("Okta provisions a user into LXP: create, full PUT, deactivate and reactivate")
{
    target_fixture f("twiser-lxp");

    auto absent = f.scim(verb::get, user_name_filter("carol.white@example.org") + "&startIndex=1&count=100");
    REQUIRE(absent.status == 200);
    CHECK(absent.body.at("totalResults") == 0);

    auto created = f.scim(verb::post, "/Users", okta_user("carol.white@example.org", "Carol", "White"));
    REQUIRE(created.status == 201);
    const std::string carol_id = created.text("/id");
    auto carol = lxp_user(f, "email", "carol.white@example.org");
    const json::value carol_lxp_id = carol.at("id");
    CHECK(carol.at("externalUserId") == "00uCarol");
    CHECK(carol.at("firstName") == "Carol");
    CHECK(carol.at("languageId") == "en");  // German is not offered: the documented fallback
    CHECK(carol.at("departmentName") == "Sales");
    CHECK(carol.at("phoneNumber").is_null());
    CHECK(carol.at("hasPassword") == false);  // Okta's password is not mapped: LXP generates one
    CHECK(carol.at("isActive") == true);

    auto current = f.scim(verb::get, "/Users/" + carol_id);
    REQUIRE(current.status == 200);
    json::object replacement = okta_user("carol.white@example.org", "Carol", "Whitfield");
    replacement["id"] = carol_id;
    replacement["title"] = "Lead Analyst";
    replacement["preferredLanguage"] = "tr";
    replacement["addresses"] = json::array{json::object{{"type", "work"}, {"locality", "London"}, {"country", "gb"}}};
    auto put = f.scim(verb::put, "/Users/" + carol_id, replacement);
    REQUIRE(put.status == 200);
    CHECK(put.text("/name/familyName") == "Whitfield");
    carol = lxp_user(f, "id", carol_lxp_id);
    CHECK(carol.at("lastName") == "Whitfield");
    CHECK(carol.at("fullName") == "Carol Whitfield");
    CHECK(carol.at("positionName") == "Lead Analyst");
    CHECK(carol.at("languageId") == "tr");
    CHECK(carol.at("location") == "London");
    CHECK(carol.at("country") == "GB");

    auto deactivated = f.scim(verb::patch, "/Users/" + carol_id, scim_patch({replace_op(json::object{{"active", false}})}));
    REQUIRE(deactivated.status == 200);
    CHECK(deactivated.body.at("active") == false);
    carol = lxp_user(f, "id", carol_lxp_id);
    CHECK(carol.at("isActive") == false);
    CHECK(carol.at("isDeleted") == false);
    CHECK(carol.at("lastName") == "Whitfield");

    auto reactivated = f.scim(verb::patch, "/Users/" + carol_id, scim_patch({replace_op(json::object{{"active", true}})}));
    REQUIRE(reactivated.status == 200);
    CHECK(reactivated.body.at("active") == true);
    carol = lxp_user(f, "id", carol_lxp_id);
    CHECK(carol.at("isActive") == true);
    CHECK(carol.at("isDeleted") == false);
    CHECK(carol.at("positionName") == "Lead Analyst");
}

TEST_CASE("LXP's companyId comes from the deployment parameter as a JSON integer")
{
    target_options options;
    options.parameters = {{"companyId", "4711"}};
    target_fixture f("twiser-lxp", options);
    f.configure_sim({{"company_id", 4711}});

    auto created = f.scim(verb::post, "/Users", entra_user("dan.brown@contoso.com", "Dan", "Brown"));
    REQUIRE(created.status == 201);
    CHECK(lxp_user(f, "email", "dan.brown@contoso.com").at("companyId") == 4711);
    CHECK(calls_to(f, create_path).front().at("body").at("companyId") == 4711);
}

TEST_CASE("A phone number LXP refuses is a SCIM 400 invalidValue with LXP's message, and nothing is stored")
{
    target_fixture f("twiser-lxp");

    // Not 11 digits starting 05: refused on create, and no user exists afterwards.
    auto refused = f.scim(verb::post, "/Users", entra_user("erin.gray@contoso.com", "Erin", "Gray", "+90 532 123 45 67"));
    REQUIRE(refused.status == 400);
    CHECK(refused.text("/scimType") == "invalidValue");
    CHECK_THAT(refused.text("/detail"), Catch::Contains("phoneNumbers[type eq \"mobile\"].value: Please enter a valid "
                                                        "phone number"));
    auto none = f.scim(verb::get, user_name_filter("erin.gray@contoso.com"));
    REQUIRE(none.status == 200);
    CHECK(none.body.at("totalResults") == 0);
    CHECK(lxp_users(f).empty());

    // Refused on a PATCH: SCIM and LXP keep the old number.
    auto created = f.scim(verb::post, "/Users", entra_user("erin.gray@contoso.com", "Erin", "Gray"));
    REQUIRE(created.status == 201);
    auto clash = f.scim(verb::patch, "/Users/" + created.text("/id"),
                        scim_patch({replace_op("phoneNumbers[type eq \"mobile\"].value", "5321234567"),
                                    replace_op("title", "Manager")}));
    REQUIRE(clash.status == 400);
    CHECK(clash.text("/scimType") == "invalidValue");
    CHECK_THAT(clash.text("/detail"), Catch::Contains("Please enter a valid phone number"));
    auto unchanged = f.scim(verb::get, "/Users/" + created.text("/id"));
    REQUIRE(unchanged.status == 200);
    CHECK(unchanged.text("/title") == "Engineer");
    const json::array* phones = unchanged.find("/phoneNumbers") ? &unchanged.find("/phoneNumbers")->as_array() : nullptr;
    REQUIRE(phones);
    CHECK(std::any_of(phones->begin(), phones->end(), [](const json::value& p) {
        return p.as_object().at("value") == "05321234567";
    }));
    auto erin = lxp_user(f, "email", "erin.gray@contoso.com");
    CHECK(erin.at("phoneNumber") == "05321234567");
    CHECK(erin.at("positionName") == "Engineer");
}

TEST_CASE("An expired LXP token is replaced by a new login without the identity provider noticing")
{
    target_fixture f("twiser-lxp");
    f.configure_sim({{"token_ttl_seconds", 1.0}});

    auto created = f.scim(verb::post, "/Users", entra_user("gina.black@contoso.com", "Gina", "Black"));
    REQUIRE(created.status == 201);
    CHECK(calls_to(f, login_path).size() == 1);

    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the token is now expired at LXP
    auto patched = f.scim(verb::patch, "/Users/" + created.text("/id"), scim_patch({replace_op("title", "Director")}));
    REQUIRE(patched.status == 200);
    CHECK(lxp_user(f, "email", "gina.black@contoso.com").at("positionName") == "Director");

    auto logins = calls_to(f, login_path);
    REQUIRE(logins.size() == 2);
    CHECK(logins[1].at("status") == 200);
    for (const auto& call : calls_to(f, update_path))
        CHECK(call.at("status") == 200);
}

TEST_CASE("A token LXP stops honouring before its announced expiry: 401, one new login, the write goes through")
{
    target_fixture f("twiser-lxp");
    auto created = f.scim(verb::post, "/Users", entra_user("hal.white@contoso.com", "Hal", "White"));
    REQUIRE(created.status == 201);

    // LXP restarts and forgets every session; its users survive.
    auto users = f.sim_state().at("users");
    REQUIRE(f.sim(verb::post, "/_sim/reset").status / 100 == 2);
    f.seed_sim({{"users", users}});

    auto patched = f.scim(verb::patch, "/Users/" + created.text("/id"), scim_patch({replace_op("title", "Pilot")}));
    REQUIRE(patched.status == 200);
    CHECK(lxp_user(f, "email", "hal.white@contoso.com").at("positionName") == "Pilot");

    auto calls = f.vendor_calls();
    REQUIRE(calls.size() == 3);
    CHECK(calls[0].at("path") == update_path);
    CHECK(calls[0].at("status") == 401);
    CHECK(calls[1].at("path") == login_path);
    CHECK(calls[1].at("status") == 200);
    CHECK(calls[2].at("path") == update_path);
    CHECK(calls[2].at("status") == 200);
}
