#include "server/test_server_fixture.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <stdexcept>

namespace server_test {

namespace asio = boost::asio;
namespace http = server::http;

asio::awaitable<server::http_response> test_handler::handle(server::http_request request,
                                                            server::request_context& context) {
    context.target = "test-target";
    const std::string_view target = request.target();
    if (target == "/throw") {
        throw std::runtime_error("handler failure for the test");
    }
    if (target == "/slow") {
        auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor,
                                                          std::chrono::seconds(60));
        bool wait = true;
        {
            const std::lock_guard lock(mutex_);
            slow_timer_ = timer;
            wait = !released_;
            started_.set_value();
        }
        if (wait) {
            co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
        }
    }
    server::http_response response{http::status::ok, request.version()};
    response.set(http::field::content_type, "text/plain");
    response.set("X-Seen-Request-Id", context.request_id);
    response.keep_alive(request.keep_alive());
    response.body() = std::string(request.method_string()) + " " + std::string(target) + " " +
                      std::to_string(request.body().size());
    co_return response;
}

void test_handler::release_slow() {
    const std::lock_guard lock(mutex_);
    released_ = true;
    if (slow_timer_) {
        asio::post(slow_timer_->get_executor(), [timer = slow_timer_] { timer->cancel(); });
    }
}

void test_handler::forget_slow_timer() {
    const std::lock_guard lock(mutex_);
    slow_timer_.reset();
}

config::server_config test_config() {
    config::server_config config;
    config.listen.address = "127.0.0.1";
    config.listen.port = 0;
    config.threads = 2;
    config.limits.max_body_bytes = 1024;
    config.limits.max_header_bytes = 1024;
    config.limits.request_timeout = std::chrono::seconds(10);
    config.limits.idle_timeout = std::chrono::seconds(10);
    config.limits.max_connections = 16;
    config.shutdown_grace = std::chrono::seconds(10);
    return config;
}

running_server::running_server(const config::server_config& config, std::ostream* access)
    : events_(config::log_level::error) {
    if (access != nullptr) {
        access_.emplace(*access);
    }
    server_.emplace(config, handler_, events_, access_ ? &*access_ : nullptr);
    thread_ = std::thread([this] { server_->run(); });
}

running_server::~running_server() {
    handler_.release_slow();
    stop_and_wait();
    handler_.forget_slow_timer();
    server_.reset();
}

void running_server::stop_and_wait() {
    server_->stop();
    if (thread_.joinable()) {
        thread_.join();
    }
}

} // namespace server_test
