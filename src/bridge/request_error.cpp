#include "bridge/request_error.hpp"

#include <boost/system/system_error.hpp>

#include <stdexcept>

namespace bridge {

namespace {

class errc_category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "scim-bridge"; }
    std::string message(int value) const override
    {
        switch (static_cast<errc>(value)) {
        case errc::invalid_syntax: return "invalid syntax";
        case errc::invalid_value: return "invalid value";
        case errc::invalid_path: return "invalid path";
        case errc::no_target: return "no target";
        case errc::mutability: return "attribute not writable";
        case errc::invalid_filter: return "invalid filter";
        case errc::too_many: return "too many results";
        case errc::invalid_version: return "invalid version";
        case errc::sensitive: return "sensitive information in the URL";
        case errc::invalid_cursor: return "invalid cursor";
        case errc::bad_request: return "bad request";
        case errc::not_found: return "not found";
        case errc::method_not_allowed: return "method not allowed";
        case errc::payload_too_large: return "payload too large";
        case errc::name_taken: return "name taken";
        case errc::if_match_failed: return "If-Match failed";
        case errc::changed_elsewhere: return "changed by another writer";
        case errc::not_linked: return "no vendor record known";
        case errc::whole_membership_needed: return "the whole membership is needed";
        case errc::earlier_job_failed: return "an earlier vendor job failed";
        case errc::deadline_passed: return "deadline passed";
        case errc::client_gone: return "client went away";
        case errc::target_paused: return "target paused";
        case errc::not_supported: return "not supported";
        case errc::internal: return "internal error";
        case errc::store_failed: return "store failed";
        case errc::vendor_rejected: return "vendor rejected the request";
        case errc::vendor_conflict: return "vendor reports a conflict";
        case errc::vendor_not_found: return "vendor has no such record";
        case errc::vendor_unavailable: return "vendor unavailable";
        case errc::vendor_denied: return "vendor denied the bridge";
        case errc::vendor_failed: return "vendor call failed";
        case errc::target_misconfigured: return "target misconfigured";
        }
        return "unknown error";
    }
    boost::system::error_condition default_error_condition(int value) const noexcept override
    {
        return make_error_condition(condition_of(static_cast<errc>(value)));
    }
};

class condition_category_impl final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "scim-bridge answer"; }
    std::string message(int value) const override
    {
        const auto answer = answer_for(static_cast<condition>(value));
        auto text = "HTTP " + std::to_string(answer.status);
        if (answer.type != scim::scim_type::none)
            text += " " + std::string(scim::to_string(answer.type));
        return text;
    }
};

errc code_of(const scim::error& error)
{
    using scim::scim_type;
    switch (error.type()) {
    case scim_type::invalid_syntax: return errc::invalid_syntax;
    case scim_type::invalid_value: return errc::invalid_value;
    case scim_type::invalid_path: return errc::invalid_path;
    case scim_type::no_target: return errc::no_target;
    case scim_type::mutability: return errc::mutability;
    case scim_type::invalid_filter: return errc::invalid_filter;
    case scim_type::too_many: return errc::too_many;
    case scim_type::invalid_vers: return errc::invalid_version;
    case scim_type::sensitive: return errc::sensitive;
    case scim_type::invalid_cursor: return errc::invalid_cursor;
    case scim_type::uniqueness: return errc::name_taken;
    case scim_type::none: break;
    }
    switch (error.status()) {
    case 404: return errc::not_found;
    case 405: return errc::method_not_allowed;
    case 409: return errc::changed_elsewhere;
    case 412: return errc::if_match_failed;
    case 413: return errc::payload_too_large;
    case 501: return errc::not_supported;
    case 503: return errc::target_paused;
    default: break;
    }
    return error.status() < 500 ? errc::bad_request : errc::internal;
}

} // namespace

const boost::system::error_category& error_category() noexcept
{
    static const errc_category instance;
    return instance;
}

const boost::system::error_category& condition_category() noexcept
{
    static const condition_category_impl instance;
    return instance;
}

boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), error_category()};
}

boost::system::error_condition make_error_condition(condition c) noexcept
{
    return {static_cast<int>(c), condition_category()};
}

condition condition_of(errc e) noexcept
{
    switch (e) {
    case errc::invalid_syntax: return condition::invalid_syntax;
    case errc::invalid_value:
    case errc::vendor_rejected: return condition::invalid_value;
    case errc::invalid_path: return condition::invalid_path;
    case errc::no_target: return condition::no_target;
    case errc::mutability: return condition::mutability;
    case errc::invalid_filter: return condition::invalid_filter;
    case errc::too_many: return condition::too_many;
    case errc::invalid_version: return condition::invalid_version;
    case errc::sensitive: return condition::sensitive;
    case errc::invalid_cursor: return condition::invalid_cursor;
    case errc::name_taken:
    case errc::vendor_conflict: return condition::uniqueness;
    case errc::bad_request: return condition::bad_request;
    case errc::not_found:
    case errc::vendor_not_found: return condition::not_found;
    case errc::method_not_allowed: return condition::method_not_allowed;
    case errc::payload_too_large: return condition::payload_too_large;
    case errc::if_match_failed: return condition::precondition_failed;
    case errc::changed_elsewhere:
    case errc::not_linked:
    case errc::earlier_job_failed: return condition::conflict;
    case errc::deadline_passed:
    case errc::client_gone:
    case errc::target_paused:
    case errc::vendor_unavailable: return condition::unavailable;
    case errc::not_supported: return condition::not_implemented;
    case errc::vendor_denied:
    case errc::vendor_failed:
    case errc::target_misconfigured: return condition::bad_gateway;
    case errc::whole_membership_needed:
    case errc::store_failed:
    case errc::internal: break;
    }
    return condition::internal;
}

scim_answer answer_for(condition c) noexcept
{
    using scim::scim_type;
    switch (c) {
    case condition::invalid_syntax: return {400, scim_type::invalid_syntax};
    case condition::invalid_value: return {400, scim_type::invalid_value};
    case condition::invalid_path: return {400, scim_type::invalid_path};
    case condition::no_target: return {400, scim_type::no_target};
    case condition::mutability: return {400, scim_type::mutability};
    case condition::invalid_filter: return {400, scim_type::invalid_filter};
    case condition::too_many: return {400, scim_type::too_many};
    case condition::invalid_version: return {400, scim_type::invalid_vers};
    case condition::sensitive: return {403, scim_type::sensitive};
    case condition::invalid_cursor: return {400, scim_type::invalid_cursor};
    case condition::uniqueness: return {409, scim_type::uniqueness};
    case condition::bad_request: return {400, scim_type::none};
    case condition::not_found: return {404, scim_type::none};
    case condition::method_not_allowed: return {405, scim_type::none};
    case condition::payload_too_large: return {413, scim_type::none};
    case condition::precondition_failed: return {412, scim_type::none};
    case condition::conflict: return {409, scim_type::none};
    case condition::unavailable: return {503, scim_type::none};
    case condition::not_implemented: return {501, scim_type::none};
    case condition::bad_gateway: return {502, scim_type::none};
    case condition::internal: break;
    }
    return {500, scim_type::none};
}

failure fail(errc e, std::string detail, const boost::source_location& where)
{
    static_assert(std::is_nothrow_move_constructible_v<failure>);
    failure out;
    out.code.assign(static_cast<int>(e), error_category(), &where);
    out.detail = std::move(detail);
    return out;
}

failure fail_unavailable(errc e, std::string detail, std::chrono::seconds retry_after,
                         const boost::source_location& where)
{
    auto out = fail(e, std::move(detail), where);
    out.retry_after = retry_after;
    return out;
}

failure failure_from(const scim::error& error, const boost::source_location& where)
{
    return fail(code_of(error), error.detail(), where);
}

failure current_failure(const boost::source_location& where)
{
    try {
        throw;
    } catch (const failure_exception& e) {
        return e.why;
    } catch (const scim::error& e) {
        return failure_from(e, where);
    } catch (const std::exception& e) {
        return fail(errc::internal, e.what(), where);
    } catch (...) {
        return fail(errc::internal, "unknown exception", where);
    }
}

void throw_exception_from_error(const failure& f, const boost::source_location&)
{
    const auto answer = f.answer();
    throw scim::error(answer.status, answer.type, f.detail);
}

} // namespace bridge
