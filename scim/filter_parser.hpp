#pragma once
// Recursive-descent parser of the filter grammar (RFC 7644 §3.4.2.2), shared
// by parse_filter and parse_patch_path. Internal to the filter files.
//
// Precedence: not > and > or; and/or chains are built as balanced trees so
// that a long flat chain costs log(n) stack, and nesting (parentheses, not,
// [...]) is bounded by max_filter_depth so hostile input cannot overflow the
// stack.

#include "scim/filter.hpp"
#include "scim/filter_lexer.hpp"

namespace scim::detail {

inline constexpr int max_filter_depth = 64;

class filter_parser {
public:
    explicit filter_parser(filter_lexer& lexer) : lexer_(lexer) {}

    // A whole expression (an or-chain); inside [...] when `in_value_filter`,
    // where attribute names are relative to one element.
    filter_ptr parse_expression(bool in_value_filter);

    // The body of `attr[...]` after '[' up to and including ']'.
    filter_ptr parse_value_filter_body(const token& open_bracket);

    // A word token as an attribute path, failing at its position.
    attribute_path to_path(const token& word) const;

private:
    filter_ptr parse_chain(bool in_value_filter, bool is_and);
    filter_ptr parse_unary(bool in_value_filter);
    filter_ptr parse_attribute_expression(bool in_value_filter);
    filter_ptr parse_comparison(attribute_path path);
    void enter(const token& at);

    filter_lexer& lexer_;
    int depth_ = 0;
};

filter_ptr make_filter(auto&& node)
{
    return std::make_shared<const filter_node>(filter_node{std::forward<decltype(node)>(node)});
}

} // namespace scim::detail
