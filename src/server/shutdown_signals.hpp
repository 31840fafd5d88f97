#pragma once
// SIGTERM (Kubernetes, systemd) and SIGINT (a terminal) start a graceful
// shutdown of the server. main creates one after the server and keeps it
// alive while the server runs.

#include "server/http_server.hpp"

#include <boost/asio/signal_set.hpp>

namespace server {

class shutdown_signals {
public:
    explicit shutdown_signals(http_server& server);

private:
    boost::asio::signal_set signals_;
};

} // namespace server
