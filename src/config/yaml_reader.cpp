#include "config/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <stdexcept>

namespace config {

namespace {

std::string describe_kind(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
    default: return "an undefined value";
    }
}

std::string join_key(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

} // namespace

yaml_reader::yaml_reader(YAML::Node node, std::string path, std::shared_ptr<const std::string> file)
    : node_(std::move(node)), path_(std::move(path)), file_(std::move(file)) {}

void yaml_reader::fail(std::string_view what) const {
    const YAML::Mark mark = node_.Mark();
    std::string message = *file_;
    // yaml-cpp counts from 0; editors count from 1.
    if (mark.line >= 0) {
        message += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }
    message += ": ";
    message += path_.empty() ? std::string("(top level)") : path_;
    message += ": ";
    message += what;
    throw std::runtime_error(message);
}

void yaml_reader::expect_mapping(std::initializer_list<std::string_view> allowed) const {
    if (!node_.IsMap()) {
        fail("found " + describe_kind(node_) + ", expected a mapping");
    }
    for (const auto& [key, value] : entries()) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            std::string expected;
            for (std::string_view name : allowed) {
                expected += expected.empty() ? "" : ", ";
                expected += name;
            }
            value.fail("unknown key '" + key + "', expected one of: " + expected);
        }
    }
}

std::optional<yaml_reader> yaml_reader::child(std::string_view key) const {
    for (auto& entry : entries()) {
        if (entry.first == key) {
            return std::move(entry.second);
        }
    }
    return std::nullopt;
}

std::vector<std::pair<std::string, yaml_reader>> yaml_reader::entries() const {
    if (!node_.IsMap()) {
        fail("found " + describe_kind(node_) + ", expected a mapping");
    }
    std::vector<std::pair<std::string, yaml_reader>> result;
    std::set<std::string> seen;
    for (const auto& entry : node_) {
        if (!entry.first.IsScalar()) {
            yaml_reader(entry.first, path_, file_).fail("a key must be a plain name");
        }
        std::string key = entry.first.Scalar();
        const yaml_reader key_reader(entry.first, join_key(path_, key), file_);
        // yaml-cpp keeps the last of two equal keys; an admin who wrote both
        // meant something, so say which one is doubled.
        if (!seen.insert(key).second) {
            key_reader.fail("key '" + key + "' appears twice, expected each key once");
        }
        result.emplace_back(key, yaml_reader(entry.second, join_key(path_, key), file_));
    }
    return result;
}

std::vector<yaml_reader> yaml_reader::items() const {
    if (!node_.IsSequence()) {
        fail("found " + describe_kind(node_) + ", expected a list");
    }
    std::vector<yaml_reader> result;
    std::size_t index = 0;
    for (const auto& item : node_) {
        result.emplace_back(item, path_ + "[" + std::to_string(index++) + "]", file_);
    }
    return result;
}

std::string yaml_reader::as_string() const {
    if (!node_.IsScalar() || node_.Scalar().empty()) {
        fail("found " + describe_kind(node_) + ", expected a non-empty string");
    }
    return node_.Scalar();
}

std::uint64_t yaml_reader::as_unsigned(std::uint64_t min, std::uint64_t max) const {
    const std::string range = std::to_string(min) + ".." + std::to_string(max);
    if (!node_.IsScalar()) {
        fail("found " + describe_kind(node_) + ", expected an integer in " + range);
    }
    const std::string& text = node_.Scalar();
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
        fail("'" + text + "' is not an integer, expected an integer in " + range);
    }
    if (value < min || value > max) {
        fail(text + " is out of range, expected an integer in " + range);
    }
    return value;
}

bool yaml_reader::as_bool() const {
    if (node_.IsScalar()) {
        const std::string& text = node_.Scalar();
        if (text == "true" || text == "True" || text == "TRUE") {
            return true;
        }
        if (text == "false" || text == "False" || text == "FALSE") {
            return false;
        }
    }
    fail("found " + describe_kind(node_) + ", expected true or false");
}

} // namespace config
