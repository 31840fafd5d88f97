// Next-link paging: the Link header's rel="next" target, and where a
// vendor's link may lead (its own origin only; the request carries its token).

#include "mapping/link_header.hpp"
#include "mapping/page_link.hpp"

#include <catch2/catch.hpp>

using namespace mapping;

TEST_CASE("the next link is read from any Link header, among other relations")
{
    using headers = std::vector<std::pair<std::string, std::string>>;
    CHECK(next_link_of({{"Link", R"(<https://v.test/u?after=5>; rel="next")"}}) == "https://v.test/u?after=5");
    // GitHub's form: several link-values in one header, unquoted and listed relations.
    CHECK(next_link_of({{"link", R"(<https://v.test/u?page=1>; rel="first", <https://v.test/u?page=3>; rel=next)"}}) ==
          "https://v.test/u?page=3");
    CHECK(next_link_of({{"LINK", R"(</u?a=1,2>; title="a, b; c"; rel="prev next")"}}) == "/u?a=1,2");
    CHECK(next_link_of(headers{{"Link", R"(<https://v.test/u?page=1>; rel="prev")"}, {"Link", "</u?p=2>; rel=next"}}) ==
          "/u?p=2");
    CHECK(!next_link_of({{"Link", R"(<https://v.test/u?page=1>; rel="prev")"}}));
    CHECK(!next_link_of({{"Location", "</u>; rel=next"}}));
    CHECK(!next_link_of({}));
}

TEST_CASE("a next link is resolved against its page and followed only to the vendor's origin")
{
    const std::string base = "https://api.vendor.test/services/data";
    // A path from the root, as Salesforce's nextRecordsUrl, is not put under the base path again.
    CHECK(follow_page_link(base, "/query?q=x", "/services/data/query/01g-2000").url ==
          "https://api.vendor.test/services/data/query/01g-2000");
    CHECK(follow_page_link(base, "/query?q=x", "?q=x&page=2").url == "https://api.vendor.test/services/data/query?q=x&page=2");
    CHECK(follow_page_link(base, "https://api.vendor.test/services/data/query/01g-2000", "01g-4000").url ==
          "https://api.vendor.test/services/data/query/01g-4000");
    CHECK(follow_page_link(base, "/q", "HTTPS://API.vendor.test:443/next#top").url == "https://api.vendor.test:443/next");

    for (const std::string elsewhere : {"https://evil.test/next", "http://api.vendor.test/next",
                                        "https://api.vendor.test:8443/next", "//evil.test/next",
                                        "ftp://api.vendor.test/next"}) {
        INFO(elsewhere);
        const auto refused = follow_page_link(base, "/q", elsewhere);
        CHECK(refused.url.empty());
        CHECK(refused.error.find("not to the vendor's origin https://api.vendor.test:443: not followed") !=
              std::string::npos);
    }
    CHECK(follow_page_link(base, "/q", "https://evil.test/next?token=s3cret").error.find("s3cret") == std::string::npos);
}
