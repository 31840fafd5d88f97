#include "observability/prometheus_text.hpp"

#include "observability/metric_family.hpp"

#include <charconv>
#include <cmath>

namespace observability {

namespace {

std::string_view type_name(metric_type type)
{
    switch (type) {
    case metric_type::counter: return "counter";
    case metric_type::gauge: return "gauge";
    case metric_type::histogram: return "histogram";
    }
    return "untyped";
}

// Label values: backslash, double quote and newline are escaped.
void append_label_value(std::string& out, std::string_view value)
{
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
}

// HELP text: backslash and newline are escaped.
void append_help(std::string& out, std::string_view help)
{
    for (char c : help) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
}

void append_label(std::string& out, bool& first, std::string_view name, std::string_view value)
{
    out += first ? '{' : ',';
    first = false;
    out += name;
    out += "=\"";
    append_label_value(out, value);
    out += '"';
}

} // namespace

void write_family_header(std::string& out, const family_info& info)
{
    out += "# HELP ";
    out += info.name;
    out += ' ';
    append_help(out, info.help);
    out += "\n# TYPE ";
    out += info.name;
    out += ' ';
    out += type_name(info.type);
    out += '\n';
}

void write_sample(std::string& out, std::string_view name, std::span<const std::string> label_names,
                  std::span<const std::string> label_values, double value, std::string_view extra_name,
                  std::string_view extra_value)
{
    out += name;
    bool first = true;
    for (std::size_t i = 0; i < label_names.size() && i < label_values.size(); ++i)
        append_label(out, first, label_names[i], label_values[i]);
    if (!extra_name.empty())
        append_label(out, first, extra_name, extra_value);
    if (!first)
        out += '}';
    out += ' ';
    out += format_number(value);
    out += '\n';
}

std::string format_number(double value)
{
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (std::isnan(value))
        return "NaN";
    // Counts as integers ("400000", where the shortest form is "4e+05").
    if (std::fabs(value) < 9007199254740992.0 && value == std::floor(value))
        return std::to_string(static_cast<long long>(value));
    char buffer[64];
    // Shortest text that reads back as the same double: 0.001, 42, 1.5e+20.
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return error == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

} // namespace observability
