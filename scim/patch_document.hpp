#pragma once
// The resource a PATCH is being applied to: a private copy (so a failing
// operation leaves the caller's resource untouched), where each attribute
// lives (core object or extension object), and a lookup of multi-valued
// elements by their `value` so that large groups stay cheap to patch.

#include "scim/schema.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace scim {

// The key under which an element's `value` is indexed: strings folded to
// case-folded (scim/case_fold.hpp) unless the sub-attribute is caseExact, so that equal keys mean
// what `value eq "…"` means in a filter.
std::optional<std::string> value_key(const boost::json::value& value, const attribute& value_sub);

class patch_document {
public:
    // `max_examined`, `max_member_values`: patch_limits's bounds.
    patch_document(const boost::json::object& resource, const resource_type& type,
                   std::size_t max_examined = std::numeric_limits<std::size_t>::max(),
                   std::size_t max_member_values = std::numeric_limits<std::size_t>::max());

    const resource_type& type() const { return type_; }

    // The current value of a top-level attribute, or nullptr, for generic
    // edits: closes first any holes the indexed edits below left in it.
    boost::json::value* find(const resolved_attribute& target);
    void set(const resolved_attribute& target, boost::json::value value);
    void erase(const resolved_attribute& target);

    // Indexed edits of a multi-valued complex attribute with a `value`
    // sub-attribute. Removed elements leave a null hole, closed in one pass
    // when the attribute is next edited generically or at finish().
    bool contains_value(const resolved_attribute& target, const std::string& key);
    void append_indexed(const resolved_attribute& target, boost::json::value element);
    // Removes the elements indexed under `key` that satisfy `also`; returns
    // how many were removed.
    std::size_t remove_indexed(const resolved_attribute& target, const std::string& key,
                               const std::function<bool(const boost::json::value&)>& also);

    // To be called before `passes` passes over the `elements` elements of
    // `attr` (a value filter, an index built, holes closed, each incoming
    // value compared with those present). The first pass over each
    // attribute is free, since any edit of it costs one; later passes count
    // against max_examined, and going over it throws 400 tooMany, so that a
    // request's cost does not grow with operations x elements.
    void examine(const attribute& attr, std::size_t elements, std::size_t passes = 1);

    // To be called before an operation adds, removes or replaces `count`
    // values of `attr`; counts those of attributes whose values refer to
    // other resources (a group's members), and throws 400 invalidValue once
    // one request names more than max_member_values of them: each is a row
    // the store writes.
    void name_values(const attribute& attr, std::size_t count);

    // The canonical result: holes closed, empty attributes and extension
    // objects dropped, `schemas` listing the core URN and present extensions.
    boost::json::object finish();

private:
    // An attribute's first indexed edit scans its elements instead of
    // building the index: Entra's one member per PATCH then costs one pass
    // of comparisons, not 50,000 keys folded, allocated and hashed (a
    // quarter of such a PATCH on a 50,000-member group). The second builds
    // it, so that many edits stay linear.
    struct value_index {
        resolved_attribute where;
        std::unordered_multimap<std::string, std::size_t> positions;
        std::size_t holes = 0;
        bool built = false;
        bool scanned = false;  // the first edit was answered by a scan
    };

    boost::json::object* holder(const resolved_attribute& target, bool create);
    boost::json::array* indexed_array(const resolved_attribute& target, bool create);
    value_index& index_for(const resolved_attribute& target);  // built
    // The entry without building it; true when the caller is to scan.
    value_index& entry_for(const resolved_attribute& target, bool& scan);
    void settle(const attribute* attr);

    boost::json::object resource_;
    const resource_type& type_;
    // Keyed by the attribute definition, which is unique per resource type.
    std::unordered_map<const attribute*, value_index> indexes_;
    std::unordered_set<const attribute*> passed_;  // attributes already examined once
    std::size_t examined_ = 0;
    std::size_t max_examined_;
    std::size_t member_values_ = 0;
    std::size_t max_member_values_;
};

} // namespace scim
