#include "connector/auth_flows.hpp"

#include "connector/time_parsing.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace connector {

namespace asio = boost::asio;
namespace json = boost::json;
using clock = std::chrono::steady_clock;

namespace {

token_provider::fetch_result failed(outcome_kind kind, std::string detail)
{
    return {std::nullopt, vendor_outcome{kind, std::move(detail), {}}};
}

const json::value* at(const json::value& document, const std::string& pointer)
{
    boost::system::error_code ec;
    return document.find_pointer(pointer, ec);
}

// Boost 1.81 has no set_at_pointer: find the parent object and set the key.
bool set_at(json::value& document, const std::string& pointer, std::string_view value)
{
    const auto slash = pointer.rfind('/');
    if (slash == std::string::npos)
        return false;
    boost::system::error_code ec;
    json::value* parent = slash == 0 ? &document : document.find_pointer(pointer.substr(0, slash), ec);
    if (!parent || !parent->is_object())
        return false;
    std::string key;
    for (std::size_t i = slash + 1; i < pointer.size(); ++i) {
        if (pointer[i] == '~' && i + 1 < pointer.size()) {
            key += pointer[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            key += pointer[i];
        }
    }
    parent->as_object()[key] = value;
    return true;
}

// A number (or a string of digits) is seconds from now; another string an
// absolute ISO 8601 time. Anything else: no known expiry.
std::optional<clock::time_point> read_expiry(const json::value* value)
{
    if (!value)
        return std::nullopt;
    if (value->is_number()) {
        boost::system::error_code ec;
        const auto seconds = value->to_number<double>(ec);
        if (!ec)
            return clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
    }
    if (value->is_string()) {
        const std::string_view text = value->as_string();
        long long seconds = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
        if (ec == std::errc{} && end == text.data() + text.size() && seconds >= 0)
            return clock::now() + std::chrono::seconds{std::min(seconds, 10LL * 365 * 24 * 3600)};
        if (const auto absolute = parse_iso8601(text))
            return clock::now() + std::chrono::duration_cast<clock::duration>(*absolute - std::chrono::system_clock::now());
    }
    return std::nullopt;
}

token_provider::fetch_result read_token(const vendor_result& result, std::string_view step,
                                        const std::string& token_pointer, const std::string& expiry_pointer,
                                        const std::string& refresh_pointer)
{
    if (!result.ok()) {
        const unsigned status = result.response ? result.response->status : 0;
        // The vendor refused our credentials: nothing a retry could fix.
        if (status == 400 || status == 401 || status == 403)
            return failed(outcome_kind::unauthorized, std::string(step) + " refused: HTTP " + std::to_string(status));
        return {std::nullopt, vendor_outcome{result.outcome.kind, std::string(step) + ": " + result.outcome.detail,
                                             result.outcome.retry_after}};
    }
    if (!result.response || !result.response->json)
        return failed(outcome_kind::fatal, std::string(step) + " response is not JSON");
    const json::value& body = *result.response->json;
    const json::value* token = at(body, token_pointer);
    if (!token || !token->is_string() || token->as_string().empty())
        return failed(outcome_kind::fatal, std::string(step) + " response has no token at " + token_pointer);
    fetched_token fetched{secret{std::string(token->as_string())}, std::nullopt, secret{}};
    if (!expiry_pointer.empty())
        fetched.expires = read_expiry(at(body, expiry_pointer));
    if (!refresh_pointer.empty())
        if (const json::value* refresh = at(body, refresh_pointer); refresh && refresh->is_string())
            fetched.refresh_token = secret{std::string(refresh->as_string())};
    return {std::move(fetched), {}};
}

vendor_request to_request(const login_request& step, std::string body)
{
    vendor_request request;
    request.method = step.method;
    request.target = step.target;
    for (const auto& header : step.headers)
        request.headers.emplace_back(header.name, header.value.reveal());
    request.body = std::move(body);
    request.content_type = "application/json";
    request.idempotent = true;  // a login changes nothing: repeating it is safe
    return request;
}

asio::awaitable<token_provider::fetch_result> login_fetch(const login_auth& config, const unauthenticated_sender& send,
                                                          secret refresh, clock::time_point deadline)
{
    const bool refreshing = config.refresh.has_value() && !refresh.reveal().empty();
    const login_request& step = refreshing ? *config.refresh : config.login;
    json::value body = step.body.reveal();
    if (refreshing && !set_at(body, config.refresh_token_body_pointer, refresh.reveal()))
        co_return failed(outcome_kind::fatal, "refresh body has no object at " + config.refresh_token_body_pointer);
    const std::string text = body.is_null() ? std::string() : json::serialize(body);
    const auto result = co_await send(to_request(step, text), deadline);
    co_return read_token(result, refreshing ? "token refresh" : "login", config.token_pointer, config.expiry_pointer,
                         config.refresh_token_pointer);
}

asio::awaitable<token_provider::fetch_result> oauth2_fetch(const oauth2_client_credentials_auth& config,
                                                           const unauthenticated_sender& send,
                                                           clock::time_point deadline)
{
    vendor_request request;
    request.method = "POST";
    request.target = config.token_url;
    request.content_type = "application/x-www-form-urlencoded";
    request.body = "grant_type=client_credentials&client_id=" + form_encode(config.client_id) +
                   "&client_secret=" + form_encode(config.client_secret.reveal());
    if (!config.scope.empty())
        request.body += "&scope=" + form_encode(config.scope);
    request.idempotent = true;
    const auto result = co_await send(std::move(request), deadline);
    co_return read_token(result, "OAuth2 token request", "/access_token", "/expires_in", "");
}

} // namespace

token_provider::fetch_function make_login_fetch(login_auth config, unauthenticated_sender send)
{
    // The coroutine borrows config and send from this lambda, which the
    // token_provider keeps alive for its whole life.
    return [config = std::move(config), send = std::move(send)](const secret& refresh, clock::time_point deadline) {
        return login_fetch(config, send, refresh, deadline);
    };
}

token_provider::fetch_function make_oauth2_fetch(oauth2_client_credentials_auth config, unauthenticated_sender send)
{
    return [config = std::move(config), send = std::move(send)](const secret&, clock::time_point deadline) {
        return oauth2_fetch(config, send, deadline);
    };
}

std::string form_encode(std::string_view value)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : value) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace connector
