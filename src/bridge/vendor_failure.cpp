#include "bridge/vendor_failure.hpp"

namespace bridge {

namespace {
// Without a vendor hint, a short pause: the connector has already retried
// within its own deadline.
constexpr std::chrono::seconds default_retry_after{30};
}

mapping::vendor_response to_mapping_response(const connector::vendor_response& response)
{
    mapping::vendor_response out;
    out.status = response.status;
    out.headers = response.headers;
    if (response.json)
        out.body = *response.json;
    return out;
}

failure vendor_failure(const connector::vendor_result& result, const mapping::mapping_file& mapping,
                       const mapping::resource_mapping* resource)
{
    const auto& outcome = result.outcome;
    // The vendor's own words when it refused; the connector's otherwise (a
    // 2xx that still failed, e.g. a body cut short, refused nothing).
    const bool refused = result.response && result.response->status / 100 != 2;
    auto vendor_words = [&](std::string_view prefix) {
        std::string text(prefix);
        if (refused) {
            auto error = mapping::extract_error(mapping, resource, to_mapping_response(*result.response));
            auto detail = error.detail();
            if (!detail.empty())
                return text + ": " + detail;
        }
        if (!outcome.detail.empty())
            text += ": " + outcome.detail;
        return text;
    };
    // The mapping's own rules first: a vendor's 422 for a duplicate e-mail
    // is SCIM's 409 uniqueness, whatever the status says by itself.
    if (refused && outcome.kind != connector::outcome_kind::unauthorized &&
        outcome.kind != connector::outcome_kind::retryable_exhausted) {
        auto error = mapping::extract_error(mapping, resource, to_mapping_response(*result.response));
        if (error.rule) {
            const std::string text = "the vendor refused the request: " + error.detail();
            switch (error.rule->scim) {
            case mapping::error_class::uniqueness: return fail(errc::vendor_conflict, text);
            case mapping::error_class::mutability: return fail(errc::mutability, text);
            case mapping::error_class::not_found: return fail(errc::vendor_not_found, text);
            case mapping::error_class::invalid_value: return fail(errc::vendor_rejected, text);
            }
        }
    }
    switch (outcome.kind) {
    case connector::outcome_kind::rejected:
        // 403: the vendor knows the bridge but does not let it do this (a
        // token bound to another tenant, a role lacking a permission). No
        // change of the SCIM data can fix that, so it is not an invalidValue.
        if (result.response && result.response->status == 403)
            return fail(errc::vendor_denied,
                        vendor_words("the vendor refused the bridge access (HTTP 403); check the target's "
                                     "credentials, their permissions and the target's parameters"));
        return fail(errc::vendor_rejected, vendor_words("the vendor rejected the request"));
    case connector::outcome_kind::conflict:
        return fail(errc::vendor_conflict, vendor_words("the vendor reports a conflict"));
    case connector::outcome_kind::not_found:
        return fail(errc::vendor_not_found, vendor_words("the vendor has no such record"));
    case connector::outcome_kind::retryable_exhausted:
        return fail_unavailable(errc::vendor_unavailable, vendor_words("the vendor is unavailable, retry later"),
                                outcome.retry_after.value_or(default_retry_after));
    case connector::outcome_kind::unauthorized:
        return fail(errc::vendor_denied, "the vendor refused the bridge's credentials; check the target's secrets");
    case connector::outcome_kind::ok:
    case connector::outcome_kind::fatal: break;
    }
    return fail(errc::vendor_failed, vendor_words("the vendor call failed"));
}

failure render_failure(const mapping::render_result& result)
{
    switch (result.failure) {
    case mapping::render_failure::invalid_value: return fail(errc::invalid_value, result.error);
    case mapping::render_failure::not_linked:
        return fail(errc::not_linked, "the resource has no known record at the vendor yet: " + result.error);
    case mapping::render_failure::unsupported:
        return fail(errc::not_supported, "not supported by this target: " + result.error);
    case mapping::render_failure::configuration:
    case mapping::render_failure::none: break;
    }
    return fail(errc::target_misconfigured, "the target is misconfigured: " + result.error);
}

void throw_vendor_failure(const connector::vendor_result& result, const mapping::mapping_file& mapping,
                          const mapping::resource_mapping* resource)
{
    throw failure_exception{vendor_failure(result, mapping, resource)};
}

void throw_render_failure(const mapping::render_result& result)
{
    throw failure_exception{render_failure(result)};
}

bool vendor_unreachable(const failure& why)
{
    return why.cause() == errc::vendor_unavailable || why.cause() == errc::deadline_passed;
}

} // namespace bridge
