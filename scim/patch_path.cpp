// PATCH paths (RFC 7644 §3.5.2): PATH = attrPath / valuePath [subAttr].
#include "scim/filter.hpp"
#include "scim/filter_parser.hpp"

namespace scim {

patch_path parse_patch_path(std::string_view text)
{
    detail::filter_lexer lexer(text, scim_type::invalid_path);
    detail::filter_parser parser(lexer);
    patch_path result;

    const detail::token name = lexer.next();
    if (name.kind == detail::token_kind::end)
        lexer.fail_at(name, "an attribute path");
    result.attribute = parser.to_path(name);

    if (lexer.peek().kind == detail::token_kind::left_bracket) {
        const detail::token open = lexer.next();
        if (!result.attribute.sub_attribute.empty())
            lexer.fail_at(name, "an attribute without sub-attribute before '['");
        result.value_filter = parser.parse_value_filter_body(open);
        if (lexer.peek().kind == detail::token_kind::dot) {
            lexer.next();
            const detail::token sub = lexer.next();
            const attribute_path sub_path = parser.to_path(sub);
            if (!sub_path.schema_urn.empty() || !sub_path.sub_attribute.empty())
                lexer.fail_at(sub, "a single sub-attribute name after ']'");
            result.filtered_sub_attribute = sub_path.attribute;
        }
    }
    const detail::token& rest = lexer.peek();
    if (rest.kind != detail::token_kind::end)
        lexer.fail_at(rest, result.value_filter ? "'.subAttribute' or the end of the path"
                                                : "'[', a valid attribute path or the end of the path");
    return result;
}

} // namespace scim
