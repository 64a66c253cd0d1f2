"""The same cleaning/split steps in pandas, on the CSV written by bench_prep (load time not
counted). Usage: /usr/bin/python3 pandas_ref.py EVENTS.csv [RUNS]"""
import sys, time
import numpy as np
import pandas as pd

df = pd.read_csv(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def median(f):
    t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        t.append(time.perf_counter() - t0)
    return sorted(t)[len(t) // 2]


def leave_last_out():
    s = df.sort_values(["user", "ts"], kind="stable")
    rank = s.groupby("user").cumcount(ascending=False)
    n = s.groupby("user")["user"].transform("size")
    part = np.where((n >= 3) & (rank == 0), 2, np.where((n >= 3) & (rank == 1), 1, 0))
    return int((part == 2).sum())


def sessions():
    s = df.sort_values(["user", "ts"], kind="stable")
    new = (s["user"].diff() != 0) | (s["ts"].diff() > 30 * 60000)
    return int(new.cumsum().iloc[-1])


def kcore():
    d = df[df["item"] >= 0]
    while True:
        uc = d["user"].map(d["user"].value_counts())
        ic = d["item"].map(d["item"].value_counts())
        keep = (uc >= 5) & (ic >= 5)
        if keep.all():
            return len(d)
        d = d[keep]


print(f"events {len(df)}, pandas {pd.__version__}, median of {runs} runs")
for name, f in [("exact_dedup", lambda: int(df.duplicated().sum())), ("leave_last_out", leave_last_out),
                ("sessions_30m", sessions), ("kcore_5", kcore)]:
    s = median(f)
    print(f"{name:<16} {s:8.3f} s  {len(df) / s / 1e6:7.1f} M events/s")
