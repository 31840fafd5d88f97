// The values a vendor's answers hand back for later requests (migration 7):
// per resource and per membership, replaced by name, forgotten when the
// membership ends or the resource goes.

#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_kept_value_store.hpp"
#include "store_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using store_test::temp_dir;

namespace {

std::vector<std::string> named(const std::vector<store::kept_value>& values)
{
    std::vector<std::string> out;
    for (const auto& value : values)
        out.push_back(value.name + "=" + value.json);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("kept values belong to a resource or to one of its memberships, and go with them", "[store][kept]")
{
    temp_dir dir;
    auto db = store::database::open({dir.path() / "kept.db"});
    store::sqlite_kept_value_store kept(db);
    kept.keep("t", "Group", "g1", "", "etag", R"("W/\"1\"")");
    kept.keep("t", "Group", "g1", "", "etag", R"("W/\"2\"")");   // replaced, not added
    kept.keep("t", "Group", "g1", "u1", "vendor_id", R"("m-1")");
    kept.keep("t", "Group", "g1", "u2", "vendor_id", R"("m-2")");
    kept.keep("t", "Group", "g2", "u1", "vendor_id", R"("m-3")");
    kept.keep("other", "Group", "g1", "u1", "vendor_id", R"("m-9")");

    CHECK(named(kept.values("t", "Group", "g1", "")) == std::vector<std::string>{R"(etag="W/\"2\"")"});
    CHECK(named(kept.values("t", "Group", "g1", "u1")) == std::vector<std::string>{R"(vendor_id="m-1")"});

    kept.forget_membership("t", "Group", "g1", "u1");
    CHECK(kept.values("t", "Group", "g1", "u1").empty());
    CHECK(named(kept.values("t", "Group", "g1", "u2")) == std::vector<std::string>{R"(vendor_id="m-2")"});

    // A deleted user's memberships in every group of the target go; another
    // target's stay.
    kept.forget_resource("t", "User", "u1");
    CHECK(kept.values("t", "Group", "g2", "u1").empty());
    CHECK(named(kept.values("other", "Group", "g1", "u1")) == std::vector<std::string>{R"(vendor_id="m-9")"});

    kept.forget_resource("t", "Group", "g1");
    CHECK(kept.values("t", "Group", "g1", "").empty());
    CHECK(kept.values("t", "Group", "g1", "u2").empty());
    db->close();
}
