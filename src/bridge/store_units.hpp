#pragma once
// Store work awaited from the pipeline, as values: what the store's engine
// throws (a full disk, a broken file, a lost connection) becomes a
// `store_failed` failure instead of unwinding through the request. A unit
// that already answers with a result<T> is not wrapped twice.

#include "bridge/request_error.hpp"
#include "store/store_executor.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <type_traits>

namespace bridge {

template <typename T>
struct unit_result {
    using type = result<T>;
};
template <typename T>
struct unit_result<result<T>> {
    using type = result<T>;
};
template <typename Work>
using unit_result_t = typename unit_result<std::invoke_result_t<Work&>>::type;

enum class unit_kind { read, write };

template <unit_kind Kind, typename Work>
boost::asio::awaitable<unit_result_t<Work>> run_unit(store::store_executor& executor, Work work)
{
    using answer = std::invoke_result_t<Work&>;
    std::optional<failure> broken;
    try {
        if constexpr (std::is_void_v<answer>) {
            if constexpr (Kind == unit_kind::write)
                co_await executor.write(std::move(work));
            else
                co_await executor.read(std::move(work));
            co_return unit_result_t<Work>{};
        } else if constexpr (Kind == unit_kind::write) {
            auto value = co_await executor.write(std::move(work));
            co_return value;
        } else {
            auto value = co_await executor.read(std::move(work));
            co_return value;
        }
    } catch (...) {
        broken = current_failure();
    }
    co_return fail(errc::store_failed, "the store could not complete the request: " + broken->detail);
}

// A read unit (one snapshot) and a write unit (acknowledged after commit).
template <typename Work>
boost::asio::awaitable<unit_result_t<Work>> read_unit(store::store_executor& executor, Work work)
{
    auto done = co_await run_unit<unit_kind::read>(executor, std::move(work));
    co_return done;
}

template <typename Work>
boost::asio::awaitable<unit_result_t<Work>> write_unit(store::store_executor& executor, Work work)
{
    auto done = co_await run_unit<unit_kind::write>(executor, std::move(work));
    co_return done;
}

} // namespace bridge
