// Filter evaluation (RFC 7644 §3.4.2.2) against canonical resources.
#include "scim/case_fold.hpp"
#include "scim/error.hpp"
#include "scim/filter.hpp"
#include "scim/value_compare.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace json = boost::json;

namespace scim {
namespace {

// What one comparison looks at: the definition that says how values compare
// and every value found (the elements of a multi-valued attribute, each
// counting on its own).
struct operand {
    const attribute* leaf = nullptr;
    std::vector<const json::value*> values;
};

void append_values(const json::value* holder, operand& out)
{
    if (!holder)
        return;
    if (const json::array* elements = holder->if_array())
        for (const json::value& element : *elements)
            out.values.push_back(&element);
    else
        out.values.push_back(holder);
}

// The values of `attr` (whose whole value is `holder`) or of its
// sub-attribute `sub`. A multi-valued complex attribute named without a
// sub-attribute stands for its elements' "value" (RFC 7644 §3.4.2.2:
// `emails co "x"` tests emails.value).
operand collect(const attribute& attr, const attribute* sub, const json::value* holder)
{
    if (!sub && attr.type == attribute_type::complex && attr.multi_valued)
        sub = attr.find_sub("value");
    operand result{sub ? sub : &attr, {}};
    if (!holder || !sub) {
        append_values(holder, result);
        return result;
    }
    auto from_element = [&](const json::value& element) {
        if (const json::object* object = element.if_object())
            append_values(find_member(*object, sub->name), result);
    };
    if (const json::array* elements = holder->if_array())
        std::for_each(elements->begin(), elements->end(), from_element);
    else
        from_element(*holder);
    return result;
}

// `schemas` is in every resource but in no schema; it is a multi-valued
// URI, and URIs in `schemas` compare case-insensitively like names.
const attribute& schemas_attribute()
{
    static const attribute instance = [] {
        attribute a;
        a.name = "schemas";
        a.type = attribute_type::reference;
        a.multi_valued = true;
        return a;
    }();
    return instance;
}

std::string_view op_name(compare_op op)
{
    static constexpr std::string_view names[] = {"eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"};
    return names[static_cast<int>(op)];
}

bool is_ordering(compare_op op)
{
    return op == compare_op::gt || op == compare_op::ge || op == compare_op::lt || op == compare_op::le;
}
bool is_substring(compare_op op) { return op == compare_op::co || op == compare_op::sw || op == compare_op::ew; }

[[noreturn]] void reject(const attribute& leaf, compare_op op, std::string_view why)
{
    throw_invalid_filter("'" + std::string(op_name(op)) + "' cannot compare '" + leaf.name + "': " + std::string(why));
}

bool is_string_like(attribute_type type)
{
    return type == attribute_type::string || type == attribute_type::reference || type == attribute_type::binary
        || type == attribute_type::date_time;
}

// A comparison's literal, checked once against the attribute's type so that
// a forbidden comparison fails whatever the data (RFC 7644 §3.4.2.2: gt/ge/
// lt/le on boolean or binary attributes is invalidFilter), and prepared for
// the per-value tests.
struct prepared_comparison {
    compare_op op;
    const attribute* leaf;
    const json::value* literal;
    std::string text;  // string form of the literal for string-like attributes
    std::string folded_text;  // text case-folded, for co/sw/ew on a caseExact=false attribute
    std::optional<date_time_instant> instant;
    bool type_matches = true;  // false: no value can match (e.g. a number against a string)
};

prepared_comparison prepare(compare_op op, const attribute& leaf, const json::value& literal)
{
    prepared_comparison p{op, &leaf, &literal, {}, {}, {}, true};
    const attribute_type type = leaf.type;
    if (type == attribute_type::complex && (is_ordering(op) || is_substring(op)))
        reject(leaf, op, "it is complex; name a sub-attribute");
    if ((type == attribute_type::boolean || type == attribute_type::binary) && is_ordering(op))
        reject(leaf, op, "booleans and binary values have no order");
    if ((type == attribute_type::boolean || type == attribute_type::integer || type == attribute_type::decimal)
        && is_substring(op))
        reject(leaf, op, "co, sw and ew apply to strings");

    if (is_string_like(type)) {
        if (literal.is_string())
            p.text = literal.get_string();
        else if (literal.is_int64() || literal.is_uint64())  // an unquoted id such as 12345
            p.text = json::serialize(literal);
        else
            p.type_matches = false;
        if (p.type_matches && is_substring(op) && !leaf.case_exact && type != attribute_type::binary)
            p.folded_text = fold_case(p.text);
        if (p.type_matches && type == attribute_type::date_time && !is_substring(op)) {
            p.instant = parse_date_time(p.text);
            if (!p.instant)
                reject(leaf, op, "'" + p.text + "' is not an xsd:dateTime such as 2011-05-13T04:42:34Z");
        }
    } else if (type == attribute_type::boolean) {
        // Identity providers write booleans as strings ("True") elsewhere too.
        if (literal.is_string() && (strings_equal(literal.get_string(), "true", false)
                                    || strings_equal(literal.get_string(), "false", false)))
            p.text = literal.get_string();
        else
            p.type_matches = literal.is_bool();
    } else if (type == attribute_type::integer || type == attribute_type::decimal) {
        p.type_matches = literal.is_number();
    } else {
        p.type_matches = false;  // eq/ne on a complex value matches nothing
    }
    return p;
}

bool literal_bool(const prepared_comparison& p)
{
    return p.literal->is_bool() ? p.literal->get_bool() : strings_equal(p.text, "true", false);
}

// co, sw and ew on bytes, case as it is.
bool substring_matches(compare_op op, std::string_view actual, std::string_view needle)
{
    switch (op) {
    case compare_op::co: return actual.find(needle) != std::string_view::npos;
    case compare_op::sw: return actual.starts_with(needle);
    case compare_op::ew: return actual.ends_with(needle);
    default: return false;
    }
}

// co, sw and ew ignoring case. ASCII texts compare in place, folding byte by
// byte; otherwise the value is folded whole and searched for the folded
// literal: folding may change a text's length in bytes ("\u212A", the
// Kelvin sign, folds to "k"), so the original bytes have no fixed window to
// compare. UTF-8 being self-synchronising, a folded literal found in a folded
// value starts and ends on character boundaries.
bool substring_matches_folded(compare_op op, std::string_view actual, const prepared_comparison& p)
{
    if (!is_ascii(actual) || !is_ascii(p.text))
        return substring_matches(op, fold_case(actual), p.folded_text);
    const std::string_view needle = p.text;
    if (needle.size() > actual.size())
        return false;
    switch (op) {
    case compare_op::co:
        for (std::size_t at = 0; at + needle.size() <= actual.size(); ++at)
            if (strings_equal(actual.substr(at, needle.size()), needle, false))
                return true;
        return false;
    case compare_op::sw: return strings_equal(actual.substr(0, needle.size()), needle, false);
    case compare_op::ew: return strings_equal(actual.substr(actual.size() - needle.size()), needle, false);
    default: return false;
    }
}

bool apply_order(compare_op op, int order)
{
    switch (op) {
    case compare_op::eq: return order == 0;
    case compare_op::gt: return order > 0;
    case compare_op::ge: return order >= 0;
    case compare_op::lt: return order < 0;
    case compare_op::le: return order <= 0;
    default: return false;
    }
}

// One value against the literal; `op` is never ne (handled as not eq).
bool compare_one(const prepared_comparison& p, const json::value& value)
{
    const attribute& leaf = *p.leaf;
    switch (leaf.type) {
    case attribute_type::boolean: return value.is_bool() && value.get_bool() == literal_bool(p);
    case attribute_type::integer:
    case attribute_type::decimal:
        return value.is_number() && apply_order(p.op, compare_values(value, *p.literal, leaf));
    case attribute_type::complex: return false;
    default: break;
    }
    if (!value.is_string())
        return false;
    const std::string_view actual = value.get_string();
    const bool case_exact = leaf.case_exact || leaf.type == attribute_type::binary;
    if (is_substring(p.op))
        return case_exact ? substring_matches(p.op, actual, p.text) : substring_matches_folded(p.op, actual, p);
    if (p.instant) {
        const auto instant = parse_date_time(actual);
        return instant && apply_order(p.op, *instant < *p.instant ? -1 : (*p.instant < *instant ? 1 : 0));
    }
    if (p.op == compare_op::eq)
        return strings_equal(actual, p.text, case_exact);
    return apply_order(p.op, compare_strings(actual, p.text, case_exact));
}

bool is_present(const json::value& v)
{
    if (const json::string* s = v.if_string())
        return !s->empty();
    if (const json::array* a = v.if_array())
        return std::any_of(a->begin(), a->end(), is_present);
    if (const json::object* o = v.if_object())
        return std::any_of(o->begin(), o->end(), [](const json::key_value_pair& kv) { return is_present(kv.value()); });
    return !v.is_null();
}

bool evaluate_presence(const operand& o)
{
    return std::any_of(o.values.begin(), o.values.end(), [](const json::value* v) { return is_present(*v); });
}

bool evaluate_comparison(const compare_filter& f, const operand& o)
{
    if (f.value.is_null()) {
        // `eq null` asks "unassigned?" (RFC 7643 §2.5: null means no value).
        if (f.op == compare_op::eq || f.op == compare_op::ne)
            return (f.op == compare_op::eq) == !evaluate_presence(o);
        reject(*o.leaf, f.op, "only eq and ne compare with null");
    }
    const compare_op op = f.op == compare_op::ne ? compare_op::eq : f.op;
    const prepared_comparison p = prepare(op, *o.leaf, f.value);
    const bool any = p.type_matches
        && std::any_of(o.values.begin(), o.values.end(), [&](const json::value* v) { return compare_one(p, *v); });
    // ne on a multi-valued attribute: no element equals (so ne on a missing
    // attribute is true).
    return f.op == compare_op::ne ? !any : any;
}

// Resolves a resource-level path to its operand; nullopt when the attribute
// is unknown (an unknown attribute matches nothing, not an error).
std::optional<operand> resource_operand(const attribute_path& path, const json::object& resource,
                                        const resource_type& type)
{
    if (const auto resolved = resolve(type, path))
        return collect(*resolved->attr, resolved->sub, find_attribute_value(resource, *resolved));
    if (path.schema_urn.empty() && path.sub_attribute.empty() && strings_equal(path.attribute, "schemas", false))
        return collect(schemas_attribute(), nullptr, find_member(resource, "schemas"));
    return std::nullopt;
}

// Resolves a path relative to one element of `multi_valued_attribute`.
std::optional<operand> element_operand(const attribute_path& path, const json::value& element,
                                       const attribute& multi_valued_attribute)
{
    if (!path.schema_urn.empty() || !path.sub_attribute.empty())
        return std::nullopt;
    if (const json::object* object = element.if_object()) {
        const attribute* sub = multi_valued_attribute.find_sub(path.attribute);
        if (!sub)
            return std::nullopt;
        operand result{sub, {}};
        append_values(find_member(*object, sub->name), result);
        return result;
    }
    // The elements of a simple multi-valued attribute are their own "value".
    if (multi_valued_attribute.type != attribute_type::complex && strings_equal(path.attribute, "value", false))
        return operand{&multi_valued_attribute, {&element}};
    return std::nullopt;
}

// The hot path of PATCH member removal, `value eq "<id>"` against each of
// thousands of members: decided on the raw strings without building an
// operand. Returns nullopt when the general path must decide.
std::optional<bool> fast_value_equality(const compare_filter& f, const json::value& element,
                                        const attribute& multi_valued_attribute)
{
    if (f.op != compare_op::eq || !f.value.is_string() || !element.is_object() || !f.path.schema_urn.empty()
        || !f.path.sub_attribute.empty())
        return std::nullopt;
    // The canonical spelling by byte comparison first, before the
    // case-insensitive search.
    const auto& subs = multi_valued_attribute.sub_attributes;
    const auto exact =
        std::find_if(subs.begin(), subs.end(), [&](const attribute& a) { return a.name == f.path.attribute; });
    const attribute* sub = exact != subs.end() ? &*exact : multi_valued_attribute.find_sub(f.path.attribute);
    // Only plain strings compare byte-wise (dateTime equality is chronological).
    if (!sub || sub->multi_valued || (sub->type != attribute_type::string && sub->type != attribute_type::reference))
        return std::nullopt;
    const json::object& object = element.get_object();
    const auto it = object.find(sub->name);
    if (it == object.end() || !it->value().is_string())
        return std::nullopt;
    return strings_equal(it->value().get_string(), f.value.get_string(), sub->case_exact);
}

template <class Operand>
bool evaluate_leaf(const auto& leaf_filter, Operand&& resolve_operand)
{
    const std::optional<operand> o = resolve_operand(leaf_filter.path);
    if (!o)
        return false;
    if constexpr (std::is_same_v<std::decay_t<decltype(leaf_filter)>, presence_filter>)
        return evaluate_presence(*o);
    else
        return evaluate_comparison(leaf_filter, *o);
}

} // namespace

bool matches(const filter_node& filter, const json::object& resource, const resource_type& type)
{
    auto operand_of = [&](const attribute_path& path) { return resource_operand(path, resource, type); };
    return std::visit(
        [&](const auto& node) -> bool {
            using node_type = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<node_type, logical_filter>)
                return node.is_and ? matches(*node.left, resource, type) && matches(*node.right, resource, type)
                                   : matches(*node.left, resource, type) || matches(*node.right, resource, type);
            else if constexpr (std::is_same_v<node_type, not_filter>)
                return !matches(*node.inner, resource, type);
            else if constexpr (std::is_same_v<node_type, value_path_filter>) {
                const auto resolved = resolve(type, node.path);
                if (!resolved || resolved->sub || resolved->attr->type != attribute_type::complex)
                    return false;
                const json::value* holder = find_attribute_value(resource, *resolved);
                if (!holder)
                    return false;
                if (const json::array* elements = holder->if_array())
                    return std::any_of(elements->begin(), elements->end(), [&](const json::value& element) {
                        return element_matches(*node.inner, element, *resolved->attr);
                    });
                return element_matches(*node.inner, *holder, *resolved->attr);
            } else
                return evaluate_leaf(node, operand_of);
        },
        filter.node);
}

void check_filter(const filter_node& filter, const resource_type& type)
{
    // Every leaf is evaluated against nothing, without the short cuts of
    // `and`/`or`: preparing a comparison is what refuses a forbidden one.
    static const json::object nothing;
    std::visit(
        [&](const auto& node) {
            using node_type = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<node_type, logical_filter>) {
                check_filter(*node.left, type);
                check_filter(*node.right, type);
            } else if constexpr (std::is_same_v<node_type, not_filter>) {
                check_filter(*node.inner, type);
            } else if constexpr (std::is_same_v<node_type, value_path_filter>) {
                const auto resolved = resolve(type, node.path);
                if (resolved && !resolved->sub && resolved->attr->type == attribute_type::complex)
                    check_element_filter(*node.inner, *resolved->attr);
            } else {
                evaluate_leaf(node, [&](const attribute_path& path) { return resource_operand(path, nothing, type); });
            }
        },
        filter.node);
}

void check_element_filter(const filter_node& filter, const attribute& multi_valued_attribute)
{
    static const json::value nothing = json::object();
    std::visit(
        [&](const auto& node) {
            using node_type = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<node_type, logical_filter>) {
                check_element_filter(*node.left, multi_valued_attribute);
                check_element_filter(*node.right, multi_valued_attribute);
            } else if constexpr (std::is_same_v<node_type, not_filter>) {
                check_element_filter(*node.inner, multi_valued_attribute);
            } else if constexpr (!std::is_same_v<node_type, value_path_filter>) {
                evaluate_leaf(node, [&](const attribute_path& path) {
                    return element_operand(path, nothing, multi_valued_attribute);
                });
            }
        },
        filter.node);
}

bool element_matches(const filter_node& filter, const json::value& element, const attribute& multi_valued_attribute)
{
    if (const auto* comparison = std::get_if<compare_filter>(&filter.node))
        if (const auto decided = fast_value_equality(*comparison, element, multi_valued_attribute))
            return *decided;
    auto operand_of = [&](const attribute_path& path) {
        return element_operand(path, element, multi_valued_attribute);
    };
    return std::visit(
        [&](const auto& node) -> bool {
            using node_type = std::decay_t<decltype(node)>;
            if constexpr (std::is_same_v<node_type, logical_filter>)
                return node.is_and ? element_matches(*node.left, element, multi_valued_attribute)
                        && element_matches(*node.right, element, multi_valued_attribute)
                                   : element_matches(*node.left, element, multi_valued_attribute)
                        || element_matches(*node.right, element, multi_valued_attribute);
            else if constexpr (std::is_same_v<node_type, not_filter>)
                return !element_matches(*node.inner, element, multi_valued_attribute);
            else if constexpr (std::is_same_v<node_type, value_path_filter>)
                return false;  // the parser never nests value filters
            else
                return evaluate_leaf(node, operand_of);
        },
        filter.node);
}

} // namespace scim
