#pragma once
// A small blocking HTTP client for the simulator tests: one connection per
// call, so a dropped connection shows up as an error on that call only.

#include <boost/json.hpp>

#include <map>
#include <string>

namespace vendor_sim::test {

struct http_reply {
  int status = 0;  // 0 when the connection failed or was dropped
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  boost::json::value json() const;  // throws on a malformed body
  std::string header(const std::string& name) const;
};

class client {
 public:
  explicit client(unsigned short port) : port_(port) {}

  http_reply call(const std::string& method, const std::string& target, const std::string& body = {},
                  const std::map<std::string, std::string>& headers = {}) const;
  http_reply call(const std::string& method, const std::string& target, const boost::json::value& body,
                  const std::map<std::string, std::string>& headers = {}) const;

  // A literal body is raw text (json::value would also accept it).
  http_reply call(const std::string& method, const std::string& target, const char* body,
                  const std::map<std::string, std::string>& headers = {}) const {
    return call(method, target, std::string(body), headers);
  }

  // The control API under /_sim/.
  boost::json::value control(const std::string& method, const std::string& path,
                             const boost::json::value& body = boost::json::object{}) const;

 private:
  unsigned short port_;
};

}  // namespace vendor_sim::test
