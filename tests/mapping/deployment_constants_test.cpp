// Attributes that depend on the deployment alone are checked when the
// parameters are bound, so that a parameter a transform cannot convert is
// a start-up error naming it rather than a failure of every write.

#include "mapping_fixture.hpp"

#include "mapping/deployment_constants.hpp"

#include <catch2/catch.hpp>

using namespace mapping;

namespace {

std::shared_ptr<const mapping_file> load(const std::string& resources)
{
    auto result = mapping_test::load_text(mapping_test::header + resources);
    INFO(mapping_test::errors_of(result));
    REQUIRE(result.errors.empty());
    return result.mapping;
}

const char* constants = R"(
resources:
  User:
    attributes:
      - {field: CompanyId, value: "${param.companyId}", transforms: [integer]}
      - {field: Tenant, value: "T-${param.tenantId}", transforms: [upper]}
      - {field: Mail, scim: userName, transforms: [integer]}
      - {field: Code, value: "${scim.userName}-${param.companyId}", transforms: [integer]}
    operations:
      create: {request: {method: POST, path: /users}}
)";

} // namespace

TEST_CASE("deployment constants are rendered through their transforms when the parameters are bound")
{
    auto m = load(constants);
    CHECK(check_deployment_constants(*m, {{"host", "h"}, {"tenantId", "t"}, {"companyId", "360"}}).empty());

    // Only the attribute that depends on the deployment alone is judged:
    // userName and the mixed template are the identity provider's business.
    auto problems = check_deployment_constants(*m, {{"host", "h"}, {"tenantId", "t"}, {"companyId", "36O"}});
    REQUIRE(problems.size() == 1);
    CHECK(problems.front() == "User field 'CompanyId' (${param.companyId}): '36O' is not an integer");
}
