#include "scim/error.hpp"

#include "scim/schema_urns.hpp"
#include "scim/utf8_repair.hpp"

namespace scim {

std::string_view to_string(scim_type type)
{
    switch (type) {
    case scim_type::none: return "";
    case scim_type::invalid_filter: return "invalidFilter";
    case scim_type::too_many: return "tooMany";
    case scim_type::uniqueness: return "uniqueness";
    case scim_type::mutability: return "mutability";
    case scim_type::invalid_syntax: return "invalidSyntax";
    case scim_type::invalid_path: return "invalidPath";
    case scim_type::no_target: return "noTarget";
    case scim_type::invalid_value: return "invalidValue";
    case scim_type::invalid_vers: return "invalidVers";
    case scim_type::sensitive: return "sensitive";
    case scim_type::invalid_cursor: return "invalidCursor";
    }
    return "";
}

error::error(int status, scim_type type, std::string detail)
    : std::runtime_error(detail), status_(status), type_(type), detail_(std::move(detail))
{
}

boost::json::object error::to_json() const
{
    boost::json::object body;
    body["schemas"] = boost::json::array{urn::error};
    // Entra ID and the RFC's own examples carry the status as a string.
    body["status"] = std::to_string(status_);
    if (type_ != scim_type::none)
        body["scimType"] = to_string(type_);
    // A detail may quote what the client sent in its URL, unchecked bytes.
    if (!detail_.empty())
        body["detail"] = valid_utf8(detail_);
    return body;
}

void throw_invalid_value(std::string d) { throw error(400, scim_type::invalid_value, std::move(d)); }
void throw_invalid_syntax(std::string d) { throw error(400, scim_type::invalid_syntax, std::move(d)); }
void throw_invalid_path(std::string d) { throw error(400, scim_type::invalid_path, std::move(d)); }
void throw_invalid_filter(std::string d) { throw error(400, scim_type::invalid_filter, std::move(d)); }
void throw_no_target(std::string d) { throw error(400, scim_type::no_target, std::move(d)); }
void throw_mutability(std::string d) { throw error(400, scim_type::mutability, std::move(d)); }
void throw_uniqueness(std::string d) { throw error(409, scim_type::uniqueness, std::move(d)); }
void throw_not_found(std::string d) { throw error(404, scim_type::none, std::move(d)); }

} // namespace scim
