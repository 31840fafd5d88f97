#pragma once
// Loading a mapping file: YAML in, an immutable mapping_file out, or every
// problem found, each as "file:line:column: what is wrong, what was expected".

#include "mapping/load_error.hpp"
#include "mapping/mapping_file.hpp"
#include "mapping/scim_path.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mapping {

struct load_options {
    // Names of the deployment parameters (${param.…}) the deployment declares.
    std::vector<std::string> parameters;
    // Secrets declared by the deployment in addition to the file's own `secrets:`.
    std::vector<std::string> secrets;
    // Checks SCIM paths against the schemas (see schema_path_checker.hpp);
    // when empty, paths are only checked for syntax.
    path_checker check_path;
    // `validate` without a deployment: every ${param.NAME} is taken as
    // declared (the deployment's check happens when a target binds it).
    bool any_parameter = false;
};

struct load_result {
    std::shared_ptr<const mapping_file> mapping;   // null when errors is not empty
    std::vector<load_error> errors;
};

load_result parse_mapping(std::string_view yaml_text, std::string file_name, const load_options& options);
load_result load_mapping(const std::filesystem::path& file, const load_options& options);

// For start-up: throws mapping_rejected listing every problem.
std::shared_ptr<const mapping_file> load_mapping_file(const std::filesystem::path& file, const load_options& options);

} // namespace mapping
