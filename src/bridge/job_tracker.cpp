#include "bridge/job_tracker.hpp"

#include "bridge/sleep_for.hpp"
#include "bridge/vendor_failure.hpp"
#include "mapping/response_reader.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>

namespace bridge {

namespace {

// The background loop looks for new due jobs at least this often.
constexpr std::chrono::milliseconds idle_check{1000};
// Polls while a SCIM write waits start this short and double up to the
// mapping's poll interval: most vendors finish small jobs in well under it.
constexpr long long first_wait_poll_ms = 100;

} // namespace

job_tracker::job_tracker(mapped_target target, vendor_sender send, std::shared_ptr<store::job_store> jobs,
                         job_listener on_final, std::shared_ptr<store::store_executor> executor)
    : target_(std::move(target)), send_(std::move(send)), jobs_(std::move(jobs)), on_final_(std::move(on_final)),
      executor_(executor ? std::move(executor) : store::store_executor::inline_executor())
{
}

std::int64_t job_tracker::track(const store::new_job& job)
{
    // Out of the background loop's way for as long as the write may wait.
    return jobs_->add(job, spec().wait_ms + spec().poll_interval_ms);
}

long long job_tracker::backoff_ms(std::int64_t attempts) const
{
    // poll_interval, doubling, at most 32x (a vendor queue that is slow
    // today is polled every minute or so, not every two seconds for hours).
    const auto shift = std::min<std::int64_t>(std::max<std::int64_t>(attempts, 0), 5);
    return spec().poll_interval_ms << shift;
}

boost::asio::awaitable<store::job_row> job_tracker::poll(store::job_row job)
{
    mapping::render_input input;
    input.parameters = &target_.parameters;
    input.secrets = target_.secrets;
    input.request_id = job.vendor_request_id;
    auto rendered = mapping::render_progress(*target_.mapping, input);

    std::string failure;
    mapping::progress_state state = mapping::progress_state::unknown;
    if (!rendered.ok()) {
        failure = "the progress request cannot be rendered: " + rendered.error;
        state = mapping::progress_state::failed;
    } else {
        auto result = co_await send_(std::move(rendered.requests.front()), request_scope::unbounded(job.scim_request_id));
        if (result.ok() && result.response) {
            auto report = mapping::classify_progress(spec(), to_mapping_response(*result.response));
            state = report.state;
            failure = report.state == mapping::progress_state::failed
                          ? (report.message.empty() ? std::string("the vendor reports the request failed")
                                                    : report.message)
                          : std::string();
        } else if (result.outcome.kind == connector::outcome_kind::not_found) {
            // The vendor forgot the request (or never had it): nothing will
            // ever say it completed.
            state = mapping::progress_state::failed;
            failure = "the vendor does not know request " + job.vendor_request_id;
        }
        // Any other failure (unreachable, 5xx after retries) is transient:
        // the job stays open and is polled again.
    }

    // The outcome and the row as it then stands, in one store unit.
    auto after = co_await executor_->write([this, &job, state, &failure] {
        if (state == mapping::progress_state::complete || state == mapping::progress_state::failed) {
            jobs_->finish(job.id, state == mapping::progress_state::complete, failure);
        } else if (job.age_ms >= spec().give_up_after_ms) {
            jobs_->finish(job.id, false,
                          "no final answer from the vendor after " + std::to_string(job.age_ms / 1000) + " s");
        } else {
            jobs_->reschedule(job.id,
                              state == mapping::progress_state::retrying ? store::job_status::retrying
                                                                          : store::job_status::in_progress,
                              backoff_ms(job.attempts));
        }
        return jobs_->find(job.id);
    });
    if (after && !after->open() && on_final_)
        on_final_(*after);
    co_return after ? *after : job;
}

boost::asio::awaitable<std::vector<store::job_row>> job_tracker::wait(std::vector<std::int64_t> ids,
                                                                      std::chrono::milliseconds budget)
{
    const auto deadline = std::chrono::steady_clock::now() + budget;
    long long interval = std::min(first_wait_poll_ms, spec().poll_interval_ms);
    std::vector<store::job_row> rows;
    for (;;) {
        rows.clear();
        bool open = false;
        for (auto id : ids) {
            auto row = co_await executor_->read([this, id] { return jobs_->find(id); });
            if (!row)
                continue;
            if (row->open()) {
                auto polled = co_await poll(*row);
                row = polled;
            }
            open = open || row->open();
            rows.push_back(std::move(*row));
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                               std::chrono::steady_clock::now());
        if (!open || left.count() <= 0)
            break;
        co_await sleep_for(std::min(std::chrono::milliseconds(interval), left));
        interval = std::min(interval * 2, spec().poll_interval_ms);
    }
    co_return rows;
}

void job_tracker::start(boost::asio::any_io_executor executor)
{
    // On a strand of its own: the connector races operations with
    // awaitable operators, which must not run on two threads at once.
    boost::asio::co_spawn(
        boost::asio::make_strand(executor),
        [self = shared_from_this()]() -> boost::asio::awaitable<void> { co_await self->run(); },
        boost::asio::detached);
}

boost::asio::awaitable<void> job_tracker::run()
{
    while (!stopped_.load(std::memory_order_relaxed)) {
        auto delay = idle_check;
        try {
            auto due = co_await executor_->read([this] { return jobs_->due(target_.name, 32); });
            for (auto& job : due)
                co_await poll(std::move(job));
            const auto next = co_await executor_->read([this] { return jobs_->next_due_in_ms(target_.name); });
            if (next)
                delay = std::min(std::chrono::milliseconds(*next), idle_check);
        } catch (const std::exception&) {
            // A store or rendering hiccup: try again on the next round
            // rather than stop tracking for good.
        }
        co_await sleep_for(delay);
    }
}

} // namespace bridge
