-- Recommendations for random users u0..u(N-1); N and the key come from the environment.
local n = tonumber(os.getenv("SS_USERS") or "1000")
local path = os.getenv("SS_PATH") or "/v1/users/u%d/recommendations?k=10"
local key = os.getenv("SS_KEY") or ""
local counter = 0
request = function()
  counter = counter + 1
  local u = (counter * 7919 + math.random(0, n - 1)) % n
  return wrk.format("GET", string.format(path, u), {["X-API-Key"] = key})
end
