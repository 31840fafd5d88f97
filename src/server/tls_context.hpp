#pragma once
// The server side TLS context built from the configured PEM files.

#include "config/server_config.hpp"

#include <boost/asio/ssl/context.hpp>

namespace server {

// TLS 1.2 and later only. Throws std::runtime_error naming the file that
// could not be used.
boost::asio::ssl::context make_server_tls_context(const config::tls_config& tls);

} // namespace server
