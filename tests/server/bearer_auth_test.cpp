#include "server/bearer_auth.hpp"
#include "server/log_redaction.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

namespace http = server::http;

namespace {

server::http_request with_authorization(std::string_view value) {
    server::http_request request{http::verb::get, "/Users", 11};
    request.set(http::field::authorization, value);
    return request;
}

} // namespace

TEST_CASE("presented_token reads Bearer in any case and the bare token", "[server][auth]") {
    CHECK(server::presented_token(with_authorization("Bearer abc.def")) == "abc.def");
    CHECK(server::presented_token(with_authorization("bearer abc")) == "abc");
    CHECK(server::presented_token(with_authorization("BEARER   abc  ")) == "abc");
    // Okta "Header" mode: the token without a scheme.
    CHECK(server::presented_token(with_authorization("abc123")) == "abc123");
    CHECK_FALSE(server::presented_token(with_authorization("Basic dXNlcjpwYXNz")));
    CHECK_FALSE(server::presented_token(with_authorization("Bearer ")));
    CHECK_FALSE(server::presented_token(with_authorization("Bearer a b")));
    CHECK_FALSE(server::presented_token(with_authorization("")));
    CHECK_FALSE(server::presented_token(server::http_request{http::verb::get, "/Users", 11}));
}

TEST_CASE("unauthorized is a 401 SCIM error with a Bearer challenge", "[server][auth]") {
    const server::http_response response = server::unauthorized(with_authorization("x"), "bad token");
    CHECK(response.result() == http::status::unauthorized);
    CHECK(response[http::field::www_authenticate] == R"(Bearer realm="scim-bridge")");
    CHECK(response[http::field::content_type] == "application/scim+json");
    const auto body = boost::json::parse(response.body()).as_object();
    CHECK(body.at("status") == "401");
    CHECK(body.at("detail") == "bad token");
}

TEST_CASE("redact_target masks secret-looking query values only", "[server][access_log]") {
    CHECK(server::redact_target("/Users") == "/Users");
    CHECK(server::redact_target("/Users?filter=a&count=2") == "/Users?filter=a&count=2");
    CHECK(server::redact_target("/x?token=1&access_token=2&PASSWORD=3&client_secret=4&api_key=5&flag") ==
          "/x?token=***&access_token=***&PASSWORD=***&client_secret=***&api_key=***&flag");
    CHECK(server::redact_target("/x?") == "/x?");
}

TEST_CASE("filter values compared with secret-looking attributes are masked in the access log", "[server][access_log]") {
    using config::query_logging;
    // Decoded, masked and encoded again: `password eq "hunter2" and userName eq "bjensen"`.
    const std::string filter = "/Users?filter=password%20eq%20%22hunter2%22+and+userName%20eq%20%22bjensen%22&count=5";
    const std::string kept = server::redact_target(filter);
    CHECK(kept.find("hunter2") == std::string::npos);
    CHECK(kept == "/Users?filter=password%20eq%20%22***%22%20and%20userName%20eq%20%22bjensen%22&count=5");
    const std::string all = server::redact_target(filter, query_logging::mask_filter_values);
    CHECK(all == "/Users?filter=password%20eq%20%22***%22%20and%20userName%20eq%20%22***%22&count=5");
    CHECK(server::redact_target(filter, query_logging::drop) == "/Users");

    // Schema URNs, value paths, escaped quotes, numbers and the other operators.
    CHECK(server::mask_filter_values(R"(urn:ietf:params:scim:schemas:core:2.0:User:password sw "a\"b" or x eq 1)", false) ==
          R"(urn:ietf:params:scim:schemas:core:2.0:User:password sw "***" or x eq 1)");
    CHECK(server::mask_filter_values(R"(emails[type eq "work" and value co "@x"] and apiToken GT 5)", false) ==
          R"(emails[type eq "work" and value co "@x"] and apiToken GT ***)");
    CHECK(server::mask_filter_values(R"(emails[type eq "work"] and active eq true and title pr)", true) ==
          R"(emails[type eq "***"] and active eq *** and title pr)");
}
