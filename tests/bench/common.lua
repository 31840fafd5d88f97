-- Shared by the wrk scripts: auth header, the seeded ids, the count of
-- responses outside 2xx, and the summary line that run.sh parses:
--   RESULT requests=N requests_per_s=R p50_ms=A p99_ms=B non_2xx=E socket_errors=S
-- (requests completed in the run, latencies in milliseconds).
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

-- Seeded per run: otherwise every run draws the same thread seeds, and a
-- second create run on the same store would send the first run's userNames
-- (and be answered 409).
math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))

-- Every wrk thread, numbered from 0, for done() to read their counters.
threads = {}
function setup(thread)
  thread:set("thread_seed", math.random(1, 1000000000))
  thread:set("thread_number", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(thread_seed or os.time())
end

-- wrk itself counts only status >= 400; 1xx and 3xx are failures here too.
non_2xx = 0
function response(status, headers, body)
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
end

-- The RESULT line: `rate_name` is requests per second divided by `per`
-- (2 for a create made of two requests); `extra` is appended as is.
function result_line(summary, latency, rate_name, per, extra)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + (thread:get("non_2xx") or 0) end
  local errors = summary.errors
  return string.format("RESULT requests=%d %s=%.0f p50_ms=%.2f p99_ms=%.2f non_2xx=%d socket_errors=%d%s\n",
    summary.requests, rate_name, summary.requests / per / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed,
    errors.connect + errors.read + errors.write + errors.timeout, extra or "")
end

function done(summary, latency, requests)
  io.write(result_line(summary, latency, "requests_per_s", 1))
end
