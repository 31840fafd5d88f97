-- (b) GET /Users/{random id}
dofile(os.getenv("BENCH_DIR") .. "/common.lua")
request = function()
  return wrk.format("GET", "/scim/v2/" .. target .. "/Users/" .. ids[math.random(1, #ids)])
end
