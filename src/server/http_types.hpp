#pragma once
// The HTTP vocabulary shared by the listener, the router and the handlers.
// Handlers are coroutines: a vendor-backed target awaits its vendor without
// blocking an I/O thread.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace server {

namespace http = boost::beast::http;
using http_request = http::request<http::string_body>;
using http_response = http::response<http::string_body>;

// Facts about one request that are not in the message itself.
struct request_context {
    std::string request_id;       // unique per request; echoed as X-Request-Id and logged
    std::string remote_address;
    std::chrono::steady_clock::time_point received;
    std::chrono::steady_clock::time_point deadline;  // the whole request must be answered by then
    // Set once the client has gone (closed its side while the request ran):
    // work that has not started yet is not started. Only writes are
    // watched, so only they have one; null: never abandoned.
    std::shared_ptr<std::atomic<bool>> abandoned;
    // Filled in by the handler for the access log.
    std::string target;
};

class request_handler {
public:
    virtual ~request_handler() = default;
    // Must always return a response (errors included); never throws.
    virtual boost::asio::awaitable<http_response> handle(http_request request, request_context& context) = 0;
};

} // namespace server
