#include "scim/patch_document.hpp"

#include "scim/case_fold.hpp"
#include "scim/error.hpp"
#include "scim/patch_elements.hpp"
#include "scim/value_compare.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace scim {

namespace json = boost::json;

std::optional<std::string> value_key(const json::value& value, const attribute& value_sub)
{
    if (value.is_string()) {
        if (!value_sub.case_exact)
            return fold_case(value.get_string());
        return std::string(value.get_string());
    }
    if (value.is_null() || value.is_object() || value.is_array())
        return std::nullopt;
    return json::serialize(value);
}

patch_document::patch_document(const json::object& resource, const resource_type& type, std::size_t max_examined,
                               std::size_t max_member_values)
    : resource_(resource), type_(type), max_examined_(max_examined), max_member_values_(max_member_values)
{
}

void patch_document::name_values(const attribute& attr, std::size_t count)
{
    if (!attr.multi_valued || !identified_by_value(attr))
        return;
    if (count > max_member_values_ - member_values_)
        throw_invalid_value("this PATCH names more than " + std::to_string(max_member_values_) + " values of "
                            + attr.name + "; at most " + std::to_string(max_member_values_)
                            + " are accepted in one request (limits.max_member_changes): send them in several");
    member_values_ += count;
}

void patch_document::examine(const attribute& attr, std::size_t elements, std::size_t passes)
{
    if (passes == 0 || elements == 0)
        return;
    if (passed_.insert(&attr).second)
        --passes;
    // examined_ never exceeds max_examined_ (it throws first), and the test
    // is a division so that elements x passes cannot overflow.
    const std::size_t left = max_examined_ - examined_;
    if (passes > 0 && elements > left / passes)
        throw error(400, scim_type::too_many,
                    "this PATCH would examine more than " + std::to_string(max_examined_)
                        + " elements of multi-valued attributes (the limit per request, beyond one pass over each);"
                          " send fewer operations per request, or filters by \"value eq\"");
    examined_ += elements * passes;
}

json::object* patch_document::holder(const resolved_attribute& target, bool create)
{
    if (!target.in_extension())
        return &resource_;
    const std::string& urn = target.owner->id;
    if (json::value* existing = resource_.if_contains(urn))
        return existing->if_object();
    return create ? &resource_[urn].emplace_object() : nullptr;
}

json::value* patch_document::find(const resolved_attribute& target)
{
    settle(target.attr);
    json::object* object = holder(target, false);
    return object ? object->if_contains(target.attr->name) : nullptr;
}

void patch_document::set(const resolved_attribute& target, json::value value)
{
    // Canonical form has no nulls and no empty values: they mean unassigned.
    const bool empty = value.is_null() || (value.is_array() && value.get_array().empty())
        || (value.is_object() && value.get_object().empty());
    if (empty) {
        erase(target);
        return;
    }
    indexes_.erase(target.attr);
    (*holder(target, true))[target.attr->name] = std::move(value);
}

void patch_document::erase(const resolved_attribute& target)
{
    indexes_.erase(target.attr);
    if (json::object* object = holder(target, false))
        object->erase(target.attr->name);
}

json::array* patch_document::indexed_array(const resolved_attribute& target, bool create)
{
    json::object* object = holder(target, create);
    if (object == nullptr)
        return nullptr;
    if (json::value* existing = object->if_contains(target.attr->name))
        return existing->if_array();
    return create ? &(*object)[target.attr->name].emplace_array() : nullptr;
}

patch_document::value_index& patch_document::entry_for(const resolved_attribute& target, bool& scan)
{
    auto found = indexes_.find(target.attr);
    if (found == indexes_.end()) {
        found = indexes_.emplace(target.attr, value_index{}).first;
        found->second.where = target;
    }
    value_index& index = found->second;
    scan = !index.built && !index.scanned && target.attr->find_sub("value") != nullptr;
    if (scan) {
        index.scanned = true;
        if (const json::array* elements = indexed_array(target, false))
            examine(*target.attr, elements->size());
    }
    return index;
}

patch_document::value_index& patch_document::index_for(const resolved_attribute& target)
{
    bool scan = false;
    value_index& index = entry_for(target, scan);
    if (index.built)
        return index;
    index.built = true;
    const attribute* value_sub = target.attr->find_sub("value");
    if (json::array* elements = indexed_array(target, false); elements && value_sub) {
        // After a scan of this same list the pass is not counted again: at
        // most one pass more per attribute, however large.
        if (!index.scanned)
            examine(*target.attr, elements->size());
        index.positions.reserve(elements->size());
        for (std::size_t i = 0; i < elements->size(); ++i) {
            const json::object* element = (*elements)[i].if_object();
            const json::value* value = element ? element->if_contains(value_sub->name) : nullptr;
            if (value)
                if (auto key = value_key(*value, *value_sub))
                    index.positions.emplace(std::move(*key), i);
        }
    }
    return index;
}

namespace {

// Whether `element` is indexed under `key` (value_key's equality, without
// building the element's key when its value is a string).
bool indexed_under(const json::value& element, const attribute& value_sub, const std::string& key)
{
    const json::object* object = element.if_object();
    const json::value* value = object ? object->if_contains(value_sub.name) : nullptr;
    if (value == nullptr)
        return false;
    if (value->is_string())
        return strings_equal(value->get_string(), key, value_sub.case_exact);
    const std::optional<std::string> own = value_key(*value, value_sub);
    return own && *own == key;
}

} // namespace

bool patch_document::contains_value(const resolved_attribute& target, const std::string& key)
{
    bool scan = false;
    entry_for(target, scan);
    if (!scan)
        return index_for(target).positions.count(key) > 0;
    const json::array* elements = indexed_array(target, false);
    if (elements == nullptr)
        return false;
    const attribute& value_sub = *target.attr->find_sub("value");
    return std::any_of(elements->begin(), elements->end(),
                       [&](const json::value& element) { return indexed_under(element, value_sub, key); });
}

void patch_document::append_indexed(const resolved_attribute& target, json::value element)
{
    bool scan = false;
    value_index& index = entry_for(target, scan);
    json::array& elements = *indexed_array(target, true);
    const attribute* value_sub = target.attr->find_sub("value");
    const json::value* value = element.is_object() && value_sub ? element.get_object().if_contains(value_sub->name) : nullptr;
    if (index.built && value)
        if (auto key = value_key(*value, *value_sub))
            index.positions.emplace(std::move(*key), elements.size());
    elements.push_back(std::move(element));
}

std::size_t patch_document::remove_indexed(const resolved_attribute& target, const std::string& key,
                                           const std::function<bool(const json::value&)>& also)
{
    bool scan = false;
    value_index& index = entry_for(target, scan);
    json::array* elements = indexed_array(target, false);
    if (elements == nullptr)
        return 0;
    std::size_t removed = 0;
    if (scan) {
        const attribute& value_sub = *target.attr->find_sub("value");
        for (json::value& element : *elements)
            if (indexed_under(element, value_sub, key) && also(element)) {
                element = nullptr;
                ++removed;
            }
        index.holes += removed;
        return removed;
    }
    index_for(target);
    auto [it, last] = index.positions.equal_range(key);
    while (it != last) {
        json::value& element = (*elements)[it->second];
        if (also(element)) {
            element = nullptr;
            ++removed;
            it = index.positions.erase(it);
        } else {
            ++it;
        }
    }
    index.holes += removed;
    return removed;
}

void patch_document::settle(const attribute* attr)
{
    auto found = indexes_.find(attr);
    if (found == indexes_.end())
        return;
    const bool has_holes = found->second.holes > 0;
    const resolved_attribute where = found->second.where;
    indexes_.erase(found);
    if (!has_holes)
        return;
    json::object* object = holder(where, false);
    json::value* value = object ? object->if_contains(attr->name) : nullptr;
    if (value == nullptr || !value->is_array())
        return;
    json::array& elements = value->get_array();
    examine(*attr, elements.size());
    json::array kept(elements.storage());
    kept.reserve(elements.size());
    for (json::value& element : elements)
        if (!element.is_null())
            kept.push_back(std::move(element));
    if (kept.empty())
        object->erase(attr->name);
    else
        elements = std::move(kept);
}

json::object patch_document::finish()
{
    while (!indexes_.empty())
        settle(indexes_.begin()->first);

    json::array schemas;
    schemas.push_back(json::string(type_.core->id));
    for (const schema_extension& extension : type_.extensions) {
        const std::string& urn = extension.extension->id;
        json::value* object = resource_.if_contains(urn);
        if (object == nullptr)
            continue;
        if (object->is_object() && !object->get_object().empty())
            schemas.push_back(json::string(urn));
        else
            resource_.erase(urn);
    }
    resource_["schemas"] = std::move(schemas);
    return std::move(resource_);
}

} // namespace scim
