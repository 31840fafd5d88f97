#include "app/metered_audit.hpp"

#include "observability/process_metrics.hpp"
#include "observability/vendor_errors.hpp"

namespace app {

namespace {

class metered_audit : public connector::audit_sink {
public:
    metered_audit(std::string target, std::shared_ptr<connector::audit_sink> inner)
        : target_(std::move(target)), inner_(std::move(inner))
    {
    }

    void on_attempt(const connector::attempt_record& record) override
    {
        if (inner_)
            inner_->on_attempt(record);
        auto& metrics = observability::process_metrics();
        const bool ok = record.status >= 200 && record.status < 400;
        const std::string_view operation = record.login                ? std::string_view("login")
                                           : !record.operation.empty() ? record.operation
                                                                       : observability::vendor_operation_of(record.method);
        metrics.vendor_attempt(target_, operation, record.status, record.latency, record.attempt);
        if (record.login)
            metrics.vendor_login(target_, ok);
        if (!ok)
            observability::process_vendor_errors().record({target_, std::chrono::system_clock::now(), record.status,
                                                           std::string(record.method), record.path,
                                                           std::string(record.request_id), std::string(record.error)});
    }

    void on_rate_limit_wait(std::chrono::nanoseconds waited) override
    {
        if (inner_)
            inner_->on_rate_limit_wait(waited);
        observability::process_metrics().vendor_rate_limit_wait(target_, waited);
    }

private:
    std::string target_;
    std::shared_ptr<connector::audit_sink> inner_;
};

} // namespace

std::shared_ptr<connector::audit_sink> with_metrics(std::string target, std::shared_ptr<connector::audit_sink> inner)
{
    return std::make_shared<metered_audit>(std::move(target), std::move(inner));
}

} // namespace app
