-- Per-target create, as Entra ID does it: GET /Users?filter=userName eq "x"
-- (nothing found), then POST /Users with that userName. The two requests of
-- one create alternate on each wrk thread; one create = two requests.
-- BENCH_NAME_PREFIX + thread number + counter makes the names unique and
-- predictable (customer-directory links to accounts seeded under them).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local prefix = os.getenv("BENCH_NAME_PREFIX") or "bench"
local domain = "@bench.example"

-- The same count as wrk's -t: thread k (common.lua's thread_number) takes
-- the names k, k+T, k+2T, ...
local thread_total = tonumber(os.getenv("BENCH_THREADS") or "2")

calls = 0
creates = 0
request = function()
  calls = calls + 1
  local n = math.floor((calls + 1) / 2)
  local index = thread_number + (n - 1) * thread_total
  local name = prefix .. index .. domain
  if calls % 2 == 1 then
    return wrk.format("GET", "/scim/v2/" .. target .. "/Users?filter=userName%20eq%20%22" .. prefix .. index ..
      "%40bench.example%22")
  end
  creates = n
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",' ..
    '"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],' ..
    '"userName":"' .. name .. '","externalId":"x-' .. prefix .. index .. '","active":true,' ..
    '"displayName":"Bench User ' .. index .. '","title":"Engineer","preferredLanguage":"en-GB",' ..
    '"timezone":"Europe/Istanbul",' ..
    '"name":{"givenName":"Bench","familyName":"User' .. index .. '"},' ..
    '"emails":[{"value":"' .. name .. '","type":"work","primary":true}],' ..
    '"addresses":[{"type":"work","locality":"Istanbul","country":"TR"}],' ..
    '"phoneNumbers":[{"type":"work","value":"+90 212 555 0101"}],' ..
    '"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":' ..
    '{"employeeNumber":"E' .. prefix .. index .. '","department":"Finance"}}'
  return wrk.format("POST", "/scim/v2/" .. target .. "/Users", nil, body)
end

function done(summary, latency, requests)
  local highest = 0
  for _, t in ipairs(threads) do
    local made = t:get("creates") or 0
    local index = t:get("thread_number") + (made - 1) * thread_total
    if index > highest then highest = index end
  end
  io.write(result_line(summary, latency, "creates_per_s", 2, string.format(" highest_index=%d", highest)))
end
