#pragma once
// Templates: strings with `${...}` placeholders, parsed once at load so that
// rendering never re-reads text and every placeholder is checked up front.

#include "mapping/scim_path.hpp"
#include "mapping/transform_kind.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mapping {

enum class placeholder_kind {
    param,      // ${param.companyId}: a deployment parameter
    secret,     // ${secret.name}: resolved at render time, masked in dry runs
    scim,       // ${scim.name.givenName}: the new SCIM resource
    field,      // ${field.FirstName}: a vendor field rendered by the attribute mapping
    vendor_id,  // ${vendor_id}
    value,      // ${value}: the value a transform or a per-attribute request works on
    request_id, // ${request_id}: an asynchronous request being polled
    page,       // ${page.number} ${page.size} ${page.offset} ${page.cursor}
    member,     // ${member.vendor_id} (one request per member) or ${members} (all of them)
    kept,       // ${kept.etag}: a value an earlier answer about this resource handed back (response.keep)
    membership, // ${membership.vendor_id}: a value kept when this member was added (for_each_member)
};

// Which placeholders a template may use depends on where it appears; the
// loader passes the set allowed at each place.
using placeholder_set = unsigned;
constexpr placeholder_set allow(placeholder_kind kind) { return 1u << static_cast<unsigned>(kind); }
constexpr placeholder_set operator|(placeholder_kind a, placeholder_kind b) { return allow(a) | allow(b); }
constexpr placeholder_set operator|(placeholder_set a, placeholder_kind b) { return a | allow(b); }

// A transform a placeholder's value goes through where it is written:
// `${scim.userName|soql}` escapes for the query language it lands in.
struct placeholder_transform {
    transform_kind kind = transform_kind::trim;
    std::size_t max_length = 0;        // truncate(N)
};

struct placeholder {
    placeholder_kind kind;
    std::string name;                  // after the dot; empty for vendor_id, value, request_id, members
    std::optional<scim_path> path;     // for kind == scim
    std::vector<placeholder_transform> transforms;  // applied in order
};

struct template_part {
    std::string literal;                    // used when `slot` is empty
    std::optional<placeholder> slot;
};

class template_string {
public:
    template_string() = default;
    explicit template_string(std::vector<template_part> parts, std::string text)
        : parts_(std::move(parts)), text_(std::move(text)) {}

    const std::vector<template_part>& parts() const { return parts_; }
    const std::string& text() const { return text_; }
    // A template made of exactly one placeholder renders to the value's own
    // JSON type (true stays a boolean); anything else renders to a string.
    bool is_single_placeholder() const { return parts_.size() == 1 && parts_.front().slot.has_value(); }
    bool empty() const { return parts_.empty(); }

private:
    std::vector<template_part> parts_;
    std::string text_;
};

// What a template parser needs to know to check a placeholder; anything
// wrong is described in `error` (the caller attaches the file position).
struct template_rules {
    placeholder_set allowed = 0;
    const std::vector<std::string>* parameters = nullptr;   // declared deployment parameters
    bool any_parameter = false;                              // every parameter name is declared
    const std::vector<std::string>* secrets = nullptr;      // declared secrets
    const std::vector<std::string>* fields = nullptr;       // mapped vendor fields; null: any name
    // Names the resource's requests keep (response.keep), for ${kept.…}, and
    // those its add_members keeps per member, for ${membership.…}; null: any name.
    const std::vector<std::string>* kept = nullptr;
    const std::vector<std::string>* membership_kept = nullptr;
    std::string resource_type;                              // what ${scim.…} paths resolve against
    const path_checker* checker = nullptr;                  // null: syntax only
};

struct template_parse_result {
    template_string value;
    std::vector<std::string> errors;   // each "what is wrong, what was expected"
};

template_parse_result parse_template(std::string_view text, const template_rules& rules);

// A template without placeholders, used for defaults built in code.
template_string literal_template(std::string text);

std::string_view to_string(placeholder_kind kind);

} // namespace mapping
