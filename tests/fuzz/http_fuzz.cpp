// The HTTP request handler as a pure function: raw bytes are parsed as the
// listener parses them (Beast's request_parser, the default header and body
// limits), and a complete request goes to the SCIM router over a seeded
// SQLite store (router_harness.hpp). The router's contract: it always
// answers, never throws, and every refusal is a SCIM error (RFC 7644 §3.12)
// whose status matches its HTTP status. A 500 is a finding: it means
// something unforeseen was caught on the way.

#include "router_harness.hpp"

#include <boost/beast/http/parser.hpp>
#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

namespace http = boost::beast::http;

constexpr std::string_view error_urn = "urn:ietf:params:scim:api:messages:2.0:Error";

[[noreturn]] void finding(const char* what, const server::http_response& response)
{
    std::fprintf(stderr, "%s: %u\n%s\n", what, response.result_int(), response.body().c_str());
    std::abort();
}

bool is_scim_error(const server::http_response& response)
{
    boost::system::error_code ec;
    const auto body = boost::json::parse(response.body(), ec);
    if (ec || !body.is_object())
        return false;
    const auto& object = body.as_object();
    const auto* schemas = object.if_contains("schemas");
    const auto* status = object.if_contains("status");
    if (!schemas || !schemas->is_array() || !status || !status->is_string())
        return false;
    bool names_error = false;
    for (const auto& urn : schemas->as_array())
        names_error = names_error || (urn.is_string() && urn.as_string() == error_urn);
    return names_error && status->as_string() == std::to_string(response.result_int());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static fuzz::router_harness harness;
    const std::string raw =
        harness.with_seeded_ids(std::string_view(reinterpret_cast<const char*>(data), size));

    // The listener's limits (config: limits.max_header_bytes, max_body_bytes).
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1024 * 1024);
    parser.eager(true);
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(raw), ec);
    if (ec == http::error::need_more && parser.got_some())
        parser.put_eof(ec);  // the client closed its side: a body read to the end
    if (ec || !parser.is_done())
        return 0;  // the listener answers framing errors itself, without the router

    const auto response = harness.handle(parser.release());
    const unsigned status = response.result_int();
    if (status < 200 || status > 599)
        finding("not a final status", response);
    if (status == 500)
        finding("internal error", response);
    if (status >= 400 && !is_scim_error(response))
        finding("a refusal that is not a SCIM error", response);
    return 0;
}
