#pragma once
// Escaping a value for the language of the place it is written into: a
// value the identity provider controls (a user name, an e-mail) must stay
// one literal of a vendor's query language, never become part of the query.

#include <string>
#include <string_view>

namespace mapping {

// OData (`$filter=mail eq '…'`): a quote inside a string literal is doubled.
std::string escape_odata(std::string_view text);

// SOQL and SOSL (`WHERE Email = '…'`): backslash, both quotes and the
// control characters are backslash-escaped, as Salesforce documents.
std::string escape_soql(std::string_view text);

// A value inside a URL the template builds itself (a next link, a filter in
// a path): everything but RFC 3986's unreserved characters percent-encoded.
std::string escape_url(std::string_view text);

// At most `max_length` characters (UTF-8 code points), never a split one.
std::string truncate_text(std::string_view text, std::size_t max_length);

} // namespace mapping
