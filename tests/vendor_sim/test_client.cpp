#include "test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <stdexcept>

namespace vendor_sim::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

boost::json::value http_reply::json() const { return boost::json::parse(body); }

std::string http_reply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

http_reply client::call(const std::string& method, const std::string& target, const std::string& body,
                        const std::map<std::string, std::string>& headers) const {
  http_reply reply;
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
  if (ec) return reply;
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.keep_alive(false);
  req.prepare_payload();
  http::write(stream, req, ec);
  if (ec) return reply;
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  if (ec) return reply;
  reply.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    reply.headers[name] = std::string(field.value());
  }
  reply.body = std::move(res.body());
  return reply;
}

http_reply client::call(const std::string& method, const std::string& target, const boost::json::value& body,
                        const std::map<std::string, std::string>& headers) const {
  return call(method, target, boost::json::serialize(body), headers);
}

boost::json::value client::control(const std::string& method, const std::string& path,
                                   const boost::json::value& body) const {
  auto reply = call(method, "/_sim/" + path, method == "GET" ? std::string() : boost::json::serialize(body));
  if (reply.status != 200) {
    throw std::runtime_error("control " + path + " answered " + std::to_string(reply.status) + ": " + reply.body);
  }
  return reply.json();
}

}  // namespace vendor_sim::test
