#!/usr/bin/env python3
"""Posts a shop's catalogue.csv and events.csv to a running `shopsense serve` in batches
(standard library only). Rows the API would reject (wrong column count, unknown behaviour,
unreadable time) are skipped and counted, so one dirty row does not cost a whole batch.
Usage: serve_load_csv.py URL ADMIN_KEY SHOP_DIR [MAX_EVENTS]"""
import csv, datetime, json, sys, urllib.request

url, key, shop = sys.argv[1], sys.argv[2], sys.argv[3]
max_events = int(sys.argv[4]) if len(sys.argv) > 4 else 10**9
KNOWN = {"view", "click", "search", "cart", "remove_from_cart", "favorite", "purchase", "dislike", "return",
         "pv", "fav", "buy", "add_to_cart"}

def post(path, body):
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "X-API-Key": key})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())

def good_time(t):
    try:
        datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False

items = []
with open(f"{shop}/catalogue.csv", newline="") as f:
    for row in csv.DictReader(f):
        item = {"id": row["item_id"], "title": row["title"], "description": row["description"],
                "category": row["category_path"], "brand": row["brand"], "in_stock": row["in_stock"] == "true"}
        if row["price"]:
            item["price"] = float(row["price"])
        if good_time(row["created_at"]):
            item["created"] = row["created_at"]
        items.append(item)
for i in range(0, len(items), 5000):
    post("/v1/items", {"items": items[i:i + 5000]})

sent = skipped = 0
batch = []
with open(f"{shop}/events.csv", newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    for row in reader:
        if sent + len(batch) >= max_events:
            break
        if len(row) != len(header) or row[2].lower() not in KNOWN or not good_time(row[3]) or not row[0]:
            skipped += 1
            continue
        e = {"user": row[0], "type": row[2], "ts": row[3], "session": row[4]}
        if row[1]:
            e["item"] = row[1]
        elif row[2] != "search":
            skipped += 1
            continue
        if row[5]:
            e["query"] = row[5]
        try:
            if row[6]:
                e["quantity"] = float(row[6])
            if row[7]:
                e["price"] = float(row[7])
        except ValueError:
            skipped += 1
            continue
        batch.append(e)
        if len(batch) == 5000:
            sent += post("/v1/events", {"events": batch})["events"]
            batch = []
if batch:
    sent += post("/v1/events", {"events": batch})["events"]
print(f"posted {len(items)} catalogue items and {sent} events ({skipped} malformed rows skipped)")
