#pragma once
// Tokens of the filter grammar (RFC 7644 §3.4.2.2), read on demand with their
// character offsets so that every error can say where it is. Internal to the
// filter parser and the PATCH path parser.

#include "scim/error.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <string_view>

namespace scim::detail {

enum class token_kind { end, word, string, number, literal, left_paren, right_paren, left_bracket, right_bracket, dot };

struct token {
    token_kind kind = token_kind::end;
    std::string_view text;  // as written (a string token includes its quotes)
    std::size_t offset = 0;
    boost::json::value value;  // for string, number and literal (true/false/null) tokens
};

class filter_lexer {
public:
    // `error_type` is what malformed input raises: invalidFilter for a
    // filter, invalidPath for a PATCH path.
    filter_lexer(std::string_view text, scim_type error_type);

    // Structural context: a punctuation token or a word (attribute path or
    // keyword); string and number tokens appear only to be reported.
    const token& peek();
    token next();

    // Comparison-value context: a JSON string, a number, true/false/null,
    // or (leniently, for old Entra ID queries) an unquoted bare word such as
    // someone@example.com, read up to whitespace, a bracket or a parenthesis.
    // A bare word spelled like a filter keyword is rejected, so a forgotten
    // value is never silently swallowed.
    token next_value();

    [[noreturn]] void fail(std::size_t offset, std::string_view expected, const token* found = nullptr) const;
    [[noreturn]] void fail_at(const token& found, std::string_view expected) const { fail(found.offset, expected, &found); }

private:
    token scan();
    token scan_string(std::size_t start);
    std::size_t run_end(std::size_t start, bool value_context) const;
    void skip_space();

    std::string_view text_;
    scim_type error_type_;
    std::size_t position_ = 0;
    token lookahead_;
    bool has_lookahead_ = false;
};

bool is_keyword(std::string_view word);

} // namespace scim::detail
