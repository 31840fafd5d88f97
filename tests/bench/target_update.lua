-- Per-target update: PATCH replace of one mapped attribute (BENCH_PATCH_PATH,
-- default name.givenName) on a random created user, in Entra's shape. Every
-- value is new, so every request is a real write that reaches the vendor.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
local path = os.getenv("BENCH_PATCH_PATH") or "name.givenName"
counter = 0
request = function()
  counter = counter + 1
  local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[' ..
    '{"op":"Replace","path":"' .. path .. '","value":"G' .. thread_seed .. '-' .. counter .. '"}]}'
  return wrk.format("PATCH", "/scim/v2/" .. target .. "/Users/" .. ids[math.random(1, #ids)], nil, body)
end

function done(summary, latency, requests)
  io.write(result_line(summary, latency, "updates_per_s", 1))
end
