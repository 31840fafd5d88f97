// `scim-bridge reconcile`: the example vendor's records, read through the
// mapping's paged `list`, against the store of a live bridge; drift changed
// behind the bridge's back at the vendor is found, and --repair puts it
// right through the normal write path.

#include "app/bridge_app.hpp"
#include "app/reconcile.hpp"
#include "config/config_loader.hpp"
#include "store/sqlite/sqlite_correlation_store.hpp"
#include "vendor_fixture.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace json = boost::json;
using server::http::verb;

namespace {

struct reconcile_result {
    int status = 0;
    std::string out, err;
};

reconcile_result reconcile(const config::server_config& config)
{
    std::ostringstream out, err;
    reconcile_result r;
    r.status = app::reconcile(config, {"vendor", std::nullopt, false, false}, app::default_schemas_dir(), out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

reconcile_result reconcile(bridge_test::vendor_fixture& f, bool repair = false, bool progress = false,
                           std::optional<std::string> type = std::nullopt)
{
    const auto config = bridge_test::vendor_config(f.directory(), f.vendor().host());
    std::ostringstream out, err;
    reconcile_result r;
    r.status = app::reconcile(config, {"vendor", std::move(type), repair, progress}, app::default_schemas_dir(), out,
                              err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

json::object user(const std::string& login, const std::string& given, const std::string& country)
{
    return {{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
            {"userName", login},
            {"name", json::object{{"givenName", given}, {"familyName", "Tester"}}},
            {"emails", json::array{json::object{{"type", "work"}, {"value", login}}}},
            {"addresses", json::array{json::object{{"type", "work"}, {"country", country}}}},
            {"active", true}};
}

// Creates the user through the bridge; returns its SCIM id and vendor id.
std::pair<std::string, std::string> create(bridge_test::vendor_fixture& f, const json::object& body)
{
    auto reply = f.call(verb::post, "/Users", body);
    INFO(reply.raw.body());
    REQUIRE(reply.status == 201);
    const std::string id(reply.body.at("id").as_string());
    auto database = store::database::open({f.directory() / "bridge.db"});
    auto vendor_id = store::sqlite_correlation_store(database).vendor_id("vendor", "User", id);
    database->close();
    REQUIRE(vendor_id);
    return {id, *vendor_id};
}

std::vector<std::string> lines_with(const std::string& text, const std::string& needle)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.find(needle) != std::string::npos)
            out.push_back(line);
    return out;
}

bool contains(const std::string& text, const std::string& needle)
{
    return text.find(needle) != std::string::npos;
}

// The fixture's bridge configuration with the example vendor's mapping
// listing users by the vendor's next link (`paging`, the vendor's
// `GET /users?size=N` form) instead of by page number.
config::server_config next_link_config(bridge_test::vendor_fixture& f, const std::string& paging)
{
    const std::string shipped = std::string(SCIM_BRIDGE_SOURCE_DIR) + "/mappings/example-vendor.yaml";
    std::ifstream in(shipped);
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    const std::string query = R"(query: {page: "${page.number}", size: "${page.size}"})";
    const std::string by_number = "paging: {style: page_number, first_page: 1, size: 50, total: /total}";
    REQUIRE(contains(yaml, query));
    REQUIRE(contains(yaml, by_number));
    yaml.replace(yaml.find(query), query.size(), R"(query: {size: "${page.size}"})");
    yaml.replace(yaml.find(by_number), by_number.size(), paging);
    const auto mapping = f.directory() / "next-link-vendor.yaml";
    std::ofstream(mapping) << yaml;
    auto config = bridge_test::vendor_config_yaml(f.directory(), f.vendor().host());
    config.replace(config.find(shipped), shipped.size(), mapping.string());
    return config::parse_server_config(config, f.directory() / "config.yaml");
}

// The vendor's list calls of the next-link form, from the `from`th call on.
std::vector<std::string> next_link_pages(bridge_test::example_vendor& vendor, std::size_t from)
{
    std::vector<std::string> pages;
    const auto calls = vendor.calls();
    for (auto i = from; i < calls.size(); ++i)
        if (calls[i].method == "GET" && calls[i].target.starts_with("/api/users?size="))
            pages.push_back(calls[i].target);
    return pages;
}

// The two lines reconcile prints about each type: what it compared, what it found.
std::string compared(int stored, int listed, int pages)
{
    return "User: " + std::to_string(stored) + " in the store, " + std::to_string(listed) +
           " listed by the vendor in " + std::to_string(pages) + " page(s)\n";
}

std::string findings(int missing, int unknown, int differing, int in_sync)
{
    return "User: " + std::to_string(missing) + " missing at the vendor, " + std::to_string(unknown) +
           " unknown to the bridge, " + std::to_string(differing) + " with differing attributes, 0 not linked, " +
           std::to_string(in_sync) + " in sync\n";
}

} // namespace

TEST_CASE("reconcile finds drift made at the vendor, repairs it, and then finds none")
{
    bridge_test::vendor_fixture f;
    const auto [ann, ann_vendor] = create(f, user("ann@example.com", "Ann", "US"));
    const auto [bob, bob_vendor] = create(f, user("bob@example.com", "Bob", "GB"));
    const auto [cid, cid_vendor] = create(f, user("cid@example.com", "Cid", "DE"));
    const auto [dee, dee_vendor] = create(f, user("dee@example.com", "Dee", "FR"));

    SECTION("nothing changed: no drift")
    {
        const auto r = reconcile(f);
        INFO(r.out << r.err);
        CHECK(r.status == 0);
        CHECK(contains(r.out, compared(4, 4, 1) + findings(0, 0, 0, 4)));
        CHECK(contains(r.out, "\nno drift\n"));
        // Group has no list in the example mapping: said, not an error.
        CHECK(contains(r.out, "Group: not compared:"));
        CHECK(r.err.empty());
    }

    SECTION("drift is reported, repaired, and gone")
    {
        // Behind the bridge's back: Ann renamed and her country and login
        // re-cased (formatting the mapping forgives: not drift), Bob deleted,
        // Dee deactivated, and an account the bridge never made.
        f.vendor().edit_user(ann_vendor, [](json::object& record) {
            record["firstName"] = "Annabel";
            record["userName"] = "ANN@example.com";
            record["address"].as_object()["country"] = "usa";
        });
        REQUIRE(f.vendor().erase_user(bob_vendor));
        f.vendor().edit_user(dee_vendor, [](json::object& record) { record["active"] = "N"; });
        const auto eve_vendor = f.vendor().add_user(
            {{"userName", "eve@example.com"}, {"email", "eve@example.com"}, {"firstName", "Eve"}, {"active", "Y"}});

        const auto found = reconcile(f);
        INFO(found.out << found.err);
        CHECK(found.status == 1);
        const auto differs = lines_with(found.out, "  differs   ");
        REQUIRE(differs.size() == 2);
        CHECK(contains(differs[0], ann));
        CHECK(contains(differs[0], "[vendor " + ann_vendor + "]"));
        CHECK(contains(differs[0], "name.givenName: store \"Ann\", vendor \"Annabel\""));
        CHECK(contains(differs[1], dee));
        CHECK(contains(differs[1], "active: store true, vendor false"));
        CHECK(lines_with(found.out, "country").empty());
        CHECK(lines_with(found.out, "userName").empty());

        const auto missing = lines_with(found.out, "  missing   ");
        REQUIRE(missing.size() == 1);
        CHECK(contains(missing[0], bob));
        CHECK(contains(missing[0], "\"bob@example.com\""));
        CHECK(contains(missing[0], "the vendor lists no record " + bob_vendor));

        const auto unknown = lines_with(found.out, "  unknown   ");
        REQUIRE(unknown.size() == 1);
        CHECK(contains(unknown[0], "\"eve@example.com\" [vendor " + eve_vendor + "]"));
        CHECK(contains(found.out, findings(1, 1, 2, 1)));
        CHECK(contains(found.out, "drift: 4 finding(s)"));
        // Reporting changes nothing at the vendor.
        CHECK(f.vendor().user(ann_vendor)->at("firstName") == "Annabel");
        CHECK(f.vendor().user_count() == 4);

        const auto repaired = reconcile(f, true);
        INFO(repaired.out << repaired.err);
        CHECK(repaired.status == 1);  // Eve is left alone: still drift
        CHECK(lines_with(repaired.out, "  repaired  ").size() == 3);
        CHECK(lines_with(repaired.out, "  failed    ").empty());
        const auto left = lines_with(repaired.out, "  left      ");
        REQUIRE(left.size() == 1);
        CHECK(contains(left[0], eve_vendor));
        CHECK(contains(repaired.out, "repair: 3 repaired, 0 failed, 1 left alone"));
        CHECK(contains(repaired.out, "drift left: 1 finding(s)"));

        // The vendor's records carry the store's state again.
        CHECK(f.vendor().user(ann_vendor)->at("firstName") == "Ann");
        CHECK(f.vendor().user(dee_vendor)->at("active") == "Y");
        CHECK(f.vendor().user(eve_vendor));  // never deleted
        auto database = store::database::open({f.directory() / "bridge.db"});
        const auto relinked = store::sqlite_correlation_store(database).vendor_id("vendor", "User", bob);
        database->close();
        REQUIRE(relinked);
        CHECK(*relinked != bob_vendor);
        const auto bob_again = f.vendor().user(*relinked);
        REQUIRE(bob_again);
        CHECK(bob_again->at("userName") == "bob@example.com");
        CHECK(bob_again->at("firstName") == "Bob");
        CHECK(bob_again->at("address").at("country") == "GBR");
        CHECK(contains(repaired.out, "created again at the vendor as " + *relinked));

        // Only Eve is left; once the vendor's admin removes her, no drift.
        const auto after = reconcile(f);
        INFO(after.out);
        CHECK(lines_with(after.out, "  differs   ").empty());
        CHECK(lines_with(after.out, "  missing   ").empty());
        CHECK(lines_with(after.out, "  unknown   ").size() == 1);
        REQUIRE(f.vendor().erase_user(eve_vendor));
        const auto clean = reconcile(f);
        INFO(clean.out << clean.err);
        CHECK(clean.status == 0);
        CHECK(contains(clean.out, "\nno drift\n"));

        // A SCIM read still answers from the store, now the vendor agrees.
        CHECK(f.call(verb::get, "/Users/" + bob).status == 200);
    }
}

TEST_CASE("a field the vendor's list answer leaves out is read with get, not reported or repaired as drift")
{
    bridge_test::vendor_fixture f;
    const auto [ann, ann_vendor] = create(f, user("ann@example.com", "Ann", "US"));
    const auto [bob, bob_vendor] = create(f, user("bob@example.com", "Bob", "GB"));
    // The list is a summary: no first name in it.
    f.vendor().set_list_leaves_out({"firstName"});

    const auto quiet = reconcile(f, true);
    INFO(quiet.out << quiet.err);
    CHECK(quiet.status == 0);
    CHECK(contains(quiet.out, findings(0, 0, 0, 2)));
    CHECK(contains(quiet.out, "  note: 2 record(s) read one by one with the mapping's get"));
    CHECK(contains(quiet.out, "repair: 0 repaired, 0 failed, 0 left alone"));
    CHECK(contains(quiet.out, "\nno drift\n"));

    // A real difference in that field is still found (through get) and repaired.
    f.vendor().edit_user(ann_vendor, [](json::object& record) { record["firstName"] = "Annabel"; });
    const auto repaired = reconcile(f, true);
    INFO(repaired.out << repaired.err);
    CHECK(contains(repaired.out, "name.givenName: store \"Ann\", vendor \"Annabel\""));
    CHECK(lines_with(repaired.out, "  repaired  ").size() == 1);
    CHECK(repaired.status == 0);
    CHECK(f.vendor().user(ann_vendor)->at("firstName") == "Ann");
    CHECK(reconcile(f).status == 0);
}

TEST_CASE("a repair the vendor's record does not show is reported as failed, never as repaired")
{
    bridge_test::vendor_fixture f;
    const auto [ann, ann_vendor] = create(f, user("ann@example.com", "Ann", "US"));
    f.vendor().edit_user(ann_vendor, [](json::object& record) { record["firstName"] = "Annabel"; });
    // The vendor answers 200 to the PUT but keeps its first name.
    f.vendor().set_put_ignores("firstName");

    const auto attempt = reconcile(f, true);
    INFO(attempt.out << attempt.err);
    CHECK(attempt.status == 1);
    CHECK(lines_with(attempt.out, "  repaired  ").empty());
    const auto failed = lines_with(attempt.out, "  failed    ");
    REQUIRE(failed.size() == 1);
    CHECK(contains(failed[0], "the vendor accepted the update but its record still differs (name.givenName: vendor "
                              "\"Annabel\")"));
    CHECK(contains(attempt.out, "repair: 0 repaired, 1 failed, 0 left alone"));
    CHECK(contains(attempt.out, "drift left: 1 finding(s)"));
    CHECK(!contains(attempt.out, "no drift"));
}

TEST_CASE("reconcile follows the vendor's paging and shows progress only when asked")
{
    bridge_test::vendor_fixture f;
    const auto [ann, ann_vendor] = create(f, user("ann@example.com", "Ann", "US"));
    for (int i = 0; i < 110; ++i)
        f.vendor().add_user({{"userName", "extra" + std::to_string(i) + "@example.com"}, {"active", "Y"}});

    const auto quiet = reconcile(f);
    INFO(quiet.out << quiet.err);
    CHECK(quiet.status == 1);
    // 111 records at 50 a page: three pages, each record once, Ann linked.
    CHECK(contains(quiet.out, compared(1, 111, 3)));
    CHECK(contains(quiet.out, findings(0, 110, 0, 1)));
    CHECK(quiet.err.empty());
    std::vector<std::string> pages;
    for (const auto& call : f.vendor().calls())
        if (call.method == "GET" && call.target.starts_with("/api/users?page="))
            pages.push_back(call.target);
    CHECK(pages == std::vector<std::string>{"/api/users?page=1&size=50", "/api/users?page=2&size=50",
                                            "/api/users?page=3&size=50"});

    const auto shown = reconcile(f, false, true);
    CHECK(contains(shown.err, "\rfetched 50 User records (page 1)\u2026"));
    CHECK(contains(shown.err, "\rfetched 111 User records (page 3)\u2026"));
    CHECK(shown.out == quiet.out);
}

TEST_CASE("reconcile follows the vendor's next link, in the body or a Link header, to the vendor's origin only")
{
    bridge_test::vendor_fixture f;
    create(f, user("ann@example.com", "Ann", "US"));
    for (int i = 0; i < 110; ++i)
        f.vendor().add_user({{"userName", "extra" + std::to_string(i) + "@example.com"}, {"active", "Y"}});
    // The body's link is a path from the host's root that repeats the base
    // URL's path (/api), as Salesforce's nextRecordsUrl does; the header's
    // is an absolute URL. Either way, page 2 and 3 are read, each once.
    const std::vector<std::string> expected{"/api/users?size=50", "/api/users?size=50&after=50",
                                            "/api/users?size=50&after=100"};
    for (const std::string paging : {"paging: {style: next_url, next_url: /nextRecordsUrl, size: 50}",
                                     "paging: {style: link_header, size: 50}"}) {
        INFO(paging);
        const auto before = f.vendor().calls().size();
        const auto report = reconcile(next_link_config(f, paging));
        INFO(report.out << report.err);
        CHECK(report.status == 1);
        CHECK(contains(report.out, compared(1, 111, 3)));
        CHECK(contains(report.out, findings(0, 110, 0, 1)));
        CHECK(next_link_pages(f.vendor(), before) == expected);
    }

    // A link to another host (here a name for the same vendor, so that a
    // followed link would show in its calls) is refused, never followed:
    // the request would carry the vendor's token there.
    const std::string elsewhere = "http://localhost:" + std::to_string(f.vendor().port());
    f.vendor().set_next_link_origin(elsewhere);
    for (const std::string paging : {"paging: {style: next_url, next_url: /nextRecordsUrl, size: 50}",
                                     "paging: {style: link_header, size: 50}"}) {
        INFO(paging);
        const auto before = f.vendor().calls().size();
        const auto report = reconcile(next_link_config(f, paging));
        CHECK(report.status == 2);
        CHECK(contains(report.err, "the vendor's User list cannot be read"));
        CHECK(contains(report.err, "next-page link points to " + elsewhere + ", not to the vendor's origin http://" +
                                       f.vendor().host() + ": not followed"));
        CHECK(next_link_pages(f.vendor(), before) == std::vector<std::string>{"/api/users?size=50"});
    }
}

TEST_CASE("reconcile refuses what it cannot compare")
{
    bridge_test::vendor_fixture f;
    const auto groups = reconcile(f, false, false, "Group");
    CHECK(groups.status == 2);
    CHECK(contains(groups.err, "mappings/example-vendor.yaml declares no 'list' operation for Group"));
    CHECK(groups.out.empty());

    const auto config = bridge_test::vendor_config(f.directory(), f.vendor().host());
    std::ostringstream out, err;
    CHECK(app::reconcile(config, {"nosuch", std::nullopt, false, false}, app::default_schemas_dir(), out, err) == 2);
    CHECK(contains(err.str(), "no target nosuch"));

    // A vendor that refuses the list: the reason, not a report.
    f.vendor().add_fault({"GET", "/api/users", 500, json::object{{"title", "Down for maintenance"}}, -1});
    const auto down = reconcile(f);
    CHECK(down.status == 2);
    CHECK(contains(down.err, "the vendor's User list cannot be read"));
    CHECK(!contains(down.out, "no drift"));
}

TEST_CASE("the reconcile verb prints the report, without progress lines into a log")
{
    bridge_test::vendor_fixture f;
    create(f, user("ann@example.com", "Ann", "US"));
    const auto config_file = f.directory() / "config.yaml";
    std::ofstream(config_file) << bridge_test::vendor_config_yaml(f.directory(), f.vendor().host());
    const std::string binary = std::string(SCIM_BRIDGE_BINARY_DIR) + "/scim-bridge";
    const auto log = (f.directory() / "out.txt").string();
    const int status =
        std::system((binary + " reconcile --config " + config_file.string() + " --target vendor >" + log + " 2>&1").c_str());
    std::ifstream in(log);
    const std::string text{std::istreambuf_iterator<char>(in), {}};
    INFO(text);
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(contains(text, "no drift"));
    CHECK(!contains(text, "fetched"));
    CHECK(!contains(text, bridge_test::vendor_password));

    const int usage = std::system((binary + " reconcile --config " + config_file.string() + " >" + log + " 2>&1").c_str());
    CHECK(WEXITSTATUS(usage) == 2);
}
