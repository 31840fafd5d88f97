#include "mapping/yaml_reader.hpp"

#include <algorithm>
#include <charconv>

namespace mapping {
namespace json = boost::json;

std::string load_error::to_string() const
{
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

namespace {

std::string summary(const std::vector<load_error>& errors)
{
    std::string out;
    for (const auto& e : errors)
        out += e.to_string() + "\n";
    return out;
}

bool plain(const YAML::Node& node) { return node.Tag() != "!"; }

} // namespace

mapping_rejected::mapping_rejected(std::vector<load_error> errors)
    : std::runtime_error(summary(errors)), errors_(std::move(errors))
{
}

std::string join_names(std::initializer_list<std::string_view> names)
{
    std::string out;
    for (auto name : names) {
        if (!out.empty())
            out += ", ";
        out += name;
    }
    return out;
}

void yaml_reader::error(const YAML::Mark& at, std::string message)
{
    // yaml-cpp marks are 0-based; a null mark (-1) means "no position".
    errors_.push_back({file_, std::max(at.line, 0) + 1, std::max(at.column, 0) + 1, std::move(message)});
}

bool yaml_reader::check_map(const YAML::Node& node, std::string_view what,
                            std::initializer_list<std::string_view> allowed,
                            std::initializer_list<std::string_view> required)
{
    if (!node.IsMap()) {
        error(node, std::string(what) + " must be a mapping, expected keys: " + join_names(allowed));
        return false;
    }
    for (const auto& entry : node) {
        const std::string key = entry.first.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            error(entry.first, "unknown key '" + key + "' in " + std::string(what) + ", expected one of: " +
                                   join_names(allowed));
        }
    }
    for (auto key : required)
        if (!node[std::string(key)])
            error(node, "missing key '" + std::string(key) + "' in " + std::string(what) + ", expected it to be given");
    return true;
}

std::optional<std::string> yaml_reader::text(const YAML::Node& map, std::string_view key)
{
    const YAML::Node node = map[std::string(key)];
    if (!node)
        return std::nullopt;
    if (!node.IsScalar()) {
        error(node, "'" + std::string(key) + "' must be a string");
        return std::nullopt;
    }
    return node.Scalar();
}

std::optional<long long> yaml_reader::integer(const YAML::Node& map, std::string_view key, long long min, long long max)
{
    const YAML::Node node = map[std::string(key)];
    if (!node)
        return std::nullopt;
    long long value = 0;
    const std::string& s = node.IsScalar() ? node.Scalar() : std::string();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (!node.IsScalar() || s.empty() || ec != std::errc{} || end != s.data() + s.size() || value < min || value > max) {
        error(node, "'" + std::string(key) + "' must be an integer from " + std::to_string(min) + " to " +
                        std::to_string(max));
        return std::nullopt;
    }
    return value;
}

std::optional<double> yaml_reader::number(const YAML::Node& map, std::string_view key, double min, double max)
{
    const YAML::Node node = map[std::string(key)];
    if (!node)
        return std::nullopt;
    double value = 0;
    if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || value < min || value > max) {
        error(node, "'" + std::string(key) + "' must be a number from " + std::to_string(min) + " to " +
                        std::to_string(max));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> yaml_reader::boolean(const YAML::Node& map, std::string_view key)
{
    const YAML::Node node = map[std::string(key)];
    if (!node)
        return std::nullopt;
    if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false"))
        return node.Scalar() == "true";
    error(node, "'" + std::string(key) + "' must be true or false");
    return std::nullopt;
}

std::optional<std::string> yaml_reader::pointer(const YAML::Node& map, std::string_view key)
{
    auto value = text(map, key);
    if (value && !value->empty() && value->front() != '/') {
        error(map[std::string(key)], "'" + std::string(key) + "' must be a JSON pointer such as /id or /data/0/id");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> yaml_reader::choice(const YAML::Node& map, std::string_view key,
                                               std::initializer_list<std::string_view> choices)
{
    auto value = text(map, key);
    if (value && std::find(choices.begin(), choices.end(), *value) == choices.end()) {
        error(map[std::string(key)], "'" + *value + "' is not a valid " + std::string(key) + ", expected one of: " +
                                         join_names(choices));
        return std::nullopt;
    }
    return value;
}

std::optional<template_string> yaml_reader::template_at(const YAML::Node& node, const template_rules& rules)
{
    if (!node.IsScalar()) {
        error(node, "expected a string (a template)");
        return std::nullopt;
    }
    template_parse_result parsed = parse_template(node.Scalar(), rules);
    for (auto& message : parsed.errors)
        error(node, std::move(message));
    if (!parsed.errors.empty())
        return std::nullopt;
    return std::move(parsed.value);
}

std::optional<template_string> yaml_reader::template_member(const YAML::Node& map, std::string_view key,
                                                            const template_rules& rules)
{
    const YAML::Node node = map[std::string(key)];
    if (!node)
        return std::nullopt;
    return template_at(node, rules);
}

json::value yaml_reader::to_json(const YAML::Node& node)
{
    if (node.IsMap()) {
        json::object out;
        for (const auto& entry : node)
            out[entry.first.Scalar()] = to_json(entry.second);
        return out;
    }
    if (node.IsSequence()) {
        json::array out;
        for (const auto& element : node)
            out.push_back(to_json(element));
        return out;
    }
    if (node.IsNull())
        return nullptr;
    const std::string& s = node.Scalar();
    if (plain(node)) {
        if (s == "true" || s == "false")
            return s == "true";
        if (s == "null" || s == "~")
            return nullptr;
        long long integer = 0;
        if (auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), integer);
            ec == std::errc{} && end == s.data() + s.size() && !s.empty())
            return integer;
        double real = 0;
        if (auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), real);
            ec == std::errc{} && end == s.data() + s.size() && !s.empty())
            return real;
    }
    return json::string(s);
}

body_template yaml_reader::body(const YAML::Node& node, const template_rules& rules)
{
    body_template out;
    if (node.IsMap()) {
        out.shape = body_template::kind::object;
        for (const auto& entry : node) {
            out.keys.push_back(entry.first.Scalar());
            out.values.push_back(body(entry.second, rules));
        }
    } else if (node.IsSequence()) {
        out.shape = body_template::kind::array;
        for (const auto& element : node)
            out.values.push_back(body(element, rules));
    } else {
        json::value literal = to_json(node);
        if (literal.is_string()) {
            out.shape = body_template::kind::text;
            if (auto text = template_at(node, rules))
                out.text = std::move(*text);
        } else {
            out.literal = std::move(literal);
        }
    }
    return out;
}

} // namespace mapping
