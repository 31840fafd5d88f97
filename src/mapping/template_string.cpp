#include "mapping/template_string.hpp"

#include "mapping/transform.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace mapping {

namespace {

struct kind_name {
    std::string_view prefix;
    placeholder_kind kind;
    bool takes_name;
};

constexpr std::array kinds{
    kind_name{"param", placeholder_kind::param, true},
    kind_name{"secret", placeholder_kind::secret, true},
    kind_name{"scim", placeholder_kind::scim, true},
    kind_name{"field", placeholder_kind::field, true},
    kind_name{"vendor_id", placeholder_kind::vendor_id, false},
    kind_name{"value", placeholder_kind::value, false},
    kind_name{"request_id", placeholder_kind::request_id, false},
    kind_name{"page", placeholder_kind::page, true},
    kind_name{"member", placeholder_kind::member, true},
    kind_name{"members", placeholder_kind::member, false},
    kind_name{"kept", placeholder_kind::kept, true},
    kind_name{"membership", placeholder_kind::membership, true},
};

std::string allowed_list(placeholder_set allowed)
{
    std::string out;
    for (const auto& k : kinds) {
        if (!(allowed & allow(k.kind)))
            continue;
        if (!out.empty())
            out += ", ";
        out += "${" + std::string(k.prefix) + (k.takes_name ? ".…}" : "}");
    }
    return out.empty() ? "no placeholders" : out;
}

bool contains(const std::vector<std::string>* names, std::string_view name)
{
    return names && std::find(names->begin(), names->end(), name) != names->end();
}

// " (none)" or ": a, b": the names a misspelt one could have meant.
std::string listed(const std::vector<std::string>* names)
{
    std::string out;
    for (const auto& name : *names)
        out += (out.empty() ? ": " : ", ") + name;
    return out.empty() ? " (none)" : out;
}

std::optional<placeholder> parse_placeholder(std::string_view inside, const template_rules& rules,
                                             std::vector<std::string>& errors)
{
    std::string_view prefix = inside.substr(0, inside.find('.'));
    std::string_view name = prefix.size() < inside.size() ? inside.substr(prefix.size() + 1) : std::string_view{};
    auto known = std::find_if(kinds.begin(), kinds.end(), [&](const kind_name& k) { return k.prefix == prefix; });
    if (known == kinds.end()) {
        errors.push_back("unknown placeholder ${" + std::string(inside) + "}, expected " + allowed_list(rules.allowed));
        return std::nullopt;
    }
    if (!(rules.allowed & allow(known->kind))) {
        errors.push_back("placeholder ${" + std::string(inside) + "} is not available here, expected " +
                         allowed_list(rules.allowed));
        return std::nullopt;
    }
    if (known->takes_name == name.empty()) {
        errors.push_back("placeholder ${" + std::string(inside) + "} " +
                         (known->takes_name ? "needs a name after the dot" : "takes no name"));
        return std::nullopt;
    }
    placeholder slot{known->kind, std::string(name), std::nullopt};
    switch (known->kind) {
    case placeholder_kind::param:
        if (!rules.any_parameter && !contains(rules.parameters, name)) {
            std::string declared;
            if (rules.parameters)
                for (const auto& known_name : *rules.parameters)
                    declared += (declared.empty() ? "" : ", ") + known_name;
            errors.push_back("unknown deployment parameter '" + std::string(name) +
                             "', expected one of the declared parameters" +
                             (declared.empty() ? std::string(" (none)") : ": " + declared));
        }
        break;
    case placeholder_kind::secret:
        if (!contains(rules.secrets, name))
            errors.push_back("unknown secret '" + std::string(name) + "', expected a name declared under secrets");
        break;
    case placeholder_kind::field:
        if (rules.fields && !contains(rules.fields, name)) {
            std::string mapped;
            for (const auto& field : *rules.fields)
                mapped += (mapped.empty() ? "" : ", ") + field;
            errors.push_back("unknown field '" + std::string(name) + "' in ${field." + std::string(name) +
                             "}, expected one of the mapped fields" +
                             (mapped.empty() ? std::string(" (none)") : ": " + mapped));
        }
        break;
    case placeholder_kind::kept:
        if (rules.kept && !contains(rules.kept, name))
            errors.push_back("${kept." + std::string(name) + "} names no value this resource's requests keep, expected " +
                             "one of the names under a response's keep:" + listed(rules.kept));
        break;
    case placeholder_kind::membership:
        if (rules.membership_kept && !contains(rules.membership_kept, name))
            errors.push_back("${membership." + std::string(name) + "} names no value add_members keeps per member, "
                             "expected one of the names under the keep: of an add_members request with "
                             "for_each_member: true" + listed(rules.membership_kept));
        break;
    case placeholder_kind::page:
        if (name != "number" && name != "size" && name != "offset" && name != "cursor")
            errors.push_back("unknown ${page." + std::string(name) + "}, expected number, size, offset or cursor");
        break;
    case placeholder_kind::member:
        if (!name.empty() && name != "vendor_id")
            errors.push_back("unknown ${member." + std::string(name) + "}, expected ${member.vendor_id}");
        break;
    case placeholder_kind::scim: {
        auto parsed = parse_scim_path(name);
        if (auto* message = std::get_if<std::string>(&parsed)) {
            errors.push_back("invalid SCIM path '" + std::string(name) + "': " + *message);
            return std::nullopt;
        }
        slot.path = std::get<scim_path>(std::move(parsed));
        if (rules.checker)
            if (auto problem = (*rules.checker)(rules.resource_type, *slot.path))
                errors.push_back(*problem);
        break;
    }
    default:
        break;
    }
    return slot;
}

// `inside` up to the first `|` that is outside brackets and quotes (a SCIM
// filter may hold either), and the transforms after it.
std::pair<std::string_view, std::string_view> split_transforms(std::string_view inside)
{
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < inside.size(); ++i) {
        const char c = inside[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == '[')
            ++depth;
        else if (!quoted && c == ']')
            --depth;
        else if (!quoted && depth == 0 && c == '|')
            return {inside.substr(0, i), inside.substr(i + 1)};
    }
    return {inside, {}};
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    return text;
}

constexpr std::array placeholder_transforms{transform_kind::upper, transform_kind::lower, transform_kind::trim,
                                            transform_kind::array, transform_kind::odata, transform_kind::soql,
                                            transform_kind::url};

// "soql", "lower | url", "truncate(40)": the transforms of one placeholder.
std::vector<placeholder_transform> parse_transforms(std::string_view text, std::vector<std::string>& errors)
{
    std::vector<placeholder_transform> out;
    while (!text.empty()) {
        const std::size_t bar = text.find('|');
        const std::string_view name = trimmed(text.substr(0, bar));
        text = bar == std::string_view::npos ? std::string_view{} : text.substr(bar + 1);
        auto known = std::find_if(placeholder_transforms.begin(), placeholder_transforms.end(),
                                  [&](transform_kind k) { return to_string(k) == name; });
        if (known != placeholder_transforms.end()) {
            out.push_back({*known, 0});
            continue;
        }
        std::size_t length = 0;
        if (name.starts_with("truncate(") && name.ends_with(")")) {
            const std::string_view digits = name.substr(9, name.size() - 10);
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
            if (ec == std::errc{} && end == digits.data() + digits.size() && length > 0) {
                out.push_back({transform_kind::truncate, length});
                continue;
            }
        }
        errors.push_back("unknown transform '" + std::string(name) +
                         "' in a placeholder, expected upper, lower, trim, array, odata, soql, url or truncate(N)");
    }
    return out;
}

} // namespace

template_parse_result parse_template(std::string_view text, const template_rules& rules)
{
    template_parse_result result;
    std::vector<template_part> parts;
    std::string literal;
    std::size_t i = 0;
    while (i < text.size()) {
        // `$${` escapes a literal `${`.
        if (text.compare(i, 3, "$${") == 0) {
            literal += "${";
            i += 3;
            continue;
        }
        if (text.compare(i, 2, "${") != 0) {
            literal += text[i++];
            continue;
        }
        std::size_t close = text.find('}', i + 2);
        if (close == std::string_view::npos) {
            result.errors.push_back("unterminated placeholder at offset " + std::to_string(i) + ", expected '}'");
            break;
        }
        if (!literal.empty())
            parts.push_back({std::move(literal), std::nullopt});
        literal.clear();
        const auto [inside, transforms] = split_transforms(text.substr(i + 2, close - i - 2));
        if (auto slot = parse_placeholder(trimmed(inside), rules, result.errors)) {
            slot->transforms = parse_transforms(transforms, result.errors);
            parts.push_back({{}, std::move(slot)});
        }
        i = close + 1;
    }
    if (!literal.empty())
        parts.push_back({std::move(literal), std::nullopt});
    result.value = template_string(std::move(parts), std::string(text));
    return result;
}

template_string literal_template(std::string text)
{
    std::vector<template_part> parts;
    if (!text.empty())
        parts.push_back({text, std::nullopt});
    return template_string(std::move(parts), std::move(text));
}

std::string_view to_string(placeholder_kind kind)
{
    for (const auto& k : kinds)
        if (k.kind == kind)
            return k.prefix;
    return "?";
}

} // namespace mapping
