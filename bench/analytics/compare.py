#!/usr/bin/python3
"""pandas and SQLite on the same events and the same definitions as ShopSense's funnel,
cohorts, RFM and preferences; prints the numbers side by side with ShopSense's and the
times (median of --reps) with ratios. Reads the raw columns written by analytics_bench.

  /usr/bin/python3 bench/analytics/compare.py DIR [--reps 3] [--no-sqlite]
"""
import json, math, sqlite3, statistics, sys, time
import numpy as np
import pandas as pd

VIEW, CART, PURCHASE = 0, 3, 6
WEIGHTS = np.array([1, 1, 0, 3, -1, 2, 5, -2, -3], dtype=np.float64)  # ShopSense defaults
SEGMENTS = ["champions", "loyal", "potential_loyalist", "new", "promising", "need_attention",
            "about_to_sleep", "at_risk", "cannot_lose", "hibernating"]


def segment_of(r, f):
    if r >= 5 and f >= 4: return 0
    if r >= 3 and f >= 4: return 1
    if r >= 4 and f >= 2: return 2
    if r == 5 and f == 1: return 3
    if r == 4 and f == 1: return 4
    if r == 3 and f == 3: return 5
    if r == 3: return 6
    if f == 5: return 8
    if f >= 3: return 7
    return 9


def load(d):
    col = lambda name, dt: np.fromfile(f"{d}/{name}", dtype=dt)
    df = pd.DataFrame({"user": col("user.u32", np.uint32), "item": col("item.u32", np.uint32),
                       "ts": col("ts.i64", np.int64), "type": col("type.u8", np.uint8),
                       "session": col("session.u32", np.uint32), "price": col("price.f32", np.float32),
                       "qty": col("qty.f32", np.float32)})
    return df, col("item_category.u32", np.uint32), json.load(open(f"{d}/shopsense.json"))


def funnel_pandas(df):
    first_view = df[df.type == VIEW].groupby("user").ts.min().rename("v")
    carts = df[df.type == CART][["user", "ts"]].merge(first_view, left_on="user", right_index=True)
    first_cart = carts[carts.ts > carts.v].groupby("user").ts.min().rename("c")
    buys = df[df.type == PURCHASE][["user", "ts"]].merge(first_cart, left_on="user", right_index=True)
    return [len(first_view), len(first_cart), int((buys.ts > buys.c).groupby(buys.user).any().sum())]


def cohorts_pandas(df):
    week = (df.ts // 86400000 + 3) // 7
    uw = pd.DataFrame({"user": df.user, "w": week}).drop_duplicates()
    first = uw.groupby("user").w.transform("min")
    return (uw.w - first).value_counts().sort_index().tolist()


def rfm_pandas(df, as_of):
    p = df[(df.type == PURCHASE) & (df.ts < as_of)]
    g = p.assign(m=p.price.astype(np.float64) * p.qty.astype(np.float64)).groupby("user").agg(
        last=("ts", "max"), f=("session", "nunique"), m=("m", "sum"))
    n = len(g)
    def score(values):  # 1 + floor(5 * rank / n), rank by (value, user)
        order = np.lexsort((g.index.values, values))
        s = np.empty(n, dtype=np.int64)
        s[order] = 1 + (np.arange(n) * 5) // n
        return s
    r = score(-(as_of - g["last"].values) / 86400000.0)
    f = score(g.f.values.astype(np.float64))
    seg = [segment_of(a, b) for a, b in zip(r, f)]
    counts = np.bincount(seg, minlength=10)
    return {SEGMENTS[k]: int(counts[k]) for k in range(10)}


def prefs_pandas(df, item_cat, as_of, half_life_days=30.0):
    w = WEIGHTS[df.type.values] * np.exp(-math.log(2) / (half_life_days * 86400000.0) *
                                         np.maximum(0, as_of - df.ts.values))
    has_item = df.item.values < len(item_cat)
    cat = np.where(has_item, item_cat[np.minimum(df.item.values, len(item_cat) - 1)], 0xFFFFFFFF)
    t = pd.DataFrame({"user": df.user.values, "cat": cat, "w": w})[has_item & (w != 0)]
    s = t.groupby(["user", "cat"]).w.sum().reset_index()
    s = s[s.w > 0].sort_values(["user", "w", "cat"], ascending=[True, False, True])
    return s.drop_duplicates("user").set_index("user").cat


SQL = {
    "funnel": """
      WITH v AS (SELECT user, MIN(ts) t FROM ev WHERE type=0 GROUP BY user),
           c AS (SELECT ev.user, MIN(ev.ts) t FROM ev JOIN v ON ev.user=v.user WHERE ev.type=3 AND ev.ts>v.t GROUP BY ev.user),
           p AS (SELECT DISTINCT ev.user FROM ev JOIN c ON ev.user=c.user WHERE ev.type=6 AND ev.ts>c.t)
      SELECT (SELECT COUNT(*) FROM v), (SELECT COUNT(*) FROM c), (SELECT COUNT(*) FROM p)""",
    "cohorts": """
      WITH uw AS (SELECT DISTINCT user, (ts/86400000+3)/7 w FROM ev),
           f AS (SELECT user, MIN(w) w0 FROM uw GROUP BY user)
      SELECT uw.w - f.w0 k, COUNT(*) FROM uw JOIN f USING(user) GROUP BY k ORDER BY k""",
    "rfm": """
      SELECT user, MAX(ts), COUNT(DISTINCT session), SUM(price*qty) FROM ev
      WHERE type=6 AND ts < :as_of GROUP BY user ORDER BY user""",
    "preferences": """
      SELECT user, cat, SUM(w) s FROM (
        SELECT ev.user, ic.cat, (CASE ev.type WHEN 0 THEN 1 WHEN 1 THEN 1 WHEN 3 THEN 3 WHEN 4 THEN -1
          WHEN 5 THEN 2 WHEN 6 THEN 5 WHEN 7 THEN -2 WHEN 8 THEN -3 ELSE 0 END)
          * exp(-0.6931471805599453 / (30.0 * 86400000.0) * (:as_of - ev.ts)) w
        FROM ev JOIN ic ON ev.item = ic.item) GROUP BY user, cat""",
}


def timed(reps, fn):
    ts, out = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts), out


def main():
    d = sys.argv[1]
    reps = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else 3
    df, item_cat, ours = load(d)
    as_of, pref_as_of = ours["as_of_ms"], ours["pref_as_of_ms"]
    print(f"{len(df):,} events; pandas {pd.__version__}, SQLite {sqlite3.sqlite_version}; median of {reps}")
    res = {}
    res["funnel"] = timed(reps, lambda: funnel_pandas(df))
    res["cohorts"] = timed(reps, lambda: cohorts_pandas(df))
    res["rfm"] = timed(reps, lambda: rfm_pandas(df, as_of))
    res["preferences"] = timed(reps, lambda: prefs_pandas(df, item_cat, pref_as_of))
    sq = {}
    if "--no-sqlite" not in sys.argv:
        con = sqlite3.connect(":memory:")
        con.create_function("exp", 1, math.exp, deterministic=True)
        con.execute("CREATE TABLE ev(user INT, item INT, ts INT, type INT, session INT, price REAL, qty REAL)")
        con.executemany("INSERT INTO ev VALUES(?,?,?,?,?,?,?)", zip(
            df.user.tolist(), df.item.tolist(), df.ts.tolist(), df.type.tolist(), df.session.tolist(),
            df.price.astype(float).tolist(), df.qty.astype(float).tolist()))
        con.execute("CREATE TABLE ic(item INTEGER PRIMARY KEY, cat INT)")
        con.executemany("INSERT INTO ic VALUES(?,?)", [(i, int(c)) for i, c in enumerate(item_cat) if c != 0xFFFFFFFF])
        for name, q in SQL.items():
            sq[name] = timed(reps, lambda: con.execute(q, {"as_of": as_of if name == "rfm" else pref_as_of}).fetchall())
    # Side by side: the numbers.
    print("\nfunnel view>cart>purchase per user: ShopSense", ours["funnel_user"], " pandas", res["funnel"][1],
          " SQLite", list(sq["funnel"][1][0]) if sq else "-")
    print("weekly retention, users active k weeks after cohort week (k=0..5):")
    print("  ShopSense", ours["cohort_week_offsets"][:6], "\n  pandas   ", res["cohorts"][1][:6],
          "\n  SQLite   ", [r[1] for r in sq["cohorts"][1]][:6] if sq else "-")
    print("RFM segment sizes:")
    for s in SEGMENTS:
        print(f"  {s:20s} ShopSense {ours['rfm_segments'][s]:8d}  pandas {res['rfm'][1][s]:8d}")
    top1 = np.fromfile(f"{d}/top1.u32", dtype=np.uint32)
    pt = res["preferences"][1]
    agree = np.mean(top1[pt.index.values] == pt.values)
    print(f"preferences: top-1 category equal to pandas for {100 * agree:.2f}% of {len(pt):,} users")
    print("\nseconds (median)     ShopSense   pandas    SQLite   pandas/ShopSense  SQLite/ShopSense")
    for name in ["funnel", "cohorts", "rfm", "preferences"]:
        o = ours["seconds"][name]
        p = res[name][0]
        s = sq[name][0] if sq else float("nan")
        print(f"  {name:18s} {o:9.3f} {p:9.3f} {s:9.3f}   {p / o:12.1f}x  {s / o:14.1f}x")


if __name__ == "__main__":
    main()
