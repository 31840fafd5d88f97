// platform-identity end to end: what Entra ID and Okta send, through
// mappings/platform-identity.yaml, against the platform's simulator. The
// assertions read the platform's own records and request log: one PUT per
// changed attribute, groups driven by key, the vendor's refusals reaching
// the identity provider in its own words.

#include "target_fixture.hpp"

#include "observability/process_metrics.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <regex>
#include <thread>

using namespace target_test;

namespace {

const std::string users_path = "/api/tenant/org/identity/users";

// The platform's record of one user, by key; null when it has none.
json::value platform_user(target_fixture& f, std::string_view key)
{
    const auto state = f.sim_state();
    for (const auto& user : state.at("users").as_array())
        if (user.at("userKey").as_string() == key)
            return user;
    return nullptr;
}

std::vector<std::string> keys_of(const json::value& entries)
{
    std::vector<std::string> out;
    for (const auto& entry : entries.as_array())
        out.emplace_back(entry.at("key").as_string());
    std::sort(out.begin(), out.end());
    return out;
}

// "PUT /…/alice@contoso.com/email" style summaries (path relative to the
// users collection), in call order: easy to compare whole.
std::vector<std::string> call_summaries(target_fixture& f)
{
    std::vector<std::string> out;
    for (const auto& call : f.vendor_calls()) {
        std::string path(call.at("path").as_string());
        if (path.rfind(users_path, 0) == 0)
            path = path.substr(users_path.size());
        out.push_back(std::string(call.at("method").as_string()) + " " + path);
    }
    return out;
}

const json::value* call_body(const json::array& calls, std::string_view method, std::string_view path_suffix)
{
    for (const auto& call : calls) {
        const std::string path(call.at("path").as_string());
        if (call.at("method").as_string() == method && path.size() >= path_suffix.size() &&
            path.compare(path.size() - path_suffix.size(), path_suffix.size(), path_suffix) == 0)
            return &call.at("body");
    }
    return nullptr;
}

json::object entra_user(std::string user_name, std::string display_name, std::string email)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User", enterprise_urn}},
            {"externalId", "ext-" + user_name},
            {"userName", user_name},
            {"active", true},
            {"displayName", display_name},
            {"emails", json::array{json::object{{"primary", true}, {"type", "work"}, {"value", email}}}},
            {"meta", json::object{{"resourceType", "User"}}},
            {"name", json::object{{"formatted", display_name}, {"givenName", "Given"}, {"familyName", "Family"}}},
            {"preferredLanguage", "en-GB"},
            {"roles", json::array{}},
            {enterprise_urn, json::object{{"department", "Sales"}}}};
}

// Okta's userName is usually the e-mail address; short test names get one.
std::string email_of(const std::string& user_name)
{
    return user_name.find('@') == std::string::npos ? user_name + "@example.com" : user_name;
}

json::object okta_user(std::string user_name, std::string given, std::string family)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
            {"userName", user_name},
            {"name", json::object{{"givenName", given}, {"familyName", family}}},
            {"emails", json::array{json::object{{"primary", true}, {"value", email_of(user_name)}, {"type", "work"}}}},
            {"displayName", given + " " + family},
            {"locale", "en-US"},
            {"externalId", "00u" + given},
            {"groups", json::array{}},
            {"password", "1mz050nq"},
            {"active", true}};
}

// Creates a user the way both identity providers do (look-up, then POST)
// and returns its SCIM id.
std::string provision(target_fixture& f, const json::object& user)
{
    const std::string user_name(user.at("userName").as_string());
    auto none = f.scim(verb::get, user_name_filter(user_name) + "&startIndex=1&count=100");
    REQUIRE(none.status == 200);
    REQUIRE(none.body.at("totalResults") == 0);
    auto created = f.scim(verb::post, "/Users", user);
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    return created.text("/id");
}

json::object catalog()
{
    return {{"groups", json::array{json::object{{"key", "sales"}, {"name", "Sales"}},
                                   json::object{{"key", "support"}, {"name", "Support"}}}},
            {"roles", json::array{json::object{{"key", "approver"}, {"name", "Approver"}}}}};
}

json::object group_push(std::string display_name, json::array member_ids)
{
    json::array members;
    for (auto& id : member_ids)
        members.push_back(json::object{{"value", id}});
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
            {"displayName", std::move(display_name)},
            {"members", std::move(members)}};
}

} // namespace

TEST_CASE("platform-identity, Entra ID: create, one PUT per changed attribute, soft and hard delete",
          "[platform-identity][entra]")
{
    target_fixture f("platform-identity");
    const std::string key = "alice@contoso.com";
    const auto id = provision(f, entra_user(key, "Alice Archer", "alice@contoso.com"));

    // The platform user, keyed by the SCIM userName, with the required
    // isTechnician defaulted and the status enum alongside isActive.
    auto created = platform_user(f, key);
    REQUIRE(created.is_object());
    CHECK(created.at("name") == "Alice Archer");
    CHECK(created.at("email") == "alice@contoso.com");
    CHECK(created.at("culture") == "en-US");  // the platform's own: the create resource has none
    CHECK(created.at("isTechnician") == false);
    CHECK(created.at("isActive") == true);
    CHECK(created.at("status") == "Active");
    CHECK(created.at("groups").as_array().empty());
    auto calls = f.vendor_calls();
    REQUIRE(calls.size() == 1);
    CHECK(calls[0].at("method") == "POST");
    CHECK(calls[0].at("path").as_string() == users_path);
    CHECK(calls[0].at("body").at("userKey").as_string() == key);
    // Exactly members of the document's ApiUserResource.
    std::vector<std::string> members;
    for (const auto& member : calls[0].at("body").as_object())
        members.emplace_back(member.key());
    std::sort(members.begin(), members.end());
    CHECK(members == std::vector<std::string>{"email", "isTechnician", "name", "userKey"});

    auto found = f.scim(verb::get, user_name_filter("ALICE@contoso.com"));
    REQUIRE(found.status == 200);
    CHECK(found.body.at("totalResults") == 1);
    CHECK(found.text("/Resources/0/id") == id);

    SECTION("Entra's attribute PATCH becomes one PUT per changed mapped attribute, nothing else")
    {
        f.forget_vendor_calls();
        auto patched = f.scim(verb::patch, "/Users/" + id,
                              scim_patch({replace_op("displayName", "Alice B. Archer"),
                                          replace_op("emails[type eq \"work\"].value", "alice.archer@contoso.com"),
                                          replace_op("name.givenName", "Alicia"),
                                          replace_op(std::string(enterprise_urn) + ":department", "Marketing")}));
        INFO(patched.raw.body());
        REQUIRE(patched.status == 200);
        CHECK(patched.text("/displayName") == "Alice B. Archer");
        CHECK(patched.text("/name/givenName") == "Alicia");
        CHECK(patched.text("/emails/0/value") == "alice.archer@contoso.com");

        // name and email changed; isActive/status did not and are not sent;
        // givenName and department have no platform field.
        CHECK(call_summaries(f) == std::vector<std::string>{"PUT /" + key + "/name", "PUT /" + key + "/email"});
        calls = f.vendor_calls();
        REQUIRE(call_body(calls, "PUT", "/name"));
        CHECK(*call_body(calls, "PUT", "/name") == "Alice B. Archer");  // the bare JSON value
        CHECK(*call_body(calls, "PUT", "/email") == "alice.archer@contoso.com");
        auto after = platform_user(f, key);
        CHECK(after.at("name") == "Alice B. Archer");
        CHECK(after.at("email") == "alice.archer@contoso.com");
        CHECK(after.at("isActive") == true);

        // Only unmapped attributes change: no vendor call at all.
        f.forget_vendor_calls();
        auto unmapped = f.scim(verb::patch, "/Users/" + id,
                               scim_patch({replace_op("name.familyName", "Archer-Smith"),
                                           replace_op(std::string(enterprise_urn) + ":department", "Finance")}));
        REQUIRE(unmapped.status == 200);
        CHECK(unmapped.text("/name/familyName") == "Archer-Smith");
        CHECK(f.vendor_calls().empty());

        // The same PATCH again (Entra repeats itself every cycle): no call.
        f.forget_vendor_calls();
        auto repeated = f.scim(verb::patch, "/Users/" + id,
                               scim_patch({replace_op("displayName", "Alice B. Archer")}));
        REQUIRE(repeated.status == 200);
        CHECK(f.vendor_calls().empty());
    }

    SECTION("Entra's soft delete (active \"False\") sets isActive and status; reads still work; DELETE is hard")
    {
        f.forget_vendor_calls();
        auto disabled = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("active", "False")}));
        INFO(disabled.raw.body());
        REQUIRE(disabled.status == 200);
        CHECK(disabled.body.at("active") == false);
        CHECK(call_summaries(f) ==
              std::vector<std::string>{"PUT /" + key + "/isActive", "PUT /" + key + "/status"});
        calls = f.vendor_calls();
        CHECK(*call_body(calls, "PUT", "/isActive") == false);
        CHECK(*call_body(calls, "PUT", "/status") == "Inactive");
        auto inactive = platform_user(f, key);
        CHECK(inactive.at("isActive") == false);
        CHECK(inactive.at("status") == "Inactive");
        CHECK(inactive.at("name") == "Alice Archer");  // untouched

        auto still = f.scim(verb::get, user_name_filter(key));
        CHECK(still.body.at("totalResults") == 1);
        CHECK(still.body.at("Resources").at(0).at("active") == false);

        f.forget_vendor_calls();
        auto deleted = f.scim(verb::delete_, "/Users/" + id);
        CHECK(deleted.status == 204);
        CHECK(call_summaries(f) == std::vector<std::string>{"DELETE /" + key});
        CHECK(platform_user(f, key).is_null());
        CHECK(f.scim(verb::get, "/Users/" + id).status == 404);
        CHECK(f.scim(verb::delete_, "/Users/" + id).status == 404);
    }
}

TEST_CASE("platform-identity: a user Entra creates inactive is created, then deactivated by the documented setters, "
          "and a removed e-mail is sent as the string the document requires (issue 14, finding 8)",
          "[platform-identity][entra]")
{
    target_fixture f("platform-identity");
    const std::string key = "ivy@contoso.com";
    auto inactive_user = entra_user(key, "Ivy Inactive", key);
    inactive_user["active"] = false;
    const auto id = provision(f, inactive_user);
    CHECK(call_summaries(f) ==
          std::vector<std::string>{"POST ", "PUT /" + key + "/isActive", "PUT /" + key + "/status"});
    const auto calls = f.vendor_calls();
    CHECK(!calls[0].at("body").as_object().contains("isActive"));
    CHECK(*call_body(calls, "PUT", "/isActive") == false);
    CHECK(*call_body(calls, "PUT", "/status") == "Inactive");
    auto created = platform_user(f, key);
    CHECK(created.at("isActive") == false);
    CHECK(created.at("status") == "Inactive");
    CHECK(f.scim(verb::get, "/Users/" + id).body.at("active") == false);

    // Entra removes the work e-mail: Set Email takes a string, never null.
    f.forget_vendor_calls();
    auto removed = f.scim(verb::patch, "/Users/" + id,
                          scim_patch({json::object{{"op", "remove"}, {"path", "emails[type eq \"work\"].value"}}}));
    INFO(removed.raw.body());
    REQUIRE(removed.status == 200);
    CHECK(call_summaries(f) == std::vector<std::string>{"PUT /" + key + "/email"});
    CHECK(*call_body(f.vendor_calls(), "PUT", "/email") == "");
    CHECK(platform_user(f, key).at("email").is_null());
}

TEST_CASE("platform-identity, Okta: create with password, PUT of the full resource, deactivate and reactivate",
          "[platform-identity][okta]")
{
    target_fixture f("platform-identity");
    const std::string key = "isaac.brock@example.com";
    const auto id = provision(f, okta_user(key, "Isaac", "Brock"));
    auto created = platform_user(f, key);
    REQUIRE(created.is_object());
    CHECK(created.at("name") == "Isaac Brock");
    CHECK(created.at("email").as_string() == key);
    // The password has no platform field: it never reaches the vendor.
    CHECK(f.vendor_calls().at(0).at("body").as_object().if_contains("password") == nullptr);

    // Okta's profile push: GET, then PUT of the whole resource with one change.
    auto current = f.scim(verb::get, "/Users/" + id);
    REQUIRE(current.status == 200);
    auto full = current.body.as_object();
    full["displayName"] = "Isaac J. Brock";
    full["name"].as_object()["middleName"] = "J.";
    f.forget_vendor_calls();
    auto put = f.scim(verb::put, "/Users/" + id, full);
    INFO(put.raw.body());
    REQUIRE(put.status == 200);
    CHECK(put.text("/displayName") == "Isaac J. Brock");
    CHECK(call_summaries(f) == std::vector<std::string>{"PUT /" + key + "/name"});
    CHECK(platform_user(f, key).at("name") == "Isaac J. Brock");

    // Deactivation: a path-less PATCH with {"active": false}.
    f.forget_vendor_calls();
    auto off = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op(json::object{{"active", false}})}));
    REQUIRE(off.status == 200);
    CHECK(off.body.at("active") == false);
    CHECK(call_summaries(f) == std::vector<std::string>{"PUT /" + key + "/isActive", "PUT /" + key + "/status"});
    CHECK(platform_user(f, key).at("isActive") == false);
    CHECK(platform_user(f, key).at("status") == "Inactive");

    // Reactivation: the same shape with true.
    f.forget_vendor_calls();
    auto on = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op(json::object{{"active", true}})}));
    REQUIRE(on.status == 200);
    CHECK(on.body.at("active") == true);
    CHECK(call_summaries(f) == std::vector<std::string>{"PUT /" + key + "/isActive", "PUT /" + key + "/status"});
    auto back = platform_user(f, key);
    CHECK(back.at("isActive") == true);
    CHECK(back.at("status") == "Active");
    CHECK(back.at("name") == "Isaac J. Brock");

    // The correlation survives a restart: the next change reaches the same user.
    f.restart_bridge();
    f.forget_vendor_calls();
    auto renamed = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("displayName", "Ike Brock")}));
    REQUIRE(renamed.status == 200);
    CHECK(call_summaries(f) == std::vector<std::string>{"PUT /" + key + "/name"});
    CHECK(platform_user(f, key).at("name") == "Ike Brock");
}

TEST_CASE("platform-identity: group push and membership changes drive the user's groups by key",
          "[platform-identity][groups]")
{
    target_fixture f("platform-identity");
    f.seed_sim(catalog());
    const auto alice = provision(f, entra_user("alice", "Alice Archer", "alice@contoso.com"));
    const auto bob = provision(f, okta_user("bob", "Bob", "Baker"));
    const auto carol = provision(f, okta_user("carol", "Carol", "Cook"));

    // Group push (Entra and Okta both POST the group, Entra with members).
    f.forget_vendor_calls();
    auto pushed = f.scim(verb::post, "/Groups", group_push("sales", {alice, bob}));
    INFO(pushed.raw.body());
    REQUIRE(pushed.status == 201);
    const auto group = pushed.text("/id");
    CHECK(pushed.body.at("members").as_array().size() == 2);
    CHECK(keys_of(platform_user(f, "alice").at("groups")) == std::vector<std::string>{"sales"});
    CHECK(keys_of(platform_user(f, "bob").at("groups")) == std::vector<std::string>{"sales"});
    CHECK(platform_user(f, "carol").at("groups").as_array().empty());
    auto calls = f.vendor_calls();
    // No group API: the "create" is a cheap read, a GET without a body.
    REQUIRE_FALSE(calls.empty());
    CHECK(calls[0].at("method") == "GET");
    CHECK(calls[0].at("body").is_null());
    REQUIRE(call_body(calls, "POST", "/alice/groups/addByKeys"));
    CHECK(*call_body(calls, "POST", "/alice/groups/addByKeys") == json::array{"sales"});

    // The user resource lists the group.
    auto alice_read = f.scim(verb::get, "/Users/" + alice);
    REQUIRE(alice_read.status == 200);
    CHECK(alice_read.text("/groups/0/value") == group);

    // Entra adds one member: only that member's call is made.
    f.forget_vendor_calls();
    auto added = f.scim(verb::patch, "/Groups/" + group,
                        scim_patch({add_op("members", json::array{json::object{{"value", carol}}})}));
    REQUIRE(added.status / 100 == 2);
    CHECK(call_summaries(f) == std::vector<std::string>{"POST /carol/groups/addByKeys"});
    CHECK(keys_of(platform_user(f, "carol").at("groups")) == std::vector<std::string>{"sales"});

    // Okta removes one member by filter: only that member loses the group.
    f.forget_vendor_calls();
    auto removed = f.scim(verb::patch, "/Groups/" + group,
                          scim_patch({json::object{{"op", "remove"},
                                                   {"path", "members[value eq \"" + alice + "\"]"}}}));
    REQUIRE(removed.status / 100 == 2);
    CHECK(call_summaries(f) == std::vector<std::string>{"POST /alice/groups/removeByKeys"});
    CHECK(*call_body(f.vendor_calls(), "POST", "/alice/groups/removeByKeys") == json::array{"sales"});
    CHECK(platform_user(f, "alice").at("groups").as_array().empty());
    CHECK(keys_of(platform_user(f, "bob").at("groups")) == std::vector<std::string>{"sales"});
    CHECK(keys_of(platform_user(f, "carol").at("groups")) == std::vector<std::string>{"sales"});

    // Entra's default removal: path "members" with the member in the value.
    f.forget_vendor_calls();
    auto entra_removed = f.scim(verb::patch, "/Groups/" + group,
                                scim_patch({json::object{{"op", "Remove"},
                                                         {"path", "members"},
                                                         {"value", json::array{json::object{{"value", bob}}}}}}));
    REQUIRE(entra_removed.status / 100 == 2);
    CHECK(call_summaries(f) == std::vector<std::string>{"POST /bob/groups/removeByKeys"});
    CHECK(platform_user(f, "bob").at("groups").as_array().empty());
    CHECK(keys_of(platform_user(f, "carol").at("groups")) == std::vector<std::string>{"sales"});

    // A second group: membership in both is kept apart by key.
    auto support = f.scim(verb::post, "/Groups", group_push("support", {carol}));
    REQUIRE(support.status == 201);
    CHECK(keys_of(platform_user(f, "carol").at("groups")) == std::vector<std::string>{"sales", "support"});

    // A rename cannot follow at the platform (the catalog key is the group's
    // vendor id, and the platform has no group API): the group stays linked
    // to the key it was pushed with, and membership keeps driving that key.
    f.forget_vendor_calls();
    auto renamed = f.scim(verb::patch, "/Groups/" + group,
                          scim_patch({replace_op(json::object{{"id", group}, {"displayName", "Sales EMEA"}})}));
    REQUIRE(renamed.status / 100 == 2);
    CHECK(f.vendor_calls().empty());
    auto readded = f.scim(verb::patch, "/Groups/" + group,
                          scim_patch({add_op("members", json::array{json::object{{"value", alice}}})}));
    REQUIRE(readded.status / 100 == 2);
    CHECK(call_summaries(f) == std::vector<std::string>{"POST /alice/groups/addByKeys"});
    CHECK(keys_of(platform_user(f, "alice").at("groups")) == std::vector<std::string>{"sales"});

    // Deleting a group is refused: nothing could take its members out.
    auto removed_group = f.scim(verb::delete_, "/Groups/" + group);
    CHECK(removed_group.status == 501);
    CHECK(f.scim(verb::get, "/Groups/" + group).status == 200);

    // A deleted user leaves the group in SCIM; the platform user is gone.
    CHECK(f.scim(verb::delete_, "/Users/" + carol).status == 204);
    CHECK(platform_user(f, "carol").is_null());
    auto sales = f.scim(verb::get, "/Groups/" + group);
    REQUIRE(sales.status == 200);
    for (const auto& member : sales.body.at("members").as_array())
        CHECK(member.at("value").as_string() != carol);
}

TEST_CASE("platform-identity: SCIM groups drive platform roles instead, as the mapping file describes",
          "[platform-identity][groups][roles]")
{
    // The documented edit: "/groups/" becomes "/roles/" in the two membership paths.
    target_options roles;
    roles.mapping_edits = {{"/users/${member.vendor_id}/groups/addByKeys", "/users/${member.vendor_id}/roles/addByKeys"},
                           {"/users/${member.vendor_id}/groups/removeByKeys",
                            "/users/${member.vendor_id}/roles/removeByKeys"}};
    target_fixture f("platform-identity", roles);
    f.seed_sim(catalog());
    const auto ivan = provision(f, entra_user("ivan", "Ivan Ives", "ivan@contoso.com"));
    const auto judy = provision(f, okta_user("judy", "Judy", "Jones"));

    auto pushed = f.scim(verb::post, "/Groups", group_push("approver", {ivan}));
    INFO(pushed.raw.body());
    REQUIRE(pushed.status == 201);
    const auto group = pushed.text("/id");
    CHECK(keys_of(platform_user(f, "ivan").at("roles")) == std::vector<std::string>{"approver"});
    CHECK(platform_user(f, "ivan").at("groups").as_array().empty());

    auto added = f.scim(verb::patch, "/Groups/" + group,
                        scim_patch({add_op("members", json::array{json::object{{"value", judy}}})}));
    REQUIRE(added.status / 100 == 2);
    CHECK(keys_of(platform_user(f, "judy").at("roles")) == std::vector<std::string>{"approver"});

    auto removed = f.scim(verb::patch, "/Groups/" + group,
                          scim_patch({json::object{{"op", "remove"}, {"path", "members[value eq \"" + ivan + "\"]"}}}));
    REQUIRE(removed.status / 100 == 2);
    CHECK(platform_user(f, "ivan").at("roles").as_array().empty());
    CHECK(keys_of(platform_user(f, "judy").at("roles")) == std::vector<std::string>{"approver"});

    // "sales" is a catalog group, not a role: the platform refuses it.
    auto refused = f.scim(verb::post, "/Groups", group_push("sales", {judy}));
    CHECK(refused.status == 400);
    CHECK(refused.text("/detail").find("roles \"sales\" not found") != std::string::npos);
}

TEST_CASE("platform-identity: the vendor's refusals reach the identity provider as SCIM 400 in its words",
          "[platform-identity][errors]")
{
    target_fixture f("platform-identity");
    f.seed_sim(catalog());

    SECTION("an e-mail the platform refuses: nothing is created on either side")
    {
        auto refused = f.scim(verb::post, "/Users", entra_user("dave", "Dave Dee", "not-an-address"));
        CHECK(refused.status == 400);
        CHECK(refused.text("/scimType") == "invalidValue");
        CHECK(refused.text("/detail").find("email must be an e-mail address") != std::string::npos);
        CHECK(platform_user(f, "dave").is_null());
        CHECK(f.scim(verb::get, user_name_filter("dave")).body.at("totalResults") == 0);
    }

    SECTION("a refused attribute update leaves the bridge's state as it was")
    {
        const auto id = provision(f, entra_user("erin", "Erin Eve", "erin@contoso.com"));
        auto refused = f.scim(verb::patch, "/Users/" + id,
                              scim_patch({replace_op("emails[type eq \"work\"].value", "erin-at-contoso")}));
        CHECK(refused.status == 400);
        CHECK(refused.text("/scimType") == "invalidValue");
        CHECK(refused.text("/detail").find("email must be an e-mail address") != std::string::npos);
        CHECK(f.scim(verb::get, "/Users/" + id).text("/emails/0/value") == "erin@contoso.com");
        CHECK(platform_user(f, "erin").at("email") == "erin@contoso.com");
    }

    SECTION("a refusal half-way through per-attribute calls: the bridge keeps what the platform took")
    {
        const auto id = provision(f, entra_user("gina", "Gina Gray", "gina@contoso.com"));
        // The name call succeeds, then the e-mail call is refused.
        auto refused = f.scim(verb::patch, "/Users/" + id,
                              scim_patch({replace_op("displayName", "Gina Green"),
                                          replace_op("emails[type eq \"work\"].value", "gina-at-contoso")}));
        INFO(refused.raw.body());
        CHECK(refused.status == 400);
        CHECK(refused.text("/detail").find("email must be an e-mail address") != std::string::npos);
        CHECK(platform_user(f, "gina").at("name") == "Gina Green");
        CHECK(platform_user(f, "gina").at("email") == "gina@contoso.com");
        // The store says the same: the new name, the old e-mail.
        auto stored = f.scim(verb::get, "/Users/" + id);
        CHECK(stored.text("/displayName") == "Gina Green");
        CHECK(stored.text("/emails/0/value") == "gina@contoso.com");
        // The identity provider's retry with a good address sends only that.
        f.forget_vendor_calls();
        auto fixed = f.scim(verb::patch, "/Users/" + id,
                            scim_patch({replace_op("displayName", "Gina Green"),
                                        replace_op("emails[type eq \"work\"].value", "gina.green@contoso.com")}));
        CHECK(fixed.status == 200);
        CHECK(call_summaries(f) == std::vector<std::string>{"PUT /gina/email"});
    }

    SECTION("a group whose key the catalog lacks: the push is refused naming the key")
    {
        const auto id = provision(f, entra_user("frank", "Frank Fox", "frank@contoso.com"));
        auto refused = f.scim(verb::post, "/Groups", group_push("no-such-group", {id}));
        CHECK(refused.status == 400);
        CHECK(refused.text("/scimType") == "invalidValue");
        CHECK(refused.text("/detail").find("no-such-group") != std::string::npos);
        CHECK(refused.text("/detail").find("not found") != std::string::npos);
        CHECK(platform_user(f, "frank").at("groups").as_array().empty());
        // Not kept by the bridge either: the identity provider's retry starts clean.
        auto groups = f.scim(verb::get, "/Groups");
        CHECK(groups.body.at("totalResults") == 0);
    }

    SECTION("a userKey the platform already has: the create is refused, not linked")
    {
        auto first = f.scim(verb::post, "/Users", entra_user("gina", "Gina Gee", "gina@contoso.com"));
        REQUIRE(first.status == 201);
        // Someone created "gina2" in the platform itself.
        auto direct = f.sim(verb::post, users_path,
                            json::object{{"userKey", "gina2"}, {"name", "Other"}, {"isTechnician", true}},
                            {{"Authorization", "Bearer platform-identity-token"}});
        REQUIRE(direct.status == 201);
        auto refused = f.scim(verb::post, "/Users", entra_user("gina2", "Gina Two", "gina2@contoso.com"));
        CHECK(refused.status == 400);
        CHECK(refused.text("/detail").find("already exists") != std::string::npos);
        CHECK(platform_user(f, "gina2").at("name") == "Other");
    }
}

TEST_CASE("platform-identity: credentials and transient failures", "[platform-identity][auth]")
{
    target_fixture f("platform-identity");
    const auto id = provision(f, entra_user("hana", "Hana Ho", "hana@contoso.com"));

    SECTION("a rotated API token: 502 telling the admin to check the secrets; the new secret works after a restart")
    {
        f.configure_sim({{"bearer_token", "rotated-token"}});
        auto refused = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("displayName", "Hana H.")}));
        CHECK(refused.status == 502);
        CHECK(refused.text("/detail").find("credentials") != std::string::npos);
        CHECK(platform_user(f, "hana").at("name") == "Hana Ho");
        CHECK(f.scim(verb::get, "/Users/" + id).text("/displayName") == "Hana Ho");

        // The connection's credentials are resolved when the bridge starts.
        ::setenv("PLATFORM_IDENTITY_TOKEN", "rotated-token", 1);
        f.restart_bridge();
        auto retried = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("displayName", "Hana H.")}));
        CHECK(retried.status == 200);
        CHECK(platform_user(f, "hana").at("name") == "Hana H.");
    }

    SECTION("429s and 503s are retried within the call")
    {
        f.set_faults({{"status_429_every_n", 2}, {"retry_after", 0}});
        f.forget_vendor_calls();
        auto patched = f.scim(verb::patch, "/Users/" + id,
                              scim_patch({replace_op("displayName", "Hana Ho-Ho"),
                                          replace_op("emails[type eq \"work\"].value", "hana.ho@contoso.com")}));
        INFO(patched.raw.body());
        CHECK(patched.status == 200);
        auto hana = platform_user(f, "hana");
        CHECK(hana.at("name") == "Hana Ho-Ho");
        CHECK(hana.at("email") == "hana.ho@contoso.com");
    }
}


namespace {

std::string file_text(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void replace_text(std::string& text, std::string_view from, std::string_view to)
{
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
}

// One SCIM write of a client during the reload test, and when it ran
// relative to the reloads (the phase read before it was sent and after
// its answer).
struct write_seen {
    std::string user_key;  // a create's userName; empty for a PATCH
    int phase_sent = 0;
    int phase_answered = 0;
    unsigned status = 0;
    std::string body;
};

} // namespace

TEST_CASE("platform-identity: a mapping edited and reloaded while 32 clients write through it",
          "[platform-identity][reload]")
{
    // A copy of the mapping in the fixture's folder, without the rate limit
    // that would pace 32 clients to 20 calls a second.
    target_fixture f("platform-identity",
                     {{}, {}, {{"rate_limit: {max_concurrent: 4, per_second: 20}",
                                "rate_limit: {max_concurrent: 32, per_second: 100000}"}}});
    const auto mapping = f.directory() / "platform-identity.yaml";
    // One user every client also PATCHes: its writes queue on one lock,
    // old pipeline and new alike.
    const auto shared_id = provision(f, entra_user("shared@contoso.com", "Shared", "shared@contoso.com"));

    constexpr int clients = 32;
    // 0: before the edit; 1: the reload running; 2: the edit applied;
    // 3: a broken edit refused.
    std::atomic<int> phase{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable progress;
    std::vector<std::vector<write_seen>> seen(clients);
    std::vector<int> answered_in(clients * 4, 0);  // per client and phase of sending (guarded by mutex)
    std::vector<std::string> failures;             // transport errors (guarded by mutex)

    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            test_support::http_test_client client(f.app().port(), std::chrono::seconds(60));
            const test_support::header_list auth{{"Authorization", std::string("Bearer ") + scim_token}};
            for (int n = 0; !stop.load(); ++n) {
                write_seen write;
                write.phase_sent = phase.load();
                try {
                    server::http_response response;
                    if (n % 3 == 2) {
                        const auto patch = scim_patch(
                            json::array{replace_op("displayName", json::value(json::string(
                                                                      "Shared " + std::to_string(c) + "-" +
                                                                      std::to_string(n))))});
                        response = client.request(verb::patch, "/scim/v2/platform-identity/Users/" + shared_id,
                                                  json::serialize(patch), auth);
                    } else {
                        write.user_key = "c" + std::to_string(c) + "-" + std::to_string(n) + "@contoso.com";
                        response = client.request(
                            verb::post, "/scim/v2/platform-identity/Users",
                            json::serialize(entra_user(write.user_key, "Client " + std::to_string(c),
                                                       write.user_key)),
                            auth);
                    }
                    write.status = response.result_int();
                    write.body = response.body();
                } catch (const std::exception& e) {
                    const std::lock_guard lock(mutex);
                    failures.push_back(e.what());
                    break;
                }
                write.phase_answered = phase.load();
                {
                    const std::lock_guard lock(mutex);
                    ++answered_in[c * 4 + write.phase_sent];
                    seen[c].push_back(std::move(write));
                }
                progress.notify_all();
            }
        });
    // Until every client has had `count` writes answered that it sent in
    // `in_phase` (bounded: a stuck bridge fails the test, not hangs it).
    const auto wait_for_writes = [&](int in_phase, int count) {
        std::unique_lock lock(mutex);
        return progress.wait_for(lock, std::chrono::seconds(120), [&] {
            if (!failures.empty())
                return true;
            for (int c = 0; c < clients; ++c)
                if (answered_in[c * 4 + in_phase] < count)
                    return false;
            return true;
        });
    };

    CHECK(wait_for_writes(0, 3));
    // The edit: users created from now on are technicians.
    auto text = file_text(mapping);
    replace_text(text, "body: {isTechnician: false}", "body: {isTechnician: true}");
    std::ofstream(mapping, std::ios::trunc) << text;
    phase = 1;
    const auto applied = f.app().reload();
    phase = 2;
    CHECK(applied.applied);
    CHECK(applied.errors.empty());
    REQUIRE(applied.changes.size() == 1);
    CHECK(applied.changes[0].starts_with("target platform-identity: pipeline rebuilt"));
    CHECK(wait_for_writes(2, 3));

    // A broken edit: a parameter the deployment does not define. Refused
    // with the place in the file; the edit before it goes on serving.
    auto broken = text;
    replace_text(broken, "path: \"/users/${vendor_id}\"", "path: \"/users/${param.noSuchParameter}\"");
    std::ofstream(mapping, std::ios::trunc) << broken;
    const auto refused = f.app().reload();
    phase = 3;
    CHECK_FALSE(refused.applied);
    REQUIRE_FALSE(refused.errors.empty());
    CHECK(wait_for_writes(3, 3));
    stop = true;
    for (auto& thread : threads)
        thread.join();
    REQUIRE(failures.empty());

    // The refusal names the file, line and column, in the report and the log.
    const std::regex located(R"(platform-identity\.yaml:\d+:\d+)");
    bool located_error = false;
    for (const auto& error : refused.errors)
        located_error = located_error || std::regex_search(error, located);
    INFO(refused.errors.front());
    CHECK(located_error);
    const auto log = f.bridge_log();
    CHECK(log.find("config_reload_refused") != std::string::npos);
    CHECK(std::regex_search(log, located));

    // No write failed, before, during or after either reload; each create
    // reached the platform with the mapping in force when it was sent.
    const auto state = f.sim_state();
    std::map<std::string, bool> technician;
    for (const auto& user : state.at("users").as_array())
        technician[std::string(user.at("userKey").as_string())] = user.at("isTechnician").as_bool();
    std::size_t writes = 0, before = 0, after = 0;
    for (const auto& client : seen)
        for (const auto& write : client) {
            ++writes;
            INFO(write.user_key << " sent in phase " << write.phase_sent << ": " << write.body);
            CHECK(write.status == (write.user_key.empty() ? 200u : 201u));
            if (write.user_key.empty())
                continue;
            REQUIRE(technician.contains(write.user_key));
            if (write.phase_answered == 0) {
                CHECK_FALSE(technician[write.user_key]);
                ++before;
            } else if (write.phase_sent >= 2) {
                CHECK(technician[write.user_key]);
                ++after;
            }
        }
    CHECK(before >= clients * 2);
    CHECK(after >= clients * 4);
    // Vendor calls carry the mapping's operation in their metrics, not the
    // HTTP method's guess: a group's "create" here is a GET.
    f.seed_sim(catalog());
    REQUIRE(f.scim(verb::post, "/Groups", group_push("sales", {})).status == 201);
    const std::string metrics = observability::process_registry().text();
    CHECK(metrics.find("scim_bridge_vendor_calls_total{target=\"platform-identity\",operation=\"create\","
                       "outcome=\"ok\",status=\"200\"}") != std::string::npos);
    CHECK(metrics.find("scim_bridge_vendor_calls_total{target=\"platform-identity\",operation=\"update\","
                       "outcome=\"ok\"") != std::string::npos);
    WARN(writes << " writes by " << clients << " clients; " << before << " creates before the reload, " << after
                << " after it");
}
