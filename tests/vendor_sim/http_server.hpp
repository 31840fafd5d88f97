#pragma once
// Serves one sim_core over HTTP/1.1 on 127.0.0.1 with Beast and C++20
// coroutines. The same class backs the vendor_sim program and the in-process
// simulators of the tests.

#include "sim_core.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <thread>
#include <vector>

namespace vendor_sim {

class http_server {
 public:
  // Binds at once (port 0 = ephemeral) so that port() is known before run().
  http_server(std::shared_ptr<sim_core> core, unsigned short port, int threads = 1);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  unsigned short port() const { return port_; }
  void run();    // serves on the calling thread (plus threads-1 more) until stop()
  void start();  // serves on background threads
  void stop();

 private:
  void spawn_listener();

  std::shared_ptr<sim_core> core_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  int thread_count_;
  bool listening_ = false;
  std::vector<std::thread> threads_;
};

// A simulator running in-process on its own thread, for tests.
class running_sim {
 public:
  explicit running_sim(std::string_view vendor_name);
  unsigned short port() const { return server_->port(); }

 private:
  std::unique_ptr<http_server> server_;
};

}  // namespace vendor_sim
