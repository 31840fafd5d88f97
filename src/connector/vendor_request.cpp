#include "connector/vendor_request.hpp"

#include <boost/beast/core/string.hpp>

namespace connector {

std::string_view vendor_response::header(std::string_view name) const
{
    for (const auto& [key, value] : headers)
        if (boost::beast::iequals(key, name))
            return value;
    return {};
}

} // namespace connector
