#!/usr/bin/env python3
"""Posts a synthetic event stream (USERS users, EVENTS events over ITEMS items, Zipf-ish
popularity, mixed-user batches of 1000) to a ShopSense URL; prints events/s."""
import json
import os
import random
import sys
import time
import urllib.request

url, users, items, events = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
key = os.environ.get("SS_KEY", "")
rng = random.Random(7)
weights = [1.0 / (i + 1) ** 0.8 for i in range(items)]
cum = list(__import__("itertools").accumulate(weights))  # precomputed: choices() is O(items) without it
t0 = time.time()
sent = 0
while sent < events:
    n = min(1000, events - sent)
    # Users first get one event each (so every user exists), then random users.
    batch = []
    for j in range(n):
        k = sent + j
        u = k if k < users else rng.randrange(users)
        it = rng.choices(range(items), cum_weights=cum)[0]
        batch.append({"user": f"u{u}", "item": f"i{it}", "type": "view" if rng.random() < 0.85 else "cart",
                      "ts": 1704067200000 + k * 1000})
    req = urllib.request.Request(url + "/v1/events", data=json.dumps({"events": batch}).encode(),
                                 headers={"Content-Type": "application/json", "X-API-Key": key})
    with urllib.request.urlopen(req, timeout=60) as r:
        assert r.status == 200, r.read()
    sent += n
print(f"{sent} events in {time.time() - t0:.1f} s")
