-- Shared by the wrk scripts: auth header, the seeded ids, and a summary line
-- that run.sh parses (requests/s, p50 and p99 in milliseconds, errors).
token = os.getenv("BENCH_TOKEN")
target = os.getenv("BENCH_TARGET") or "bench"
user_count = tonumber(os.getenv("BENCH_USERS") or "1000")
ids = {}
local ids_file = os.getenv("BENCH_IDS")
if ids_file then
  for line in io.lines(ids_file) do ids[#ids + 1] = line end
end
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/scim+json"

function setup(thread)
  thread:set("thread_seed", math.random(1, 1000000000))
end

function init(args)
  math.randomseed(thread_seed or os.time())
end

errors = 0
function response(status, headers, body)
  if status >= 300 then errors = errors + 1 end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests_per_s=%.0f p50_ms=%.2f p99_ms=%.2f non_2xx=%d socket_errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
