#include "bridge/record_drift.hpp"

#include "mapping/response_reader.hpp"
#include "mapping/scim_path.hpp"

#include <algorithm>
#include <cctype>

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

bool same_path(std::string_view a, std::string_view b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

// A field the bridge sends from a SCIM attribute on update.
bool written_from_scim(const mapping::attribute_mapping& attribute)
{
    return attribute.scim && !attribute.generate && attribute.written_on(mapping::operation::update);
}

json::value scim_value(const json::object& resource, const mapping::scim_path& path)
{
    const json::value* found = mapping::find_value(resource, path);
    return found ? *found : json::value(nullptr);
}

// Whether `record` has the vendor field at all; dots nest ("address.country").
bool carries_field(const json::object& record, std::string_view field)
{
    const json::object* level = &record;
    for (;;) {
        const auto dot = field.find('.');
        const auto* value = level->if_contains(field.substr(0, dot));
        if (!value)
            return false;
        if (dot == std::string_view::npos)
            return true;
        level = value->if_object();
        if (!level)
            return false;
        field.remove_prefix(dot + 1);
    }
}

} // namespace

std::vector<attribute_drift> compare_record(const mapping::resource_mapping& resource, const json::object& given,
                                            const json::object& vendor_record, const mapping::render_input& context)
{
    // A user the identity provider created without `active` is active, as
    // every write treats it (the vendor's record of it says so).
    json::object stored = given;
    if (resource.type == "User" && !stored.contains("active"))
        stored["active"] = true;
    std::vector<attribute_drift> out;
    std::vector<std::string_view> done;
    for (const auto& attribute : resource.attributes) {
        if (!written_from_scim(attribute))
            continue;
        const std::string_view path = attribute.scim->text;
        if (std::find_if(done.begin(), done.end(), [&](std::string_view p) { return same_path(p, path); }) != done.end())
            continue;
        done.push_back(path);
        // The fields the vendor's value of this attribute is read from, in
        // the mapping's order (a later one present wins, as on any read).
        mapping::resource_mapping readers;
        readers.type = resource.type;
        for (const auto& candidate : resource.attributes)
            if (candidate.readable() && same_path(candidate.scim->text, path))
                readers.attributes.push_back(candidate);
        if (readers.attributes.empty())
            continue;
        const auto view = mapping::vendor_to_scim(readers, vendor_record, context.lookup);
        std::string read_from;
        for (const auto& reader : readers.attributes)
            read_from += (read_from.empty() ? "" : ", ") + reader.field;
        attribute_drift drift{std::string(path), read_from, scim_value(stored, *attribute.scim),
                              scim_value(view.attributes, *attribute.scim), {}};
        if (!view.problems.empty()) {
            drift.problem = view.problems.front();
            out.push_back(std::move(drift));
            continue;
        }
        // Every field written from the attribute, one at a time: a value
        // that cannot be converted spoils only its own comparison.
        bool differs = false;
        for (const auto& writer : resource.attributes) {
            if (differs || !written_from_scim(writer) || !same_path(writer.scim->text, path))
                continue;
            mapping::resource_mapping single;
            single.type = resource.type;
            single.attributes = {writer};
            const auto ours = mapping::render_fields(single, mapping::operation::update, &stored, context);
            const auto theirs = mapping::render_fields(single, mapping::operation::update, &view.attributes, context);
            if (!ours.error.empty())
                drift.problem = "the stored value cannot be sent: " + ours.error;
            else if (!theirs.error.empty())
                drift.problem = "the vendor's value cannot be sent back: " + theirs.error;
            differs = !drift.problem.empty() ||
                      !same_value(ours.fields.at(writer.field), theirs.fields.at(writer.field));
        }
        if (differs) {
            drift.not_carried = drift.problem.empty() && no_value(drift.vendor) &&
                                std::none_of(readers.attributes.begin(), readers.attributes.end(),
                                             [&](const mapping::attribute_mapping& reader) {
                                                 return carries_field(vendor_record, reader.field);
                                             });
            out.push_back(std::move(drift));
        }
    }
    return out;
}

} // namespace bridge
