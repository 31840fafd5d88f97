// Reading one resource type's mapping: attributes and operations.

#include "mapping/loader_parts.hpp"

namespace mapping::detail {

namespace {

const std::initializer_list<std::string_view> operation_names{
    "create", "get", "list", "update", "deactivate", "reactivate", "delete", "add_members", "remove_members"};

constexpr placeholder_set request_placeholders = configuration_placeholders | placeholder_kind::scim |
                                                 placeholder_kind::field | placeholder_kind::vendor_id;
// Writes may use what earlier answers about the resource kept; reads
// (get, list) keep nothing and read nothing kept.
constexpr placeholder_set write_placeholders = request_placeholders | placeholder_kind::kept;

generate_spec read_generate(load_state& state, const YAML::Node& node)
{
    generate_spec out;
    if (!state.reader.check_map(node, "generate", {"length", "charset", "characters"}))
        return out;
    out.length = static_cast<unsigned>(state.reader.integer(node, "length", 8, 256).value_or(20));
    const auto charset = state.reader.choice(node, "charset", {"alnum", "alnum_symbols", "digits", "hex"})
                             .value_or("alnum_symbols");
    const std::string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const std::string digits = "0123456789";
    out.charset = charset == "alnum"     ? letters + digits
                  : charset == "digits"  ? digits
                  : charset == "hex"     ? digits + "abcdef"
                                         : letters + digits + "!#%*+-=?@^_";
    if (auto characters = state.reader.text(node, "characters")) {
        if (node["charset"])
            state.reader.error(node["characters"], "'characters' and 'charset' exclude each other, expected one of them");
        if (characters->size() < 2)
            state.reader.error(node["characters"], "'characters' must offer at least two characters");
        out.charset = *characters;
    }
    return out;
}

std::optional<scim_path> read_scim_path(load_state& state, const YAML::Node& node, const std::string& resource_type)
{
    if (!node.IsScalar()) {
        state.reader.error(node, "'scim' must be a SCIM attribute path such as name.givenName");
        return std::nullopt;
    }
    auto parsed = parse_scim_path(node.Scalar());
    if (auto* message = std::get_if<std::string>(&parsed)) {
        state.reader.error(node, "invalid SCIM path '" + node.Scalar() + "': " + *message);
        return std::nullopt;
    }
    scim_path path = std::get<scim_path>(std::move(parsed));
    if (state.options.check_path)
        if (auto problem = state.options.check_path(resource_type, path)) {
            state.reader.error(node, *problem);
            return std::nullopt;
        }
    return path;
}

attribute_mapping read_attribute(load_state& state, const YAML::Node& node, const std::string& type)
{
    yaml_reader& r = state.reader;
    attribute_mapping out;
    out.mark = r.mark(node);
    if (!r.check_map(node, "attribute",
                     {"field", "scim", "value", "generate", "direction", "transforms", "on", "update", "in_body"},
                     {"field"}))
        return out;
    out.field = r.text(node, "field").value_or("");
    const int sources = (node["scim"] ? 1 : 0) + (node["value"] ? 1 : 0) + (node["generate"] ? 1 : 0);
    if (sources != 1)
        r.error(node, "attribute '" + out.field + "' needs exactly one source, expected one of: scim, value, generate");
    if (const YAML::Node scim = node["scim"])
        out.scim = read_scim_path(state, scim, type);
    if (const YAML::Node value = node["value"]) {
        // Text is a template; any other JSON (a list, an object, a number, a
        // boolean) is kept as written, its string leaves templates.
        const template_rules rules = state.rules(configuration_placeholders | placeholder_kind::scim, type);
        if (value.IsScalar() && yaml_reader::to_json(value).is_string())
            out.value = r.template_at(value, rules);
        else
            out.json_value = r.body(value, rules);
    }
    if (const YAML::Node generate = node["generate"])
        out.generate = read_generate(state, generate);
    if (auto dir = r.choice(node, "direction", {"both", "to_vendor", "from_vendor"}))
        out.dir = *dir == "to_vendor" ? direction::to_vendor : *dir == "from_vendor" ? direction::from_vendor : direction::both;
    else if (!out.scim)
        out.dir = direction::to_vendor;  // constants and generated values are never read back
    if (out.dir != direction::to_vendor && !node["scim"] && node["direction"])
        r.error(node["direction"], "only a 'scim' source can be read back, expected direction: to_vendor");
    out.transforms = read_transforms(state, node["transforms"], type);
    out.in_body = r.boolean(node, "in_body").value_or(true);
    if (out.dir == direction::both)
        for (const auto& t : out.transforms)
            if (!reversible(t.kind))
                r.error(node["transforms"], "transform '" + std::string(to_string(t.kind)) +
                                                "' cannot be reversed, expected direction: to_vendor on this attribute");
    if (const YAML::Node on = node["on"]) {
        out.on.clear();
        if (!on.IsSequence())
            r.error(on, "'on' must be a list of operations");
        else
            for (const auto& element : on) {
                auto op = element.IsScalar() ? parse_operation(element.Scalar()) : std::nullopt;
                if (!op)
                    r.error(element, "unknown operation, expected one of: " + join_names(operation_names));
                else
                    out.on.push_back(*op);
            }
    } else if (out.generate) {
        out.on = {operation::create};  // a generated password is set once
    }
    if (const YAML::Node update = node["update"])
        out.update_request = read_request(state, update, state.rules(write_placeholders | placeholder_kind::value, type));
    return out;
}

placeholder_set placeholders_for(operation op)
{
    switch (op) {
    case operation::list: return request_placeholders | placeholder_kind::page;
    case operation::get: return request_placeholders;
    case operation::add_members: return write_placeholders | placeholder_kind::member;
    case operation::remove_members:
        return write_placeholders | placeholder_kind::member | placeholder_kind::membership;
    default: return write_placeholders;
    }
}

void read_create(load_state& state, const YAML::Node& node, resource_mapping& out)
{
    yaml_reader& r = state.reader;
    create_spec& create = out.create;
    if (auto style = r.choice(node, "style", {"vendor_assigns_id", "client_chooses_id", "link_existing"}))
        create.style = *style == "client_chooses_id" ? create_style::client_chooses_id
                       : *style == "link_existing"   ? create_style::link_existing
                                                     : create_style::vendor_assigns_id;
    create.id = r.template_member(node, "id", state.rules(configuration_placeholders | placeholder_kind::scim, out.type));
    if (create.style == create_style::client_chooses_id && !node["id"])
        r.error(node, "client_chooses_id needs 'id', expected the template of the id we choose");
    if (create.style != create_style::client_chooses_id && node["id"])
        r.error(node["id"], "'id' is only for style client_chooses_id");
    if (const YAML::Node lookup = node["lookup"]) {
        if (!lookup.IsSequence() || lookup.size() == 0)
            r.error(lookup, "'lookup' must be a non-empty list of requests, tried in order");
        else
            for (const auto& element : lookup)
                create.lookup.push_back(read_request(
                    state, element,
                    state.rules(configuration_placeholders | placeholder_kind::scim | placeholder_kind::field |
                                    placeholder_kind::kept,
                                out.type)));
    }
    if (auto absent = r.choice(node, "when_absent", {"reject", "accept_and_link_later"}))
        create.absent = *absent == "reject" ? when_absent::reject : when_absent::accept_and_link_later;
    if (create.style == create_style::link_existing && !node["lookup"])
        r.error(node, "link_existing needs 'lookup', expected the request(s) that find the existing account");
    if (create.style != create_style::link_existing && node["when_absent"])
        r.error(node["when_absent"], "'when_absent' is only for style link_existing");
    if (create.style != create_style::link_existing && !node["request"] && !node["requests"])
        r.error(node, "create needs 'request' or 'requests' unless its style is link_existing");
}

// update's `on_change`: SCIM attribute -> {request | requests}, each run
// when that attribute's value changed.
std::vector<change_trigger> read_on_change(load_state& state, const YAML::Node& node, const std::string& type)
{
    std::vector<change_trigger> out;
    if (!node)
        return out;
    if (!node.IsMap()) {
        state.reader.error(node, "'on_change' must map SCIM attributes to requests, such as "
                                 "{password: {request: {method: PUT, path: …}}}");
        return out;
    }
    for (const auto& entry : node) {
        auto attribute = read_scim_path(state, entry.first, type);
        if (!state.reader.check_map(entry.second, "on_change '" + entry.first.Scalar() + "'", {"request", "requests"},
                                    {}))
            continue;
        auto requests = read_requests(state, entry.second, state.rules(placeholders_for(operation::update), type));
        if (!entry.second["request"] && !entry.second["requests"])
            state.reader.error(entry.second, "on_change '" + entry.first.Scalar() + "' needs 'request' or 'requests'");
        if (attribute)
            out.push_back({std::move(*attribute), std::move(requests)});
    }
    return out;
}

void read_operation(load_state& state, operation op, const YAML::Node& node, resource_mapping& out)
{
    yaml_reader& r = state.reader;
    const std::string what = "operation '" + std::string(to_string(op)) + "'";
    switch (op) {
    // Not a mapping: reported, and nothing more is read of it (yaml-cpp
    // throws on a key looked up in a scalar).
    case operation::create:
        if (!r.check_map(node, what, {"style", "id", "lookup", "when_absent", "request", "requests"}))
            return;
        read_create(state, node, out);
        break;
    case operation::update:
        if (!r.check_map(node, what, {"style", "request", "requests", "on_change"}))
            return;
        if (auto style = r.choice(node, "style", {"full", "delta", "per_attribute"}))
            out.update = *style == "delta" ? update_style::delta
                         : *style == "per_attribute" ? update_style::per_attribute
                                                     : update_style::full;
        if (out.update != update_style::per_attribute && node.IsMap() && !node["request"] && !node["requests"])
            r.error(node, "update needs 'request' or 'requests' unless its style is per_attribute");
        break;
    case operation::list: r.check_map(node, what, {"request", "requests", "paging"}, {}); break;
    default: r.check_map(node, what, {"request", "requests"}); break;
    }
    if (!node.IsMap())
        return;
    operation_spec spec;
    spec.requests = read_requests(state, node, state.rules(placeholders_for(op), out.type));
    if (op != operation::create && op != operation::update && spec.requests.empty())
        r.error(node, what + " needs 'request' or 'requests'");
    if (op == operation::list)
        spec.paging = read_paging(state, node["paging"], spec.requests);
    if (op == operation::update)
        spec.on_change = read_on_change(state, node["on_change"], out.type);
    out.operations.emplace(op, std::move(spec));
}

} // namespace

namespace {

// Two mappings of one vendor field that are both written on one operation
// (the request body would carry one of them, whichever came last) or both
// read back (the SCIM attribute would depend on the order): one is a copy
// an edit forgot, or the two conflict.
void report_duplicate_fields(load_state& state, const std::vector<attribute_mapping>& attributes)
{
    for (std::size_t i = 0; i < attributes.size(); ++i)
        for (std::size_t j = 0; j < i; ++j) {
            const auto& first = attributes[j];
            const auto& again = attributes[i];
            if (first.field.empty() || first.field != again.field)
                continue;
            bool written_twice = false;
            if (first.dir != direction::from_vendor && again.dir != direction::from_vendor)
                for (const auto op : again.on)
                    written_twice = written_twice || first.written_on(op);
            const bool read_twice = first.readable() && again.readable();
            if (!written_twice && !read_twice)
                continue;
            state.reader.error(again.mark, "vendor field '" + again.field + "' is mapped twice (first at line " +
                                               std::to_string(first.mark.line) + ", column " +
                                               std::to_string(first.mark.column) + "), both " +
                                               (written_twice ? "written" : "read back") +
                                               ", expected one mapping per field (or `on:` / `direction:` that "
                                               "keep them apart)");
            break;
        }
}

} // namespace

resource_mapping read_resource(load_state& state, const std::string& type, const YAML::Node& node)
{
    resource_mapping out;
    out.type = type;
    out.mark = state.reader.mark(node);
    if (!state.reader.check_map(node, "resource '" + type + "'", {"attributes", "operations"}, {"operations"}))
        return out;
    // Known before any template is read, attribute `update:` requests included.
    state.mapped_fields.emplace();
    if (const YAML::Node attributes = node["attributes"]; attributes && attributes.IsSequence())
        for (const auto& element : attributes)
            if (element.IsMap() && element["field"] && element["field"].IsScalar())
                state.mapped_fields->push_back(element["field"].Scalar());
    auto kept = collect_kept_names(node);
    out.keeps_values = !kept.resource.empty();
    out.keeps_membership_values = !kept.membership.empty();
    state.kept_names = std::move(kept.resource);
    state.membership_kept_names = std::move(kept.membership);
    if (const YAML::Node attributes = node["attributes"]) {
        if (!attributes.IsSequence())
            state.reader.error(attributes, "'attributes' must be a list of attribute mappings");
        else
            for (const auto& element : attributes)
                out.attributes.push_back(read_attribute(state, element, type));
    }
    if (const YAML::Node operations = node["operations"]; operations && operations.IsMap()) {
        for (const auto& entry : operations) {
            auto op = parse_operation(entry.first.Scalar());
            if (!op)
                state.reader.error(entry.first, "unknown operation '" + entry.first.Scalar() +
                                                    "', expected one of: " + join_names(operation_names));
            else
                read_operation(state, *op, entry.second, out);
        }
    } else if (operations) {
        state.reader.error(operations, "'operations' must be a mapping from operation names to requests");
    }
    // Cross-field rules, now that both halves are known.
    auto match_outside_lookup = [&](const request_spec& request) {
        if (!request.response.match.empty())
            state.reader.error(request.mark, "'match' is only for the look-ups of create (lookup:), expected it "
                                             "there or not at all");
        if (request.only_if)
            state.reader.error(request.mark, "'only_if' is only for the look-ups of create (lookup:), expected it "
                                             "there or not at all");
    };
    for (const auto& [op, spec] : out.operations)
        for (const auto& request : spec.requests) {
            match_outside_lookup(request);
            // A read changes nothing at the vendor: what it answers is read
            // afresh each time, never kept for later writes.
            if ((op == operation::get || op == operation::list) && !request.response.keep.empty())
                state.reader.error(request.mark, "'keep' is for the requests of writes, expected it on create, "
                                                 "update, deactivate, reactivate, delete or a membership request");
        }
    state.mapped_fields.reset();
    state.kept_names.reset();
    state.membership_kept_names.reset();
    report_duplicate_fields(state, out.attributes);
    const bool per_attribute = out.update == update_style::per_attribute;
    for (const auto& a : out.attributes) {
        if (a.update_request)
            match_outside_lookup(*a.update_request);
        if (a.update_request && !per_attribute)
            state.reader.error(a.mark, "attribute '" + a.field +
                                           "' has 'update' but the update style is not per_attribute, expected "
                                           "update: {style: per_attribute}");
        if (per_attribute && !a.update_request && a.written_on(operation::update) && a.dir != direction::from_vendor)
            state.reader.error(a.mark, "attribute '" + a.field +
                                           "' is written on update but has no 'update' request, expected one "
                                           "(update style per_attribute) or on: [create]");
    }
    return out;
}

} // namespace mapping::detail
