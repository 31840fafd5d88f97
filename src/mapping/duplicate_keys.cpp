// Duplicate keys in a mapping file. yaml-cpp accepts `field: a` twice in one
// map and answers look-ups with the first, so the second is silently
// ignored: an edit that lands below an existing key would not take effect.

#include "mapping/loader_parts.hpp"

#include <map>
#include <string>

namespace mapping::detail {

void report_duplicate_keys(yaml_reader& reader, const YAML::Node& node)
{
    if (node.IsSequence()) {
        for (const auto& element : node)
            report_duplicate_keys(reader, element);
        return;
    }
    if (!node.IsMap())
        return;
    std::map<std::string, source_mark> seen;
    for (const auto& entry : node) {
        if (entry.first.IsScalar()) {
            const auto& key = entry.first.Scalar();
            const auto at = reader.mark(entry.first);
            if (const auto [first, fresh] = seen.emplace(key, at); !fresh)
                reader.error(at, "duplicate key '" + key + "' (first at line " + std::to_string(first->second.line) +
                                     ", column " + std::to_string(first->second.column) +
                                     "): only the first would be read, expected each key once in its mapping");
        }
        report_duplicate_keys(reader, entry.second);
    }
}

} // namespace mapping::detail
