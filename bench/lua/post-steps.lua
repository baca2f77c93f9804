-- POST /:userId/:day/:interval/:steps with a varying user, day and hour, as the step clients did.
-- The empty body makes wrk send "Content-Length: 0", as undici (our runner) and Java's
-- HttpURLConnection (the course client) do for a POST without a body.
local users = tonumber(os.getenv("BENCH_USERS") or "100000")
local days = tonumber(os.getenv("BENCH_DAYS") or "10")
init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
request = function()
  local path = string.format("/%d/%d/%d/%d", math.random(users), math.random(days), math.random(0, 23), math.random(1, 1000))
  return wrk.format("POST", path, nil, "")
end
