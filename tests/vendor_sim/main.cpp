// vendor_sim: serves one simulated vendor per process on 127.0.0.1.
//   vendor_sim --vendor NAME [--port N] [--threads N]
// The first stdout line is "listening on 127.0.0.1:PORT" so that a test that
// asked for port 0 can read the port it got.

#include "http_server.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

int usage() {
  std::cerr << "usage: vendor_sim --vendor NAME [--port N] [--threads N]\nvendors:";
  for (const auto& name : vendor_sim::vendor_names()) std::cerr << ' ' << name;
  std::cerr << '\n';
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string vendor_name;
  long port = 0;
  long threads = 1;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) return usage();
    std::string value = argv[++i];
    if (arg == "--vendor") {
      vendor_name = value;
    } else if (arg == "--port") {
      port = std::strtol(value.c_str(), nullptr, 10);
    } else if (arg == "--threads") {
      threads = std::strtol(value.c_str(), nullptr, 10);
    } else {
      return usage();
    }
  }
  auto vendor = vendor_sim::make_vendor(vendor_name);
  if (!vendor || port < 0 || port > 65535 || threads < 1 || threads > 64) return usage();
  try {
    vendor_sim::http_server server(std::make_shared<vendor_sim::sim_core>(std::move(vendor)),
                                   static_cast<unsigned short>(port), static_cast<int>(threads));
    std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(server.port()));
    std::fflush(stdout);
    server.run();
  } catch (const std::exception& e) {
    std::cerr << "vendor_sim: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
