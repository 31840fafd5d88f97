#include "server/shutdown_signals.hpp"

#include <csignal>

namespace server {

shutdown_signals::shutdown_signals(http_server& server) : signals_(server.io_context(), SIGINT, SIGTERM) {
    signals_.async_wait([&server](const boost::system::error_code& error, int /*signal*/) {
        if (!error) {
            server.stop();
        }
    });
}

} // namespace server
