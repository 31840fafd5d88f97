#include "bridge/record_drift.hpp"

#include "mapping/response_reader.hpp"
#include "mapping/scim_path.hpp"

namespace bridge {
namespace json = boost::json;

namespace {

bool no_value(const json::value& v)
{
    return v.is_null() || (v.is_string() && v.as_string().empty());
}

// Absent and empty are the same absence; 2 and 2.0 the same number.
bool same_value(const json::value& a, const json::value& b)
{
    if (no_value(a) || no_value(b))
        return no_value(a) && no_value(b);
    if (a == b)
        return true;
    return a.is_number() && b.is_number() && mapping::to_text(a) == mapping::to_text(b);
}

json::value scim_value(const json::object& resource, const mapping::scim_path& path)
{
    const json::value* found = mapping::find_value(resource, path);
    return found ? *found : json::value(nullptr);
}

} // namespace

bool compared_attribute(const mapping::attribute_mapping& attribute)
{
    return attribute.readable() && attribute.written_on(mapping::operation::update);
}

std::vector<attribute_drift> compare_record(const mapping::resource_mapping& resource, const json::object& stored,
                                            const json::object& vendor_record, const mapping::render_input& context)
{
    std::vector<attribute_drift> out;
    for (const auto& attribute : resource.attributes) {
        if (!compared_attribute(attribute))
            continue;
        // One attribute at a time: a value that cannot be converted spoils
        // only its own comparison.
        mapping::resource_mapping single;
        single.type = resource.type;
        single.attributes = {attribute};
        attribute_drift drift{attribute.scim->text, attribute.field, scim_value(stored, *attribute.scim), nullptr, {}};

        const auto ours = mapping::render_fields(single, mapping::operation::update, &stored, context);
        const auto view = mapping::vendor_to_scim(single, vendor_record, context.lookup);
        drift.vendor = scim_value(view.attributes, *attribute.scim);
        if (!ours.error.empty()) {
            drift.problem = "the stored value cannot be sent: " + ours.error;
            out.push_back(std::move(drift));
            continue;
        }
        if (!view.problems.empty()) {
            drift.problem = view.problems.front();
            out.push_back(std::move(drift));
            continue;
        }
        const auto theirs = mapping::render_fields(single, mapping::operation::update, &view.attributes, context);
        if (!theirs.error.empty()) {
            drift.problem = "the vendor's value cannot be sent back: " + theirs.error;
            out.push_back(std::move(drift));
            continue;
        }
        if (!same_value(ours.fields.at(attribute.field), theirs.fields.at(attribute.field)))
            out.push_back(std::move(drift));
    }
    return out;
}

} // namespace bridge
