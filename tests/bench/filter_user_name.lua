-- (a) GET /Users?filter=userName eq "<random existing>"
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
request = function()
  local i = math.random(0, user_count - 1)
  return wrk.format("GET", "/scim/v2/" .. target .. "/Users?filter=userName%20eq%20%22user" .. i .. "%40bench.example%22")
end
