-- (c) POST /Users with a userName no one has used
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
counter = 0
request = function()
  counter = counter + 1
  local name = "new-" .. thread_seed .. "-" .. counter .. "@bench.example"
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. name ..
    '","name":{"givenName":"New","familyName":"User"},"emails":[{"value":"' .. name .. '","type":"work","primary":true}],"active":true}'
  return wrk.format("POST", "/scim/v2/" .. target .. "/Users", nil, body)
end
