#include "http_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <stdexcept>
#include <tuple>

namespace vendor_sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t body_limit = 8 * 1024 * 1024;
constexpr auto idle_timeout = std::chrono::seconds(60);

sim_request to_sim_request(http::request<http::string_body>& req, bool& ok) {
  sim_request out;
  out.method = std::string(req.method_string());
  ok = parse_target(out, req.target());
  for (const auto& field : req) out.headers[to_lower(field.name_string())] = std::string(field.value());
  out.body = std::move(req.body());
  return out;
}

asio::awaitable<void> session(tcp::socket socket, std::shared_ptr<sim_core> core) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    // A fresh parser per request: body limits apply to each message.
    http::request_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    stream.expires_after(idle_timeout);
    auto [head_ec, head_n] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
    (void)head_n;
    if (head_ec) break;
    bool too_large = parser.content_length() && *parser.content_length() > body_limit;
    if (!too_large && beast::iequals(parser.get()[http::field::expect], "100-continue")) {
      // curl waits a second for this before sending a body over 1 KiB.
      http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
      auto [cont_ec, cont_n] = co_await http::async_write(stream, go_on, use_tuple);
      (void)cont_n;
      if (cont_ec) break;
    }
    // A declared oversize body is refused before it is read.
    auto [read_ec, read_n] = too_large ? std::tuple(beast::error_code(http::error::body_limit), std::size_t{0})
                                       : co_await http::async_read(stream, buffer, parser, use_tuple);
    (void)read_n;
    if (read_ec == http::error::body_limit) {
      http::response<http::string_body> refusal{http::status::payload_too_large, parser.get().version()};
      refusal.keep_alive(false);
      refusal.prepare_payload();
      co_await http::async_write(stream, refusal, use_tuple);
      break;
    }
    if (read_ec) break;
    auto& req = parser.get();
    bool keep_alive = req.keep_alive();
    unsigned version = req.version();
    bool target_ok = false;
    auto sreq = to_sim_request(req, target_ok);
    auto res = target_ok ? core->handle(std::move(sreq)) : json_response(400, {{"message", "bad request target"}});
    if (res.delay.count() > 0) {
      asio::steady_timer timer(stream.get_executor());
      timer.expires_after(res.delay);
      co_await timer.async_wait(use_tuple);
    }
    if (res.drop_connection) {
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream.socket().close(ec);
      co_return;
    }
    http::response<http::string_body> out;
    out.version(version);
    out.result(static_cast<unsigned>(res.status));
    out.set(http::field::server, "vendor_sim/" + core->vendor_name());
    for (auto& [name, value] : res.headers) out.set(name, value);
    out.body() = std::move(res.body);
    out.keep_alive(keep_alive);
    out.prepare_payload();
    stream.expires_after(idle_timeout);
    auto [write_ec, write_n] = co_await http::async_write(stream, out, use_tuple);
    (void)write_n;
    if (write_ec || !keep_alive) break;
  }
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor, std::shared_ptr<sim_core> core) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      continue;  // e.g. too many open files: keep serving the connections we have
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket), core), asio::detached);
  }
}

}  // namespace

http_server::http_server(std::shared_ptr<sim_core> core, unsigned short port, int threads)
    : core_(std::move(core)), ioc_(threads), acceptor_(ioc_), thread_count_(threads < 1 ? 1 : threads) {
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

http_server::~http_server() { stop(); }

void http_server::spawn_listener() {
  if (listening_) return;
  listening_ = true;
  asio::co_spawn(ioc_, listen(acceptor_, core_), asio::detached);
}

void http_server::run() {
  spawn_listener();
  for (int i = 1; i < thread_count_; ++i) threads_.emplace_back([this] { ioc_.run(); });
  ioc_.run();
}

void http_server::start() {
  spawn_listener();
  for (int i = 0; i < thread_count_; ++i) threads_.emplace_back([this] { ioc_.run(); });
}

void http_server::stop() {
  ioc_.stop();
  for (auto& t : threads_) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
  threads_.clear();
}

running_sim::running_sim(std::string_view vendor_name) {
  auto v = make_vendor(vendor_name);
  if (!v) throw std::invalid_argument("unknown vendor " + std::string(vendor_name));
  server_ = std::make_unique<http_server>(std::make_shared<sim_core>(std::move(v)), 0);
  server_->start();
}

}  // namespace vendor_sim
