-- (e) GET /Users?startIndex=<random>&count=100
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
request = function()
  local start = math.random(1, math.max(1, user_count - 100))
  return wrk.format("GET", "/scim/v2/" .. target .. "/Users?startIndex=" .. start .. "&count=100")
end
