// The filter grammar (RFC 7644 §3.4.2.2) and PATCH paths: any text is either
// parsed or refused with a scim::error, and a parsed filter is checked and
// evaluated against a canonical user without anything else escaping.

#include "fuzz_schemas.hpp"
#include "sample_resources.hpp"
#include "scim/error.hpp"
#include "scim/filter.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto& type = fuzz::user_type();
    try {
        const auto filter = scim::parse_filter(text);
        scim::check_filter(*filter, type);
        (void)scim::find_equality_hint(*filter, type);
        (void)scim::matches(*filter, fuzz::sample_user(), type);
    } catch (const scim::error&) {
        // A refusal (invalidFilter) is an answer, not a finding.
    }
    try {
        (void)scim::parse_patch_path(text);
    } catch (const scim::error&) {
    }
    return 0;
}
