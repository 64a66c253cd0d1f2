#!/usr/bin/env python3
"""Reads `wrk --latency` output on stdin, prints "requests/s p50_ms p99_ms non2xx"."""
import re
import sys

text = sys.stdin.read()


def ms(label):
    m = re.search(r"^\s+%s\s+([\d.]+)(us|ms|s)\s*$" % re.escape(label), text, re.M)
    if not m:
        return float("nan")
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v


rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
errs = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
p50, p99 = ms("50%"), ms("99%")
print(f"{float(rps.group(1)) if rps else 0:.0f} {p50:.2f} {p99:.2f} {errs.group(1) if errs else 0}")
