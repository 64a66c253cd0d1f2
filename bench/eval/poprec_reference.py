#!/usr/bin/python3
"""Independent PopRec on an S3-Rec sequence file, to check the protocol of `shopsense evaluate`.

Last item of each line = test; the user's earlier items are excluded from the ranking;
ranking over all items; HR@10 and NDCG@10. Popularity is counted two ways:
  train : over every user's items except the last (what a model may see; what we report)
  all   : over ALL items, the test items included (a leak; this is what reproduces the
          published S3-Rec PopRec row .0152 / .0068 exactly)
Usage: bench/eval/poprec_reference.py [path/to/Beauty.txt]
"""
import collections
import math
import os
import sys

data = os.environ.get("SHOPSENSE_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(data, "amazon/Beauty.txt")
if not os.path.exists(path):
    print(f"skipping: {path} not found (set SHOPSENSE_DATA)")
    sys.exit(0)
seqs = [line.split()[1:] for line in open(path) if line.strip()]

for mode in ("train", "all"):
    count = collections.Counter()
    for s in seqs:
        count.update(s if mode == "all" else s[:-1])
    order = [item for item, _ in sorted(count.items(), key=lambda kv: -kv[1])]
    hr = ndcg = 0.0
    for s in seqs:
        seen, target = set(s[:-1]), s[-1]
        top = []
        for item in order:
            if item not in seen:
                top.append(item)
                if len(top) == 10:
                    break
        if target in top:
            hr += 1
            ndcg += 1 / math.log2(top.index(target) + 2)
    n = len(seqs)
    print(f"PopRec popularity counted on {mode:5s}: HR@10 {hr / n:.4f}  NDCG@10 {ndcg / n:.4f}  ({n} users)")
print(f"command: /usr/bin/python3 bench/eval/poprec_reference.py {path}")
