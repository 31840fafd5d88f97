#pragma once
// A condition on a vendor answer: its status, and values at JSON pointers
// in its body. Error rules (`errors.rules`) are written with it.

#include <boost/json/value.hpp>

#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace mapping {

// The value at `pointer` (RFC 6901; a `*` token stands for every element of
// an array, so that a batch answer's items are each looked at) equals
// `equals` (strings case-insensitively, "2" equals 2), or, with `pattern`,
// contains a match of that ECMAScript regular expression. One value found
// that satisfies it is enough.
struct body_condition {
    std::string pointer;
    boost::json::value equals;
    std::optional<std::regex> pattern;
    std::string pattern_text;   // as written, for messages
};

struct answer_condition {
    std::vector<unsigned> statuses;        // empty: any status
    std::vector<body_condition> body;      // all must hold
};

bool holds(const body_condition& condition, const boost::json::value& body);
bool holds(const answer_condition& condition, unsigned status, const boost::json::value& body);

// Every value at `pointer`, a `*` token standing for each element of an array.
std::vector<const boost::json::value*> values_at(const boost::json::value& root, std::string_view pointer);

} // namespace mapping
