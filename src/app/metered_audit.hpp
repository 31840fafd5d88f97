#pragma once
// The audit sink a vendor target's connector reports to: every attempt goes
// on to the audit table (the inner sink) and into the process's metrics
// (calls by operation, outcome and status, latency, retries, logins,
// rate-limit waits); failed attempts into the recent vendor errors.

#include "connector/audit_sink.hpp"

#include <memory>
#include <string>

namespace app {

std::shared_ptr<connector::audit_sink> with_metrics(std::string target, std::shared_ptr<connector::audit_sink> inner);

} // namespace app
