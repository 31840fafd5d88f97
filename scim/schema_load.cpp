// schema_registry::load: the RFC 7643 §7 / §6 JSON representations of schemas
// and resource types -> the immutable model. Start-up code: malformed input
// throws, naming the file and the key path, and unknown keys are errors so a
// typo in a characteristic cannot silently change behaviour.

#include "scim/schema.hpp"
#include "scim/schema_urns.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <map>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>

namespace scim {

namespace {

namespace json = boost::json;

class load_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& where, const std::string& what)
{
    throw load_error(where + ": " + what);
}

void reject_unknown_keys(const json::object& o, std::initializer_list<std::string_view> known, const std::string& where)
{
    for (const auto& kv : o)
        if (std::find(known.begin(), known.end(), std::string_view(kv.key())) == known.end())
            fail(where, "unknown key \"" + std::string(kv.key()) + "\"");
}

std::string get_string(const json::object& o, std::string_view key, const std::string& where, bool required)
{
    const json::value* v = o.if_contains(key);
    if (!v) {
        if (required)
            fail(where, "missing \"" + std::string(key) + "\"");
        return {};
    }
    if (!v->is_string())
        fail(where + "." + std::string(key), "expected a string");
    return std::string(v->get_string());
}

bool get_bool(const json::object& o, std::string_view key, const std::string& where)
{
    const json::value* v = o.if_contains(key);
    if (!v)
        return false;
    if (!v->is_bool())
        fail(where + "." + std::string(key), "expected true or false");
    return v->get_bool();
}

std::vector<std::string> get_strings(const json::object& o, std::string_view key, const std::string& where)
{
    std::vector<std::string> out;
    const json::value* v = o.if_contains(key);
    if (!v)
        return out;
    if (!v->is_array())
        fail(where + "." + std::string(key), "expected an array of strings");
    for (const auto& item : v->get_array()) {
        if (!item.is_string())
            fail(where + "." + std::string(key), "expected an array of strings");
        out.emplace_back(item.get_string());
    }
    return out;
}

template <class Enum>
Enum get_enum(const json::object& o, std::string_view key, const std::string& where, Enum fallback,
              std::initializer_list<std::pair<std::string_view, Enum>> words)
{
    std::string text = get_string(o, key, where, false);
    if (text.empty())
        return fallback;
    for (const auto& [word, value] : words)
        if (word == text)
            return value;
    fail(where + "." + std::string(key), "unknown value \"" + text + "\"");
}

attribute parse_attribute(const json::value& v, const std::string& where, int depth)
{
    if (!v.is_object())
        fail(where, "expected an attribute object");
    const json::object& o = v.get_object();
    reject_unknown_keys(o,
                        {"name", "type", "multiValued", "required", "caseExact", "mutability", "returned", "uniqueness",
                         "description", "canonicalValues", "referenceTypes", "subAttributes"},
                        where);
    attribute a;
    a.name = get_string(o, "name", where, true);
    const std::string here = where + "(" + a.name + ")";
    a.type = get_enum(o, "type", here, attribute_type::string,
                      {{"string", attribute_type::string},
                       {"boolean", attribute_type::boolean},
                       {"decimal", attribute_type::decimal},
                       {"integer", attribute_type::integer},
                       {"dateTime", attribute_type::date_time},
                       {"binary", attribute_type::binary},
                       {"reference", attribute_type::reference},
                       {"complex", attribute_type::complex}});
    a.multi_valued = get_bool(o, "multiValued", here);
    a.required = get_bool(o, "required", here);
    a.case_exact = get_bool(o, "caseExact", here);
    a.mutability = get_enum(o, "mutability", here, mutability::read_write,
                            {{"readOnly", mutability::read_only},
                             {"readWrite", mutability::read_write},
                             {"immutable", mutability::immutable},
                             {"writeOnly", mutability::write_only}});
    a.returned = get_enum(o, "returned", here, returned::by_default,
                          {{"always", returned::always},
                           {"never", returned::never},
                           {"default", returned::by_default},
                           {"request", returned::request}});
    a.uniqueness = get_enum(o, "uniqueness", here, uniqueness::none,
                            {{"none", uniqueness::none}, {"server", uniqueness::server}, {"global", uniqueness::global}});
    a.description = get_string(o, "description", here, false);
    a.canonical_values = get_strings(o, "canonicalValues", here);
    a.reference_types = get_strings(o, "referenceTypes", here);
    if (const json::value* subs = o.if_contains("subAttributes")) {
        // RFC 7643 §2.3.8: complex attributes nest exactly one level.
        if (a.type != attribute_type::complex || depth > 0)
            fail(here, "only a top-level complex attribute may have subAttributes");
        if (!subs->is_array())
            fail(here + ".subAttributes", "expected an array");
        for (const auto& sub : subs->get_array())
            a.sub_attributes.push_back(parse_attribute(sub, here + ".subAttributes", depth + 1));
    }
    if (a.type == attribute_type::complex && a.sub_attributes.empty())
        fail(here, "a complex attribute needs subAttributes");
    return a;
}

std::unique_ptr<schema> parse_schema(const json::object& o, const std::string& where)
{
    reject_unknown_keys(o, {"schemas", "id", "name", "description", "attributes", "meta"}, where);
    auto s = std::make_unique<schema>();
    s->id = get_string(o, "id", where, true);
    s->name = get_string(o, "name", where, false);
    s->description = get_string(o, "description", where, false);
    const json::value* attrs = o.if_contains("attributes");
    if (!attrs || !attrs->is_array())
        fail(where, "\"attributes\" must be an array");
    for (const auto& a : attrs->get_array())
        s->attributes.push_back(parse_attribute(a, where + ".attributes", 0));
    return s;
}

// Resource types name their schemas by URN; they are resolved once every
// schema file has been read, so file order does not matter.
struct pending_resource_type {
    json::object body;
    std::string where;
};

bool declares(const json::object& o, std::string_view urn)
{
    const json::value* schemas = o.if_contains("schemas");
    if (!schemas || !schemas->is_array())
        return false;
    const auto& arr = schemas->get_array();
    return std::any_of(arr.begin(), arr.end(), [&](const json::value& v) { return v.is_string() && v.get_string() == urn; });
}

json::value read_json_file(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw load_error(file.string() + ": cannot be read");
    std::stringstream buffer;
    buffer << in.rdbuf();
    boost::system::error_code ec;
    json::value v = json::parse(buffer.str(), ec);
    if (ec)
        throw load_error(file.string() + ": not valid JSON: " + ec.message());
    return v;
}

} // namespace

std::shared_ptr<const schema_registry> schema_registry::load(const std::filesystem::path& dir)
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        // *.schema.json files are JSON Schema documents for editors (the
        // mapping-file format), not SCIM definitions.
        if (entry.is_regular_file() && name.ends_with(".json") && !name.ends_with(".schema.json"))
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());

    auto registry = std::make_shared<schema_registry>();
    std::vector<pending_resource_type> pending;
    for (const auto& file : files) {
        json::value doc = read_json_file(file);
        // A file holds one definition or an array of them.
        json::array items = doc.is_array() ? doc.get_array() : json::array{doc};
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string where = file.filename().string() + (doc.is_array() ? "[" + std::to_string(i) + "]" : "");
            if (!items[i].is_object())
                fail(where, "expected a Schema or ResourceType object");
            const json::object& o = items[i].get_object();
            if (declares(o, urn::resource_type))
                pending.push_back({o, where});
            else if (declares(o, urn::schema))
                registry->schemas_.push_back(parse_schema(o, where));
            else
                fail(where, std::string("\"schemas\" must name ") + urn::schema + " or " + urn::resource_type);
        }
    }

    for (const auto& s : registry->schemas_)
        if (std::count_if(registry->schemas_.begin(), registry->schemas_.end(),
                          [&](const auto& other) { return other->id == s->id; })
            > 1)
            throw load_error("schema " + s->id + " is defined twice");

    for (const auto& [o, where] : pending) {
        reject_unknown_keys(o, {"schemas", "id", "name", "endpoint", "description", "schema", "schemaExtensions", "meta"},
                            where);
        auto t = std::make_unique<resource_type>();
        t->name = get_string(o, "name", where, true);
        t->id = get_string(o, "id", where, false);
        if (t->id.empty())
            t->id = t->name;
        t->endpoint = get_string(o, "endpoint", where, true);
        t->description = get_string(o, "description", where, false);
        const std::string core = get_string(o, "schema", where, true);
        t->core = registry->find_schema(core);
        if (!t->core)
            fail(where + ".schema", "no schema file defines " + core);
        if (const json::value* exts = o.if_contains("schemaExtensions")) {
            if (!exts->is_array())
                fail(where + ".schemaExtensions", "expected an array");
            for (const auto& ext : exts->get_array()) {
                const std::string here = where + ".schemaExtensions";
                if (!ext.is_object())
                    fail(here, "expected an object");
                reject_unknown_keys(ext.get_object(), {"schema", "required"}, here);
                const std::string urn_text = get_string(ext.get_object(), "schema", here, true);
                const schema* s = registry->find_schema(urn_text);
                if (!s)
                    fail(here, "no schema file defines " + urn_text);
                t->extensions.push_back({s, get_bool(ext.get_object(), "required", here)});
            }
        }
        if (registry->find_resource_type(t->name))
            fail(where, "resource type " + t->name + " is defined twice");
        registry->resource_types_.push_back(std::move(t));
    }
    return registry;
}

std::shared_ptr<const schema_registry>
schema_registry::extended(const std::vector<extension_definition>& extensions) const
{
    // A deep copy: resource types point at schemas, so those pointers are
    // redirected to the copies.
    auto copy = std::make_shared<schema_registry>();
    std::map<const schema*, const schema*> moved;
    for (const auto& s : schemas_) {
        copy->schemas_.push_back(std::make_unique<schema>(*s));
        moved[s.get()] = copy->schemas_.back().get();
    }
    for (const auto& t : resource_types_) {
        auto type = std::make_unique<resource_type>(*t);
        type->core = t->core ? moved.at(t->core) : nullptr;
        for (auto& e : type->extensions)
            e.extension = moved.at(e.extension);
        copy->resource_types_.push_back(std::move(type));
    }
    for (const auto& definition : extensions) {
        auto parsed = parse_schema(definition.schema_json, definition.where);
        if (copy->find_schema(parsed->id))
            fail(definition.where, "schema " + parsed->id + " is already defined");
        resource_type* type = nullptr;
        for (auto& t : copy->resource_types_)
            if (t->name == definition.resource_type)
                type = t.get();
        if (!type)
            fail(definition.where, "no resource type " + definition.resource_type);
        copy->schemas_.push_back(std::move(parsed));
        type->extensions.push_back({copy->schemas_.back().get(), false});
    }
    return copy;
}

} // namespace scim
