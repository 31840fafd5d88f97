#pragma once
// Typed reading of YAML nodes that records every problem with its position
// instead of stopping at the first: an admin fixing a mapping file sees all
// of them at once.

#include "mapping/load_error.hpp"
#include "mapping/request_spec.hpp"
#include "mapping/template_string.hpp"

#include <boost/json/value.hpp>
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mapping {

class yaml_reader {
public:
    explicit yaml_reader(std::string file) : file_(std::move(file)) {}

    void error(const YAML::Mark& at, std::string message);
    void error(const YAML::Node& at, std::string message) { error(at.Mark(), std::move(message)); }
    void error(const source_mark& at, std::string message)
    {
        errors_.push_back({file_, at.line, at.column, std::move(message)});
    }
    const std::vector<load_error>& errors() const { return errors_; }
    std::vector<load_error> take_errors() { return std::move(errors_); }

    // Reports a non-map, each unknown key (at the key itself) and each
    // missing `required` key. True when `node` is a map, so that its members
    // can still be read and checked after a bad key.
    bool check_map(const YAML::Node& node, std::string_view what, std::initializer_list<std::string_view> allowed,
                   std::initializer_list<std::string_view> required = {});

    // Optional scalar members; a wrong type is reported and gives nullopt.
    std::optional<std::string> text(const YAML::Node& map, std::string_view key);
    std::optional<long long> integer(const YAML::Node& map, std::string_view key, long long min, long long max);
    std::optional<double> number(const YAML::Node& map, std::string_view key, double min, double max);
    std::optional<bool> boolean(const YAML::Node& map, std::string_view key);
    // A JSON pointer ("" or starting with '/').
    std::optional<std::string> pointer(const YAML::Node& map, std::string_view key);
    // One of `choices`.
    std::optional<std::string> choice(const YAML::Node& map, std::string_view key,
                                      std::initializer_list<std::string_view> choices);
    // A template; errors in placeholders are reported at the node.
    std::optional<template_string> template_at(const YAML::Node& node, const template_rules& rules);
    std::optional<template_string> template_member(const YAML::Node& map, std::string_view key,
                                                   const template_rules& rules);

    // A YAML value as JSON: plain scalars are typed (true, 12, 1.5, null),
    // quoted ones stay strings.
    static boost::json::value to_json(const YAML::Node& node);
    // As to_json, but string leaves become templates.
    body_template body(const YAML::Node& node, const template_rules& rules);

    source_mark mark(const YAML::Node& node) const { return {node.Mark().line + 1, node.Mark().column + 1}; }

private:
    std::string file_;
    std::vector<load_error> errors_;
};

std::string join_names(std::initializer_list<std::string_view> names);

} // namespace mapping
