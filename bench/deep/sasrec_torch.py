#!/usr/bin/python3
"""The same SASRec-style transformer as src/deep (pre-LN blocks, learned positions, item +
behaviour-type embeddings, tied output embeddings, left-padded windows, per-batch width),
trained in PyTorch (Debian python3-torch) for the throughput ratio against LibTorch.
usage: sasrec_torch.py Beauty.txt [--epochs 1] [--batch 256] [--loss sampled|ce] [--threads 2]"""
import argparse, math, random, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("path"); p.add_argument("--epochs", type=int, default=1)
p.add_argument("--batch", type=int, default=256); p.add_argument("--dim", type=int, default=64)
p.add_argument("--layers", type=int, default=2); p.add_argument("--max_len", type=int, default=50)
p.add_argument("--loss", default="sampled"); p.add_argument("--negatives", type=int, default=256)
p.add_argument("--threads", type=int, default=2); p.add_argument("--seed", type=int, default=42)
a = p.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(a.seed); random.seed(a.seed)

users, items = {}, {}
seqs = []
for line in open(a.path):
    f = line.split()
    if not f: continue
    seqs.append([items.setdefault(x, len(items)) for x in f[1:]])
N = len(items)
# Same work as beauty_bench --mode throughput: the test (last) token dropped, no validation.
train = [s[:-1] for s in seqs if len(s) >= 3]

class Block(nn.Module):
    def __init__(s, d, drop):
        super().__init__()
        s.ln1, s.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        s.qkv, s.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        s.ff1, s.ff2 = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        s.drop, s.d = nn.Dropout(drop), d
    def forward(s, x, mask):
        B, L, D = x.shape
        q, k, v = s.qkv(s.ln1(x)).view(B, L, 3, 1, D).permute(2, 0, 3, 1, 4)
        att = s.drop(torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(D) + mask, -1))
        x = x + s.drop(s.proj((att @ v).transpose(1, 2).reshape(B, L, D)))
        return x + s.drop(s.ff2(s.drop(F.gelu(s.ff1(s.ln2(x))))))

class SasRec(nn.Module):
    def __init__(s, n, d, layers, max_len, drop=0.2):
        super().__init__()
        s.item = nn.Embedding(n + 1, d, padding_idx=0); s.btype = nn.Embedding(9, d)
        s.pos = nn.Embedding(max_len, d); s.drop = nn.Dropout(drop)
        s.blocks = nn.ModuleList([Block(d, drop) for _ in range(layers)]); s.ln = nn.LayerNorm(d)
        s.d, s.max_len = d, max_len
    def forward(s, it, ty):
        B, L = it.shape
        pad = it.eq(0)
        x = s.item(it) * math.sqrt(s.d) + s.btype(ty) + s.pos(torch.arange(s.max_len - L, s.max_len)).unsqueeze(0)
        x = s.drop(x).masked_fill(pad.unsqueeze(-1), 0)
        fut = torch.ones(L, L, dtype=torch.bool).triu(1)
        blocked = fut.unsqueeze(0) | (pad.unsqueeze(1) & ~torch.eye(L, dtype=torch.bool).unsqueeze(0))
        mask = torch.zeros(blocked.shape).masked_fill(blocked, float("-inf")).unsqueeze(1)
        for b in s.blocks: x = b(x, mask).masked_fill(pad.unsqueeze(-1), 0)
        return s.ln(x)

def loss_fn(m, h, t):
    v = t.gt(0); h, t = h[v], t[v]; w = m.item.weight
    if a.loss == "ce": return F.cross_entropy(h @ w[1:].t(), t - 1)
    pos = (h * w[t]).sum(-1)
    neg_ids = torch.randint(1, N + 1, (a.negatives,))
    neg = (h @ w[neg_ids].t()).masked_fill(neg_ids.unsqueeze(0).eq(t.unsqueeze(1)), -1e9)
    return F.cross_entropy(torch.cat([pos.unsqueeze(1), neg], 1), torch.zeros_like(t))

m = SasRec(N, a.dim, a.layers, a.max_len)
opt = torch.optim.Adam(m.parameters(), lr=1e-3)
t0 = time.time()
for ep in range(a.epochs):
    random.shuffle(train)
    g = a.batch * 32  # length-sorted groups of 32 batches, batch order random (as in src/deep)
    train = [s for i in range(0, len(train), g) for s in sorted(train[i:i + g], key=len)]
    starts = list(range(0, len(train), a.batch)); random.shuffle(starts)
    for lo in starts:
        chunk = train[lo:lo + a.batch]
        W = max(min(len(s) - 1, a.max_len) for s in chunk)
        it = torch.zeros(len(chunk), W, dtype=torch.long); tg = torch.zeros_like(it)
        for r, s in enumerate(chunk):
            x, y = s[:-1][-W:], s[1:][-W:]
            it[r, W - len(x):] = torch.tensor(x) + 1; tg[r, W - len(y):] = torch.tensor(y) + 1
        ty = torch.full_like(it, 6)
        opt.zero_grad(); l = loss_fn(m, m(it, ty), tg); l.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0); opt.step()
dt = time.time() - t0
print(f"pytorch {torch.__version__}: {len(train) * a.epochs / dt:.0f} training sequences/s "
      f"({a.epochs} epochs of {len(train)} seqs in {dt:.1f} s, loss={a.loss}, batch={a.batch}, dim={a.dim}, threads={a.threads})")
