// Which SCIM error a vendor's refusal becomes: the identity provider must be
// told whether changing the data could help (400) or only the admin can (502).

#include "bridge/vendor_failure.hpp"

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

scim::error caught(const connector::vendor_result& result)
{
    mapping::mapping_file mapping;
    mapping.errors.message_pointers = {"/message"};
    try {
        bridge::throw_vendor_failure(result, mapping, nullptr);
    } catch (const scim::error& e) {
        return e;
    }
    FAIL("throw_vendor_failure did not throw a scim::error");
    return scim::error(500, scim::scim_type::none, "");
}

} // namespace

TEST_CASE("a vendor's 400 is the identity provider's invalidValue, in the vendor's words")
{
    auto e = caught(answered(400, R"({"message": "email must be an e-mail address"})"));
    CHECK(e.status() == 400);
    CHECK(e.type() == scim::scim_type::invalid_value);
    CHECK(e.detail().find("email must be an e-mail address") != std::string::npos);
}

TEST_CASE("a vendor's 403 is a 502 for the admin, not an invalidValue, keeping the vendor's words")
{
    auto e = caught(answered(403, R"({"message": "the access token is not valid for customer 5f0c"})"));
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
