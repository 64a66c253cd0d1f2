#!/usr/bin/python3
"""Real-data cross-check: ShopSense (build/bench/analytics/analytics_real) vs pandas on the
same definitions, side by side. Online Retail: RFM segment sizes, monthly retention, repeat
funnel purchase>purchase; Taobao: view>cart>purchase funnel per user, RFM segment sizes.

  /usr/bin/python3 bench/analytics/real_check.py   (SHOPSENSE_DATA overrides ../shared/data)
"""
import json, os, subprocess, sys
import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(__file__))
from compare import SEGMENTS, segment_of  # noqa: E402

ROOT = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True).stdout.strip()
DATA = os.environ.get("SHOPSENSE_DATA", os.path.join(ROOT, "..", "shared", "data"))
BIN = os.path.join(ROOT, "build", "bench", "analytics", "analytics_real")


def ours(kind, path):
    return json.loads(subprocess.run([BIN, kind, path], capture_output=True, text=True, check=True).stdout)


def rfm_segments(p, as_of, order_col):
    g = p.groupby("user").agg(last=("ts", "max"), f=(order_col, "nunique"))
    n = len(g)
    def score(values):
        order = np.lexsort((np.arange(n), values))  # ties by user id order (ids in first-seen order)
        s = np.empty(n, dtype=np.int64)
        s[order] = 1 + (np.arange(n) * 5) // n
        return s
    r = score(-(as_of - g["last"].values) / 86400000.0)
    f = score(g.f.values.astype(np.float64))
    counts = np.bincount([segment_of(a, b) for a, b in zip(r, f)], minlength=10)
    return {SEGMENTS[k]: int(counts[k]) for k in range(10)}


def side_by_side(title, a, b):
    print(title)
    for k in a:
        print(f"  {k:20s} ShopSense {a[k]:8d}  pandas {b.get(k, 0):8d}")


def retail(path):
    o = ours("retail", path)
    df = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str})
    df = df[df.CustomerID.notna() & (df.Quantity > 0) & ~df.InvoiceNo.str.startswith("C")]
    df["ts"] = pd.to_datetime(df.InvoiceDate).astype("int64") // 10**6
    # User ids in order of first appearance, as ShopSense interns them.
    df["user"] = pd.factorize(df.CustomerID.astype(str))[0]
    print(f"Online Retail: {len(df):,} purchase lines, {df.user.nunique():,} customers "
          f"(ShopSense read {o['events']:,} lines)")
    side_by_side("RFM segment sizes (orders = invoices)", o["rfm"], rfm_segments(df, o["as_of_ms"], "InvoiceNo"))
    month = pd.to_datetime(df.ts, unit="ms").dt.to_period("M")
    um = pd.DataFrame({"user": df.user, "m": month}).drop_duplicates()
    um["c"] = um.groupby("user").m.transform("min")
    um["k"] = (um.m - um.c).apply(lambda x: x.n)
    pm = um.groupby(["c", "k"]).size()
    print("monthly retention, first three cohorts (users active k months later):")
    for row in o["retention"][:3]:
        c = pd.Period(row["cohort"], "M")
        print(f"  {row['cohort']}  ShopSense {row['active'][:8]}\n           pandas    {[int(pm.get((c, k), 0)) for k in range(min(8, len(row['active'])))]}")


def taobao(path):
    o = ours("taobao", path)
    df = pd.read_csv(path, header=None, names=["u", "item", "cat", "b", "t"])
    df = df[(df.t >= 1511568000) & (df.t < 1512345600)]  # 2017-11-25 .. 2017-12-03
    df["user"] = pd.factorize(df.u)[0]
    df = df.sort_values(["user", "t"], kind="stable")
    df["ts"] = df.t * 1000
    v = df[df.b == "pv"].groupby("user").ts.min().rename("v")
    c = df[df.b == "cart"][["user", "ts"]].merge(v, left_on="user", right_index=True)
    # Same timestamp counts if the row comes later; seconds-resolution ties are common here.
    c = c[c.ts >= c.v].groupby("user").ts.min().rename("c")
    p = df[df.b == "buy"][["user", "ts"]].merge(c, left_on="user", right_index=True)
    pf = [len(v), len(c), int((p.ts >= p.c).groupby(p.user).any().sum())]
    print(f"Taobao slice: {len(df):,} events, {df.user.nunique():,} users")
    print("funnel pv>cart>buy per user: ShopSense", o["funnel"], " pandas", pf,
          "(pandas ignores row order within one second)")
    buys = df[df.b == "buy"].assign(order=lambda x: x.ts)  # no order ids: each buy is one order
    side_by_side("RFM segment sizes (orders = purchase events; no sessions in this file)", o["rfm"],
                 rfm_segments(buys, o["as_of_ms"], "order"))


if __name__ == "__main__":
    r = os.path.join(DATA, "online-retail", "online_retail.csv")
    t = os.path.join(DATA, "taobao", "UserBehavior_timeslice_95k.csv")
    if not os.path.exists(BIN):
        sys.exit("build first: cmake --build build --target analytics_real")
    for f, fn in [(r, retail), (t, taobao)]:
        if os.path.exists(f):
            fn(f)
        else:
            print(f"skipping {f}: not found (set SHOPSENSE_DATA)")
