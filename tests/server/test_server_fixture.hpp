#pragma once
// A real http_server on 127.0.0.1, port 0, running on its own thread, with a
// small handler whose behaviour the request path selects:
//   /throw  throws;  /slow  waits until release_slow();  anything else: 200
//   with "<method> <target> <body size>" and the request id it was given.

#include "config/server_config.hpp"
#include "server/access_log.hpp"
#include "server/http_server.hpp"
#include "server/logger.hpp"

#include <boost/asio/steady_timer.hpp>

#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

namespace server_test {

class test_handler : public server::request_handler {
public:
    boost::asio::awaitable<server::http_response> handle(server::http_request request,
                                                         server::request_context& context) override;

    // Resolves once a /slow request is inside the handler.
    std::future<void> slow_started() { return started_.get_future(); }
    void release_slow();
    // Drops the timer, which belongs to the server's io_context: it must go
    // before that context does.
    void forget_slow_timer();

private:
    std::mutex mutex_;
    std::promise<void> started_;
    std::shared_ptr<boost::asio::steady_timer> slow_timer_;
    bool released_ = false;
};

// Small limits so that tests can cross them cheaply.
config::server_config test_config();

class running_server {
public:
    explicit running_server(const config::server_config& config = test_config(), std::ostream* access = nullptr);
    ~running_server();

    std::uint16_t port() const { return server_->port(); }
    server::http_server& server() { return *server_; }
    test_handler& handler() { return handler_; }
    // Stops and waits for run() to return (idempotent).
    void stop_and_wait();

private:
    test_handler handler_;
    server::logger events_;
    std::optional<server::access_log> access_;
    std::optional<server::http_server> server_;
    std::thread thread_;
};

} // namespace server_test
