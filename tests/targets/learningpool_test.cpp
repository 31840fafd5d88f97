// learningpool end to end: every write is asynchronous at the vendor
// (accepted with a requestId, then In Progress -> Complete | In Error), so
// these tests are about job tracking as much as about the mapping.

#include "target_fixture.hpp"

#include "app/job_listing.hpp"
#include "config/config_loader.hpp"
#include "store/sqlite/sqlite_job_store.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <fstream>
#include <iterator>
#include <thread>

using namespace target_test;

namespace {

// Short polling so that the background paths run in test time; the wait
// for a write's own jobs stays as shipped unless a test shortens it.
target_options fast_polling(std::string wait_ms = "wait_ms: 5000")
{
    target_options options;
    options.mapping_edits = {{"wait_ms: 5000", wait_ms}, {"poll_interval_ms: 2000", "poll_interval_ms: 100"}};
    return options;
}

json::object entra_user(const std::string& user_name, const std::string& employee_number)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User", enterprise_urn}},
            {"externalId", "ext-" + employee_number},
            {"userName", user_name},
            {"active", true},
            {"displayName", "Ada Lovelace"},
            {"title", "Analyst"},
            {"preferredLanguage", "en-GB"},
            {"timezone", "Europe/London"},
            {"emails", json::array{json::object{{"primary", true}, {"type", "work"}, {"value", user_name}}}},
            {"addresses", json::array{json::object{{"type", "work"}, {"country", "GB"}}}},
            {"name", json::object{{"givenName", "Ada"}, {"familyName", "Lovelace"}}},
            {enterprise_urn, json::object{{"employeeNumber", employee_number}, {"department", "Research"}}}};
}

// The vendor's user record (learningpool has no read API: the simulator's state).
json::value vendor_user(target_fixture& f, const std::string& user_id)
{
    auto users = f.sim_state().at("users").as_object();
    const auto* user = users.if_contains(user_id);
    return user ? *user : json::value(nullptr);
}

std::string field(const json::value& record, std::string_view name)
{
    const auto* value = record.is_object() ? record.as_object().if_contains(name) : nullptr;
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::vector<store::job_row> jobs_of(target_fixture& f)
{
    auto db = store::database::open({f.directory() / "bridge.db"});
    auto rows = store::sqlite_job_store(db).list(std::nullopt, false, 100);
    db->close();
    return rows;
}

template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds limit = std::chrono::seconds(10))
{
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (done())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
}

} // namespace

TEST_CASE("learningpool: Entra's create, update, disable and delete reach the vendor once its jobs complete")
{
    target_fixture f("learningpool", fast_polling());

    // Entra looks the user up first, then creates it.
    auto lookup = f.scim(verb::get, "/Users?filter=userName%20eq%20%22ada%40example.com%22");
    REQUIRE(lookup.status == 200);
    CHECK(lookup.body.at("totalResults") == 0);
    auto created = f.scim(verb::post, "/Users", entra_user("ada@example.com", "E1001"));
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    const auto id = created.text("/id");

    // The answer came after the vendor completed the jobs (the default
    // simulator finishes them in 200 ms, within the write's wait).
    auto user = vendor_user(f, "E1001");
    REQUIRE(user.is_object());
    CHECK(field(user, "username") == "ada@example.com");
    CHECK(field(user, "firstName") == "Ada");
    CHECK(field(user, "lastName") == "Lovelace");
    CHECK(field(user, "email") == "ada@example.com");
    CHECK(field(user, "country") == "GBR");
    CHECK(field(user, "language") == "en_GB");
    CHECK(field(user, "timezone") == "Europe/London");
    CHECK(field(user, "orgRef") == "Research");
    auto jobs = jobs_of(f);
    REQUIRE(jobs.size() == 2);  // the user, then its primary job assignment
    for (const auto& job : jobs)
        CHECK(job.status == "complete");
    auto assignments = user.as_object().if_contains("jobAssignments");
    INFO(json::serialize(user));
    REQUIRE(assignments);
    CHECK(json::serialize(*assignments).find("Analyst") != std::string::npos);

    // Entra's PATCH shapes: capitalised op, dotted and URN-prefixed paths.
    auto patched = f.scim(verb::patch, "/Users/" + id,
                          scim_patch({replace_op("name.familyName", "Byron"),
                                      replace_op(std::string(enterprise_urn) + ":department", "Engines")}));
    INFO(patched.raw.body());
    REQUIRE(patched.status == 200);
    user = vendor_user(f, "E1001");
    CHECK(field(user, "lastName") == "Byron");
    CHECK(field(user, "orgRef") == "Engines");
    CHECK(field(user, "firstName") == "Ada");

    // active "False" as Entra sends it -> the vendor's status call.
    auto disabled = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("active", "False")}));
    REQUIRE(disabled.status == 200);
    CHECK(disabled.body.at("active") == false);
    CHECK(field(vendor_user(f, "E1001"), "status") == "DELETED");

    // Okta's reactivation shape.
    auto enabled = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op(json::object{{"active", true}})}));
    REQUIRE(enabled.status == 200);
    CHECK(field(vendor_user(f, "E1001"), "status") == "ACTIVE");

    // DELETE: the vendor has no deletion; the user is set DELETED.
    CHECK(f.scim(verb::delete_, "/Users/" + id).status == 204);
    CHECK(field(vendor_user(f, "E1001"), "status") == "DELETED");
    CHECK(f.scim(verb::get, "/Users/" + id).status == 404);
}

TEST_CASE("learningpool: a job that ends In Error within the wait refuses the SCIM write with the vendor's message")
{
    target_fixture f("learningpool", fast_polling());
    REQUIRE(f.scim(verb::post, "/Users", entra_user("ada@example.com", "E1")).status == 201);

    // Another employee number with the same username: the vendor accepts
    // the request, then its job fails ("The username has already been taken").
    auto duplicate = f.scim(verb::post, "/Users", entra_user("ada@example.com", "E2"));
    // Our own uniqueness check stops it first (userName is unique in SCIM).
    CHECK(duplicate.status == 409);

    // The vendor already holds an account under this username that the
    // bridge does not know: only the vendor can refuse it.
    f.seed_sim({{"users", json::array{json::object{{"userId", "LEGACY"}, {"username", "grace@example.com"},
                                                   {"firstName", "Grace"}, {"lastName", "Hopper"},
                                                   {"email", "grace@example.com"}}}}});
    auto refused = f.scim(verb::post, "/Users", entra_user("grace@example.com", "E3"));
    INFO(refused.raw.body());
    CHECK(refused.status == 400);
    CHECK(refused.text("/scimType") == "invalidValue");
    CHECK(refused.text("/detail").find("The username has already been taken") != std::string::npos);
    // Nothing stored: the identity provider's retry starts from scratch.
    auto listed = f.scim(verb::get, "/Users?filter=userName%20eq%20%22grace%40example.com%22");
    CHECK(listed.body.at("totalResults") == 0);
    CHECK(vendor_user(f, "E3").is_null());
}

TEST_CASE("learningpool: a job failing after the wait is tracked in the background and reported on the next write")
{
    // The vendor takes 1.5 s per job; the write waits only 300 ms.
    target_fixture f("learningpool", fast_polling("wait_ms: 300"));
    f.configure_sim({{"async_delay_ms", 1500}});
    f.seed_sim({{"users", json::array{json::object{{"userId", "LEGACY"}, {"username", "grace@example.com"},
                                                   {"firstName", "Grace"}, {"lastName", "Hopper"},
                                                   {"email", "grace@example.com"}}}}});

    auto accepted = f.scim(verb::post, "/Users", entra_user("grace@example.com", "E7"));
    INFO(accepted.raw.body());
    REQUIRE(accepted.status == 201);  // answered from the accepted state
    const auto id = accepted.text("/id");
    CHECK(vendor_user(f, "E7").is_null());

    // The background loop polls until the vendor says In Error.
    REQUIRE(eventually([&] {
        auto jobs = jobs_of(f);
        return !jobs.empty() && jobs.back().status == "failed";
    }));
    CHECK(f.bridge_log().find("vendor job failed") != std::string::npos);

    // The admin's view: `scim-bridge jobs` lists it, exit code 1.
    std::ostringstream out, err;
    CHECK(app::list_jobs(config::load_server_config(f.config_path()), std::string("learningpool"), false, out, err) ==
          1);
    INFO(out.str());
    CHECK(out.str().find("failed") != std::string::npos);
    CHECK(out.str().find("The username has already been taken") != std::string::npos);
    CHECK(out.str().find("not yet reported") != std::string::npos);

    // The next write hears of it once, with the vendor's message...
    auto next = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("name.givenName", "Amazing Grace")}));
    INFO(next.raw.body());
    CHECK(next.status == 409);
    CHECK(next.text("/detail").find("The username has already been taken") != std::string::npos);
    // ...and the one after creates the record again from the current state,
    // which the vendor refuses again until the admin resolves the clash.
    f.configure_sim({{"async_delay_ms", 0}});
    auto again = f.scim(verb::patch, "/Users/" + id, scim_patch({replace_op("name.givenName", "Amazing Grace")}));
    INFO(again.raw.body());
    CHECK(again.status == 400);
    CHECK(again.text("/detail").find("The username has already been taken") != std::string::npos);
}

TEST_CASE("learningpool: open jobs are polled again after a restart")
{
    target_fixture f("learningpool", fast_polling("wait_ms: 0"));
    f.configure_sim({{"async_delay_ms", 1500}});
    auto created = f.scim(verb::post, "/Users", entra_user("ada@example.com", "E9"));
    REQUIRE(created.status == 201);
    auto open = jobs_of(f);
    REQUIRE(open.size() == 2);
    CHECK(open[0].open());

    f.restart_bridge();
    REQUIRE(eventually([&] {
        auto jobs = jobs_of(f);
        return jobs.size() == 2 && jobs[0].status == "complete" && jobs[1].status == "complete";
    }));
    CHECK(field(vendor_user(f, "E9"), "username") == "ada@example.com");
}

TEST_CASE("learningpool: the target's own attributes are advertised, accepted and reach the vendor")
{
    target_fixture f("learningpool", fast_polling());
    const std::string urn = "urn:scim-bridge:schemas:extension:learningpool:1.0:User";

    // Discovery: the extension schema and the User resource type naming it.
    auto schema = f.scim(verb::get, "/Schemas/" + urn);
    INFO(schema.raw.body());
    REQUIRE(schema.status == 200);
    std::vector<std::string> names;
    for (const auto& attribute : schema.body.at("attributes").as_array())
        names.emplace_back(attribute.at("name").as_string());
    CHECK(names == std::vector<std::string>{"expiresAt", "leaderboardOptOut", "disableManualLogin"});
    auto type = f.scim(verb::get, "/ResourceTypes/User");
    REQUIRE(type.status == 200);
    CHECK(json::serialize(type.body.at("schemaExtensions")).find(urn) != std::string::npos);

    // Sent under the URN, stored, and rendered into the vendor's fields.
    auto body = entra_user("ada@example.com", "E77");
    body["schemas"].as_array().emplace_back(urn);
    body[urn] = json::object{{"expiresAt", "2027-06-30T17:00:00Z"}, {"leaderboardOptOut", true}};
    auto created = f.scim(verb::post, "/Users", body);
    INFO(created.raw.body());
    REQUIRE(created.status == 201);
    CHECK(created.body.at(urn).at("leaderboardOptOut") == true);
    auto user = vendor_user(f, "E77");
    REQUIRE(user.is_object());
    CHECK(field(user, "expiresAt") == "2027-06-30 17:00:00");
    CHECK(user.at("leaderboardOptOut") == true);

    // A wrong type is the identity provider's 400, before any vendor call.
    auto wrong = f.scim(verb::patch, "/Users/" + created.text("/id"),
                        scim_patch({replace_op(urn + ":leaderboardOptOut", json::object{{"x", 1}})}));
    CHECK(wrong.status == 400);
}

TEST_CASE("learningpool: open jobs are polled to the end by the new pipeline after a reload changed the mapping",
          "[learningpool][reload]")
{
    target_fixture f("learningpool", fast_polling("wait_ms: 0"));
    f.configure_sim({{"async_delay_ms", 1500}});
    auto created = f.scim(verb::post, "/Users", entra_user("ada@example.com", "E11"));
    REQUIRE(created.status == 201);
    REQUIRE(jobs_of(f).size() == 2);
    CHECK(jobs_of(f)[0].open());

    // The mapping edited while its jobs are open: the target's pipeline is
    // rebuilt, the old job loop stopped, the new one takes the jobs over.
    const auto mapping = f.directory() / "learningpool.yaml";
    std::string text;
    {
        std::ifstream in(mapping);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto at = text.find("poll_interval_ms: 100");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("poll_interval_ms: 100").size(), "poll_interval_ms: 120");
    std::ofstream(mapping, std::ios::trunc) << text;
    const auto report = f.app().reload();
    CHECK(report.applied);
    REQUIRE(report.changes.size() == 1);
    CHECK(report.changes[0].starts_with("target learningpool: pipeline rebuilt"));

    REQUIRE(eventually([&] {
        auto jobs = jobs_of(f);
        return jobs.size() == 2 && jobs[0].status == "complete" && jobs[1].status == "complete";
    }));
    CHECK(field(vendor_user(f, "E11"), "username") == "ada@example.com");
    // And the reloaded pipeline writes.
    f.configure_sim({{"async_delay_ms", 0}});
    auto renamed = f.scim(verb::patch, "/Users/" + created.text("/id"),
                          scim_patch({replace_op("name.givenName", "Augusta")}));
    INFO(renamed.raw.body());
    CHECK(renamed.status == 200);
}
