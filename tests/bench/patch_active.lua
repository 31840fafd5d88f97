-- (d) PATCH replace active on a random user. The bridge skips writes that
-- change nothing, so each request also sets a fresh nickName: every request
-- is a real write (a new version committed to SQLite).
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
counter = 0
request = function()
  counter = counter + 1
  local active = (math.random(0, 1) == 1) and "true" or "false"
  local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[' ..
    '{"op":"replace","path":"active","value":' .. active .. '},' ..
    '{"op":"replace","path":"nickName","value":"n' .. thread_seed .. '-' .. counter .. '"}]}'
  return wrk.format("PATCH", "/scim/v2/" .. target .. "/Users/" .. ids[math.random(1, #ids)], nil, body)
end
