-- Recommendations for random users u0..u(SS_USERS-1); the first answer of each non-200
-- status is written to stderr, so failures are seen, not only counted.
local n = tonumber(os.getenv("SS_USERS") or "1000")
local key = os.getenv("SS_KEY") or ""
local counter = 0
local seen = {}
request = function()
  counter = counter + 1
  local u = (counter * 7919 + math.random(0, n - 1)) % n
  return wrk.format("GET", string.format("/v1/users/u%d/recommendations?k=10", u), {["X-API-Key"] = key})
end
response = function(status, headers, body)
  if status ~= 200 and not seen[status] then
    seen[status] = true
    io.stderr:write("HTTP " .. status .. ": " .. string.sub(body, 1, 200) .. "\n")
  end
end
