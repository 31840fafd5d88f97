#include "http_server.hpp"
#include "test_client.hpp"

#include <catch2/catch.hpp>

using namespace vendor_sim;
namespace json = boost::json;

TEST_CASE("twiser-wokr: placeholder") {
  running_sim sim("twiser-wokr");
  test::client c(sim.port());
  CHECK(c.call("GET", "/identity/api/application-user/get-user-list?companyId=360").status == 401);
}
