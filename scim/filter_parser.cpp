#include "scim/filter_parser.hpp"

#include "scim/value_compare.hpp"

#include <array>
#include <utility>
#include <vector>

namespace scim::detail {
namespace {

struct operator_name {
    std::string_view text;
    compare_op op;
};
constexpr std::array<operator_name, 9> operator_names = {{{"eq", compare_op::eq},
                                                          {"ne", compare_op::ne},
                                                          {"co", compare_op::co},
                                                          {"sw", compare_op::sw},
                                                          {"ew", compare_op::ew},
                                                          {"gt", compare_op::gt},
                                                          {"ge", compare_op::ge},
                                                          {"lt", compare_op::lt},
                                                          {"le", compare_op::le}}};

constexpr std::string_view expected_operator = "an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr)";

bool is_word(const token& t, std::string_view word)
{
    return t.kind == token_kind::word && strings_equal(t.text, word, false);
}

// and/or are associative: a balanced tree evaluates the same, in the same
// left-to-right order, with logarithmic depth.
filter_ptr balance(const std::vector<filter_ptr>& operands, std::size_t first, std::size_t last, bool is_and)
{
    if (last - first == 1)
        return operands[first];
    const std::size_t middle = first + (last - first) / 2;
    return make_filter(logical_filter{is_and, balance(operands, first, middle, is_and),
                                      balance(operands, middle, last, is_and)});
}

} // namespace

void filter_parser::enter(const token& at)
{
    if (++depth_ > max_filter_depth)
        lexer_.fail(at.offset, "at most " + std::to_string(max_filter_depth)
                                   + " levels of nesting (parentheses, not and [...])");
}

attribute_path filter_parser::to_path(const token& word) const
{
    if (word.kind != token_kind::word)
        lexer_.fail_at(word, "an attribute name");
    std::string problem;
    auto path = try_parse_attribute_path(word.text, &problem);
    if (!path)
        lexer_.fail_at(word, "an attribute path (" + problem + ")");
    return std::move(*path);
}

filter_ptr filter_parser::parse_expression(bool in_value_filter) { return parse_chain(in_value_filter, false); }

filter_ptr filter_parser::parse_chain(bool in_value_filter, bool is_and)
{
    std::vector<filter_ptr> operands;
    const std::string_view keyword = is_and ? "and" : "or";
    do {
        if (!operands.empty())
            lexer_.next();  // the keyword
        operands.push_back(is_and ? parse_unary(in_value_filter) : parse_chain(in_value_filter, true));
    } while (is_word(lexer_.peek(), keyword));
    return balance(operands, 0, operands.size(), is_and);
}

filter_ptr filter_parser::parse_unary(bool in_value_filter)
{
    const token& t = lexer_.peek();
    if (t.kind == token_kind::left_paren) {
        const token open = lexer_.next();
        enter(open);
        filter_ptr inner = parse_expression(in_value_filter);
        const token close = lexer_.next();
        if (close.kind != token_kind::right_paren)
            lexer_.fail_at(close, "')' or a logical operator (and, or) to match '(' at character "
                                      + std::to_string(open.offset + 1));
        --depth_;
        return inner;
    }
    if (is_word(t, "not")) {
        const token keyword = lexer_.next();
        enter(keyword);
        // The RFC writes `not (...)`; a bare `not attr op value` is accepted
        // too and binds tighter than and/or, as the precedence rule implies.
        filter_ptr inner = parse_unary(in_value_filter);
        --depth_;
        return make_filter(not_filter{std::move(inner)});
    }
    if (t.kind != token_kind::word || is_keyword(t.text))
        lexer_.fail_at(t, "an attribute name, '(' or 'not'");
    return parse_attribute_expression(in_value_filter);
}

filter_ptr filter_parser::parse_value_filter_body(const token& open_bracket)
{
    enter(open_bracket);
    filter_ptr inner = parse_expression(true);
    const token close = lexer_.next();
    if (close.kind != token_kind::right_bracket)
        lexer_.fail_at(close, "']' or a logical operator (and, or) to match '[' at character "
                                  + std::to_string(open_bracket.offset + 1));
    --depth_;
    return inner;
}

filter_ptr filter_parser::parse_attribute_expression(bool in_value_filter)
{
    const token name = lexer_.next();
    attribute_path path = to_path(name);
    if (in_value_filter && (!path.schema_urn.empty() || !path.sub_attribute.empty()))
        lexer_.fail_at(name, "a sub-attribute name relative to the element (as in emails[type eq \"work\"])");
    if (lexer_.peek().kind != token_kind::left_bracket)
        return parse_comparison(std::move(path));

    const token open = lexer_.next();
    if (in_value_filter)
        lexer_.fail_at(open, "an operator; value filters cannot be nested");
    if (!path.sub_attribute.empty())
        lexer_.fail_at(name, "an attribute without sub-attribute before '['");
    filter_ptr inner = parse_value_filter_body(open);
    if (lexer_.peek().kind == token_kind::dot) {
        // `emails[type eq "work"].value eq "x"`, as identity providers send,
        // means emails[type eq "work" and value eq "x"].
        lexer_.next();
        const token sub = lexer_.next();
        attribute_path sub_path = to_path(sub);
        if (!sub_path.schema_urn.empty() || !sub_path.sub_attribute.empty())
            lexer_.fail_at(sub, "a sub-attribute name after ']'");
        inner = make_filter(logical_filter{true, std::move(inner), parse_comparison(std::move(sub_path))});
    }
    return make_filter(value_path_filter{std::move(path), std::move(inner)});
}

filter_ptr filter_parser::parse_comparison(attribute_path path)
{
    const token op = lexer_.next();
    if (op.kind != token_kind::word)
        lexer_.fail_at(op, expected_operator);
    if (strings_equal(op.text, "pr", false))
        return make_filter(presence_filter{std::move(path)});
    for (const operator_name& candidate : operator_names) {
        if (strings_equal(op.text, candidate.text, false)) {
            token value = lexer_.next_value();
            return make_filter(compare_filter{std::move(path), candidate.op, std::move(value.value)});
        }
    }
    lexer_.fail_at(op, expected_operator);
}

} // namespace scim::detail

namespace scim {

filter_ptr parse_filter(std::string_view text)
{
    detail::filter_lexer lexer(text, scim_type::invalid_filter);
    detail::filter_parser parser(lexer);
    filter_ptr filter = parser.parse_expression(false);
    const detail::token& rest = lexer.peek();
    if (rest.kind != detail::token_kind::end)
        lexer.fail_at(rest, rest.kind == detail::token_kind::right_paren ? "the end of the filter (unbalanced ')')"
                                                                          : "'and', 'or' or the end of the filter");
    return filter;
}

} // namespace scim
