-- Single-user batches, as a shop's event collector would send them when it groups by user:
-- SS_BATCH events of one user per request, with X-User so nginx routes the request straight
-- to the owner (no split, no forward). 64 users' bodies are built once; requests cycle them.
local batch = tonumber(os.getenv("SS_BATCH") or "1000")
local types = {"view", "view", "view", "click", "cart", "purchase"}
local bodies, users = {}, {}
for u = 1, 64 do
  local parts = {}
  for e = 1, batch do
    parts[e] = string.format('{"user":"bu%d","item":"i%d","type":"%s","ts":%d}', u * 997, (e * 13 + u) % 100000,
                             types[(e % 6) + 1], 1700000000000 + e * 1000)
  end
  users[u] = "bu" .. (u * 997)
  bodies[u] = '{"events":[' .. table.concat(parts, ",") .. ']}'
end
local counter = 0
request = function()
  counter = counter + 1
  local u = (counter % 64) + 1
  return wrk.format("POST", "/v1/events", {["Content-Type"] = "application/json", ["X-API-Key"] = os.getenv("SS_KEY") or "",
                                            ["X-User"] = users[u]}, bodies[u])
end
