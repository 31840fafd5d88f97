// Reading requests, responses, paging, error bodies and asynchronous
// progress from a mapping file.

#include "mapping/loader_parts.hpp"
#include "mapping/template_reads.hpp"

#include <algorithm>
#include <cctype>

namespace mapping::detail {

namespace {

const std::initializer_list<std::string_view> methods{"GET", "POST", "PUT", "PATCH", "DELETE"};

std::vector<named_template> read_named(load_state& state, const YAML::Node& node, std::string_view what,
                                       const template_rules& rules)
{
    std::vector<named_template> out;
    if (!node)
        return out;
    if (!node.IsMap()) {
        state.reader.error(node, std::string(what) + " must be a mapping of names to templates");
        return out;
    }
    for (const auto& entry : node)
        if (auto value = state.reader.template_at(entry.second, rules))
            out.push_back({entry.first.Scalar(), std::move(*value)});
    return out;
}

std::vector<item_match> read_match(load_state& state, const YAML::Node& node, const template_rules& rules)
{
    std::vector<item_match> out;
    if (!node)
        return out;
    if (!node.IsMap() || node.size() == 0) {
        state.reader.error(node, "'match' must map JSON pointers inside each item to templates, e.g. "
                                 "{/email: \"${scim.userName}\"}");
        return out;
    }
    for (const auto& entry : node) {
        const std::string pointer = entry.first.Scalar();
        if (pointer.empty() || pointer.front() != '/') {
            state.reader.error(entry.first, "expected a JSON pointer such as /email, got '" + pointer + "'");
            continue;
        }
        if (auto expected = state.reader.template_at(entry.second, rules))
            out.push_back({pointer, std::move(*expected)});
    }
    return out;
}

} // namespace

std::vector<outcome_rule> read_outcome_rules(load_state& state, const YAML::Node& node, bool with_message)
{
    std::vector<outcome_rule> out;
    if (!node)
        return out;
    std::vector<YAML::Node> elements;
    if (node.IsMap())
        elements.push_back(node);  // one rule
    else if (node.IsSequence())
        for (const auto& element : node)
            elements.push_back(element);
    else
        state.reader.error(node, "expected a rule {status, when} or a list of them");
    for (const auto& element : elements) {
        const bool known = with_message ? state.reader.check_map(element, "fail_when rule", {"status", "when", "message"})
                                        : state.reader.check_map(element, "success_when rule", {"status", "when"});
        if (!known)
            continue;
        if (!element["status"] && !element["when"])
            state.reader.error(element, "an outcome rule needs 'status' or 'when', expected at least one");
        outcome_rule rule;
        rule.when.statuses = read_statuses(state, element["status"], {});
        rule.when.body = read_body_conditions(state, element["when"]);
        rule.message_pointer = state.reader.pointer(element, "message").value_or("");
        out.push_back(std::move(rule));
    }
    return out;
}

namespace {

response_spec read_response(load_state& state, const YAML::Node& node, const template_rules& rules)
{
    response_spec out;
    if (!node || !state.reader.check_map(node, "response",
                                         {"id", "id_from", "record", "items", "async", "match", "success_when",
                                          "fail_when", "keep"}))
        return out;
    out.success_when = read_outcome_rules(state, node["success_when"], false);
    out.fail_when = read_outcome_rules(state, node["fail_when"], true);
    out.id_pointer = state.reader.pointer(node, "id");
    if (auto from = state.reader.choice(node, "id_from", {"body", "location"}))
        out.id_from_location = *from == "location";
    if (out.id_from_location && out.id_pointer)
        state.reader.error(node["id"], "'id' and 'id_from: location' exclude each other, expected one of them");
    out.record_pointer = state.reader.pointer(node, "record");
    out.items_pointer = state.reader.pointer(node, "items");
    out.may_be_async = state.reader.boolean(node, "async").value_or(false);
    out.match = read_match(state, node["match"], rules);
    out.keep = read_keep(state, node["keep"]);
    return out;
}

} // namespace

std::vector<unsigned> read_statuses(load_state& state, const YAML::Node& node, std::vector<unsigned> fallback)
{
    if (!node)
        return fallback;
    std::vector<YAML::Node> elements;
    if (node.IsScalar())
        elements.push_back(node);  // one status
    else if (node.IsSequence())
        for (const auto& element : node)
            elements.push_back(element);
    else {
        state.reader.error(node, "expected a list of HTTP status codes");
        return fallback;
    }
    std::vector<unsigned> out;
    for (const auto& element : elements) {
        unsigned status = 0;
        if (!element.IsScalar() || !YAML::convert<unsigned>::decode(element, status) || status < 100 || status > 599)
            state.reader.error(element, "expected an HTTP status code from 100 to 599");
        else
            out.push_back(status);
    }
    return out;
}

std::vector<body_condition> read_body_conditions(load_state& state, const YAML::Node& node)
{
    std::vector<body_condition> out;
    if (!node)
        return out;
    if (!node.IsMap()) {
        state.reader.error(node, "expected JSON pointers into the body mapped to values, e.g. {/error/code: "
                                 "DUPLICATE_VALUE} or {/message: {pattern: \"already\"}}");
        return out;
    }
    for (const auto& entry : node) {
        body_condition c;
        c.pointer = entry.first.Scalar();
        if (!c.pointer.empty() && c.pointer.front() != '/') {
            state.reader.error(entry.first, "expected a JSON pointer such as /error/code, got '" + c.pointer + "'");
            continue;
        }
        if (entry.second.IsMap()) {
            if (!state.reader.check_map(entry.second, "condition", {"pattern"}, {"pattern"}))
                continue;
            c.pattern_text = entry.second["pattern"].Scalar();
            try {
                c.pattern.emplace(c.pattern_text, std::regex::ECMAScript);
            } catch (const std::regex_error& e) {
                state.reader.error(entry.second["pattern"], "invalid regular expression '" + c.pattern_text +
                                                                "': " + e.what());
                continue;
            }
        } else {
            c.equals = yaml_reader::to_json(entry.second);
        }
        out.push_back(std::move(c));
    }
    return out;
}

request_spec read_request(load_state& state, const YAML::Node& node, const template_rules& rules)
{
    request_spec out;
    out.mark = state.reader.mark(node);
    if (!state.reader.check_map(node, "request",
                                {"method", "path", "query", "headers", "body", "fields", "fields_at", "send_nulls",
                                 "idempotent", "for_each_member", "response", "only_if"},
                                {"method", "path"}))
        return out;
    if (auto method = state.reader.text(node, "method")) {
        std::string upper = *method;
        std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (std::find(methods.begin(), methods.end(), upper) == methods.end())
            state.reader.error(node["method"], "unknown method '" + *method + "', expected one of: " + join_names(methods));
        out.method = upper;
    }
    if (auto path = state.reader.template_member(node, "path", rules))
        out.path = std::move(*path);
    out.query = read_named(state, node["query"], "query", rules);
    out.headers = read_named(state, node["headers"], "headers", rules);
    if (const YAML::Node body = node["body"])
        out.body = state.reader.body(body, rules);
    if (auto fields = state.reader.choice(node, "fields", {"none", "all", "changed"}))
        out.fields = *fields == "all" ? fields_mode::all : *fields == "changed" ? fields_mode::changed : fields_mode::none;
    out.fields_at = state.reader.pointer(node, "fields_at").value_or("");
    out.send_nulls = state.reader.boolean(node, "send_nulls").value_or(false);
    // Reads and replacements are safe to repeat; creations are not unless
    // the admin says the vendor deduplicates them.
    out.idempotent = state.reader.boolean(node, "idempotent")
                         .value_or(out.method == "GET" || out.method == "PUT" || out.method == "DELETE");
    out.for_each_member = state.reader.boolean(node, "for_each_member").value_or(false);
    out.response = read_response(state, node["response"], rules);
    out.only_if = state.reader.template_member(node, "only_if", rules);
    // One member's id, and what adding it kept, exist only in a request
    // sent once per member.
    if (!out.for_each_member)
        for (const placeholder* slot : placeholders_of(out)) {
            if (slot->kind == placeholder_kind::member && slot->name == "vendor_id") {
                state.reader.error(node, "${member.vendor_id} is one member's id, expected for_each_member: true on "
                                         "this request (or ${members} for all of them)");
                break;
            }
            if (slot->kind == placeholder_kind::membership) {
                state.reader.error(node, "${membership." + slot->name + "} is one membership's value, expected "
                                         "for_each_member: true on this request");
                break;
            }
        }
    return out;
}

std::vector<request_spec> read_requests(load_state& state, const YAML::Node& operation_node, const template_rules& rules)
{
    std::vector<request_spec> out;
    const YAML::Node single = operation_node["request"];
    const YAML::Node many = operation_node["requests"];
    if (single && many)
        state.reader.error(many, "'request' and 'requests' exclude each other, expected one of them");
    if (single)
        out.push_back(read_request(state, single, rules));
    if (many) {
        if (!many.IsSequence() || many.size() == 0)
            state.reader.error(many, "'requests' must be a non-empty list of requests");
        else
            for (const auto& element : many)
                out.push_back(read_request(state, element, rules));
    }
    return out;
}

namespace {

// The placeholder a paging style advances by: a list request that does not
// use it would ask for the first page again and again.
std::optional<std::string> paging_placeholder(paging_style style)
{
    switch (style) {
    case paging_style::page_number: return "number";
    case paging_style::offset: return "offset";
    case paging_style::cursor: return "cursor";
    case paging_style::none:
    case paging_style::next_url:
    case paging_style::link_header: return std::nullopt;   // the next page is the vendor's link
    }
    return std::nullopt;
}

bool uses_page(const std::vector<request_spec>& requests, const std::string& name)
{
    for (const auto& request : requests)
        for (const placeholder* slot : placeholders_of(request))
            if (slot->kind == placeholder_kind::page && slot->name == name)
                return true;
    return false;
}

} // namespace

paging_spec read_paging(load_state& state, const YAML::Node& node, const std::vector<request_spec>& requests)
{
    paging_spec out;
    if (!node || !state.reader.check_map(node, "paging",
                                         {"style", "first_page", "size", "total", "last_page", "next_cursor",
                                          "next_url"},
                                         {"style"}))
        return out;
    if (auto style = state.reader.choice(node, "style",
                                         {"none", "page_number", "offset", "cursor", "next_url", "link_header"}))
        out.style = *style == "page_number" ? paging_style::page_number
                    : *style == "offset"    ? paging_style::offset
                    : *style == "cursor"    ? paging_style::cursor
                    : *style == "next_url"  ? paging_style::next_url
                    : *style == "link_header" ? paging_style::link_header
                                            : paging_style::none;
    out.first_page = state.reader.integer(node, "first_page", 0, 1).value_or(1);
    out.page_size = state.reader.integer(node, "size", 1, 10'000).value_or(100);
    out.total_pointer = state.reader.pointer(node, "total");
    out.last_page_pointer = state.reader.pointer(node, "last_page");
    out.next_cursor_pointer = state.reader.pointer(node, "next_cursor");
    out.next_url_pointer = state.reader.pointer(node, "next_url");
    if (out.style == paging_style::cursor && !out.next_cursor_pointer)
        state.reader.error(node, "cursor paging needs 'next_cursor', expected a JSON pointer to the next cursor");
    if (out.style == paging_style::next_url && !out.next_url_pointer)
        state.reader.error(node, "next_url paging needs 'next_url', expected a JSON pointer to the next page's path or URL");
    if (auto name = paging_placeholder(out.style); name && !requests.empty() && !uses_page(requests, *name))
        state.reader.error(node["style"], "paging style '" + node["style"].as<std::string>() +
                                              "' advances by ${page." + *name +
                                              "}, which the list request does not use: every page would be the "
                                              "first" +
                                              (out.style == paging_style::cursor
                                                   ? std::string("; a next page given as a path or URL is paging "
                                                                 "style next_url")
                                                   : std::string()));
    return out;
}

error_spec read_errors(load_state& state, const YAML::Node& node)
{
    error_spec out;
    if (!node || !state.reader.check_map(node, "errors",
                                         {"message", "list", "field", "field_message", "by_field", "by_field_message",
                                          "rules"}))
        return out;
    if (const YAML::Node rules = node["rules"]) {
        if (!rules.IsSequence())
            state.reader.error(rules, "'rules' must be a list of {status, when, scim, field}, tried in order");
        for (const auto& element : rules.IsSequence() ? rules : YAML::Node(YAML::NodeType::Sequence)) {
            if (!state.reader.check_map(element, "error rule", {"status", "when", "scim", "field"}, {"status", "scim"}))
                continue;
            error_rule rule;
            rule.mark = state.reader.mark(element);
            rule.when.statuses = read_statuses(state, element["status"], {});
            rule.when.body = read_body_conditions(state, element["when"]);
            if (auto scim = state.reader.choice(element, "scim", {"invalidValue", "uniqueness", "mutability", "notFound"}))
                rule.scim = *scim == "uniqueness"   ? error_class::uniqueness
                            : *scim == "mutability" ? error_class::mutability
                            : *scim == "notFound"   ? error_class::not_found
                                                    : error_class::invalid_value;
            rule.field = state.reader.text(element, "field").value_or("");
            out.rules.push_back(std::move(rule));
        }
    }
    if (const YAML::Node message = node["message"]) {
        out.message_pointers.clear();
        for (const auto& element : message.IsSequence() ? message : YAML::Node(YAML::NodeType::Sequence)) {
            if (!element.IsScalar() || (!element.Scalar().empty() && element.Scalar().front() != '/'))
                state.reader.error(element, "expected a JSON pointer such as /title");
            else
                out.message_pointers.push_back(element.Scalar());
        }
        if (!message.IsSequence())
            state.reader.error(message, "'message' must be a list of JSON pointers, tried in order");
    }
    out.list_pointer = state.reader.pointer(node, "list");
    out.field_pointer = state.reader.pointer(node, "field");
    out.field_message_pointer = state.reader.pointer(node, "field_message");
    out.by_field_pointer = state.reader.pointer(node, "by_field");
    out.by_field_message_pointer = state.reader.pointer(node, "by_field_message");
    if (out.list_pointer && !out.field_message_pointer)
        state.reader.error(node, "'list' needs 'field_message', expected the pointer to each element's message");
    return out;
}

async_spec read_async(load_state& state, const YAML::Node& node)
{
    async_spec out;
    if (!state.reader.check_map(node, "async",
                                {"accepted_statuses", "request_id", "progress", "status", "states", "error_message",
                                 "poll_interval_ms", "give_up_after_ms", "wait_ms"},
                                {"request_id", "progress", "status", "states"}))
        return out;
    out.accepted_statuses = read_statuses(state, node["accepted_statuses"], out.accepted_statuses);
    out.request_id_pointer = state.reader.pointer(node, "request_id").value_or("");
    if (const YAML::Node progress = node["progress"])
        out.progress = read_request(state, progress,
                                    state.rules(configuration_placeholders | placeholder_kind::request_id));
    out.status_pointer = state.reader.pointer(node, "status").value_or("");
    if (const YAML::Node states = node["states"];
        states && state.reader.check_map(states, "states", {"in_progress", "complete", "failed", "retrying"},
                                         {"in_progress", "complete", "failed"})) {
        for (const auto& entry : states) {
            const std::string name = entry.first.Scalar();
            const progress_state value = name == "in_progress" ? progress_state::in_progress
                                         : name == "complete"  ? progress_state::complete
                                         : name == "failed"    ? progress_state::failed
                                                               : progress_state::retrying;
            if (!entry.second.IsSequence())
                state.reader.error(entry.second, "'" + name + "' must be a list of the vendor's status values");
            else
                for (const auto& element : entry.second)
                    out.states.emplace_back(yaml_reader::to_json(element), value);
        }
    }
    out.error_message_pointer = state.reader.pointer(node, "error_message");
    out.poll_interval_ms = state.reader.integer(node, "poll_interval_ms", 100, 3'600'000).value_or(2000);
    out.give_up_after_ms = state.reader.integer(node, "give_up_after_ms", 1000, 7LL * 24 * 3'600'000).value_or(3'600'000);
    // Identity providers give up after 60 s; the wait must leave room for
    // the vendor calls themselves.
    out.wait_ms = state.reader.integer(node, "wait_ms", 0, 50'000).value_or(out.wait_ms);
    return out;
}

} // namespace mapping::detail
