// customer-directory end to end: what Entra ID and Okta send, through
// mappings/customer-directory.yaml, against the directory's simulator. The
// directory has no create: accounts are seeded into the simulator, and a
// SCIM POST links to one. The assertions read the directory's own records
// and request log: which account a change reached, and with what.

#include "target_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

using namespace target_test;

namespace {

const std::string customer = "5f0c1e2d3c4b5a6978877665";
const std::string v1_users = "/api/v1/customers/" + customer + "/users";
const std::string v2_users = "/api/v2/customers/" + customer + "/users";

// Accounts as they exist in the directory before any provisioning.
const std::string ann_id = "64a0000000000000000000a1";
const std::string ben_id = "64a0000000000000000000b2";
const std::string cleo_id = "64a0000000000000000000c3";
const std::string role_id = "64b0000000000000000000f1";

json::object account(std::string id, std::string email, std::string first, std::string last,
                     json::array identities = {})
{
    return {{"_id", std::move(id)},         {"email", std::move(email)},
            {"firstName", std::move(first)}, {"lastName", std::move(last)},
            {"jobTitle", "Staff"},           {"department", "Operations"},
            {"externalIdentities", std::move(identities)}};
}

void seed_accounts(target_fixture& f, json::array accounts)
{
    f.seed_sim({{"users", std::move(accounts)}});
}

// The directory's record of one account (roleIds included), null when gone.
json::value directory_user(target_fixture& f, std::string_view id)
{
    const auto state = f.sim_state();
    for (const auto& user : state.at("users").as_array())
        if (user.at("_id").as_string() == id)
            return user;
    return nullptr;
}

// The vendor calls since the last forget_vendor_calls, as "METHOD path".
std::vector<std::string> call_summaries(target_fixture& f)
{
    std::vector<std::string> out;
    for (const auto& call : f.vendor_calls())
        out.push_back(std::string(call.at("method").as_string()) + " " + std::string(call.at("path").as_string()));
    return out;
}

// The vendor writes (anything but GET) since the last forget_vendor_calls.
json::array vendor_writes(target_fixture& f)
{
    json::array out;
    for (const auto& call : f.vendor_calls())
        if (call.at("method") != "GET")
            out.push_back(call);
    return out;
}

json::object entra_user(std::string user_name, std::string email, std::string given, std::string family)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User", enterprise_urn}},
            {"externalId", "aad-" + user_name},
            {"userName", user_name},
            {"active", true},
            {"displayName", given + " " + family},
            {"emails", json::array{json::object{{"primary", true}, {"type", "work"}, {"value", email}}}},
            {"meta", json::object{{"resourceType", "User"}}},
            {"name", json::object{{"formatted", given + " " + family}, {"givenName", given}, {"familyName", family}}},
            {"title", "Staff"},
            {"roles", json::array{}},
            {enterprise_urn, json::object{{"department", "Operations"}}}};
}

json::object okta_user(std::string user_name, std::string external_id, std::string given, std::string family)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
            {"userName", user_name},
            {"name", json::object{{"givenName", given}, {"familyName", family}}},
            {"emails", json::array{json::object{{"primary", true}, {"value", user_name}, {"type", "work"}}}},
            {"displayName", given + " " + family},
            {"locale", "en-US"},
            {"externalId", external_id},
            {"groups", json::array{}},
            {"password", "1mz050nq"},
            {"active", true}};
}

// Look-up, then POST, as both identity providers do; returns the SCIM id.
std::string provision(target_fixture& f, const json::object& user)
{
    auto none = f.scim(verb::get, user_name_filter(std::string(user.at("userName").as_string())) +
                                      "&startIndex=1&count=100");
    REQUIRE(none.status == 200);
    REQUIRE(none.body.at("totalResults") == 0);
    auto created = f.scim(verb::post, "/Users", user);
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    return created.text("/id");
}

json::object role_group(std::string display_name, std::string external_id, json::array member_ids)
{
    json::array members;
    for (auto& id : member_ids)
        members.push_back(json::object{{"value", id}});
    json::object group{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                       {"displayName", std::move(display_name)},
                       {"members", std::move(members)}};
    if (!external_id.empty())
        group["externalId"] = std::move(external_id);
    return group;
}

} // namespace

TEST_CASE("customer-directory, Entra ID: POST links the existing account by work e-mail, PATCHes reach it",
          "[customer-directory][entra]")
{
    target_fixture f("customer-directory");
    seed_accounts(f, {account(ann_id, "ann@contoso.com", "Ann", "Archer"),
                      account(ben_id, "ben@contoso.com", "Ben", "Baker")});

    f.forget_vendor_calls();
    const auto id = provision(f, entra_user("ann@contoso.com", "ann@contoso.com", "Ann", "Archer"));
    // Linking is look-ups (the directory has no create): the exact external
    // identity first (the directory has none for Ann), then the e-mail
    // search; then the linked account is brought to Entra's values.
    auto calls = f.vendor_calls();
    CHECK(call_summaries(f) == std::vector<std::string>{"GET " + v1_users + "/lookup", "GET " + v1_users,
                                                        "PATCH " + v2_users + "/" + ann_id});
    REQUIRE(calls.size() == 3);
    CHECK(calls[0].at("query").at("value") == "aad-ann@contoso.com");
    CHECK(calls[1].at("query").at("search") == "ann@contoso.com");
    CHECK(calls[1].at("query").at("integration") == "scim");
    CHECK(f.sim_state().at("users").as_array().size() == 2);

    // Entra's PATCH: only the changed fields, to the linked account only.
    f.forget_vendor_calls();
    auto patched = f.scim(
        verb::patch, "/Users/" + id,
        scim_patch({replace_op("name.givenName", "Annie"), replace_op("title", "Team Lead"),
                    replace_op(std::string(enterprise_urn) + ":department", "Logistics"),
                    add_op("addresses[type eq \"work\"].locality", "Leeds"),
                    replace_op("displayName", "Annie Archer")}));
    INFO(patched.raw.body());
    REQUIRE(patched.status == 200);
    CHECK(patched.text("/name/givenName") == "Annie");
    CHECK(patched.text("/title") == "Team Lead");
    CHECK(call_summaries(f) == std::vector<std::string>{"PATCH " + v2_users + "/" + ann_id});
    CHECK(f.vendor_calls().at(0).at("body") == json::object{{"firstName", "Annie"},
                                                             {"jobTitle", "Team Lead"},
                                                             {"department", "Logistics"},
                                                             {"office", "Leeds"}});
    auto ann = directory_user(f, ann_id);
    CHECK(ann.at("firstName") == "Annie");
    CHECK(ann.at("lastName") == "Archer");
    CHECK(ann.at("jobTitle") == "Team Lead");
    CHECK(ann.at("department") == "Logistics");
    CHECK(ann.at("office") == "Leeds");
    auto ben = directory_user(f, ben_id);
    CHECK(ben.at("firstName") == "Ben");
    CHECK(ben.at("jobTitle") == "Staff");

    // A removed optional value is cleared with "" (the directory refuses null).
    f.forget_vendor_calls();
    auto cleared = f.scim(verb::patch, "/Users/" + id, scim_patch({remove_op("title")}));
    REQUIRE(cleared.status == 200);
    CHECK(cleared.find("/title") == nullptr);
    CHECK(f.vendor_calls().at(0).at("body") == json::object{{"jobTitle", ""}});
    CHECK(directory_user(f, ann_id).at("jobTitle") == "");

    // An e-mail change goes through, trimmed.
    f.forget_vendor_calls();
    auto email = f.scim(verb::patch, "/Users/" + id,
                        scim_patch({replace_op("emails[type eq \"work\"].value", " ann.archer@contoso.com ")}));
    REQUIRE(email.status == 200);
    CHECK(f.vendor_calls().at(0).at("body") == json::object{{"email", "ann.archer@contoso.com"}});
    CHECK(directory_user(f, ann_id).at("email") == "ann.archer@contoso.com");

    // Soft delete: status is read-only at the directory, so `active` "False"
    // is kept by the bridge and changes nothing there (documented).
    f.forget_vendor_calls();
    auto disabled = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("active", "False")}));
    REQUIRE(disabled.status == 200);
    CHECK(disabled.body.at("active") == false);
    CHECK(vendor_writes(f).empty());
    CHECK(directory_user(f, ann_id).at("status") == "active");
    auto still = f.scim(verb::get, user_name_filter("ann@contoso.com"));
    CHECK(still.body.at("totalResults") == 1);
    CHECK(still.body.at("Resources").at(0).at("active") == false);

    // The link survives a restart; DELETE is the directory's hard delete.
    f.restart_bridge();
    f.forget_vendor_calls();
    CHECK(f.scim(verb::delete_, "/Users/" + id).status == 204);
    CHECK(call_summaries(f) == std::vector<std::string>{"DELETE " + v1_users + "/" + ann_id});
    CHECK(directory_user(f, ann_id).is_null());
    CHECK(directory_user(f, ben_id).is_object());
    CHECK(f.scim(verb::get, "/Users/" + id).status == 404);
}

TEST_CASE("customer-directory, Okta: POST links by external identity, whatever the e-mail, PUT sends "
          "only the changes, deactivation writes nothing",
          "[customer-directory][okta]")
{
    target_fixture f("customer-directory");
    // The directory knows Ben by another e-mail, but by his Okta id as a scim identity.
    seed_accounts(f, {account(ben_id, "b.baker@contoso.com", "Ben", "Baker",
                              json::array{json::object{{"type", "scim"}, {"value", "00uBEN"}}}),
                      account(ann_id, "ann@contoso.com", "Ann", "Archer")});

    f.forget_vendor_calls();
    const auto id = provision(f, okta_user("benjamin.baker@contoso.com", "00uBEN", "Benjamin", "Baker"));
    auto calls = f.vendor_calls();
    REQUIRE(calls.size() == 2);  // found: the e-mail search is not needed; then Okta's values
    CHECK(calls[0].at("path").as_string() == v1_users + "/lookup");
    CHECK(calls[1].at("path").as_string() == v2_users + "/" + ben_id);
    CHECK(calls[0].at("query").at("type") == "scim");
    CHECK(calls[0].at("query").at("value") == "00uBEN");

    // Okta's profile push: GET, then PUT of the whole resource.
    auto current = f.scim(verb::get, "/Users/" + id);
    REQUIRE(current.status == 200);
    auto full = current.body.as_object();
    full["nickName"] = "Benji";
    full["name"].as_object()["familyName"] = "Baker-Smith";
    f.forget_vendor_calls();
    auto put = f.scim(verb::put, "/Users/" + id, full);
    INFO(put.raw.body());
    REQUIRE(put.status == 200);
    CHECK(call_summaries(f) == std::vector<std::string>{"PATCH " + v2_users + "/" + ben_id});
    CHECK(f.vendor_calls().at(0).at("body") == json::object{{"lastName", "Baker-Smith"}, {"nickname", "Benji"}});
    auto ben = directory_user(f, ben_id);
    CHECK(ben.at("lastName") == "Baker-Smith");
    CHECK(ben.at("nickname") == "Benji");
    // Linking brought the account to Okta's e-mail.
    CHECK(ben.at("email") == "benjamin.baker@contoso.com");
    CHECK(directory_user(f, ann_id).at("lastName") == "Archer");

    // Deactivation (path-less PATCH) and reactivation write nothing.
    f.forget_vendor_calls();
    auto off = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op(json::object{{"active", false}})}));
    REQUIRE(off.status == 200);
    CHECK(off.body.at("active") == false);
    auto on = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op(json::object{{"active", true}})}));
    REQUIRE(on.status == 200);
    CHECK(on.body.at("active") == true);
    CHECK(vendor_writes(f).empty());
}

TEST_CASE("customer-directory: SCIM groups set the directory role named by their externalId",
          "[customer-directory][groups]")
{
    target_fixture f("customer-directory");
    seed_accounts(f, {account(ann_id, "ann@contoso.com", "Ann", "Archer"),
                      account(ben_id, "ben@contoso.com", "Ben", "Baker"),
                      account(cleo_id, "cleo@contoso.com", "Cleo", "Cole")});
    const auto ann = provision(f, entra_user("ann@contoso.com", "ann@contoso.com", "Ann", "Archer"));
    const auto ben = provision(f, okta_user("ben@contoso.com", "00uBEN", "Ben", "Baker"));
    const auto cleo = provision(f, entra_user("cleo@contoso.com", "cleo@contoso.com", "Cleo", "Cole"));

    // Push with members: each member's roleIds becomes [the role].
    f.forget_vendor_calls();
    auto pushed = f.scim(verb::post, "/Groups", role_group("Support agents", role_id, {ann, ben}));
    INFO(pushed.raw.body());
    REQUIRE(pushed.status == 201);
    const auto group = pushed.text("/id");
    // The "create" is a read: a GET without a body.
    const auto push_calls = f.vendor_calls();
    REQUIRE_FALSE(push_calls.empty());
    CHECK(push_calls[0].at("method") == "GET");
    CHECK(push_calls[0].at("body").is_null());
    CHECK(directory_user(f, ann_id).at("roleIds") == json::array{role_id});
    CHECK(directory_user(f, ben_id).at("roleIds") == json::array{role_id});
    CHECK(directory_user(f, cleo_id).at("roleIds").as_array().empty());
    for (const auto& write : vendor_writes(f))
        CHECK(write.at("body") == json::object{{"roleIds", json::array{role_id}}});
    CHECK(vendor_writes(f).size() == 2);

    // Entra adds one member.
    f.forget_vendor_calls();
    auto added = f.scim(verb::patch, "/Groups/" + group,
                        scim_patch({add_op("members", json::array{json::object{{"value", cleo}}})}));
    REQUIRE(added.status / 100 == 2);
    CHECK(call_summaries(f) == std::vector<std::string>{"PATCH " + v2_users + "/" + cleo_id});
    CHECK(directory_user(f, cleo_id).at("roleIds") == json::array{role_id});

    // Okta removes one member: that member's roles are cleared, no one else's.
    f.forget_vendor_calls();
    auto removed = f.scim(verb::patch, "/Groups/" + group,
                          scim_patch({json::object{{"op", "remove"}, {"path", "members[value eq \"" + ann + "\"]"}}}));
    REQUIRE(removed.status / 100 == 2);
    CHECK(call_summaries(f) == std::vector<std::string>{"PATCH " + v2_users + "/" + ann_id});
    CHECK(directory_user(f, ann_id).at("roleIds").as_array().empty());
    CHECK(directory_user(f, ben_id).at("roleIds") == json::array{role_id});

    // Entra's removal with the member in the value.
    auto entra_removed = f.scim(verb::patch, "/Groups/" + group,
                                scim_patch({json::object{{"op", "Remove"},
                                                         {"path", "members"},
                                                         {"value", json::array{json::object{{"value", ben}}}}}}));
    REQUIRE(entra_removed.status / 100 == 2);
    CHECK(directory_user(f, ben_id).at("roleIds").as_array().empty());
    CHECK(directory_user(f, cleo_id).at("roleIds") == json::array{role_id});
}

TEST_CASE("customer-directory: refusals reach the identity provider as SCIM 400 with the directory's message",
          "[customer-directory][errors]")
{
    target_fixture f("customer-directory");
    seed_accounts(f, {account(ann_id, "ann@contoso.com", "Ann", "Archer")});
    const auto ann = provision(f, entra_user("ann@contoso.com", "ann@contoso.com", "Ann", "Archer"));

    SECTION("removing a required name: 400 naming it, nothing changed on either side")
    {
        auto refused = f.scim(verb::patch, "/Users/" + ann, scim_patch({remove_op("name.givenName")}));
        CHECK(refused.status == 400);
        CHECK(refused.text("/scimType") == "invalidValue");
        CHECK(refused.text("/detail").find("firstName must be a string") != std::string::npos);
        CHECK(directory_user(f, ann_id).at("firstName") == "Ann");
        CHECK(f.scim(verb::get, "/Users/" + ann).text("/name/givenName") == "Ann");
    }

    SECTION("an e-mail the directory refuses")
    {
        auto refused = f.scim(verb::patch, "/Users/" + ann,
                              scim_patch({replace_op("emails[type eq \"work\"].value", "ann-at-contoso")}));
        CHECK(refused.status == 400);
        CHECK(refused.text("/scimType") == "invalidValue");
        CHECK(refused.text("/detail").find("email must be an e-mail address") != std::string::npos);
        CHECK(directory_user(f, ann_id).at("email") == "ann@contoso.com");
    }

    SECTION("a group whose externalId is not a role ObjectId: refused, nothing kept")
    {
        auto refused = f.scim(verb::post, "/Groups", role_group("Support agents", "support", {ann}));
        CHECK(refused.status == 400);
        CHECK(refused.text("/scimType") == "invalidValue");
        CHECK(refused.text("/detail").find("roleIds must be an array of ObjectIds") != std::string::npos);
        CHECK(directory_user(f, ann_id).at("roleIds").as_array().empty());
        CHECK(f.scim(verb::get, "/Groups").body.at("totalResults") == 0);
    }

    SECTION("a group without externalId: refused, the detail says what is missing")
    {
        auto refused = f.scim(verb::post, "/Groups", role_group("Support agents", "", {ann}));
        CHECK(refused.status == 400);
        CHECK(refused.text("/detail").find("externalId") != std::string::npos);
        CHECK(f.scim(verb::get, "/Groups").body.at("totalResults") == 0);
    }
}

TEST_CASE("customer-directory: a wrong token gives an actionable 502, never a bare 500",
          "[customer-directory][auth]")
{
    target_fixture f("customer-directory");
    seed_accounts(f, {account(ann_id, "ann@contoso.com", "Ann", "Archer"),
                      account(ben_id, "ben@contoso.com", "Ben", "Baker")});
    const auto ann = provision(f, entra_user("ann@contoso.com", "ann@contoso.com", "Ann", "Archer"));

    SECTION("a token the directory does not know (revoked or mistyped)")
    {
        f.configure_sim({{"authorization_token", "reissued-token"}});
        auto refused = f.scim(verb::patch, "/Users/" + ann, scim_patch({replace_op("title", "Lead")}));
        CHECK(refused.status == 502);
        CHECK(refused.text("/detail").find("credentials") != std::string::npos);
        CHECK(f.scim(verb::get, "/Users/" + ann).text("/title") == "Staff");

        // A POST cannot link either: refused, not accepted-for-later.
        auto create = f.scim(verb::post, "/Users", entra_user("ben@contoso.com", "ben@contoso.com", "Ben", "Baker"));
        CHECK(create.status == 502);
        CHECK(f.scim(verb::get, user_name_filter("ben@contoso.com")).body.at("totalResults") == 0);

        // The new token, then a restart (the connection's credentials are read at start).
        ::setenv("CUSTOMER_DIRECTORY_TOKEN", "reissued-token", 1);
        f.restart_bridge();
        auto retried = f.scim(verb::patch, "/Users/" + ann, scim_patch({replace_op("title", "Lead")}));
        CHECK(retried.status == 200);
        CHECK(directory_user(f, ann_id).at("jobTitle") == "Lead");
    }

    SECTION("a token of another customer: the directory answers 403")
    {
        target_options other;
        other.parameters["customerId"] = "5f0c1e2d3c4b5a6978877666";
        target_fixture g("customer-directory", other);
        g.seed_sim({{"users", json::array{account(ann_id, "ann@contoso.com", "Ann", "Archer")}}});
        auto refused = g.scim(verb::post, "/Users", entra_user("ann@contoso.com", "ann@contoso.com", "Ann", "Archer"));
        INFO(refused.raw.body());
        CHECK(refused.status == 502);
        CHECK(refused.text("/detail").find("not valid for customer") != std::string::npos);
    }
}

TEST_CASE("customer-directory: when_absent accept_and_link_later keeps an account-less user",
          "[customer-directory][link-later]")
{
    target_fixture f("customer-directory");
    seed_accounts(f, {account(ann_id, "ann@contoso.com", "Ann", "Archer")});

    // The new hire has no account yet: the POST is accepted, nothing written.
    f.forget_vendor_calls();
    const auto dora = provision(f, entra_user("dora@contoso.com", "dora@contoso.com", "Dora", "Dale"));
    CHECK(call_summaries(f) ==
          std::vector<std::string>{"GET " + v1_users + "/lookup", "GET " + v1_users});
    CHECK(vendor_writes(f).empty());
    auto stored = f.scim(verb::get, user_name_filter("dora@contoso.com"));
    CHECK(stored.body.at("totalResults") == 1);
    CHECK(stored.text("/Resources/0/id") == dora);

    // Deleting it before it was ever linked touches nothing at the directory.
    SECTION("DELETE of a user never linked")
    {
        f.forget_vendor_calls();
        CHECK(f.scim(verb::delete_, "/Users/" + dora).status == 204);
        CHECK(vendor_writes(f).empty());
        CHECK(directory_user(f, ann_id).is_object());
    }
}

TEST_CASE("customer-directory: the account appears after the POST, the next change links it",
          "[customer-directory][link-later]")
{
    target_fixture f("customer-directory");
    const auto dora = provision(f, entra_user("dora@contoso.com", "dora@contoso.com", "Dora", "Dale"));

    // Still no account: a change is kept by the bridge and writes nothing.
    f.forget_vendor_calls();
    auto early = f.scim(verb::patch, "/Users/" + dora, scim_patch({replace_op("title", "Trainee")}));
    REQUIRE(early.status == 200);
    CHECK(vendor_writes(f).empty());

    // Dora signs in through SSO for the first time: the account appears.
    const std::string dora_id = "64a0000000000000000000d4";
    seed_accounts(f, {account(dora_id, "dora@contoso.com", "Dora", "Dale")});

    // The next change looks again and links; from then on changes reach it.
    f.forget_vendor_calls();
    auto linking = f.scim(verb::patch, "/Users/" + dora, scim_patch({replace_op("title", "Analyst")}));
    INFO(linking.raw.body());
    REQUIRE(linking.status == 200);
    CHECK(call_summaries(f).at(0) == "GET " + v1_users + "/lookup");
    f.forget_vendor_calls();
    auto linked = f.scim(verb::patch, "/Users/" + dora,
                         scim_patch({replace_op(std::string(enterprise_urn) + ":department", "Audit")}));
    REQUIRE(linked.status == 200);
    CHECK(call_summaries(f) == std::vector<std::string>{"PATCH " + v2_users + "/" + dora_id});
    CHECK(directory_user(f, dora_id).at("department") == "Audit");

    f.forget_vendor_calls();
    CHECK(f.scim(verb::delete_, "/Users/" + dora).status == 204);
    CHECK(call_summaries(f) == std::vector<std::string>{"DELETE " + v1_users + "/" + dora_id});
    CHECK(directory_user(f, dora_id).is_null());
}

TEST_CASE("customer-directory: linking brings the account to the identity provider's values",
          "[customer-directory][link-later]")
{
    // Linking (at the POST, or at the first change after the account
    // appeared) sends the user's mapped fields to the account just linked:
    // otherwise it would keep its own values, and the change that made the
    // bridge look again would be lost (later deltas compare against the
    // bridge's state, which already has it).
    target_fixture f("customer-directory");
    const auto dora = provision(f, entra_user("dora@contoso.com", "dora@contoso.com", "Dora", "Dale"));
    const std::string dora_id = "64a0000000000000000000d4";
    seed_accounts(f, {account(dora_id, "dora@contoso.com", "Dora", "Dale")});
    auto patched = f.scim(verb::patch, "/Users/" + dora, scim_patch({replace_op("title", "Analyst")}));
    REQUIRE(patched.status == 200);
    CHECK(directory_user(f, dora_id).at("jobTitle") == "Analyst");
}

TEST_CASE("customer-directory: a look-up by a key the user lacks is not made",
          "[customer-directory][lookup]")
{
    target_fixture f("customer-directory");
    seed_accounts(f, {account(ann_id, "ann@contoso.com", "Ann", "Archer")});

    SECTION("Okta sends no externalId and the account does not exist yet: accepted for later")
    {
        auto erin = okta_user("erin@contoso.com", "", "Erin", "Eve");
        erin.erase("externalId");
        f.forget_vendor_calls();
        auto created = f.scim(verb::post, "/Users", erin);
        INFO(created.raw.body());
        CHECK(created.status == 201);
        CHECK(call_summaries(f) == std::vector<std::string>{"GET " + v1_users});  // no lookup without a value
    }

    SECTION("neither e-mail nor externalId: nothing to link by, never the directory's only account")
    {
        f.forget_vendor_calls();
        auto created = f.scim(verb::post, "/Users",
                              json::object{{"userName", "kiosk-7"}, {"displayName", "Kiosk 7"}, {"active", true}});
        INFO(created.raw.body());
        REQUIRE(created.status == 201);
        CHECK(f.vendor_calls().empty());
        // Nothing linked: its changes and its DELETE leave Ann's account alone.
        const auto id = created.text("/id");
        f.forget_vendor_calls();
        CHECK(f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("title", "Device")})).status == 200);
        CHECK(f.scim(verb::delete_, "/Users/" + id).status == 204);
        CHECK(vendor_writes(f).empty());
        CHECK(directory_user(f, ann_id).at("jobTitle") == "Staff");
    }
}

TEST_CASE("customer-directory: the e-mail look-up links only the account with exactly that e-mail",
          "[customer-directory][lookup]")
{
    // The directory's `search` is a substring match on names, nickname and
    // e-mail, so searching "ann@contoso.com" also answers "joann@contoso.com".
    // The mapping's look-up declares `match: {/email: ...}`: only the item
    // with exactly that e-mail counts.
    target_fixture f("customer-directory");
    const std::string joann_id = "64a0000000000000000000e5";
    seed_accounts(f, {account(joann_id, "joann@contoso.com", "Jo", "Ann")});

    SECTION("only a longer e-mail exists: Ann is not linked to Jo's account")
    {
        const auto ann = provision(f, entra_user("ann@contoso.com", "ann@contoso.com", "Ann", "Archer"));
        f.forget_vendor_calls();
        auto patched = f.scim(verb::patch, "/Users/" + ann, scim_patch({replace_op("title", "Intern")}));
        CHECK(patched.status == 200);
        CHECK(vendor_writes(f).empty());
        CHECK(directory_user(f, joann_id).at("jobTitle") == "Staff");
        CHECK(f.scim(verb::delete_, "/Users/" + ann).status == 204);
        CHECK(directory_user(f, joann_id).is_object());
    }

    SECTION("both exist: Ann links to her own account, not a 409")
    {
        seed_accounts(f, {account(ann_id, "ann@contoso.com", "Ann", "Archer")});
        const auto ann = provision(f, entra_user("ann@contoso.com", "ann@contoso.com", "Ann", "Archer"));
        auto patched = f.scim(verb::patch, "/Users/" + ann, scim_patch({replace_op("title", "Intern")}));
        CHECK(patched.status == 200);
        CHECK(directory_user(f, ann_id).at("jobTitle") == "Intern");
        CHECK(directory_user(f, joann_id).at("jobTitle") == "Staff");
    }
}

TEST_CASE("customer-directory: a group change naming a member not linked yet is kept, not refused",
          "[customer-directory][groups][link-later]")
{
    // IDP-COMPAT: a member id without a vendor record is stored and takes
    // effect once the record exists. Entra assigns new hires (unlinked until
    // their first sign-in) through groups: the linked members' change goes
    // on, the others stay members in SCIM only.
    target_fixture f("customer-directory");
    seed_accounts(f, {account(ann_id, "ann@contoso.com", "Ann", "Archer")});
    const auto ann = provision(f, entra_user("ann@contoso.com", "ann@contoso.com", "Ann", "Archer"));
    const auto dora = provision(f, entra_user("dora@contoso.com", "dora@contoso.com", "Dora", "Dale"));
    auto pushed = f.scim(verb::post, "/Groups", role_group("Support agents", role_id, {ann, dora}));
    INFO(pushed.raw.body());
    CHECK(pushed.status == 201);
    CHECK(directory_user(f, ann_id).at("roleIds") == json::array{role_id});
}
