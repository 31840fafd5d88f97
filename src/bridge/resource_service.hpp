#pragma once
// The pipeline for one target: every SCIM operation on Users and Groups,
// from a parsed request to the stored (and, for a vendor target, applied)
// resource. No HTTP here: the router turns requests into calls and results
// into responses. Every refusal is returned as a value (request_error.hpp);
// the SCIM library's exceptions stop at this class's edge.
//
// A write holds the resource's asynchronous lock (its id; a create: its
// unique name) for its whole course: current state from the store -> new
// state (normalize, PUT/PATCH, validate) -> vendor backend, if any, exactly
// once -> one store commit guarded by the version read at the start. The
// lock serialises the writes of this process, so the vendor sees one
// sequence per SCIM write in commit order; the version guard catches writers
// outside it (another process, an admin verb) and answers 409, never a
// second vendor call.
//
// Store work runs on the store executor (reader threads, a group-committing
// writer), never on the I/O thread; every step keeps the request's deadline.

#include "bridge/list_request.hpp"
#include "bridge/request_error.hpp"
#include "bridge/request_scope.hpp"
#include "bridge/resource_lock_table.hpp"
#include "bridge/vendor_backend.hpp"
#include "scim/patch_limits.hpp"
#include "scim/schema.hpp"
#include "store/resource_store.hpp"
#include "store/store_executor.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
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
    // Where store work runs; null: inline on the caller's thread.
    std::shared_ptr<store::store_executor> executor;
    // The clock deadlines are read from; null: steady_clock::now.
    clock_source now;
    // The target's lock table. A reload that rebuilds a target's pipeline
    // passes the old pipeline's table, so writes still in flight on the old
    // one and new writes queue on the same locks; null: a table of its own.
    std::shared_ptr<resource_lock_table> locks;
    // The bounds of one PATCH; max_member_values also bounds the members a
    // POST or PUT of a group changes (limits.max_member_changes).
    scim::patch_limits patch_limits;
};

struct versioned_resource {
    boost::json::object resource;  // canonical, with meta
    std::int64_t version = 0;
    // After a write: the text just stored, as a response without
    // attributes/excludedAttributes shows it (a user's groups spliced in),
    // so that the response is not serialised a second time. Empty when the
    // type's default view is not its stored form.
    std::string default_view;
};

// A response body ready to send, and the version it shows (the ETag).
struct versioned_text {
    std::string json;
    std::int64_t version = 0;
};

// An If-Match / If-None-Match header value (RFC 7232 list of entity tags or *).
bool etag_matches(std::string_view header, std::int64_t version);
std::string etag_of(std::int64_t version);

class resource_service {
public:
    explicit resource_service(target_context context);

    const target_context& context() const { return context_; }

    // The resource as answered to GET: projected, with a user's groups.
    boost::asio::awaitable<result<versioned_text>> read(const scim::resource_type& type, std::string id,
                                                        scim::projection projection) const;
    // A whole ListResponse.
    boost::asio::awaitable<result<std::string>> list(const scim::resource_type& type, list_request request) const;
    // One ListResponse over several types (a search at the service root,
    // RFC 7644 §3.4.3): filtered and projected per type, the types one after
    // the other in creation order unless sorted; no cursor (400 invalidValue).
    boost::asio::awaitable<result<std::string>> list(std::vector<const scim::resource_type*> types,
                                                     list_request request) const;

    boost::asio::awaitable<result<versioned_resource>> create(const scim::resource_type& type,
                                                              boost::json::object body, request_scope scope);
    boost::asio::awaitable<result<versioned_resource>> replace(const scim::resource_type& type, std::string id,
                                                               boost::json::object body,
                                                               std::optional<std::string> if_match,
                                                               request_scope scope);
    // What the caller of a PATCH answers with: the resource as an object
    // (to project it), the resource as stored (200 without a projection:
    // default_view), or only its version, location and what is not members
    // (204; /Bulk; a projection without members). Unless
    // `resource`, a group PATCH that names its members one by one reads and
    // writes only those members (bridge/named_members.hpp), and the result's
    // object holds only them; `stored_text` then reads the stored group,
    // members spliced in by the store, for default_view.
    enum class patch_answer { resource, stored_text, version };
    boost::asio::awaitable<result<versioned_resource>> patch(const scim::resource_type& type, std::string id,
                                                             boost::json::value body,
                                                             std::optional<std::string> if_match,
                                                             request_scope scope,
                                                             patch_answer answer = patch_answer::resource);
    boost::asio::awaitable<result<void>> remove(const scim::resource_type& type, std::string id,
                                                std::optional<std::string> if_match, request_scope scope);

    // Writes of this process that hold or wait for a resource's lock.
    const resource_lock_table& locks() const { return *locks_; }
    resource_lock_table& locks() { return *locks_; }
    const std::shared_ptr<resource_lock_table>& shared_locks() const { return locks_; }

private:
    enum class write_kind { replace, patch };
    struct loaded;

    boost::asio::awaitable<result<versioned_resource>> modify(const scim::resource_type& type, std::string id,
                                                              write_kind kind, boost::json::value body,
                                                              std::optional<std::string> if_match,
                                                              request_scope scope,
                                                              patch_answer answer = patch_answer::resource,
                                                              // false: a PATCH naming members may read only them
                                                              bool whole = true);
    // Fails when the deadline passes or the client goes first.
    boost::asio::awaitable<result<resource_lock>> lock(std::string key, const request_scope& scope);
    // Runs on a store thread.
    result<loaded> load(const scim::resource_type& type, const std::string& id) const;
    // A group with only the members among `ids` (see patch_answer).
    result<loaded> load_named_members(const scim::resource_type& type, const std::string& id,
                                      const std::vector<std::string>& ids) const;
    // The answer of such a PATCH: `partial` as it is (version), or with the
    // stored group, every member, as default_view (stored_text).
    boost::asio::awaitable<result<void>> answer_named_members(const scim::resource_type& type, const std::string& id,
                                                              patch_answer answer, versioned_resource& partial);
    std::string render_listing(const std::vector<const scim::resource_type*>& types,
                               const list_request& request) const;
    // How the resources of one read are answered, decided once per read
    // (not per resource of a page): from the stored text or through a
    // projection, and whether users need their groups looked up at all.
    struct answer_plan {
        const scim::resource_type* type = nullptr;
        const scim::projection* projection = nullptr;
        bool stored_form = false;   // no projection, and the default view is the stored form
        bool with_groups = false;   // a User of a target that has groups
    };
    answer_plan plan_answers(const scim::resource_type& type, const scim::projection& projection) const;
    // One resource as a response shows it (see stored_view.hpp).
    std::string answer_text(const answer_plan& plan, const store::resource_row& row) const;
    // Whether the target has any group (a counter read).
    bool has_groups() const;
    // A user's `groups` (RFC 7643 §4.1.2), derived from the groups' member
    // lists rather than stored twice; nullopt when it is in none.
    std::optional<boost::json::array> groups_of(const std::string& user_id) const;
    // A vendor target's claim of a unique name before its vendor call: the
    // name's lock, then 409 if another resource holds the name, so that no
    // vendor record is made for a write the store would refuse.
    boost::asio::awaitable<result<resource_lock>> claim_unique_name(const scim::resource_type& type,
                                                                    const std::string& name,
                                                                    const std::string& own_id,
                                                                    const request_scope& scope);
    // The last step before the vendor is called: the unique name claimed
    // when the write sets a new one (`claims_name`, vendor targets only),
    // then a refusal if the request can no longer start (deadline, client
    // gone). Returns the name's lock (empty when none was claimed).
    boost::asio::awaitable<result<resource_lock>> ready_to_start(const scim::resource_type& type,
                                                                 const store::resource_write& write, bool claims_name,
                                                                 const request_scope& scope);
    // A vendor change that failed half-way: stores what the vendor holds
    // (the old state plus `attributes` from the new one).
    boost::asio::awaitable<void> keep_partial(const scim::resource_type& type, const versioned_resource& current,
                                              const boost::json::object& next,
                                              const std::vector<std::string>& attributes);
    // The resource's commit with the backend's bookkeeping inside the same
    // transaction; when the commit did not happen, the backend is told.
    boost::asio::awaitable<result<store::write_outcome>> commit(
        std::function<store::write_outcome(const std::function<void()>& hook)> store_call,
        const resource_change& change, const applied_change& applied);
    boost::asio::awaitable<void> remove_from_groups(std::string member_id, request_scope scope);

    target_context context_;
    std::shared_ptr<resource_lock_table> locks_;
};

} // namespace bridge
