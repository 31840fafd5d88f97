// Debian's Boost 1.81 ships Boost.JSON and Boost.URL header-only: their
// compiled parts are built here, once, for the whole program.
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
