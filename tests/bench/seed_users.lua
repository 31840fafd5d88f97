-- Seeds users user{BENCH_SEED_FROM}..user{BENCH_SEED_TO - 1}@bench.example
-- (the same bodies as seed_users.py) through POST /Users, appending each
-- created id to BENCH_SEED_IDS; run.sh runs it as `wrk -t1 -cN` with a long
-- -d. Once every POST is answered it stops wrk (SIGINT: wrk's main thread
-- sleeps for -d otherwise); requests sent after the last POST are GET /healthz.
-- One wrk thread (-t1): the indices are that thread's.
-- RESULT line: requests, created, failed (a POST answered other than 201).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local first = tonumber(os.getenv("BENCH_SEED_FROM"))
local last = tonumber(os.getenv("BENCH_SEED_TO"))
local ids_path = os.getenv("BENCH_SEED_IDS")

next_index = first
created = 0
failed = 0
started = false
local out

function init(args)
  out = assert(io.open(ids_path, "a"))
end

request = function()
  -- wrk calls request() once before the run to check for pipelining, and
  -- sends nothing for that call: it must not take a user.
  if not started or next_index >= last then
    started = true
    return wrk.format("GET", "/healthz")
  end
  local i = next_index
  next_index = i + 1
  local name = "user" .. i .. "@bench.example"
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. name ..
    '","externalId":"ext-' .. i .. '","displayName":"Bench User ' .. i ..
    '","name":{"givenName":"Bench","familyName":"User' .. i .. '"},"emails":[{"value":"' .. name ..
    '","type":"work","primary":true}],"active":true}'
  return wrk.format("POST", "/scim/v2/" .. target .. "/Users", nil, body)
end

response = function(status, headers, body)
  if status == 201 then
    out:write(body:match('"id":"([^"]+)"'), "\n")
    created = created + 1
  elseif status ~= 200 then  -- 200: a /healthz after the last POST
    failed = failed + 1
  end
  if created + failed == last - first and out then
    out:close()
    out = nil
    wrk.thread:stop()
    -- The shell's parent is this wrk. Not os.execute: system() ignores
    -- SIGINT in the caller while the command runs. The kernel may hand a
    -- process-directed SIGINT to this worker thread rather than to wrk's
    -- main thread, which then sleeps out the whole -d (the "seeding hangs
    -- for minutes" seen now and then): repeat it until wrk is gone; once
    -- this thread has ended, only the main thread can take it.
    io.popen("kill -INT $PPID; (while kill -0 $PPID 2>/dev/null; do sleep 0.5; kill -INT $PPID 2>/dev/null; done) " ..
      ">/dev/null 2>&1 &"):close()
  end
end

function done(summary, latency, requests)
  local made, refused = 0, 0
  for _, thread in ipairs(threads) do
    made = made + (thread:get("created") or 0)
    refused = refused + (thread:get("failed") or 0)
  end
  io.write(string.format("RESULT requests=%d created=%d failed=%d socket_errors=%d\n", summary.requests, made,
    refused, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
