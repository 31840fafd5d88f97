#pragma once
// A vendor target's backend: each SCIM change rendered through the target's
// mapping file into vendor requests, sent in order, their answers read back
// (vendor id, errors) and the vendor's id kept in the correlation table.
// Asynchronous answers become jobs of the target's job_tracker.

#include "bridge/mapped_target.hpp"
#include "bridge/vendor_backend.hpp"
#include "connector/vendor_outcome.hpp"
#include "mapping/mapping_file.hpp"
#include "mapping/render_scope.hpp"
#include "mapping/request_renderer.hpp"
#include "store/correlation_store.hpp"
#include "store/intent_store.hpp"
#include "store/kept_value_store.hpp"
#include "store/store_executor.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace bridge {

class job_tracker;

struct mapped_backend_options {
    // Dry runs: nothing is written (no intent, no correlation), and a create
    // whose answer names no id continues with this placeholder as the vendor id.
    bool dry_run = false;
    std::string placeholder_vendor_id = "{vendor_id}";
    // Where the bookkeeping (intents, correlation, jobs) runs; null: inline
    // on the caller's thread (command-line verbs).
    std::shared_ptr<store::store_executor> store;
    // Where values the vendor's answers hand back (response.keep) are kept
    // for later writes; null: only for the rest of the write at hand.
    std::shared_ptr<store::kept_value_store> kept;
};

class mapped_backend : public vendor_backend {
public:
    // `intents` may be null (no intent rows); `jobs` is null unless the
    // mapping declares asynchronous writes.
    mapped_backend(mapped_target target, vendor_sender send, std::shared_ptr<store::correlation_store> correlation,
                   std::shared_ptr<store::intent_store> intents, mapped_backend_options options = {},
                   std::shared_ptr<job_tracker> jobs = nullptr);

    boost::asio::awaitable<result<applied_change>> apply(const resource_change& change) override;
    // Membership requests get the members a change adds or removes; the
    // whole group is needed only when the mapping reads all members, or to
    // create the group at the vendor (not linked yet).
    bool takes_named_members(const std::string& type) const override;
    void committed(const resource_change& change, const applied_change& applied) override;
    void abandoned(const resource_change& change, const applied_change& applied) override;

    void start(boost::asio::any_io_executor executor) override;
    void stop() override;

    const mapped_target& target() const { return target_; }

    // The vendor id a `client_chooses_id` create gives the resource of
    // `change` (its `after`), rendered without any call; nullopt for the
    // other create styles.
    std::optional<std::string> chosen_vendor_id(const resource_change& change) const;

private:
    // What one SCIM write's vendor calls left behind: the asynchronous jobs
    // the vendor accepted, and which of them carries the create itself.
    struct write_context {
        const resource_change* change = nullptr;
        std::vector<std::int64_t> jobs;
        std::int64_t create_job = 0;
        // Values earlier answers kept (response.keep): the resource's, and
        // per member SCIM id its memberships'. `kept_now`: the last answer
        // kept some, so the rest of its sequence is rendered again with them.
        boost::json::object kept;
        std::map<std::string, boost::json::object, std::less<>> membership_kept;
        bool kept_now = false;
    };

    boost::asio::awaitable<std::optional<std::string>> create(resource_change change,
                                                              const mapping::resource_mapping& resource,
                                                              write_context* context);
    boost::asio::awaitable<void> update(resource_change change, const mapping::resource_mapping& resource,
                                        std::optional<std::string> vendor_id, write_context* context);
    boost::asio::awaitable<void> remove(resource_change change, const mapping::resource_mapping& resource,
                                        std::optional<std::string> vendor_id, write_context* context);
    boost::asio::awaitable<void> members(mapping::operation op, const mapping::resource_mapping& resource,
                                         std::string vendor_id, std::vector<std::string> member_ids,
                                         write_context* context);
    // Throws 409 uniqueness when a look-up found a vendor record that is
    // already linked to another resource of this target: never shared.
    boost::asio::awaitable<void> refuse_if_linked_elsewhere(const resource_change& change,
                                                            const std::string& vendor_id);
    // The vendor sequence below apply() is written with exceptions: a step
    // that fails throws failure_exception, which apply() turns back into a
    // value at its edge (with the intent closed).
    //
    // Which failure send() returns instead of throwing: a 404 (deleting
    // what is gone, a look-up that finds nothing), or one that may have been
    // applied (a create that the next pass's look-up makes safe to repeat).
    enum class tolerated { none, missing, maybe_applied };
    // The look-ups and the create call of one pass of a create.
    struct create_pass {
        std::optional<std::string> vendor_id;
        bool linked = false;                                // a look-up found the record
        std::optional<connector::vendor_result> unanswered; // the create call, when it may have been applied
    };

    // Sends and returns the answer; throws the failure of a refusal unless
    // `tolerated`. An "accepted" answer becomes a job of `context`.
    boost::asio::awaitable<connector::vendor_result> send(mapping::rendered_request request,
                                                          const mapping::resource_mapping* resource,
                                                          tolerated accepted, write_context* context);
    boost::asio::awaitable<create_pass> create_once(mapping::render_result rendered, const mapping::render_input& input,
                                                    const mapping::resource_mapping& resource, bool may_repeat,
                                                    write_context* context);
    // Waits for the write's jobs (async.wait_ms); throws the vendor's
    // refusal of a job that failed meanwhile, unless the resource exists at
    // the vendor anyway (a follow-up of a create), which is then reported
    // on the next write.
    boost::asio::awaitable<void> settle_jobs(write_context* context);
    // A failed job of this resource not yet reported: marks it reported and
    // returns it as the error to answer, once.
    std::optional<failure> report_earlier_failure(const resource_change& change);
    // Before the first vendor call, in one store unit: an earlier failure
    // reported, the vendor id looked up, the intent recorded.
    // The values kept for the resource are read in it too.
    boost::asio::awaitable<result<applied_change>> prepare(const resource_change& change,
                                                           std::optional<std::string>& known,
                                                           boost::json::object& kept);
    mapping::render_result render(const mapping::resource_mapping& resource, mapping::operation op,
                                  const mapping::render_input& input) const;
    mapping::render_input input_for(const resource_change& change, std::optional<std::string> vendor_id,
                                    const write_context* context = nullptr) const;
    // Keeps what an answer handed back (for `member`'s membership, or the
    // resource when empty): in the write's context and in the store.
    boost::asio::awaitable<void> keep(boost::json::object values, const std::string& member, write_context* context);
    // Renders `op` and sends its requests in order.
    boost::asio::awaitable<void> send_all(const mapping::resource_mapping& resource, mapping::operation op,
                                          mapping::render_input input, tolerated accepted, write_context* context);
    // When the answer to request `sent` kept values, the requests after it
    // are rendered again with them (a later request of one operation may
    // use what an earlier one's answer kept).
    void render_rest(mapping::render_result& rendered, std::size_t sent, const mapping::resource_mapping& resource,
                     mapping::operation op, const mapping::render_input& input, write_context* context) const;

    mapped_target target_;
    vendor_sender send_;
    std::shared_ptr<store::correlation_store> correlation_;
    std::shared_ptr<store::intent_store> intents_;
    mapped_backend_options options_;
    std::shared_ptr<job_tracker> jobs_;
};

} // namespace bridge
