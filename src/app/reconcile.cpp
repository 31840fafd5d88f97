#include "app/reconcile.hpp"

#include "app/vendor_target.hpp"
#include "bridge/correlation_lookup.hpp"
#include "bridge/drift_repair.hpp"
#include "bridge/target_drift.hpp"
#include "bridge/vendor_listing.hpp"
#include "bridge/vendor_record_fetch.hpp"
#include "scim/error.hpp"
#include "app/store_opening.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <stdexcept>

namespace app {
namespace json = boost::json;

namespace {

// The SCIM request id of reconcile's vendor calls in the audit table.
constexpr const char* request_id = "reconcile";

// Ends the run with exit code 2: reconcile could not compare at all.
struct cannot_run : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string shown(const json::value& value)
{
    return value.is_null() ? std::string("(none)") : json::serialize(value);
}

// "User 2819c223… "bjensen" [u-7]": what an admin needs to find it on both sides.
std::string subject(const std::string& type, const bridge::drift_finding& finding)
{
    std::string out = type;
    if (!finding.scim_id.empty())
        out += " " + finding.scim_id;
    if (!finding.name.empty())
        out += " " + json::serialize(json::string(finding.name));
    if (!finding.vendor_id.empty())
        out += " [vendor " + finding.vendor_id + "]";
    return out;
}

void print_finding(std::ostream& out, const std::string& type, const bridge::drift_finding& finding)
{
    const auto who = subject(type, finding);
    switch (finding.kind) {
    case bridge::drift_kind::missing_at_vendor:
        out << "  missing   " << who << ": linked, but the vendor lists no record " << finding.vendor_id << "\n";
        break;
    case bridge::drift_kind::unknown_to_bridge:
        out << "  unknown   " << who << ": at the vendor, linked to no resource of the bridge\n";
        break;
    case bridge::drift_kind::fields_differ:
        for (const auto& drift : finding.attributes) {
            out << "  differs   " << who << ": " << drift.attribute << ": store " << shown(drift.stored) << ", vendor ";
            if (drift.problem.empty())
                out << shown(drift.vendor) << "\n";
            else
                out << "unreadable (" << drift.problem << ")\n";
        }
        break;
    case bridge::drift_kind::not_linked:
        out << "  unlinked  " << who << ": no vendor record linked yet (pending or linked later); not compared\n";
        break;
    }
}

struct totals {
    std::size_t missing = 0, unknown = 0, differs = 0, unlinked = 0, in_sync = 0;
    std::size_t repaired = 0, failed = 0, left_alone = 0;

    std::size_t drift() const { return missing + unknown + differs; }
};

class reconcile_run {
public:
    reconcile_run(const reconcile_options& options, bridge::mapped_target target, bridge::vendor_sender send,
                  store::store_set stores, std::ostream& out, std::ostream& err)
        : options_(options), target_(std::move(target)), send_(std::move(send)), stores_(std::move(stores)),
          out_(out), err_(err)
    {
        if (options_.repair)
            repair_ = std::make_unique<bridge::drift_repair>(target_, send_, stores_,
                                                             make_vendor_backend(target_, send_, stores_), request_id);
    }

    boost::asio::awaitable<void> run(std::vector<const mapping::resource_mapping*> resources)
    {
        for (const auto* resource : resources)
            co_await run_type(resource);
        if (options_.repair) {
            out_ << "repair: " << totals_.repaired << " repaired, " << totals_.failed << " failed, "
                 << totals_.left_alone << " left alone\n";
        }
        const auto left = totals_.drift() - totals_.repaired;
        if (left == 0)
            out_ << (totals_.drift() == 0 ? "no drift\n" : "no drift left\n");
        else
            out_ << "drift" << (options_.repair ? " left" : "") << ": " << left << " finding(s)\n";
    }

    int exit_code() const { return totals_.drift() > totals_.repaired ? 1 : 0; }

private:
    boost::asio::awaitable<void> run_type(const mapping::resource_mapping* resource)
    {
        const auto& type = resource->type;
        bridge::listing_observer progress;
        if (options_.progress)
            progress = [this, type](std::size_t records, std::size_t pages) {
                err_ << "\rfetched " << records << " " << type << " records (page " << pages << ")\u2026" << std::flush;
            };
        bridge::vendor_listing listing;
        std::string failure;
        try {
            listing = co_await bridge::list_vendor_records(target_, resource, send_, request_id, progress);
        } catch (const bridge::failure_exception& e) {
            failure = e.why.detail;
        } catch (const scim::error& e) {
            failure = e.detail();
        }
        if (options_.progress)
            err_ << "\r\033[K" << std::flush;  // the report follows on a clean line
        if (!failure.empty())
            throw cannot_run("the vendor's " + type + " list cannot be read: " + failure);

        const auto stored = read_store(type);
        mapping::render_input context;
        context.parameters = &target_.parameters;
        context.secrets = target_.secrets;
        context.lookup = bridge::correlation_lookup(stores_.correlations, target_.name);
        auto drift = bridge::find_drift(*resource, stored, listing, context);
        // Records read one by one; findings point into it, so it lives as long as they do.
        std::deque<bridge::vendor_record> fetched;
        std::map<std::string, std::size_t> not_compared;
        co_await settle_fields_not_listed(resource, drift, stored, context, fetched, not_compared);
        out_ << type << ": " << stored.size() << " in the store, " << listing.records.size()
             << " listed by the vendor in " << listing.pages << " page(s)\n";
        if (listing.without_id > 0)
            out_ << "  note: " << listing.without_id << " listed record(s) without a vendor id; not compared\n";
        if (!fetched.empty())
            out_ << "  note: " << fetched.size()
                 << " record(s) read one by one with the mapping's get: the list answer leaves out fields they "
                    "were compared on\n";
        for (const auto& [attribute, records] : not_compared)
            out_ << "  note: " << attribute << " not compared for " << records
                 << " record(s): the vendor's list answer leaves it out and the mapping has no 'get' to read it\n";
        totals counts;
        counts.in_sync = drift.in_sync;
        for (const auto& finding : drift.findings) {
            print_finding(out_, type, finding);
            switch (finding.kind) {
            case bridge::drift_kind::missing_at_vendor: ++counts.missing; break;
            case bridge::drift_kind::unknown_to_bridge: ++counts.unknown; break;
            case bridge::drift_kind::fields_differ: ++counts.differs; break;
            case bridge::drift_kind::not_linked: ++counts.unlinked; break;
            }
        }
        out_ << type << ": " << counts.missing << " missing at the vendor, " << counts.unknown
             << " unknown to the bridge, " << counts.differs << " with differing attributes, " << counts.unlinked
             << " not linked, " << counts.in_sync << " in sync\n";

        if (repair_)
            for (const auto& finding : drift.findings) {
                if (!bridge::is_drift(finding.kind))
                    continue;
                const auto outcome = co_await repair_->repair(resource, finding, &listing);
                const char* label = outcome.status == bridge::repair_outcome::result::repaired ? "  repaired  "
                                    : outcome.status == bridge::repair_outcome::result::failed ? "  failed    "
                                                                                       : "  left      ";
                out_ << label << subject(type, finding) << ": " << outcome.detail << "\n";
                switch (outcome.status) {
                case bridge::repair_outcome::result::repaired: ++counts.repaired; break;
                case bridge::repair_outcome::result::failed: ++counts.failed; break;
                case bridge::repair_outcome::result::skipped: ++counts.left_alone; break;
                }
            }
        add(counts);
    }

    // A list answer may leave fields out (a summary of each record): a
    // difference against a field the record does not carry says nothing
    // about the vendor's value. With a `get`, such a record is read whole
    // and compared again; without one, those attributes are not compared
    // (and so never "repaired" into the same state again).
    boost::asio::awaitable<void> settle_fields_not_listed(const mapping::resource_mapping* resource,
                                                          bridge::type_drift& drift,
                                                          const std::vector<bridge::stored_resource>& stored,
                                                          const mapping::render_input& context,
                                                          std::deque<bridge::vendor_record>& fetched,
                                                          std::map<std::string, std::size_t>& not_compared)
    {
        std::vector<bridge::drift_finding> kept;
        for (auto& finding : drift.findings) {
            const bool partial =
                finding.kind == bridge::drift_kind::fields_differ &&
                std::any_of(finding.attributes.begin(), finding.attributes.end(),
                            [](const bridge::attribute_drift& drift) { return drift.not_carried; });
            if (!partial) {
                kept.push_back(std::move(finding));
                continue;
            }
            if (bridge::can_fetch(*resource)) {
                bridge::fetched_record whole;
                std::string failure;
                try {
                    whole = co_await bridge::fetch_vendor_record(target_, resource, send_, finding.vendor_id,
                                                                 request_id);
                } catch (const bridge::failure_exception& e) {
                    failure = e.why.detail;
                }
                if (!failure.empty())
                    throw cannot_run("the vendor's " + resource->type + " record " + finding.vendor_id +
                                     " cannot be read: " + failure);
                const auto mine = std::find_if(stored.begin(), stored.end(), [&](const bridge::stored_resource& r) {
                    return r.scim_id == finding.scim_id;
                });
                if (whole.record && mine != stored.end()) {
                    fetched.push_back({finding.vendor_id, std::move(*whole.record)});
                    finding.record = &fetched.back();
                    finding.attributes = bridge::compare_record(*resource, mine->resource, fetched.back().record,
                                                                context);
                    // The whole record lacks it: the vendor has no value, which is drift.
                    for (auto& attribute : finding.attributes)
                        attribute.not_carried = false;
                }
            } else {
                std::erase_if(finding.attributes, [&](const bridge::attribute_drift& attribute) {
                    if (attribute.not_carried)
                        ++not_compared[attribute.attribute];
                    return attribute.not_carried;
                });
            }
            if (finding.attributes.empty())
                ++drift.in_sync;
            else
                kept.push_back(std::move(finding));
        }
        drift.findings = std::move(kept);
    }

    std::vector<bridge::stored_resource> read_store(const std::string& type) const
    {
        std::vector<bridge::stored_resource> out;
        stores_.resources->for_each(target_.name, type, [&](const store::resource_row& row) {
            out.push_back({row.id, json::parse(row.json).as_object(), std::nullopt});
        });
        for (auto& resource : out)
            resource.vendor_id = stores_.correlations->vendor_id(target_.name, type, resource.scim_id);
        return out;
    }

    void add(const totals& counts)
    {
        totals_.missing += counts.missing;
        totals_.unknown += counts.unknown;
        totals_.differs += counts.differs;
        totals_.unlinked += counts.unlinked;
        totals_.in_sync += counts.in_sync;
        totals_.repaired += counts.repaired;
        totals_.failed += counts.failed;
        totals_.left_alone += counts.left_alone;
    }

    const reconcile_options& options_;
    bridge::mapped_target target_;
    bridge::vendor_sender send_;
    store::store_set stores_;
    std::ostream& out_;
    std::ostream& err_;
    std::unique_ptr<bridge::drift_repair> repair_;
    totals totals_;
};

// The resource types to compare; throws cannot_run naming the mapping file
// when nothing can be listed.
std::vector<const mapping::resource_mapping*> listable_types(const mapping::mapping_file& mapping,
                                                             const std::optional<std::string>& only,
                                                             std::vector<std::string>& not_listable)
{
    std::vector<const mapping::resource_mapping*> out;
    if (only) {
        const auto* resource = mapping.find(*only);
        if (!resource)
            throw cannot_run(mapping.source + " maps no " + *only + " resources");
        if (!resource->find(mapping::operation::list))
            throw cannot_run(mapping.source + " declares no 'list' operation for " + *only +
                             ": the vendor's records cannot be read, so there is nothing to compare");
        out.push_back(resource);
        return out;
    }
    for (const auto& [name, resource] : mapping.resources) {
        if (resource.find(mapping::operation::list))
            out.push_back(&resource);
        else
            not_listable.push_back(name);
    }
    if (out.empty())
        throw cannot_run(mapping.source +
                         " declares no 'list' operation: the vendor's records cannot be read, so there is nothing "
                         "to compare");
    return out;
}

} // namespace

int reconcile(const config::server_config& config, const reconcile_options& options,
              const std::filesystem::path& schemas_dir, std::ostream& out, std::ostream& err)
{
    const config::target_config* settings = nullptr;
    for (const auto& candidate : config.targets)
        if (candidate.name == options.target)
            settings = &candidate;
    if (!settings) {
        err << "reconcile: no target " << options.target << " in " << config.source_file.string() << "\n";
        return 2;
    }
    if (!settings->mapping) {
        err << "reconcile: target " << options.target
            << " is local (no mapping): the store is its only copy, there is no vendor to compare with\n";
        return 2;
    }

    // Declared first, destroyed last: the connector's sockets live on it.
    boost::asio::io_context io;
    store::store_set stores;
    std::unique_ptr<reconcile_run> run;
    std::vector<const mapping::resource_mapping*> types;
    try {
        auto schemas = scim::schema_registry::load(schemas_dir);
        auto target = load_mapped_target(*settings, schemas);
        std::vector<std::string> not_listable;
        types = listable_types(*target.mapping, options.type, not_listable);
        stores = open_store(config.store);
        auto send = make_vendor_sender(target, stores);
        out << "target " << target.name << " (" << target.mapping->source << ")"
            << (options.repair ? ": reconcile and repair\n" : ": reconcile\n");
        for (const auto& name : not_listable)
            out << name << ": not compared: " << target.mapping->source << " declares no 'list' operation for it\n";
        run = std::make_unique<reconcile_run>(options, std::move(target), std::move(send), stores, out, err);
    } catch (const std::exception& e) {
        err << "reconcile: " << e.what() << "\n";
        if (stores.close)
            stores.close();
        return 2;
    }

    std::exception_ptr failure;
    boost::asio::co_spawn(io, run->run(types), [&failure](std::exception_ptr e) { failure = e; });
    io.run();
    int status = 2;
    try {
        if (failure)
            std::rethrow_exception(failure);
        status = run->exit_code();
    } catch (const std::exception& e) {
        err << "reconcile: " << e.what() << "\n";
    }
    run.reset();
    stores.close();
    return status;
}

} // namespace app
