#pragma once
// The pipeline for one target: every SCIM operation on Users and Groups,
// from a parsed request to the stored (and, for a vendor target, applied)
// resource. No HTTP here: the router turns requests into calls and results
// (or scim::error) into responses.
//
// A write: current state from the store -> new state (normalize, PUT/PATCH,
// validate) -> vendor backend, if any -> one store transaction guarded by the
// version read at the start. A concurrent write to the same resource makes
// the guard fail; the operation is then recomputed on the fresh state, so
// writes to one resource are serialised without a lock held across I/O.

#include "bridge/list_request.hpp"
#include "bridge/vendor_backend.hpp"
#include "scim/schema.hpp"
#include "store/resource_store.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bridge {

struct target_context {
    std::string name;
    std::string base_url;  // ".../scim/v2/<target>": meta.location is built from it
    std::shared_ptr<const scim::schema_registry> schemas;
    std::shared_ptr<store::resource_store> store;
    std::shared_ptr<vendor_backend> backend;  // null for a local target
    list_limits limits;
};

struct versioned_resource {
    boost::json::object resource;  // canonical, with meta
    std::int64_t version = 0;
};

struct list_result {
    std::int64_t total_results = 0;
    std::int64_t start_index = 1;
    std::vector<boost::json::object> resources;  // projected
};

// An If-Match / If-None-Match header value (RFC 7232 list of entity tags or *).
bool etag_matches(std::string_view header, std::int64_t version);
std::string etag_of(std::int64_t version);

class resource_service {
public:
    explicit resource_service(target_context context);

    const target_context& context() const { return context_; }

    versioned_resource get(const scim::resource_type& type, const std::string& id) const;
    list_result list(const scim::resource_type& type, const list_request& request) const;

    boost::asio::awaitable<versioned_resource> create(const scim::resource_type& type, const boost::json::object& body,
                                                      std::string request_id);
    boost::asio::awaitable<versioned_resource> replace(const scim::resource_type& type, const std::string& id,
                                                       const boost::json::object& body,
                                                       std::optional<std::string> if_match, std::string request_id);
    boost::asio::awaitable<versioned_resource> patch(const scim::resource_type& type, const std::string& id,
                                                     const boost::json::value& body,
                                                     std::optional<std::string> if_match, std::string request_id);
    boost::asio::awaitable<void> remove(const scim::resource_type& type, const std::string& id,
                                        std::optional<std::string> if_match, std::string request_id);

    // The "groups" attribute of a user (RFC 7643 §4.1.2), derived from the
    // groups' member lists rather than stored twice.
    void attach_groups(boost::json::object& user) const;

private:
    enum class write_kind { replace, patch };
    // Coroutine parameters are taken by value: the frame outlives the
    // caller's temporaries.
    boost::asio::awaitable<versioned_resource> modify(const scim::resource_type& type, std::string id,
                                                      write_kind kind, boost::json::value body,
                                                      std::optional<std::string> if_match, std::string request_id);
    versioned_resource load(const scim::resource_type& type, const std::string& id) const;
    void remove_from_groups(const std::string& member_id);
    // The backend's bookkeeping of a vendor change, run inside the store's
    // commit (empty without a backend); and its release when the commit
    // did not happen.
    // A vendor change that failed half-way: stores what the vendor holds
    // (the old state plus `attributes` from the new one).
    void keep_partial(const scim::resource_type& type, const versioned_resource& current,
                      const boost::json::object& next, const std::vector<std::string>& attributes);
    std::function<void()> commit_hook(const resource_change& change, const applied_change& applied) const;
    void abandon_unless_committed(store::write_outcome outcome, const resource_change& change,
                                  const applied_change& applied) const;

    target_context context_;
};

} // namespace bridge
