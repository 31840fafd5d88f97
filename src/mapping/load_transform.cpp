// Reading the transform chain of an attribute mapping.

#include "mapping/loader_parts.hpp"
#include "mapping/time_zones.hpp"

namespace mapping::detail {

namespace {

const std::initializer_list<std::string_view> transform_names{
    "upper", "lower", "trim", "default", "template", "map", "date", "boolean", "country", "language", "time_zone",
    "reference", "integer", "array", "odata", "soql", "url", "truncate"};

// The transforms that take no argument: written as a bare name.
std::optional<transform_kind> bare_transform(std::string_view name)
{
    for (const auto kind : {transform_kind::upper, transform_kind::lower, transform_kind::trim, transform_kind::integer,
                            transform_kind::array, transform_kind::odata, transform_kind::soql, transform_kind::url})
        if (to_string(kind) == name)
            return kind;
    return std::nullopt;
}

const std::initializer_list<std::string_view> date_forms{"iso8601",      "iso8601_millis", "sql_datetime",
                                                             "date",         "epoch_seconds",  "epoch_millis"};

std::optional<transform> read_one(load_state& state, const YAML::Node& node, const std::string& resource_type)
{
    yaml_reader& r = state.reader;
    transform out;
    if (node.IsScalar()) {
        const std::string& name = node.Scalar();
        if (auto kind = bare_transform(name)) {
            out.kind = *kind;
            return out;
        }
        r.error(node, "unknown transform '" + name + "', expected one of: " + join_names(transform_names) +
                          " (all but upper, lower, trim, integer, array, odata, soql and url take an argument: "
                          "{name: argument})");
        return std::nullopt;
    }
    if (!node.IsMap() || node.size() != 1) {
        r.error(node, "a transform must be a name or a single-key mapping {name: argument}");
        return std::nullopt;
    }
    const auto entry = *node.begin();
    const std::string name = entry.first.Scalar();
    const YAML::Node arg = entry.second;
    if (bare_transform(name)) {
        r.error(entry.first, "transform '" + name + "' takes no argument, expected just its name: " + name);
        return std::nullopt;
    }
    if (name == "default") {
        out.kind = transform_kind::default_value;
        out.argument = yaml_reader::to_json(arg);
    } else if (name == "truncate") {
        out.kind = transform_kind::truncate;
        std::size_t length = 0;
        if (!arg.IsScalar() || !YAML::convert<std::size_t>::decode(arg, length) || length == 0) {
            r.error(arg, "truncate needs the maximum length in characters, e.g. {truncate: 40}");
            return std::nullopt;
        }
        out.max_length = length;
    } else if (name == "template") {
        out.kind = transform_kind::text_template;
        auto text = r.template_at(arg, state.rules(placeholder_kind::value | placeholder_kind::param | placeholder_kind::scim,
                                                   resource_type));
        if (!text)
            return std::nullopt;
        out.text = std::move(*text);
    } else if (name == "map") {
        out.kind = transform_kind::value_map;
        if (!r.check_map(arg, "map", {"table", "default", "reverse_default"}, {"table"}))
            return std::nullopt;
        if (const YAML::Node table = arg["table"]; table && table.IsMap())
            for (const auto& row : table)
                out.table.emplace_back(yaml_reader::to_json(row.first), yaml_reader::to_json(row.second));
        else if (table)
            r.error(table, "'table' must be a mapping from SCIM values to vendor values");
        if (arg["default"])
            out.map_default = yaml_reader::to_json(arg["default"]);
        if (arg["reverse_default"])
            out.map_reverse_default = yaml_reader::to_json(arg["reverse_default"]);
    } else if (name == "date") {
        out.kind = transform_kind::date;
        // `date: sql_datetime` is short for {from: iso8601, to: sql_datetime}.
        if (arg.IsScalar()) {
            auto to = parse_date_form(arg.Scalar());
            if (!to) {
                r.error(arg, "unknown date form '" + arg.Scalar() + "', expected one of: " + join_names(date_forms));
                return std::nullopt;
            }
            out.to = *to;
        } else {
            if (!r.check_map(arg, "date", {"from", "to"}, {"to"}))
                return std::nullopt;
            auto from = r.choice(arg, "from", date_forms);
            auto to = r.choice(arg, "to", date_forms);
            if (!to)
                return std::nullopt;
            out.from = from ? *parse_date_form(*from) : date_form::iso8601;
            out.to = *parse_date_form(*to);
        }
    } else if (name == "boolean") {
        out.kind = transform_kind::boolean;
        // A missing form is reported by check_map; reading it would throw.
        if (!r.check_map(arg, "boolean", {"true", "false"}, {"true", "false"}) || !arg["true"] || !arg["false"])
            return std::nullopt;
        out.true_form = yaml_reader::to_json(arg["true"]);
        out.false_form = yaml_reader::to_json(arg["false"]);
    } else if (name == "country") {
        out.kind = transform_kind::country;
        if (!arg.IsScalar() || (arg.Scalar() != "alpha2" && arg.Scalar() != "alpha3")) {
            r.error(arg, "unknown country form, expected alpha2 or alpha3");
            return std::nullopt;
        }
        out.country = arg.Scalar() == "alpha3" ? country_form::alpha3 : country_form::alpha2;
    } else if (name == "language") {
        out.kind = transform_kind::language;
        auto form = arg.IsScalar() ? parse_language_form(arg.Scalar()) : std::nullopt;
        if (!form) {
            r.error(arg, "unknown language form, expected one of: bcp47, posix, language_upper, language_lower, "
                         "posix_doubled");
            return std::nullopt;
        }
        out.language = *form;
    } else if (name == "time_zone") {
        out.kind = transform_kind::time_zone;
        if (!arg.IsScalar() || (arg.Scalar() != "iana" && arg.Scalar() != "utc_offset")) {
            r.error(arg, "unknown time zone form, expected iana or utc_offset");
            return std::nullopt;
        }
        out.zone = arg.Scalar() == "utc_offset" ? time_zone_form::utc_offset : time_zone_form::iana;
        // Reads the system's tzdata now, at load (about 50 ms, once), rather
        // than in the first request that converts a time zone.
        all_time_zones();
    } else if (name == "reference") {
        out.kind = transform_kind::reference;
        if (!arg.IsScalar() || (arg.Scalar() != "User" && arg.Scalar() != "Group")) {
            r.error(arg, "unknown reference type, expected User or Group");
            return std::nullopt;
        }
        out.reference_type = arg.Scalar();
    } else {
        r.error(entry.first, "unknown transform '" + name + "', expected one of: " + join_names(transform_names));
        return std::nullopt;
    }
    return out;
}

} // namespace

std::vector<transform> read_transforms(load_state& state, const YAML::Node& node, const std::string& resource_type)
{
    std::vector<transform> out;
    if (!node)
        return out;
    if (!node.IsSequence()) {
        state.reader.error(node, "'transforms' must be a list, applied in order");
        return out;
    }
    for (const auto& element : node)
        if (auto t = read_one(state, element, resource_type))
            out.push_back(std::move(*t));
    return out;
}

} // namespace mapping::detail
