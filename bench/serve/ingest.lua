-- POSTs one batch of SS_BATCH events (distinct users and items per request) with the admin key.
local batch = tonumber(os.getenv("SS_BATCH") or "1000")
local key = os.getenv("SS_KEY") or ""
local counter = 0
local types = {"view", "view", "view", "click", "cart", "purchase"}
request = function()
  counter = counter + 1
  local parts = {}
  for e = 1, batch do
    local u = (counter * 131 + e * 7) % 100000
    local i = (counter * 17 + e * 13) % 100000
    parts[e] = string.format('{"user":"bu%d","item":"i%d","type":"%s","ts":%d}', u, i, types[(e % 6) + 1],
                             1700000000000 + counter * 1000 + e)
  end
  local body = '{"events":[' .. table.concat(parts, ",") .. ']}'
  return wrk.format("POST", "/v1/events", {["X-API-Key"] = key, ["Content-Type"] = "application/json"}, body)
end
