// PATCH documents (RFC 7644 §3.5.2): any JSON body is applied to a user and
// to a group, all or nothing, or refused with a scim::error; what a patch
// produces then goes through the same validation a write does.

#include "fuzz_schemas.hpp"
#include "sample_resources.hpp"
#include "scim/error.hpp"
#include "scim/patch.hpp"
#include "scim/resource.hpp"

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

void patch_one(const boost::json::object& resource, const boost::json::value& body, const scim::resource_type& type)
{
    try {
        const auto patched = scim::apply_patch(resource, body, type);
        scim::validate_resource(patched, type, &resource);
    } catch (const scim::error&) {
        // A refusal (invalidSyntax, invalidPath, noTarget, ...) is an answer.
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    boost::system::error_code ec;
    const auto body = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
    if (ec)
        return -1;  // not JSON: the router refuses it before the engine sees it; not worth keeping
    patch_one(fuzz::sample_user(), body, fuzz::user_type());
    patch_one(fuzz::sample_group(), body, fuzz::group_type());
    return 0;
}
