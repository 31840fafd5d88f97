// The mapping-file loader: any text is a mapping or a list of load errors
// (mapping_loader.hpp), never an exception. SCIM paths are resolved against
// the real schemas, as at start-up, so that the checker is exercised too.

#include "fuzz_schemas.hpp"
#include "mapping/mapping_loader.hpp"
#include "mapping/schema_path_checker.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const mapping::load_options options = [] {
        mapping::load_options built;
        built.parameters = {"base_url", "tenant"};
        built.secrets = {"api_token", "client_secret"};
        built.check_path = mapping::schema_path_checker(fuzz::schemas());
        built.any_parameter = true;
        return built;
    }();
    const auto result =
        mapping::parse_mapping(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml", options);
    // Exactly one of the two: a mapping, or why there is none.
    if ((result.mapping == nullptr) == result.errors.empty()) {
        std::fprintf(stderr, "parse_mapping returned %s and %zu errors\n", result.mapping ? "a mapping" : "no mapping",
                     result.errors.size());
        std::abort();
    }
    return 0;
}
