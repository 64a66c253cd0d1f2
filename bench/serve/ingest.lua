-- POSTs the same batch of SS_BATCH events (built once, so wrk's Lua costs nothing per
-- request) with the admin key. Every request is a real, durable append of SS_BATCH events.
local batch = tonumber(os.getenv("SS_BATCH") or "1000")
local types = {"view", "view", "view", "click", "cart", "purchase"}
local parts = {}
for e = 1, batch do
  parts[e] = string.format('{"user":"bu%d","item":"i%d","type":"%s","ts":%d}', (e * 7) % 5000, (e * 13) % 100000,
                           types[(e % 6) + 1], 1700000000000 + e * 1000)
end
wrk.method = "POST"
wrk.path = "/v1/events"
wrk.body = '{"events":[' .. table.concat(parts, ",") .. ']}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("SS_KEY") or ""
