#pragma once
// The Prometheus text exposition format (version 0.0.4): HELP and TYPE
// lines, then one line per sample, label values escaped.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace observability {

struct family_info;

// "# HELP name help\n# TYPE name type\n"
void write_family_header(std::string& out, const family_info& info);

// name{label="value",...} value\n — `extra` is one more label (le="…" of a
// histogram bucket), appended when its name is not empty.
void write_sample(std::string& out, std::string_view name, std::span<const std::string> label_names,
                  std::span<const std::string> label_values, double value, std::string_view extra_name = {},
                  std::string_view extra_value = {});

// A number as Prometheus reads it: integers without a fraction, +Inf.
std::string format_number(double value);

} // namespace observability
