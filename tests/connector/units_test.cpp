// Pure pieces, tested without sockets: time formats, backoff, the token
// bucket, redaction, secrets and form encoding.

#include "connector/auth_flows.hpp"
#include "connector/audit_sink.hpp"
#include "connector/backoff.hpp"
#include "connector/secret.hpp"
#include "connector/time_parsing.hpp"
#include "connector/token_bucket.hpp"
#include "connector/vendor_outcome.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace connector;
using namespace std::chrono;

TEST_CASE("Retry-After in seconds or as an HTTP date", "[connector][units]")
{
    const auto now = sys_days{2015y / October / 21} + 7h + 28min;
    CHECK(parse_retry_after("120", now) == seconds{120});
    CHECK(parse_retry_after(" 0 ", now) == seconds{0});
    CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now) == seconds{30});
    CHECK(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now) == seconds{0});  // in the past
    CHECK_FALSE(parse_retry_after("", now));
    CHECK_FALSE(parse_retry_after("-5", now));
    CHECK_FALSE(parse_retry_after("soon", now));
    CHECK_FALSE(parse_http_date("Wed, 21 Foo 2015 07:28:30 GMT"));
}

TEST_CASE("ISO 8601 expiry times", "[connector][units]")
{
    const auto base = sys_days{2024y / May / 1} + 12h + 30min;
    CHECK(parse_iso8601("2024-05-01T12:30:00Z") == base);
    CHECK(parse_iso8601("2024-05-01T12:30:00") == base);
    CHECK(parse_iso8601("2024-05-01 12:30:00.123456") == base);
    CHECK(parse_iso8601("2024-05-01T15:30:00+03:00") == base);
    CHECK(parse_iso8601("2024-05-01T10:30:00-02:00") == base);
    CHECK_FALSE(parse_iso8601("2024-02-30T00:00:00Z"));
    CHECK_FALSE(parse_iso8601("2024-05-01"));
    CHECK_FALSE(parse_iso8601("2024-05-01T12:30:00+3"));
}

TEST_CASE("exponential backoff is capped and jittered within bounds", "[connector][units]")
{
    retry_policy policy;
    policy.initial_backoff = milliseconds{100};
    policy.max_backoff = milliseconds{1'000};
    policy.jitter = 0.5;
    CHECK(backoff_delay(policy, 1, 0.5) == milliseconds{100});
    CHECK(backoff_delay(policy, 2, 0.5) == milliseconds{200});
    CHECK(backoff_delay(policy, 3, 0.5) == milliseconds{400});
    CHECK(backoff_delay(policy, 10, 0.5) == milliseconds{1'000});
    CHECK(backoff_delay(policy, 1, 0.0) == milliseconds{50});
    CHECK(backoff_delay(policy, 1, 0.999) >= milliseconds{149});
    CHECK(backoff_delay(policy, 1000, 0.5) == milliseconds{1'000});
}

TEST_CASE("token bucket: bursts - then paced slots - never past the deadline", "[connector][units]")
{
    token_bucket bucket(10);
    const auto t0 = steady_clock::now();
    const auto far = t0 + hours{1};
    for (int i = 0; i < 10; ++i)
        CHECK(bucket.reserve(t0, far) == steady_clock::duration::zero());
    CHECK(bucket.reserve(t0, far) == milliseconds{100});
    CHECK(bucket.reserve(t0, far) == milliseconds{200});
    CHECK_FALSE(bucket.reserve(t0, t0 + milliseconds{250}));  // would be 300 ms: not reserved
    CHECK(bucket.reserve(t0, far) == milliseconds{300});
    CHECK(bucket.reserve(t0 + seconds{2}, far) == steady_clock::duration::zero());

    token_bucket unlimited(0);
    for (int i = 0; i < 1000; ++i)
        REQUIRE(unlimited.reserve(t0, t0) == steady_clock::duration::zero());
}

TEST_CASE("secrets never print", "[connector][units]")
{
    std::ostringstream out;
    out << secret{"hunter2"} << ' ' << secret_json{boost::json::value{{"Password", "hunter2"}}};
    CHECK(out.str() == "*** ***");
    CHECK(secret{"hunter2"}.reveal() == "hunter2");
}

TEST_CASE("audit paths mask secret-looking query values", "[connector][units]")
{
    CHECK(redact_target("/users/1") == "/users/1");
    CHECK(redact_target("/users?companyId=7") == "/users?companyId=7");
    CHECK(redact_target("/x?apiKey=1&page=2&client_secret=s&sig=abc&flag") ==
          "/x?apiKey=***&page=2&client_secret=***&sig=***&flag");
}

TEST_CASE("form encoding for OAuth2 token requests", "[connector][units]")
{
    CHECK(form_encode("abc-._~XYZ019") == "abc-._~XYZ019");
    CHECK(form_encode("a b&c=d/é") == "a+b%26c%3Dd%2F%C3%A9");
}

TEST_CASE("status classes", "[connector][units]")
{
    CHECK(classify_status(200) == outcome_kind::ok);
    CHECK(classify_status(204) == outcome_kind::ok);
    CHECK(classify_status(408) == outcome_kind::retryable_exhausted);
    CHECK(classify_status(429) == outcome_kind::retryable_exhausted);
    CHECK(classify_status(422) == outcome_kind::rejected);
    CHECK(classify_status(504) == outcome_kind::retryable_exhausted);
    CHECK(classify_status(301) == outcome_kind::fatal);
    CHECK(to_string(outcome_kind::not_found) == "not_found");
}
