#pragma once
// The token fetches behind token_provider: a vendor login (with optional
// refresh) and OAuth2 client credentials. They send through the connector's
// own unauthenticated path, so they get its timeouts, retries and audit.

#include "connector/connection_config.hpp"
#include "connector/token_provider.hpp"
#include "connector/vendor_outcome.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>

namespace connector {

using unauthenticated_sender =
    std::function<boost::asio::awaitable<vendor_result>(vendor_request, std::chrono::steady_clock::time_point)>;

token_provider::fetch_function make_login_fetch(login_auth config, unauthenticated_sender send);
token_provider::fetch_function make_oauth2_fetch(oauth2_client_credentials_auth config, unauthenticated_sender send);

// Percent-encoding for application/x-www-form-urlencoded values.
std::string form_encode(std::string_view value);

} // namespace connector
