#pragma once
// Answering a read from the stored text: a resource is stored as the
// canonical JSON it is answered with (meta last), so a read without
// attributes/excludedAttributes needs no parse and no serialisation, only
// the derived `groups` of a user spliced in before `meta`.

#include "scim/schema.hpp"
#include "store/resource_store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace bridge {

// True when the default view of `type` (RFC 7643 §2.2 `returned`) is the
// stored form: no stored attribute is returned only on request or never.
bool stored_form_is_default_view(const scim::resource_type& type);

// `[{"value":…,"$ref":…,"display":…,"type":"direct"},…]` for a user's groups.
std::string groups_json(const std::vector<store::group_ref>& groups, std::string_view base_url);

// Inserts `"key":value_json` as the member before the top-level `meta` of
// the stored object text (or last, when it has no meta).
std::string splice_before_meta(std::string_view stored, std::string_view key, std::string_view value_json);

} // namespace bridge
