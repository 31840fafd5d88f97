#include "scim/filter_lexer.hpp"

#include "scim/value_compare.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <string>

namespace json = boost::json;

namespace scim::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == ':' || c == '.' || c == '$';
}
bool is_delimiter(char c) { return is_space(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '"'; }

// A bounded preview of the offending text keeps details readable when the
// input is a megabyte of garbage.
std::string quote_preview(std::string_view text)
{
    constexpr std::size_t limit = 40;
    return "'" + std::string(text.substr(0, limit)) + (text.size() > limit ? "...'" : "'");
}

} // namespace

bool is_keyword(std::string_view word)
{
    static constexpr std::array<std::string_view, 13> keywords = {"and", "or", "not", "pr", "eq", "ne", "co",
                                                                   "sw",  "ew", "gt",  "ge", "lt", "le"};
    for (std::string_view keyword : keywords)
        if (strings_equal(word, keyword, false))
            return true;
    return false;
}

filter_lexer::filter_lexer(std::string_view text, scim_type error_type) : text_(text), error_type_(error_type) {}

void filter_lexer::fail(std::size_t offset, std::string_view expected, const token* found) const
{
    std::string detail = error_type_ == scim_type::invalid_path ? "invalid path" : "invalid filter";
    detail += " at character " + std::to_string(offset + 1) + ": expected " + std::string(expected);
    if (found && found->kind == token_kind::end)
        detail += ", found the end of the input";
    else if (found)
        detail += ", found " + quote_preview(found->text);
    throw error(400, error_type_, std::move(detail));
}

void filter_lexer::skip_space()
{
    while (position_ < text_.size() && is_space(text_[position_]))
        ++position_;
}

std::size_t filter_lexer::run_end(std::size_t start, bool value_context) const
{
    std::size_t end = start;
    while (end < text_.size() && (value_context ? !is_delimiter(text_[end]) : is_word_char(text_[end])))
        ++end;
    return end;
}

token filter_lexer::scan_string(std::size_t start)
{
    std::size_t end = start + 1;
    while (end < text_.size() && text_[end] != '"')
        end += text_[end] == '\\' ? 2 : 1;
    if (end >= text_.size())
        fail(start, "a closing '\"' for the string starting here");
    token t{token_kind::string, text_.substr(start, end + 1 - start), start, {}};
    // The RFC makes string literals JSON strings, escapes included.
    json::error_code ec;
    t.value = json::parse(t.text, ec);
    if (ec || !t.value.is_string())
        fail(start, "a valid JSON string (check escapes and control characters)", &t);
    position_ = end + 1;
    return t;
}

token filter_lexer::scan()
{
    skip_space();
    const std::size_t start = position_;
    if (start >= text_.size())
        return token{token_kind::end, {}, start, {}};
    const char c = text_[start];
    auto single = [&](token_kind kind) {
        ++position_;
        return token{kind, text_.substr(start, 1), start, {}};
    };
    switch (c) {
    case '(': return single(token_kind::left_paren);
    case ')': return single(token_kind::right_paren);
    case '[': return single(token_kind::left_bracket);
    case ']': return single(token_kind::right_bracket);
    case '.': return single(token_kind::dot);
    case '"': return scan_string(start);
    default: break;
    }
    const std::size_t end = run_end(start, false);
    if (end == start) {
        const token stray{token_kind::word, text_.substr(start, 1), start, {}};
        fail_at(stray, "an attribute name, operator, parenthesis or bracket");
    }
    position_ = end;
    return token{token_kind::word, text_.substr(start, end - start), start, {}};
}

const token& filter_lexer::peek()
{
    if (!has_lookahead_) {
        lookahead_ = scan();
        has_lookahead_ = true;
    }
    return lookahead_;
}

token filter_lexer::next()
{
    peek();
    has_lookahead_ = false;
    return std::move(lookahead_);
}

token filter_lexer::next_value()
{
    if (has_lookahead_) {
        // Only reached after a peek in structural context, which the parser
        // never does before a value; rescan from the peeked token.
        position_ = lookahead_.offset;
        has_lookahead_ = false;
    }
    skip_space();
    const std::size_t start = position_;
    if (start < text_.size() && text_[start] == '"')
        return scan_string(start);
    const std::size_t end = run_end(start, true);
    token t{token_kind::word, text_.substr(start, end - start), start, {}};
    constexpr std::string_view expected = "a comparison value (a quoted string, a number, true, false or null)";
    if (end == start) {
        t.kind = start >= text_.size() ? token_kind::end : t.kind;
        t.text = text_.substr(start, 1);
        fail(start, expected, &t);
    }
    position_ = end;
    if (strings_equal(t.text, "true", false) || strings_equal(t.text, "false", false)) {
        t.kind = token_kind::literal;
        t.value = strings_equal(t.text, "true", false);
        return t;
    }
    if (strings_equal(t.text, "null", false)) {
        t.kind = token_kind::literal;
        return t;
    }
    if (is_keyword(t.text))
        fail(start, expected, &t);
    json::error_code ec;
    if (const char first = t.text[0]; first == '-' || (first >= '0' && first <= '9')) {
        json::value number = json::parse(t.text, ec);
        if (!ec && number.is_number()) {
            t.kind = token_kind::number;
            t.value = std::move(number);
            return t;
        }
    }
    // Bare word: taken as a string (documented leniency).
    t.kind = token_kind::string;
    t.value = json::string(t.text);
    return t;
}

} // namespace scim::detail
