// Queries over real HTTP: filters (indexed and scanned), paging, sorting,
// attribute projection, POST .search.

#include "integration/bridge_fixture.hpp"

#include <catch2/catch.hpp>

using namespace integration;
namespace json = boost::json;
using server::http::verb;

namespace {

void seed(bridge_fixture& bridge)
{
    for (int i = 1; i <= 12; ++i) {
        json::object extra{{"externalId", "ext-" + std::to_string(i)},
                           {"displayName", "Person " + std::to_string(i)},
                           {"active", i % 2 == 0},
                           {"emails", json::array{json::object{{"value", "p" + std::to_string(i) + "@Work.example"},
                                                               {"type", "work"}}}},
                           {"name", json::object{{"familyName", std::string(1, static_cast<char>('a' + (12 - i)))}}}};
        bridge.create_user("user" + std::to_string(i) + "@example.com", extra);
    }
}

std::int64_t total(const scim_reply& reply)
{
    return reply.body.at_pointer("/totalResults").as_int64();
}

} // namespace

TEST_CASE("filters identity providers send are answered", "[list][filter]")
{
    bridge_fixture bridge;
    seed(bridge);
    struct row {
        std::string query;
        std::int64_t expected;
    };
    const row rows[] = {
        {"filter=userName%20eq%20%22USER3@example.com%22", 1},         // case-insensitive userName
        {"filter=userName+eq+%22user3%40example.com%22", 1},           // '+' for spaces
        {"filter=userName%20eq%20%22nobody@example.com%22", 0},        // zero results: 200, empty list
        {"filter=externalId%20eq%20%22ext-4%22", 1},
        {"filter=externalId%20eq%20%22EXT-4%22", 0},                   // externalId is caseExact
        {"filter=emails%5Btype%20eq%20%22work%22%20and%20value%20eq%20%22p5@work.example%22%5D", 1},
        {"filter=emails.value%20eq%20%22p6@work.example%22", 1},
        {"filter=active%20eq%20true", 6},
        {"filter=active%20eq%20true%20and%20displayName%20sw%20%22Person%201%22", 2},  // 10, 12
        {"filter=not%20(active%20eq%20true)%20or%20userName%20eq%20%22user2@example.com%22", 7},
        {"filter=displayName%20co%20%22son%201%22", 4},                 // 1, 10, 11, 12
        {"filter=title%20pr", 0},
        {"filter=meta.created%20gt%20%222000-01-01T00:00:00Z%22", 12},
    };
    for (const auto& r : rows) {
        INFO(r.query);
        auto reply = bridge.call(verb::get, "/Users?" + r.query);
        REQUIRE(reply.status == 200);
        CHECK(total(reply) == r.expected);
        CHECK(reply.body.at_pointer("/Resources").as_array().size() == static_cast<std::size_t>(r.expected));
    }
}

TEST_CASE("paging is stable and counts are integers", "[list][paging]")
{
    bridge_fixture bridge;
    seed(bridge);
    std::vector<std::string> seen;
    for (int start = 1; start <= 12; start += 5) {
        auto page = bridge.call(verb::get, "/Users?startIndex=" + std::to_string(start) + "&count=5");
        REQUIRE(page.status == 200);
        CHECK(page.body.at_pointer("/totalResults").is_int64());
        CHECK(page.body.at_pointer("/startIndex").as_int64() == start);
        for (const auto& r : page.body.at_pointer("/Resources").as_array())
            seen.emplace_back(r.at("userName").as_string());
        CHECK(page.body.at_pointer("/itemsPerPage").as_int64() ==
              static_cast<std::int64_t>(page.body.at_pointer("/Resources").as_array().size()));
    }
    REQUIRE(seen.size() == 12);
    CHECK(seen.front() == "user1@example.com");
    CHECK(seen.back() == "user12@example.com");
    auto none = bridge.call(verb::get, "/Users?count=0");
    CHECK(total(none) == 12);
    CHECK(none.body.at_pointer("/Resources").as_array().empty());
    auto filtered_page = bridge.call(verb::get, "/Users?filter=active%20eq%20true&startIndex=2&count=2");
    CHECK(total(filtered_page) == 6);
    CHECK(filtered_page.string_at("/Resources/0/userName") == "user4@example.com");
}

TEST_CASE("sortBy and sortOrder", "[list][sort]")
{
    bridge_fixture bridge;
    seed(bridge);
    auto ascending = bridge.call(verb::get, "/Users?sortBy=name.familyName&count=3");
    REQUIRE(ascending.status == 200);
    CHECK(ascending.string_at("/Resources/0/userName") == "user12@example.com");  // family name "a"
    auto descending = bridge.call(verb::get, "/Users?sortBy=userName&sortOrder=descending&count=1");
    CHECK(descending.string_at("/Resources/0/userName") == "user9@example.com");
    CHECK(bridge.call(verb::get, "/Users?sortOrder=sideways").status == 400);
}

TEST_CASE("attributes and excludedAttributes shape list results", "[list][projection]")
{
    bridge_fixture bridge;
    seed(bridge);
    auto only = bridge.call(verb::get, "/Users?attributes=userName&count=1");
    const auto& first = only.body.at_pointer("/Resources/0").as_object();
    CHECK(first.contains("userName"));
    CHECK(first.contains("id"));  // returned: always
    CHECK_FALSE(first.contains("emails"));
    auto without = bridge.call(verb::get, "/Users?excludedAttributes=emails&count=1");
    CHECK_FALSE(without.body.at_pointer("/Resources/0").as_object().contains("emails"));
}

TEST_CASE("a value filter in attributes answers the matching elements", "[list][projection]")
{
    // As Microsoft's Entra ID test collection sends it.
    bridge_fixture bridge;
    const auto user = bridge.create_user(
        "filtered@example.com",
        json::object{{"emails", json::array{json::object{{"value", "w@example.com"}, {"type", "work"}},
                                            json::object{{"value", "h@example.com"}, {"type", "home"}}}}});
    const std::string id(user.at("id").as_string());
    auto listed = bridge.call(verb::get, "/Users?attributes=emails%5Btype%20eq%20%22work%22%5D");
    REQUIRE(listed.status == 200);
    CHECK(listed.body.at_pointer("/Resources/0/emails").as_array().size() == 1);
    CHECK(listed.string_at("/Resources/0/emails/0/value") == "w@example.com");
    CHECK_FALSE(listed.body.at_pointer("/Resources/0").as_object().contains("userName"));

    auto read = bridge.call(verb::get, "/Users/" + id + "?attributes=emails%5Btype%20eq%20%22home%22%5D.value");
    REQUIRE(read.status == 200);
    CHECK(json::serialize(read.body.at("emails")) == R"([{"value":"h@example.com"}])");

    auto searched = bridge.call(verb::post, "/Users/.search",
                                json::object{{"excludedAttributes", json::array{"emails[type eq \"home\"]"}}});
    REQUIRE(searched.status == 200);
    CHECK(json::serialize(searched.body.at_pointer("/Resources/0/emails")) == R"([{"value":"w@example.com","type":"work"}])");

    // A forbidden comparison inside is refused before a write, which then does not happen.
    auto refused = bridge.call(verb::patch, "/Users/" + id + "?attributes=emails%5Bprimary%20gt%20true%5D",
                               json::object{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                                            {"Operations", json::array{json::object{{"op", "replace"},
                                                                                    {"path", "title"},
                                                                                    {"value", "Boss"}}}}});
    CHECK(refused.status == 400);
    CHECK(refused.string_at("/scimType") == "invalidFilter");
    CHECK_FALSE(bridge.call(verb::get, "/Users/" + id).object().contains("title"));
}

TEST_CASE("POST .search takes a SearchRequest body", "[list][search]")
{
    bridge_fixture bridge;
    seed(bridge);
    json::object search{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:SearchRequest"}},
                        {"filter", "userName sw \"user1\""},
                        {"attributes", json::array{"userName"}},
                        {"startIndex", 1},
                        {"count", 2}};
    auto reply = bridge.call(verb::post, "/Users/.search", search);
    REQUIRE(reply.status == 200);
    CHECK(total(reply) == 4);  // user1, user10, user11, user12
    CHECK(reply.body.at_pointer("/Resources").as_array().size() == 2);
}

TEST_CASE("cursor paging (RFC 9865) walks every resource once, whatever is removed meanwhile", "[list][paging][cursor]")
{
    bridge_fixture bridge;
    seed(bridge);
    auto walk = [&](const std::string& query, std::size_t page_size, const std::function<void(int)>& between) {
        std::vector<std::string> seen;
        std::string cursor;  // empty: the first page
        for (int page = 0;; ++page) {
            REQUIRE(page < 20);
            auto reply = bridge.call(verb::get, "/Users?" + query + "&count=" + std::to_string(page_size) +
                                                    "&cursor=" + cursor);
            REQUIRE(reply.status == 200);
            const auto& body = reply.body.as_object();
            CHECK_FALSE(body.contains("startIndex"));
            const auto& resources = body.at("Resources").as_array();
            CHECK(body.at("itemsPerPage").as_int64() == static_cast<std::int64_t>(resources.size()));
            for (const auto& r : resources)
                seen.emplace_back(r.at("userName").as_string());
            if (!body.contains("nextCursor")) {
                CHECK(resources.size() <= page_size);
                break;
            }
            CHECK(resources.size() == page_size);
            cursor = std::string(body.at("nextCursor").as_string());
            between(page);
        }
        return seen;
    };

    // The same order as startIndex paging: creation order.
    auto all = walk("attributes=userName", 5, [](int) {});
    REQUIRE(all.size() == 12);
    CHECK(all.front() == "user1@example.com");
    CHECK(all[4] == "user5@example.com");
    CHECK(all.back() == "user12@example.com");

    // Filtered: only matches, and a page that ends the matches has no next cursor.
    auto active = walk("filter=active%20eq%20true", 4, [](int) {});
    CHECK(active == std::vector<std::string>{"user2@example.com", "user4@example.com", "user6@example.com",
                                             "user8@example.com", "user10@example.com", "user12@example.com"});

    // Removing users already seen while paging moves nothing: with
    // startIndex the next page would skip as many users as were removed.
    auto id_of = [&](const std::string& user_name) {
        auto found = bridge.call(verb::get, "/Users?filter=userName%20eq%20%22" + user_name + "%22");
        return found.string_at("/Resources/0/id");
    };
    auto after_removes = walk("attributes=userName", 4, [&](int page) {
        if (page == 0) {
            REQUIRE(bridge.call(verb::delete_, "/Users/" + id_of("user1@example.com")).status == 204);
            REQUIRE(bridge.call(verb::delete_, "/Users/" + id_of("user2@example.com")).status == 204);
        }
    });
    CHECK(after_removes.size() == 12);
    CHECK(after_removes[4] == "user5@example.com");
}

TEST_CASE("cursor paging refuses what it cannot honour", "[list][paging][cursor]")
{
    bridge_fixture bridge;
    seed(bridge);
    auto invalid = bridge.call(verb::get, "/Users?cursor=not-ours");
    CHECK(invalid.status == 400);
    CHECK(invalid.string_at("/scimType") == "invalidCursor");
    CHECK(bridge.call(verb::get, "/Users?cursor=p-3").string_at("/scimType") == "invalidCursor");
    auto both = bridge.call(verb::get, "/Users?cursor=&startIndex=2");
    CHECK(both.status == 400);
    CHECK(both.string_at("/scimType") == "invalidValue");
    CHECK(bridge.call(verb::get, "/Users?cursor=&sortBy=userName").status == 400);

    // The same through POST .search, and a cursor past the end is an empty page.
    json::object search{{"schemas", json::array{"urn:ietf:params:scim:api:messages:2.0:SearchRequest"}},
                        {"cursor", ""},
                        {"count", 10}};
    auto first = bridge.call(verb::post, "/Users/.search", search);
    REQUIRE(first.status == 200);
    CHECK(first.body.at_pointer("/Resources").as_array().size() == 10);
    search["cursor"] = first.string_at("/nextCursor");
    auto second = bridge.call(verb::post, "/Users/.search", search);
    CHECK(second.body.at_pointer("/Resources").as_array().size() == 2);
    CHECK_FALSE(second.body.as_object().contains("nextCursor"));
    CHECK(total(second) == 12);
    auto past = bridge.call(verb::get, "/Users?cursor=p999999");
    REQUIRE(past.status == 200);
    CHECK(past.body.at_pointer("/Resources").as_array().empty());
}

TEST_CASE("a search at the service root covers Users and Groups", "[list][search][root]")
{
    bridge_fixture bridge;
    seed(bridge);
    bridge.create_group("Persons A");
    bridge.create_group("Persons B");
    const json::array search_schema{"urn:ietf:params:scim:api:messages:2.0:SearchRequest"};
    auto search = [&](json::object body) {
        body["schemas"] = search_schema;
        return bridge.call(verb::post, "/.search", body);
    };
    auto types_of = [](const scim_reply& reply) {
        std::vector<std::string> types;
        for (const auto& resource : reply.body.at_pointer("/Resources").as_array())
            types.emplace_back(resource.at_pointer("/meta/resourceType").as_string());
        return types;
    };

    // displayName is an attribute of both: 12 users and 2 groups, a page
    // that begins among the users and ends among the groups.
    auto both = search({{"filter", "displayName sw \"Person\""}, {"startIndex", 11}, {"count", 5}});
    REQUIRE(both.status == 200);
    CHECK(total(both) == 14);
    CHECK(both.body.at_pointer("/startIndex").as_int64() == 11);
    CHECK(types_of(both) == std::vector<std::string>{"User", "User", "Group", "Group"});

    // userName is a User's only: no group matches it.
    CHECK(total(search({{"filter", "userName sw \"user1\""}})) == 4);

    // Sorted across both types, and projected as the per-type endpoints do.
    auto sorted = search({{"filter", "displayName sw \"Person\""}, {"sortBy", "displayName"},
                          {"sortOrder", "descending"}, {"count", 3}, {"attributes", json::array{"displayName"}}});
    REQUIRE(sorted.status == 200);
    CHECK(sorted.string_at("/Resources/0/displayName") == "Persons B");
    CHECK(sorted.string_at("/Resources/1/displayName") == "Persons A");
    CHECK(sorted.string_at("/Resources/2/displayName") == "Person 9");
    const auto& first = sorted.body.at_pointer("/Resources/0").as_object();
    CHECK(first.contains("id"));
    CHECK_FALSE(first.contains("members"));
    CHECK_FALSE(sorted.body.at_pointer("/Resources/2").as_object().contains("userName"));

    // Unfiltered paging over both, by GET on the root too.
    auto unfiltered = bridge.call(verb::get, "?startIndex=12&count=2");
    REQUIRE(unfiltered.status == 200);
    CHECK(total(unfiltered) == 14);
    CHECK(types_of(unfiltered) == std::vector<std::string>{"User", "Group"});
    CHECK(unfiltered.string_at("/Resources/1/displayName") == "Persons A");

    // What it refuses: a cursor (paging per type), a forbidden filter, other methods.
    auto cursor = search({{"cursor", ""}});
    CHECK(cursor.status == 400);
    CHECK(cursor.string_at("/scimType") == "invalidValue");
    auto ordered = search({{"filter", "active gt true"}});
    CHECK(ordered.status == 400);
    CHECK(ordered.string_at("/scimType") == "invalidFilter");
    CHECK(bridge.call(verb::get, "/.search").status == 405);
    CHECK(bridge.call(verb::post, "/", json::object{}).status == 405);
}
