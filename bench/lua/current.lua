-- GET /current/:userId for random known users, so the lookups spread over the whole table.
local users = tonumber(os.getenv("BENCH_USERS") or "100000")
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
request = function()
  return wrk.format("GET", "/current/" .. math.random(users))
end
