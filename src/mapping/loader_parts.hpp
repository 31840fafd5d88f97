#pragma once
// Internal to the loader: the pieces that read one section each.

#include "mapping/mapping_file.hpp"
#include "mapping/mapping_loader.hpp"
#include "mapping/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

namespace mapping::detail {

struct load_state {
    yaml_reader reader;
    const load_options& options;
    std::vector<std::string> secrets;   // declared in the file and by the deployment
    // The file's own `parameters:` when it has them: every ${param.…} must
    // name one of them, with or without a deployment (`validate`).
    std::optional<std::vector<std::string>> declared_parameters;
    // The vendor fields of the resource being read: every ${field.…} must
    // name one (a misspelt one would render null and clear the vendor's value).
    std::optional<std::vector<std::string>> mapped_fields;
    // The names the resource's requests keep (response.keep): for the
    // resource (${kept.…}) and per membership (${membership.…}).
    std::optional<std::vector<std::string>> kept_names;
    std::optional<std::vector<std::string>> membership_kept_names;

    // Template rules for a place that may use `allowed` placeholders;
    // ${scim.…} paths resolve against `resource_type`.
    template_rules rules(placeholder_set allowed, std::string resource_type = {}) const
    {
        template_rules r;
        r.allowed = allowed;
        r.parameters = declared_parameters ? &*declared_parameters : &options.parameters;
        r.any_parameter = declared_parameters ? false : options.any_parameter;
        r.secrets = &secrets;
        r.fields = mapped_fields ? &*mapped_fields : nullptr;
        r.kept = kept_names ? &*kept_names : nullptr;
        r.membership_kept = membership_kept_names ? &*membership_kept_names : nullptr;
        r.resource_type = std::move(resource_type);
        r.checker = options.check_path ? &options.check_path : nullptr;
        return r;
    }
};

// Placeholders every request may use, whatever its context.
constexpr placeholder_set configuration_placeholders = placeholder_kind::param | placeholder_kind::secret;

request_spec read_request(load_state& state, const YAML::Node& node, const template_rules& rules);
std::vector<request_spec> read_requests(load_state& state, const YAML::Node& operation_node, const template_rules& rules);
// The list's paging; refuses a style whose ${page.…} placeholder no request uses.
paging_spec read_paging(load_state& state, const YAML::Node& node, const std::vector<request_spec>& requests);
error_spec read_errors(load_state& state, const YAML::Node& node);
// {/pointer: value, /other: {pattern: "…"}}: the body half of a condition.
std::vector<body_condition> read_body_conditions(load_state& state, const YAML::Node& node);
std::vector<unsigned> read_statuses(load_state& state, const YAML::Node& node, std::vector<unsigned> fallback);
// success_when / fail_when: one rule {status, when[, message]} or a list.
std::vector<outcome_rule> read_outcome_rules(load_state& state, const YAML::Node& node, bool with_message);
// response.keep: name -> /pointer or {header: Name}.
std::vector<kept_value_spec> read_keep(load_state& state, const YAML::Node& node);
// The names a resource's requests keep, read ahead of its templates.
struct kept_names {
    std::vector<std::string> resource;
    std::vector<std::string> membership;
};
kept_names collect_kept_names(const YAML::Node& resource);
async_spec read_async(load_state& state, const YAML::Node& node);
std::vector<extension_spec> read_extensions(load_state& state, const YAML::Node& node);
connection_spec read_connection(load_state& state, const YAML::Node& node);
resource_mapping read_resource(load_state& state, const std::string& type, const YAML::Node& node);
// Every map key that repeats in its map (YAML keeps the first and silently
// drops the rest), reported at the repetition.
void report_duplicate_keys(yaml_reader& reader, const YAML::Node& node);
std::vector<transform> read_transforms(load_state& state, const YAML::Node& node, const std::string& resource_type);

} // namespace mapping::detail
