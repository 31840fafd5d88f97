// The top level of a mapping file; each section is read by its own part
// (load_connection.cpp, load_request.cpp, load_resource.cpp, load_transform.cpp).

#include "mapping/loader_parts.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace mapping {

namespace {

using detail::load_state;

void read_secrets(load_state& state, const YAML::Node& node, mapping_file& out)
{
    if (!node)
        return;
    if (!node.IsMap()) {
        state.reader.error(node, "'secrets' must map names to {env: VARIABLE} or {file: PATH}");
        return;
    }
    for (const auto& entry : node) {
        const std::string name = entry.first.Scalar();
        const YAML::Node ref = entry.second;
        // Secrets are references only: a value written into the file would
        // end up in version control and in every copy of the mapping.
        if (!ref.IsMap() || ref.size() != 1 || (!ref["env"] && !ref["file"])) {
            state.reader.error(ref, "secret '" + name + "' must be {env: VARIABLE} or {file: PATH}, never a value");
            continue;
        }
        secret_ref secret;
        secret.source = ref["env"] ? secret_source::env : secret_source::file;
        secret.location = state.reader.text(ref, ref["env"] ? "env" : "file").value_or("");
        out.secrets.emplace(name, std::move(secret));
        state.secrets.push_back(name);
    }
}

// `parameters:` maps each deployment parameter the file uses to what it is
// (the text an admin reads when writing the target's configuration).
void read_parameters(load_state& state, const YAML::Node& node)
{
    if (!node)
        return;
    if (!node.IsMap()) {
        state.reader.error(node, "'parameters' must map each deployment parameter's name to what it is");
        return;
    }
    std::vector<std::string> names;
    for (const auto& entry : node) {
        const std::string name = entry.first.Scalar();
        if (!entry.second.IsScalar())
            state.reader.error(entry.second, "parameter '" + name + "' must be described by a text");
        // With a deployment, the target must set what the file declares.
        if (!state.options.any_parameter && std::find(state.options.parameters.begin(),
                                                      state.options.parameters.end(),
                                                      name) == state.options.parameters.end())
            state.reader.error(entry.first, "parameter '" + name +
                                                "' is declared by the mapping file but the target's parameters do "
                                                "not set it, expected it under the target's parameters");
        names.push_back(name);
    }
    state.declared_parameters = std::move(names);
}

// An `async: true` response needs the target's async section.
void check_async_use(load_state& state, const mapping_file& out)
{
    if (out.async)
        return;
    for (const auto& [type, resource] : out.resources)
        for (const auto& [op, spec] : resource.operations)
            for (const auto& request : spec.requests)
                if (request.response.may_be_async)
                    state.reader.error(request.mark, "response says async but the file has no 'async' section, "
                                                     "expected one describing the progress request");
}

} // namespace

load_result parse_mapping(std::string_view yaml_text, std::string file_name, const load_options& options)
{
    load_state state{yaml_reader(file_name), options, options.secrets};
    auto out = std::make_shared<mapping_file>();
    out->source = file_name;
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml_text));
    } catch (const YAML::ParserException& e) {
        state.reader.error(e.mark, "YAML syntax error: " + e.msg);
        return {nullptr, state.reader.take_errors()};
    }
    yaml_reader& r = state.reader;
    if (!root.IsMap()) {
        r.error(root, "a mapping file must be a mapping, expected keys: version, target, parameters, secrets, "
                      "connection, errors, async, extensions, resources");
        return {nullptr, r.take_errors()};
    }
    detail::report_duplicate_keys(r, root);
    r.check_map(root, "the mapping file",
                {"version", "target", "parameters", "secrets", "connection", "errors", "async", "extensions",
                 "resources"},
                {"version", "target", "connection", "resources"});
    if (root["version"])
        r.integer(root, "version", 1, 1);
    out->target = r.text(root, "target").value_or("");
    // Parameters and secrets first: templates everywhere else are checked against them.
    read_parameters(state, root["parameters"]);
    read_secrets(state, root["secrets"], *out);
    if (const YAML::Node connection = root["connection"])
        out->connection = detail::read_connection(state, connection);
    out->errors = detail::read_errors(state, root["errors"]);
    if (const YAML::Node async = root["async"])
        out->async = detail::read_async(state, async);
    if (const YAML::Node extensions = root["extensions"])
        out->extensions = detail::read_extensions(state, extensions);
    if (const YAML::Node resources = root["resources"]) {
        if (!resources.IsMap())
            r.error(resources, "'resources' must map resource types (User, Group) to their mappings");
        else
            for (const auto& entry : resources) {
                const std::string type = entry.first.Scalar();
                if (type != "User" && type != "Group") {
                    r.error(entry.first, "unknown resource type '" + type + "', expected User or Group");
                    continue;
                }
                out->resources.emplace(type, detail::read_resource(state, type, entry.second));
            }
    }
    check_async_use(state, *out);
    if (!r.errors().empty())
        return {nullptr, r.take_errors()};
    return {std::move(out), {}};
}

load_result load_mapping(const std::filesystem::path& file, const load_options& options)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return {nullptr, {{file.string(), 0, 0, "cannot read the file, expected a readable YAML mapping file"}}};
    std::ostringstream text;
    text << in.rdbuf();
    return parse_mapping(text.str(), file.string(), options);
}

std::shared_ptr<const mapping_file> load_mapping_file(const std::filesystem::path& file, const load_options& options)
{
    load_result result = load_mapping(file, options);
    if (!result.errors.empty())
        throw mapping_rejected(std::move(result.errors));
    return result.mapping;
}

} // namespace mapping
