#include "connector/vendor_connector.hpp"

#include "connector/auth_flows.hpp"
#include "connector/backoff.hpp"
#include "connector/time_parsing.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace connector {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace urls = boost::urls;
using boost::system::error_code;
using std::chrono::milliseconds;

namespace {

std::string base64(std::string_view text)
{
    std::string out(4 * ((text.size() + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<origin> origin_of(const urls::url_view& url)
{
    const bool tls = url.scheme_id() == urls::scheme::https;
    if ((!tls && url.scheme_id() != urls::scheme::http) || url.host().empty())
        return std::nullopt;
    std::string host = url.host();
    if (url.host_type() == urls::host_type::ipv6)
        host = url.host_ipv6_address().to_string();
    return origin{tls, std::move(host), url.has_port() ? std::string(url.port()) : (tls ? "443" : "80")};
}

std::string host_header(const urls::url_view& url)
{
    std::string header(url.encoded_host());
    if (url.has_port())
        header += ":" + std::string(url.port());
    return header;
}

// Whether a transport failure may go away by itself (retry) or not (fatal),
// and how to say it without leaking anything.
std::pair<bool, std::string> describe_transport(const error_code& ec, std::size_t body_limit)
{
    if (ec == beast::error::timeout)
        return {true, "timed out"};
    if (ec.category() == asio::error::get_ssl_category())
        return {false, "TLS failure: " + ec.message()};
    if (ec == beast::http::error::body_limit)
        return {false, "response larger than " + std::to_string(body_limit) + " bytes"};
    if (ec == beast::http::error::end_of_stream || ec == beast::http::error::partial_message ||
        ec == asio::ssl::error::stream_truncated)
        return {true, "connection closed mid-response"};
    if (ec.category() == beast::http::make_error_code(beast::http::error::bad_version).category())
        return {false, "malformed HTTP response: " + ec.message()};
    if (ec == asio::error::host_not_found)
        return {false, "unknown host"};
    return {true, ec.message()};
}

bool is_json(std::string_view content_type)
{
    return content_type.find("json") != std::string_view::npos || content_type.find("JSON") != std::string_view::npos;
}

// Gives the concurrency permit back however the attempt ends.
struct permit_guard {
    async_semaphore& semaphore;
    ~permit_guard() { semaphore.release(); }
};

} // namespace

vendor_connector::vendor_connector(connection_config config, std::shared_ptr<audit_sink> audit)
    : config_(std::move(config)),
      audit_(std::move(audit)),
      client_(config_.tls, http_client::options{config_.limits.max_concurrent_requests, config_.timeouts.keep_alive_idle,
                                                config_.max_response_body_bytes}),
      concurrency_(config_.limits.max_concurrent_requests),
      rate_(config_.limits.max_requests_per_second)
{
    if (!origin_of(config_.base_url))
        throw std::invalid_argument("base URL must be an absolute http or https URL");
    if (config_.limits.max_concurrent_requests == 0 || config_.retry.max_attempts == 0)
        throw std::invalid_argument("max_concurrent_requests and max_attempts must be at least 1");
    const unauthenticated_sender sender = [this](vendor_request request, clock::time_point deadline) {
        return execute(std::move(request), deadline, false);
    };
    std::visit(
        [&](const auto& auth) {
            using auth_type = std::decay_t<decltype(auth)>;
            if constexpr (std::is_same_v<auth_type, static_header_auth>) {
                static_headers_ = auth.headers;
            } else if constexpr (std::is_same_v<auth_type, bearer_auth>) {
                static_headers_.push_back({"Authorization", secret{"Bearer " + auth.token.reveal()}});
            } else if constexpr (std::is_same_v<auth_type, basic_auth>) {
                static_headers_.push_back(
                    {"Authorization", secret{"Basic " + base64(auth.user + ":" + auth.password.reveal())}});
            } else if constexpr (std::is_same_v<auth_type, oauth2_client_credentials_auth>) {
                if (!resolve(auth.token_url))
                    throw std::invalid_argument("OAuth2 token_url must be a path or an http(s) URL");
                tokens_ = std::make_unique<token_provider>(make_oauth2_fetch(auth, sender), auth.expiry_skew);
                token_header_ = "Authorization";
                token_prefix_ = "Bearer ";
            } else if constexpr (std::is_same_v<auth_type, login_auth>) {
                if (!resolve(auth.login.target) || (auth.refresh && !resolve(auth.refresh->target)))
                    throw std::invalid_argument("login target must be a path or an http(s) URL");
                if (auth.token_pointer.empty() || auth.header_name.empty())
                    throw std::invalid_argument("login needs a token_pointer and a header name");
                tokens_ = std::make_unique<token_provider>(make_login_fetch(auth, sender), auth.expiry_skew);
                token_header_ = auth.header_name;
                token_prefix_ = auth.header_prefix;
            }
        },
        config_.auth);
}

std::optional<vendor_connector::resolved_target> vendor_connector::resolve(std::string_view target) const
{
    if (target.starts_with("http://") || target.starts_with("https://")) {
        const auto url = urls::parse_uri(target);
        if (!url)
            return std::nullopt;
        auto where = origin_of(*url);
        if (!where)
            return std::nullopt;
        std::string path = url->encoded_path().empty() ? "/" : std::string(url->encoded_path());
        if (url->has_query())
            path += "?" + std::string(url->encoded_query());
        return resolved_target{std::move(*where), std::move(path), host_header(*url)};
    }
    if (!target.empty() && target.front() != '/' && target.front() != '?')
        return std::nullopt;
    std::string path(config_.base_url.encoded_path());
    if (!path.empty() && path.back() == '/')
        path.pop_back();
    path += target;
    if (path.empty() || path.front() != '/')
        path.insert(0, "/");
    return resolved_target{*origin_of(config_.base_url), std::move(path), host_header(config_.base_url)};
}

asio::awaitable<vendor_result> vendor_connector::send(vendor_request request)
{
    auto deadline = clock::now() + config_.timeouts.operation_deadline;
    if (request.deadline && *request.deadline < deadline)
        deadline = *request.deadline;
    co_return co_await execute(std::move(request), deadline, true);
}

asio::awaitable<vendor_result>
vendor_connector::execute(vendor_request request, clock::time_point deadline, bool authenticate)
{
    vendor_result result;
    const std::string what = request.method + " " + redact_target(request.target);
    const auto target = resolve(request.target);
    const auto verb = beast::http::string_to_verb(request.method);
    if (!target || verb == beast::http::verb::unknown) {
        result.outcome = {outcome_kind::fatal, what + ": invalid method or target", {}};
        co_return result;
    }
    unsigned retries = 0;
    bool logged_in_again = false;
    for (;;) {
        ++result.attempts;
        http_request message{verb, target->request_target, 11};
        message.set(beast::http::field::host, target->host_header);
        message.set(beast::http::field::user_agent, config_.user_agent);
        for (const auto& [name, value] : request.headers)
            message.set(name, value);
        if (!request.content_type.empty())
            message.set(beast::http::field::content_type, request.content_type);
        message.body() = request.body;
        std::optional<secret> token;
        if (authenticate) {
            for (const auto& header : static_headers_)
                message.set(header.name, header.value.reveal());
            if (tokens_) {
                auto obtained = co_await tokens_->get(deadline);
                if (!obtained.token) {
                    result.outcome = std::move(obtained.failure);
                    co_return result;
                }
                token = std::move(obtained.token);
                message.set(token_header_, token_prefix_ + token->reveal());
            }
        }

        // Unauthenticated requests are the auth flow's own (login, token).
        auto attempt =
            co_await attempt_once(*target, std::move(message), request, result.attempts, deadline, !authenticate);
        if (attempt.response)
            result.response = std::move(attempt.response);
        vendor_outcome outcome;
        bool retryable = attempt.retryable;
        if (attempt.failure) {
            outcome = std::move(*attempt.failure);
            if (!retryable) {
                result.outcome = std::move(outcome);
                co_return result;
            }
        } else {
            const unsigned status = result.response->status;
            // A 401 to a cached token: the vendor dropped the session. Log in
            // again once and repeat; the request was not processed, so this is
            // safe whatever the method.
            if (status == 401 && token && !logged_in_again) {
                logged_in_again = true;
                tokens_->invalidate(*token);
                continue;
            }
            outcome.kind = classify_status(status);
            outcome.detail = what + ": HTTP " + std::to_string(status);
            if (config_.retry.honour_retry_after)
                outcome.retry_after = parse_retry_after(result.response->header("Retry-After"),
                                                        std::chrono::system_clock::now());
            const auto& statuses = config_.retry.on_statuses;
            retryable = std::find(statuses.begin(), statuses.end(), status) != statuses.end();
        }
        if (!retryable) {
            result.outcome = std::move(outcome);
            co_return result;
        }

        outcome.kind = outcome_kind::retryable_exhausted;
        // A call that may create a second record is repeated only when the
        // vendor said it did not process it (or it never left): otherwise
        // the caller decides, knowing whether a look-up can run first.
        const bool unprocessed = !attempt.request_sent || (result.response && !attempt.failure &&
                                                          says_not_processed(result.response->status));
        const bool safe = request.idempotent || unprocessed;
        outcome.maybe_applied = !safe;
        if (!safe || retries + 1 >= config_.retry.max_attempts) {
            outcome.detail += " (" + std::to_string(result.attempts) + (result.attempts == 1 ? " attempt" : " attempts") +
                              (safe ? ")" : ", not repeated: the vendor may have applied it)");
            result.outcome = std::move(outcome);
            co_return result;
        }
        ++retries;
        const milliseconds delay = outcome.retry_after
                                       ? std::chrono::duration_cast<milliseconds>(*outcome.retry_after)
                                       : backoff_delay(config_.retry, retries, random_unit());
        if (clock::now() + delay >= deadline) {
            outcome.detail += " (" + std::to_string(result.attempts) + " attempts; the next would pass the deadline)";
            result.outcome = std::move(outcome);
            co_return result;
        }
        asio::steady_timer timer(co_await asio::this_coro::executor, delay);
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

asio::awaitable<vendor_connector::attempt_result>
vendor_connector::attempt_once(const resolved_target& target, http_request message, const vendor_request& request,
                               unsigned attempt, clock::time_point deadline, bool login)
{
    const auto limit_reached = [&](std::string_view limit) {
        attempt_result result;
        result.failure = vendor_outcome{outcome_kind::retryable_exhausted,
                                        request.method + " " + redact_target(request.target) + ": " +
                                            std::string(limit) + " left no slot before the deadline",
                                        {}};
        return result;
    };
    const auto wait = rate_.reserve(clock::now(), deadline);
    if (!wait)
        co_return limit_reached("request-rate limit");
    if (*wait > clock::duration::zero()) {
        if (audit_)
            audit_->on_rate_limit_wait(*wait);
        asio::steady_timer timer(co_await asio::this_coro::executor, *wait);
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (!co_await concurrency_.acquire(deadline))
        co_return limit_reached("concurrency limit");
    permit_guard permit{concurrency_};
    if (clock::now() >= deadline)
        co_return limit_reached("concurrency limit");

    const auto start = clock::now();
    auto exchanged = co_await client_.exchange(target.where, std::move(message), config_.timeouts.connect,
                                               config_.timeouts.read, deadline);
    const auto latency = std::chrono::duration_cast<milliseconds>(clock::now() - start);
    if (exchanged.error) {
        auto [retryable, detail] = describe_transport(exchanged.error, config_.max_response_body_bytes);
        audit(request, 0, latency, attempt, detail, login);
        attempt_result result;
        result.failure = vendor_outcome{retryable ? outcome_kind::retryable_exhausted : outcome_kind::fatal,
                                        request.method + " " + redact_target(request.target) + ": " + detail, {}};
        result.retryable = retryable;
        result.request_sent = exchanged.request_sent;
        co_return result;
    }
    audit(request, exchanged.response.result_int(), latency, attempt, {}, login);
    auto result = read_response(std::move(exchanged.response), latency);
    if (result.failure)
        result.failure->detail.insert(0, request.method + " " + redact_target(request.target) + ": ");
    co_return result;
}

vendor_connector::attempt_result vendor_connector::read_response(http_response message, milliseconds latency) const
{
    attempt_result result;
    result.request_sent = true;
    vendor_response response;
    response.status = message.result_int();
    response.latency = latency;
    for (const auto& field : message)
        response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    response.body = std::move(message.body());
    if (!response.body.empty() && is_json(response.header("Content-Type"))) {
        error_code ec;
        auto parsed = boost::json::parse(response.body, ec);
        if (!ec)
            response.json = std::move(parsed);
        else if (response.status >= 200 && response.status < 300)
            // A success we cannot read: the vendor may have applied it, so
            // this must not be retried nor passed off as done.
            result.failure = vendor_outcome{outcome_kind::fatal, "malformed JSON in response: " + ec.message(), {}};
    }
    result.response = std::move(response);
    return result;
}

void vendor_connector::audit(const vendor_request& request, unsigned status, milliseconds latency, unsigned attempt,
                             std::string_view error, bool login) const
{
    if (!audit_)
        return;
    audit_->on_attempt(attempt_record{request.method, redact_target(request.target), status, latency, attempt,
                                      request.request_id, error, login, request.operation});
}

} // namespace connector
