// Resource normalisation and validation (scim/resource.hpp): any JSON object
// a client may POST or PUT becomes the canonical form or is refused with a
// scim::error. The canonical form is a fixed point: normalising it again
// changes nothing (every module after the edge relies on that form).

#include "fuzz_schemas.hpp"
#include "sample_resources.hpp"
#include "scim/error.hpp"
#include "scim/resource.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

void normalise_one(const boost::json::object& input, const scim::resource_type& type,
                   const boost::json::object& previous)
{
    boost::json::object canonical;
    try {
        canonical = scim::normalize_resource(input, type);
    } catch (const scim::error&) {
        return;  // refused at the edge: an answer
    }
    const auto again = scim::normalize_resource(canonical, type);
    if (again != canonical) {
        std::fprintf(stderr, "normalize_resource is not idempotent for %s:\n%s\n%s\n", type.name.c_str(),
                     boost::json::serialize(canonical).c_str(), boost::json::serialize(again).c_str());
        std::abort();
    }
    try {
        scim::validate_resource(canonical, type, nullptr);
    } catch (const scim::error&) {
    }
    try {
        scim::validate_resource(canonical, type, &previous);
    } catch (const scim::error&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    boost::system::error_code ec;
    const auto body = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
    if (ec || !body.is_object())
        return -1;  // the router answers these before normalisation
    normalise_one(body.as_object(), fuzz::user_type(), fuzz::sample_user());
    normalise_one(body.as_object(), fuzz::group_type(), fuzz::sample_group());
    return 0;
}
