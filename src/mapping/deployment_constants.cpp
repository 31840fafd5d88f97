#include "mapping/deployment_constants.hpp"

#include <algorithm>

namespace mapping {

namespace {

bool depends_on_deployment_only(const template_string& text)
{
    const auto& parts = text.parts();
    const bool has_param = std::any_of(parts.begin(), parts.end(), [](const template_part& p) {
        return p.slot && p.slot->kind == placeholder_kind::param;
    });
    return has_param && std::all_of(parts.begin(), parts.end(), [](const template_part& p) {
               return !p.slot || p.slot->kind == placeholder_kind::param;
           });
}

} // namespace

std::vector<std::string> check_deployment_constants(const mapping_file& mapping, const parameter_map& parameters)
{
    std::vector<std::string> problems;
    render_scope scope;
    scope.parameters = &parameters;
    const transform_context context{&scope, nullptr};
    for (const auto& [type, resource] : mapping.resources)
        for (const auto& a : resource.attributes) {
            if (!a.value || !depends_on_deployment_only(*a.value))
                continue;
            const std::string where = type + " field '" + a.field + "' (" + a.value->text() + ")";
            render_outcome rendered = render_template(*a.value, scope);
            if (!rendered.error.empty()) {
                problems.push_back(where + ": " + rendered.error);
                continue;
            }
            for (const auto& t : a.transforms) {
                transform_outcome step = apply_forward(t, std::move(rendered.value), context);
                if (!step.error.empty()) {
                    problems.push_back(where + ": " + step.error);
                    break;
                }
                rendered.value = std::move(step.value);
            }
        }
    return problems;
}

} // namespace mapping
