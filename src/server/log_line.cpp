#include "server/log_line.hpp"

#include "server/json_line.hpp"

#include <charconv>
#include <iterator>

namespace server {

namespace {

bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

} // namespace

std::string event_name(std::string_view event)
{
    std::string name;
    name.reserve(event.size());
    for (char c : event) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (is_name_char(c))
            name += c;
        else if (!name.empty() && name.back() != '_')
            name += '_';
    }
    while (!name.empty() && name.back() == '_')
        name.pop_back();
    return name.empty() ? std::string("event") : name;
}

log_line::log_line(std::string& out, config::log_format format, const log_head& head) : out_(out), format_(format)
{
    const std::string name = event_name(head.event);
    if (format_ == config::log_format::json) {
        out_ += '{';
        add("timestamp", rfc3339_utc(head.time));
        add("level", head.level);
        add("event", name);
    } else {
        // "2026-11-25T17:50:06.123Z WARN  pending_vendor_intent key=value …"
        out_ += rfc3339_utc(head.time);
        out_ += ' ';
        for (char c : head.level)
            out_ += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        out_.append(head.level.size() < 5 ? 6 - head.level.size() : 1, ' ');
        out_ += name;
        first_ = false;
    }
    // The call site wrote a sentence: kept for people (and for greps of it).
    if (name != head.event)
        add("message", head.event);
    else
        add_null("message");
    const auto slot = [this](std::string_view key, std::string_view value) {
        if (value.empty())
            add_null(key);
        else
            add(key, value);
    };
    slot("request_id", head.request_id);
    slot("target", head.target);
    slot("vendor_call", head.vendor_call);
}

void log_line::add_key(std::string_view key)
{
    if (format_ == config::log_format::json) {
        if (!first_)
            out_ += ',';
        out_ += '"';
        append_json_escaped(out_, key);
        out_ += "\":";
    } else {
        if (!first_)
            out_ += ' ';
        out_ += key;
        out_ += '=';
    }
    first_ = false;
}

void log_line::add_null(std::string_view key)
{
    if (format_ == config::log_format::text)
        return;  // a terminal reader does not need "-" for every absent value
    add_key(key);
    out_ += "null";
}

void log_line::add_text_value(std::string_view value)
{
    bool plain = !value.empty();
    for (char c : value)
        if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            plain = false;
    if (plain) {
        out_ += value;
        return;
    }
    out_ += '"';
    append_json_escaped(out_, value);
    out_ += '"';
}

void log_line::add(std::string_view key, std::string_view value)
{
    add_key(key);
    if (format_ == config::log_format::json) {
        out_ += '"';
        append_json_escaped(out_, value);
        out_ += '"';
    } else {
        add_text_value(value);
    }
}

void log_line::add(std::string_view key, std::uint64_t value)
{
    add_key(key);
    char digits[24];
    const auto result = std::to_chars(std::begin(digits), std::end(digits), value);
    out_.append(digits, result.ptr);
}

void log_line::add(std::string_view key, double value)
{
    add_key(key);
    char digits[32];
    const auto result = std::to_chars(std::begin(digits), std::end(digits), value, std::chars_format::fixed, 3);
    out_.append(digits, result.ptr);
}

void log_line::finish()
{
    if (format_ == config::log_format::json)
        out_ += '}';
    out_ += '\n';
}

} // namespace server
