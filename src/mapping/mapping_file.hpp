#pragma once
// A loaded mapping file: the immutable, typed form of one target's YAML.
// Built once by load_mapping (mapping_loader.hpp), shared read-only by the
// request path; a reload builds a new one.

#include "mapping/connection_spec.hpp"
#include "mapping/request_spec.hpp"
#include "mapping/scim_path.hpp"
#include "mapping/transform.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mapping {

enum class operation { create, get, list, update, deactivate, reactivate, remove, add_members, remove_members };

std::string_view to_string(operation op);          // "delete" for remove, as the file spells it
std::optional<operation> parse_operation(std::string_view name);

enum class direction { both, to_vendor, from_vendor };
enum class create_style { vendor_assigns_id, client_chooses_id, link_existing };
enum class when_absent { reject, accept_and_link_later };
enum class update_style { full, delta, per_attribute };

struct generate_spec {
    unsigned length = 20;
    std::string charset;   // the characters to draw from
};

// One vendor field and where its value comes from (exactly one source).
struct attribute_mapping {
    std::string field;                            // vendor field; dots nest ("address.country")
    std::optional<scim_path> scim;                // the SCIM attribute (both directions)
    std::optional<template_string> value;         // a constant or template (to vendor only)
    std::optional<body_template> json_value;      // a JSON value (array, object, number, boolean) whose string leaves are templates
    std::optional<generate_spec> generate;        // a random secret (create only, never read back)
    direction dir = direction::both;
    std::vector<transform> transforms;            // forward in order, reverse in reverse order
    std::vector<operation> on{operation::create, operation::update};  // where the field is written
    std::optional<request_spec> update_request;   // per_attribute updates: the call that sets it (${value})
    // false: the field is rendered for the requests' ${field.NAME} only and
    // never joins a body as a mapped field (a value one request of the
    // operation needs that the others' documents do not list).
    bool in_body = true;
    source_mark mark;

    bool written_on(operation op) const;
    bool readable() const { return scim && dir != direction::to_vendor && !generate; }
};

// update: requests sent because one SCIM attribute changed (`on_change:
// {password: {request: …}}`), for what a vendor takes only at an endpoint
// of its own (a password reset) and no update body can carry.
struct change_trigger {
    scim_path attribute;
    std::vector<request_spec> requests;           // sent in order
};

struct operation_spec {
    std::vector<request_spec> requests;           // sent in order
    paging_spec paging;                           // list only
    std::vector<change_trigger> on_change;        // update only: after `requests`, in the file's order
};

struct create_spec {
    create_style style = create_style::vendor_assigns_id;
    std::optional<template_string> id;            // client_chooses_id: the vendor id we choose
    // Tried in order, first single match wins: the account to link for
    // link_existing; for the other styles a record to link instead of
    // creating a duplicate (a retry after a lost answer, a crash).
    std::vector<request_spec> lookup;
    when_absent absent = when_absent::reject;
};

struct resource_mapping {
    std::string type;                             // "User", "Group"
    std::vector<attribute_mapping> attributes;
    create_spec create;
    update_style update = update_style::full;
    std::map<operation, operation_spec> operations;
    source_mark mark;
    // Whether any request keeps values (response.keep) for the resource, or
    // per membership: only then does a write read what was kept.
    bool keeps_values = false;
    bool keeps_membership_values = false;

    const operation_spec* find(operation op) const;
    // Whether the requests of `op` tell the vendor the resource's state: an
    // attribute mapped from `active` is written on it, or one of its
    // requests reads ${scim.active}.
    bool carries_active(operation op) const;
    // Whether any request of any operation sends a write-only attribute
    // (the password): a write carrying one cannot be kept back for later,
    // since the bridge never stores it.
    bool sends_write_only() const;
    // Whether anything but the membership requests (add_members,
    // remove_members, which get the members a change adds or removes)
    // reads a group's `members`: a mapped attribute, an on_change trigger,
    // a ${scim.members} in any other request.
    bool reads_all_members() const;
};

enum class secret_source { env, file };
struct secret_ref {
    secret_source source = secret_source::env;
    std::string location;                         // variable name or file path
};

// A target's own SCIM attributes: an extension schema (RFC 7643 §7 form)
// added to one resource type of that target's schemas.
struct extension_spec {
    std::string resource_type;            // "User" or "Group"
    boost::json::object schema_json;      // {id, name, description, attributes}
    source_mark mark;
};

struct mapping_file {
    std::string source;                           // the file it was loaded from
    std::string target;                           // the target system's name
    std::map<std::string, secret_ref> secrets;
    connection_spec connection;
    error_spec errors;
    std::optional<async_spec> async;
    std::map<std::string, resource_mapping, std::less<>> resources;
    std::vector<extension_spec> extensions;

    const resource_mapping* find(std::string_view resource_type) const;
};

} // namespace mapping
