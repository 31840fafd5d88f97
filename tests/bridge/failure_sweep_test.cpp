// A failure injected at the n-th vendor call or the n-th store commit, for
// every n of a provisioning script: the failing write is refused, the
// identity provider retries it as Entra ID and Okta do, and at the end the
// vendor holds exactly what the store holds (no lost write, no duplicate).

#include "bridge/resource_service.hpp"
#include "scim/error.hpp"
#include "store/store_fixture.hpp"
#include "store/sqlite/sqlite_executor.hpp"
#include "store/sqlite/sqlite_resource_store.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <map>
#include <mutex>

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::string string_at(const json::object* resource, const char* key)
{
    const auto* value = resource ? resource->if_contains(key) : nullptr;
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

// A vendor keyed by its own ids, that refuses its n-th call (before applying
// it), and whose bookkeeping step fails at the n-th commit (after the vendor
// applied the change: the store's transaction then rolls back). A create
// first looks the user name up, as every shipped mapping does, so a retry
// links instead of creating twice.
class faulty_vendor : public bridge::vendor_backend {
public:
    int fail_call = 0;    // 1-based; 0: never
    int fail_commit = 0;  // 1-based; 0: never
    std::map<std::string, std::pair<std::string, std::string>> records;  // vendor id -> (userName, title)

    asio::awaitable<bridge::result<bridge::applied_change>> apply(const bridge::resource_change& change) override
    {
        if (++calls_ == fail_call)
            co_return bridge::fail(bridge::errc::vendor_unavailable, "vendor unavailable (injected)");
        bridge::applied_change applied;
        const auto user_name = string_at(change.after ? change.after : change.before, "userName");
        std::optional<std::string> vendor_id;
        for (const auto& [id, record] : records)
            if (record.first == user_name)
                vendor_id = id;
        switch (change.kind) {
        case bridge::change_kind::create:
        case bridge::change_kind::replace:
        case bridge::change_kind::patch:
            if (!vendor_id)
                vendor_id = "v" + std::to_string(++created_);
            records[*vendor_id] = {user_name, string_at(change.after, "title")};
            applied.vendor_id = vendor_id;
            applied.linked_now = true;
            break;
        case bridge::change_kind::remove:
            if (vendor_id)
                records.erase(*vendor_id);
            break;
        }
        co_return applied;
    }
    void committed(const bridge::resource_change&, const bridge::applied_change&) override
    {
        if (++commits_ == fail_commit)
            throw std::runtime_error("bookkeeping failed (injected)");
    }

    int calls() const { return calls_; }
    int commits() const { return commits_; }

private:
    int calls_ = 0, commits_ = 0, created_ = 0;
};

struct sweep_pipeline {
    store_test::temp_dir dir;
    std::shared_ptr<store::database> db = store::database::open({dir.path() / "store.db"});
    std::shared_ptr<const scim::schema_registry> schemas =
        scim::schema_registry::load(std::filesystem::path(SCIM_BRIDGE_SOURCE_DIR) / "schemas");
    std::shared_ptr<faulty_vendor> vendor = std::make_shared<faulty_vendor>();
    std::shared_ptr<store::resource_store> resources = std::make_shared<store::sqlite_resource_store>(db);
    bridge::resource_service service{{"acme", "http://localhost/scim/v2/acme", schemas, resources, vendor, {},
                                      std::make_shared<store::sqlite_executor>(db, store::sqlite_executor_options{1, 16})}};
    const scim::resource_type& user_type = *schemas->find_resource_type("User");
    std::map<std::string, std::string> ids;  // userName -> SCIM id

    // One write as an identity provider sends it: on a refusal it looks
    // the user up again and retries once.
    void write(const std::string& user_name, const std::string& title, bool remove = false)
    {
        for (int attempt = 0; attempt < 2; ++attempt) {
            bool answered = false;
            asio::io_context io;
            asio::co_spawn(io, step(user_name, title, remove), [&](std::exception_ptr e, bool ok) {
                if (e)
                    std::rethrow_exception(e);  // refusals are values: anything thrown is a defect
                answered = ok;
            });
            io.run();
            if (answered)
                return;
        }
        FAIL("the retry of " << user_name << " was refused too");
    }

    // Whether the write was answered with success.
    asio::awaitable<bool> step(std::string user_name, std::string title, bool remove)
    {
        const auto scope = bridge::request_scope::unbounded("sweep");
        // The identity provider's look-up before a create (Entra's GET filter).
        auto rows = resources->find("acme", "User", store::indexed_column::user_name, user_name);
        if (remove) {
            if (rows.empty())
                co_return true;
            auto removed = co_await service.remove(user_type, rows.front().id, std::nullopt, scope);
            co_return removed.has_value();
        }
        if (rows.empty()) {
            json::object body{{"schemas", json::array{"urn:ietf:params:scim:schemas:core:2.0:User"}},
                              {"userName", user_name},
                              {"title", title}};
            auto created = co_await service.create(user_type, body, scope);
            co_return created.has_value();
        }
        json::value patch{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                          {"Operations", json::array{json::object{{"op", "replace"}, {"path", "title"}, {"value", title}}}}};
        auto patched = co_await service.patch(user_type, rows.front().id, patch, std::nullopt, scope);
        co_return patched.has_value();
    }

    void run_script()
    {
        write("ann", "T1");
        write("bob", "T1");
        write("ann", "T2");
        write("bob", "T2");
        write("ann", "", true);
        write("cid", "T1");
        write("bob", "T3");
    }

    // The vendor's records equal the stored users, value for value.
    void check_consistent()
    {
        std::map<std::string, std::string> stored, at_vendor;
        resources->for_each("acme", "User", [&](const store::resource_row& row) {
            const auto resource = json::parse(row.json).as_object();
            stored[string_at(&resource, "userName")] = string_at(&resource, "title");
        });
        for (const auto& [id, record] : vendor->records)
            at_vendor[record.first] = record.second;
        CHECK(stored == at_vendor);
        CHECK(stored == std::map<std::string, std::string>{{"bob", "T3"}, {"cid", "T1"}});
    }
};

} // namespace

TEST_CASE("a refusal at any vendor call, retried, leaves vendor and store equal", "[bridge][faults]")
{
    const int total = [] {
        sweep_pipeline clean;
        clean.run_script();
        clean.check_consistent();
        return clean.vendor->calls();
    }();
    REQUIRE(total == 7);
    for (int n = 1; n <= total; ++n) {
        INFO("vendor call " << n << " fails");
        sweep_pipeline p;
        p.vendor->fail_call = n;
        p.run_script();
        p.check_consistent();
        CHECK(p.vendor->calls() == total + 1);  // only the refused call was repeated
    }
}

TEST_CASE("a failed commit after the vendor applied, retried, leaves vendor and store equal", "[bridge][faults]")
{
    for (int n = 1; n <= 7; ++n) {
        INFO("commit " << n << " fails");
        sweep_pipeline p;
        p.vendor->fail_commit = n;
        p.run_script();
        p.check_consistent();
        CHECK(p.vendor->records.size() == 2);  // no duplicate from the retried create
    }
}
