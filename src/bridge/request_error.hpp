#pragma once
// The request path's error vocabulary, after Boost.JSON's habit: a precise
// code for every cause a SCIM request can be refused for (`errc`), grouped
// into coarse conditions that decide the answer (`condition`: an HTTP
// status and RFC 7644 §3.12 scimType). Steps return `result<T>`; the router
// turns a failure into a response in one place (api/scim_router.cpp).
//
// The pure SCIM library (scim/) still reports a rejected input by throwing
// scim::error; failure_from() turns it into a value at the pipeline's edge.

#include "scim/error.hpp"

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace bridge {

// Precise causes. The comment names the condition each belongs to.
enum class errc {
    // The request as sent (mostly raised by the SCIM library).
    invalid_syntax = 1,   // invalid_syntax
    invalid_value,        // invalid_value
    invalid_path,         // invalid_path
    no_target,            // no_target
    mutability,           // mutability
    invalid_filter,       // invalid_filter
    too_many,             // too_many
    invalid_version,      // invalid_version
    sensitive,            // sensitive
    invalid_cursor,       // invalid_cursor
    bad_request,          // bad_request: a 400 without a scimType
    not_found,            // not_found
    method_not_allowed,   // method_not_allowed
    payload_too_large,    // payload_too_large
    name_taken,           // uniqueness: userName / displayName held by another resource
    if_match_failed,      // precondition_failed
    // The bridge's own.
    changed_elsewhere,    // conflict: the version check failed (a writer outside this process)
    not_linked,           // conflict: no vendor record is known yet
    whole_membership_needed, // internal: a backend needs the whole group; the service reads it (never answered)
    earlier_job_failed,   // conflict: an accepted vendor job failed after the fact
    deadline_passed,      // unavailable: nothing was changed
    client_gone,          // unavailable: nothing was changed
    target_paused,        // unavailable
    store_failed,         // internal: the store's engine failed; nothing was stored
    not_supported,        // not_implemented
    internal,             // internal
    // The vendor's answer (see vendor_failure.hpp).
    vendor_rejected,      // invalid_value
    vendor_conflict,      // uniqueness
    vendor_not_found,     // not_found
    vendor_unavailable,   // unavailable
    vendor_denied,        // bad_gateway: 401 / 403, credentials or permissions
    vendor_failed,        // bad_gateway
    target_misconfigured, // bad_gateway
};

// Coarse: what the identity provider is answered.
enum class condition {
    invalid_syntax = 1,
    invalid_value,
    invalid_path,
    no_target,
    mutability,
    invalid_filter,
    too_many,
    invalid_version,
    sensitive,
    invalid_cursor,
    uniqueness,
    bad_request,
    not_found,
    method_not_allowed,
    payload_too_large,
    precondition_failed,
    conflict,
    unavailable,
    not_implemented,
    bad_gateway,
    internal,
};

const boost::system::error_category& error_category() noexcept;
const boost::system::error_category& condition_category() noexcept;
boost::system::error_code make_error_code(errc e) noexcept;
boost::system::error_condition make_error_condition(condition c) noexcept;

// The answer a condition decides.
struct scim_answer {
    int status = 500;
    scim::scim_type type = scim::scim_type::none;
};
scim_answer answer_for(condition c) noexcept;
condition condition_of(errc e) noexcept;

// One refusal: its code (with where it was raised), the text the identity
// provider reads, and what else the answer must carry.
struct failure {
    boost::system::error_code code;
    std::string detail;
    // A 503 that knows when to come back (a Retry-After header).
    std::optional<std::chrono::seconds> retry_after;
    // A vendor sequence that failed after some of its calls took effect:
    // the SCIM attributes the vendor now holds, so that the store keeps
    // exactly those. Empty: the vendor holds nothing of the change.
    std::vector<std::string> applied_attributes;

    errc cause() const noexcept { return static_cast<errc>(code.value()); }
    scim_answer answer() const noexcept { return answer_for(condition_of(cause())); }
};

failure fail(errc e, std::string detail, const boost::source_location& where = BOOST_CURRENT_LOCATION);
failure fail_unavailable(errc e, std::string detail, std::chrono::seconds retry_after,
                         const boost::source_location& where = BOOST_CURRENT_LOCATION);

// Inside a step still written with exceptions (the vendor sequence of
// mapped_backend), a failure travels as this until the step's edge turns it
// back into a value with current_failure().
struct failure_exception : std::exception {
    explicit failure_exception(failure f) : why(std::move(f)) {}
    const char* what() const noexcept override { return why.detail.c_str(); }
    failure why;
};

// A scim::error thrown by the SCIM library, as a value.
failure failure_from(const scim::error& error, const boost::source_location& where = BOOST_CURRENT_LOCATION);
// The exception in flight (inside a catch): failure_exception and
// scim::error as above, anything else as `internal` with its text.
failure current_failure(const boost::source_location& where = BOOST_CURRENT_LOCATION);

template <typename T>
using result = boost::system::result<T, failure>;

// Calls `call()` and returns its value, or the scim::error it threw as a
// failure: the SCIM library's exceptions stop here.
template <typename Call>
auto scim_call(Call&& call) -> result<std::invoke_result_t<Call&>>
{
    try {
        if constexpr (std::is_void_v<std::invoke_result_t<Call&>>) {
            call();
            return {};
        } else {
            return call();
        }
    } catch (const scim::error& e) {
        return failure_from(e);
    }
}

// For boost::system::result::value() on a failure: only reached by code
// that chose to throw (start-up, tests).
[[noreturn]] void throw_exception_from_error(const failure& f, const boost::source_location& where);

} // namespace bridge

namespace boost::system {
template <>
struct is_error_code_enum<bridge::errc> : std::true_type {};
template <>
struct is_error_condition_enum<bridge::condition> : std::true_type {};
} // namespace boost::system
