#pragma once
// A scripted HTTP(S) server on 127.0.0.1 and an ephemeral port, standing in
// for a vendor: each request is answered by the test's handler, which can
// also make the server stall, hang up, or cut a response short.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace connector_test {

struct received_request {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    std::size_t connection = 0;                  // 1 for the first connection accepted

    std::string header(const std::string& lower_case_name) const;
};

struct scripted_reply {
    enum class action {
        respond,
        close,     // hang up without answering
        truncate,  // send the head and half the body, then hang up
    };
    unsigned status = 200;
    std::string body = "{}";
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds delay{0};  // before answering: a stalled vendor
    action what = action::respond;
};

class loopback_server {
public:
    using handler = std::function<scripted_reply(const received_request&)>;

    // Serves TLS when `tls` is given (a server context with its certificate).
    loopback_server(boost::asio::io_context& io, handler handle, boost::asio::ssl::context* tls = nullptr);
    ~loopback_server();
    loopback_server(const loopback_server&) = delete;
    loopback_server& operator=(const loopback_server&) = delete;

    unsigned short port() const;
    std::string url(const std::string& host = "127.0.0.1") const;  // scheme://host:port

    std::size_t connections() const;    // accepted (TLS: handshake attempted)
    std::size_t requests() const;
    std::size_t max_in_flight() const;  // most requests being answered at once
    const std::vector<received_request>& received() const;

    struct state;

private:
    std::shared_ptr<state> state_;
};

} // namespace connector_test
