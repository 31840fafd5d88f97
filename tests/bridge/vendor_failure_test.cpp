// Which SCIM error a vendor's refusal becomes: the identity provider must be
// told whether changing the data could help (400) or only the admin can (502).

#include "bridge/vendor_failure.hpp"
#include "mapping/mapping_loader.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

namespace {

connector::vendor_result answered(unsigned status, const char* body)
{
    connector::vendor_result result;
    result.outcome.kind = connector::classify_status(status);
    connector::vendor_response response;
    response.status = status;
    response.body = body;
    response.json = boost::json::parse(body);
    result.response = std::move(response);
    return result;
}

// The failure as the identity provider would be answered.
struct answered_failure {
    bridge::errc code;
    int status_ = 0;
    scim::scim_type type_ = scim::scim_type::none;
    std::string detail_;
    int status() const { return status_; }
    scim::scim_type type() const { return type_; }
    const std::string& detail() const { return detail_; }
};

answered_failure caught(const connector::vendor_result& result)
{
    mapping::mapping_file mapping;
    mapping.errors.message_pointers = {"/message"};
    const auto failure = bridge::vendor_failure(result, mapping, nullptr);
    const auto answer = failure.answer();
    return {failure.cause(), answer.status, answer.type, failure.detail};
}

} // namespace

TEST_CASE("a vendor's 400 is the identity provider's invalidValue, in the vendor's words")
{
    auto e = caught(answered(400, R"({"message": "email must be an e-mail address"})"));
    CHECK(e.code == bridge::errc::vendor_rejected);
    CHECK(e.status() == 400);
    CHECK(e.type() == scim::scim_type::invalid_value);
    CHECK(e.detail().find("email must be an e-mail address") != std::string::npos);
}

TEST_CASE("a vendor's 403 is a 502 for the admin, not an invalidValue, keeping the vendor's words")
{
    auto e = caught(answered(403, R"({"message": "the access token is not valid for customer 5f0c"})"));
    CHECK(e.code == bridge::errc::vendor_denied);
    CHECK(e.status() == 502);
    CHECK(e.type() == scim::scim_type::none);
    CHECK(e.detail().find("not valid for customer 5f0c") != std::string::npos);
    CHECK(e.detail().find("credentials") != std::string::npos);
}

TEST_CASE("a vendor's 401 is a 502 naming the credentials")
{
    auto e = caught(answered(401, R"({"message": "invalid access token"})"));
    CHECK(e.status() == 502);
    CHECK(e.detail().find("credentials") != std::string::npos);
}

TEST_CASE("a 2xx whose body cannot be read is reported in the connector's words, not as a refusal")
{
    connector::vendor_result result;
    result.outcome = {connector::outcome_kind::fatal, "malformed JSON in response: incomplete JSON", {}};
    connector::vendor_response response;
    response.status = 200;
    response.body = R"({"id": 7, "log)";
    result.response = std::move(response);
    auto e = caught(result);
    CHECK(e.status() == 502);
    CHECK(e.detail().find("malformed JSON in response") != std::string::npos);
    CHECK(e.detail().find("rejected") == std::string::npos);
}

TEST_CASE("a vendor that stays unavailable is a 503 that says when to come back")
{
    connector::vendor_result result;
    result.outcome = {connector::outcome_kind::retryable_exhausted, "HTTP 503", std::chrono::seconds(7)};
    auto failure = bridge::vendor_failure(result, mapping::mapping_file{}, nullptr);
    CHECK(failure.cause() == bridge::errc::vendor_unavailable);
    CHECK(failure.answer().status == 503);
    REQUIRE(failure.retry_after);
    CHECK(failure.retry_after->count() == 7);
}

TEST_CASE("every precise code belongs to the condition that decides its answer")
{
    using bridge::errc;
    struct expectation {
        errc code;
        int status;
        scim::scim_type type;
    };
    const expectation table[] = {
        {errc::vendor_rejected, 400, scim::scim_type::invalid_value},
        {errc::vendor_conflict, 409, scim::scim_type::uniqueness},
        {errc::name_taken, 409, scim::scim_type::uniqueness},
        {errc::vendor_not_found, 404, scim::scim_type::none},
        {errc::changed_elsewhere, 409, scim::scim_type::none},
        {errc::if_match_failed, 412, scim::scim_type::none},
        {errc::deadline_passed, 503, scim::scim_type::none},
        {errc::client_gone, 503, scim::scim_type::none},
        {errc::not_supported, 501, scim::scim_type::none},
        {errc::target_misconfigured, 502, scim::scim_type::none},
        {errc::invalid_filter, 400, scim::scim_type::invalid_filter},
        {errc::internal, 500, scim::scim_type::none},
    };
    for (const auto& each : table) {
        const auto failure = bridge::fail(each.code, "x");
        CAPTURE(failure.code.message());
        CHECK(failure.answer().status == each.status);
        CHECK(failure.answer().type == each.type);
        // The Boost.System view agrees: the code compares equal to its condition.
        CHECK(failure.code == bridge::make_error_condition(bridge::condition_of(each.code)));
    }
    // Where a failure was raised is kept with it (for the log).
    CHECK(bridge::fail(errc::internal, "x").code.has_location());
}

TEST_CASE("an error thrown by the SCIM library becomes a value with the same answer")
{
    const auto failure = bridge::scim_call([]() -> int {
        throw scim::error(400, scim::scim_type::invalid_path, "no attribute nickName2");
    });
    REQUIRE(failure.has_error());
    CHECK(failure.error().cause() == bridge::errc::invalid_path);
    CHECK(failure.error().answer().status == 400);
    CHECK(failure.error().detail == "no attribute nickName2");
    CHECK(bridge::scim_call([] { return 5; }).value() == 5);
}

TEST_CASE("errors.rules: a vendor's 422 for a duplicate e-mail is SCIM's 409 uniqueness naming the attribute")
{
    mapping::load_options options;
    options.any_parameter = true;
    const auto loaded = mapping::parse_mapping(R"(
version: 1
target: t
connection: {base_url: "http://vendor.test", auth: {type: none}}
errors:
  message: [/message]
  by_field: /details
  by_field_message: /description
  rules:
    - {status: 422, when: {/details/email/*/error: DuplicateValue}, scim: uniqueness, field: email}
    - {status: [400, 422], when: {/code: {pattern: "^READ_?ONLY"}}, scim: mutability, field: login}
resources:
  User:
    attributes:
      - {field: email, scim: 'emails[type eq "work"].value'}
      - {field: login, scim: userName}
    operations:
      get: {request: {method: GET, path: "/u/${vendor_id}"}}
)",
                                               "t.yaml", options);
    REQUIRE(loaded.errors.empty());
    const auto* users = loaded.mapping->find("User");
    auto classify = [&](unsigned status, const char* body) {
        const auto failure = bridge::vendor_failure(answered(status, body), *loaded.mapping, users);
        return std::pair{failure.answer(), failure.detail};
    };

    const auto [duplicate, duplicate_detail] = classify(422, R"({"message": "Validation failed",
        "details": {"email": [{"description": "Email already taken", "error": "DuplicateValue"}]}})");
    CHECK(duplicate.status == 409);
    CHECK(duplicate.type == scim::scim_type::uniqueness);
    CHECK(duplicate_detail.find(R"(emails[type eq "work"].value: Email already taken)") != std::string::npos);

    const auto [read_only, read_only_detail] = classify(400, R"({"message": "userName cannot change", "code": "READONLY_FIELD"})");
    CHECK(read_only.status == 400);
    CHECK(read_only.type == scim::scim_type::mutability);
    CHECK(read_only_detail.find("userName: userName cannot change") != std::string::npos);

    // No rule matches: as without rules, and by_field reads object messages.
    const auto [invalid, invalid_detail] = classify(422, R"({"message": "Validation failed",
        "details": {"email": [{"description": "Email is not valid", "error": "InvalidFormat"}]}})");
    CHECK(invalid.status == 400);
    CHECK(invalid.type == scim::scim_type::invalid_value);
    CHECK(invalid_detail.find(R"(Validation failed; emails[type eq "work"].value: Email is not valid)") !=
          std::string::npos);
}
