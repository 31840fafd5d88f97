#pragma once
// The SCIM error vocabulary (RFC 7644 §3.12).
//
// The pure SCIM library reports a rejected request by throwing scim::error;
// the server catches it in exactly one place and renders the error JSON. A
// request is either answered or rejected as a whole, so an exception that
// unwinds everything up to the response is the simplest honest model.

#include <boost/json/object.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace scim {

// RFC 7644 §3.12 Table 9, plus "" for errors that carry no scimType.
enum class scim_type {
    none,
    invalid_filter,
    too_many,
    uniqueness,
    mutability,
    invalid_syntax,
    invalid_path,
    no_target,
    invalid_value,
    invalid_vers,
    sensitive,
    invalid_cursor,  // RFC 9865 §2.2: a cursor the server does not recognise
};

std::string_view to_string(scim_type type);

class error : public std::runtime_error {
public:
    error(int status, scim_type type, std::string detail);

    int status() const noexcept { return status_; }
    scim_type type() const noexcept { return type_; }
    const std::string& detail() const noexcept { return detail_; }

    // The RFC 7644 §3.12 body: schemas, status (as a string), scimType, detail.
    boost::json::object to_json() const;

private:
    int status_;
    scim_type type_;
    std::string detail_;
};

// Shorthands for the errors the library raises most.
[[noreturn]] void throw_invalid_value(std::string detail);
[[noreturn]] void throw_invalid_syntax(std::string detail);
[[noreturn]] void throw_invalid_path(std::string detail);
[[noreturn]] void throw_invalid_filter(std::string detail);
[[noreturn]] void throw_no_target(std::string detail);
[[noreturn]] void throw_mutability(std::string detail);
[[noreturn]] void throw_uniqueness(std::string detail);
[[noreturn]] void throw_not_found(std::string detail);

} // namespace scim
