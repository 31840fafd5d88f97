#pragma once
// The effective configuration as the admin listener's /config shows it:
// every key as loaded (environment overrides applied, paths resolved), no
// secret. Token hashes become fingerprints, secrets stay references (the
// variable's name, the file's path), parameters whose names look like
// credentials are masked.

#include "config/server_config.hpp"

#include <boost/json/object.hpp>

namespace admin {

boost::json::object config_view(const config::server_config& config);

} // namespace admin
