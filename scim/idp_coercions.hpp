#pragma once
// The values of the wrong JSON type that are still accepted: exactly the
// forms Entra ID and Okta are known to send (docs/idp/quirks.md), each read
// as the schema's type. Anything else of the wrong type is 400
// invalidValue naming the attribute: a number where a string is expected is
// refused rather than turned into text, so that a client bug does not
// quietly change stored data.

#include "scim/schema.hpp"

#include <boost/json/value.hpp>

#include <optional>

namespace scim {

// The whole list:
//  - quirk 5: "True", "False", "true", "false" where a boolean is expected
//    (boolean_from_text);
//  - quirk 10: a bare string id for members or the manager (a reference:
//    an attribute with `value` and `$ref`), read as {"value": id}
//    (is_bare_id); a bare string for e-mails or roles is refused;
//  - quirk 10: one element where an array is expected, read as an array of
//    it (normalize_value).

// The boolean a string stands for under quirk 5 ("true"/"false" in any
// case), or nothing.
std::optional<bool> boolean_from_text(const boost::json::value& v);

// Whether `v` may stand for the `value` of `attr`, a complex attribute,
// under quirk 10.
bool is_bare_id(const boost::json::value& v, const attribute& attr);

} // namespace scim
