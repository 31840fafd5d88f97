#include "app/job_listing.hpp"

#include "app/store_opening.hpp"

#include <iomanip>

namespace app {

int list_jobs(const config::server_config& config, const std::optional<std::string>& target, bool all,
              std::ostream& out, std::ostream& err)
{
    if (target) {
        bool known = false;
        for (const auto& t : config.targets)
            known = known || t.name == *target;
        if (!known) {
            err << "jobs: no target named " << *target << " in the configuration\n";
            return 2;
        }
    }
    auto stores = open_store(config.store);
    const auto rows = stores.jobs->list(target ? std::optional<std::string_view>(*target) : std::nullopt, !all, 1000);
    bool failed = false;
    out << std::left << std::setw(7) << "JOB" << std::setw(12) << "STATUS" << std::setw(20) << "TARGET"
        << std::setw(22) << "OPERATION" << std::setw(44) << "RESOURCE" << std::setw(26) << "UPDATED"
        << "VENDOR REQUEST / ERROR\n";
    for (const auto& job : rows) {
        failed = failed || job.status == store::job_status::failed;
        out << std::setw(7) << job.id << std::setw(12) << job.status << std::setw(20) << job.target
            << std::setw(22) << job.operation << std::setw(44) << (job.type + "/" + job.scim_id) << std::setw(26)
            << job.updated << job.vendor_request_id;
        if (!job.last_error.empty())
            out << "  " << job.last_error << (job.reported ? "" : " (not yet reported to the identity provider)");
        out << "\n";
    }
    if (rows.empty())
        out << (all ? "no jobs\n" : "no open or failed jobs\n");
    stores.close();
    return failed ? 1 : 0;
}

} // namespace app
