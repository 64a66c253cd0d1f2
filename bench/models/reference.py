"""Straightforward NumPy/SciPy versions of the benchmarked models, timed on the raw files
bench_models wrote (same data, same parameters). Run with Debian's /usr/bin/python3.
   reference.py ials DIR users items factors | ease DIR users items | itemknn DIR"""
import sys
import time

import numpy as np
import scipy.sparse as sp


def ials(d, users, items, f):
    u = np.fromfile(f"{d}/ials_u.u32", dtype=np.uint32)
    i = np.fromfile(f"{d}/ials_i.u32", dtype=np.uint32)
    w = np.fromfile(f"{d}/ials_w.f32", dtype=np.float32)
    m = sp.csr_matrix((w, (u, i)), shape=(users, items), dtype=np.float32)  # sums duplicates
    m.sum_duplicates()
    mt = m.T.tocsr()
    rng = np.random.default_rng(1)
    x = (rng.standard_normal((users, f)) * 0.1 / np.sqrt(f)).astype(np.float32)
    y = (rng.standard_normal((items, f)) * 0.1 / np.sqrt(f)).astype(np.float32)
    reg, alpha, steps = 0.1, 2.0, 3

    def half(c, y, x):
        # Batched CG over all rows at once: A x = YtY x + reg x + sum_i alpha w_ui (y_i.x) y_i.
        yty = y.T @ y
        rows = np.repeat(np.arange(c.shape[0]), np.diff(c.indptr))
        c1 = alpha * c.data

        def ax(p):
            out = p @ yty + reg * p
            d = np.empty(len(rows), dtype=np.float32)
            for s in range(0, len(rows), 2_000_000):
                e = s + 2_000_000
                d[s:e] = np.einsum("ij,ij->i", p[rows[s:e]], y[c.indices[s:e]]) * c1[s:e]
            out += sp.csr_matrix((d, c.indices, c.indptr), shape=c.shape) @ y
            return out

        b = sp.csr_matrix((1 + c1, c.indices, c.indptr), shape=c.shape) @ y
        r = b - ax(x)
        p = r.copy()
        rs = np.einsum("ij,ij->i", r, r)
        for _ in range(steps):
            ap = ax(p)
            a = rs / np.maximum(np.einsum("ij,ij->i", p, ap), 1e-20)
            x += a[:, None] * p
            r -= a[:, None] * ap
            rs_new = np.einsum("ij,ij->i", r, r)
            p = r + (rs_new / np.maximum(rs, 1e-20))[:, None] * p
            rs = rs_new

    t, c0 = time.perf_counter(), time.process_time()
    half(m, y, x)
    half(mt, x, y)
    s = time.perf_counter() - t
    print(f"numpy ials: one epoch {s:.3f} s, CPU {time.process_time() - c0:.3f} s (one run)")
    print(f"RESULT ials_epoch_s {s:.4f}")


def ease(d, users, items):
    u = np.fromfile(f"{d}/ease_u.u32", dtype=np.uint32)
    i = np.fromfile(f"{d}/ease_i.u32", dtype=np.uint32)
    t, c0 = time.perf_counter(), time.process_time()
    x = sp.csr_matrix((np.ones(len(u), dtype=np.float64), (u, i)), shape=(users, items))
    x.data[:] = 1.0  # binary
    g = (x.T @ x).toarray()
    g[np.diag_indices(items)] += 500.0
    p = np.linalg.inv(g)
    b = p / (-np.diag(p))
    b[np.diag_indices(items)] = 0
    s = time.perf_counter() - t
    print(f"numpy ease: {items} items fit {s:.1f} s, CPU {time.process_time() - c0:.1f} s (one run)")
    print(f"RESULT ease_fit_s {s:.3f}")


def itemknn(d):
    u = np.fromfile(f"{d}/knn_u.u32", dtype=np.uint32)
    i = np.fromfile(f"{d}/knn_i.u32", dtype=np.uint32)
    runs, cpus = [], []
    for _ in range(3):
        t, c0 = time.perf_counter(), time.process_time()
        x = sp.csr_matrix((np.ones(len(u), dtype=np.float32), (u, i)))
        x.data[:] = 1.0
        x = x.tocsc()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=0)).ravel())
        c = (x.T @ x).tocsr()
        c.setdiag(0)
        c.eliminate_zeros()
        inv = 1.0 / np.maximum(norms, 1e-12)
        c = sp.diags(inv) @ c @ sp.diags(inv)
        c = c.tocsr()
        keep = []
        for r in range(c.shape[0]):  # top-100 neighbours per item
            s, e = c.indptr[r], c.indptr[r + 1]
            if e - s > 100:
                top = np.argpartition(-c.data[s:e], 100)[:100]
                keep.append(c.indices[s:e][top])
            else:
                keep.append(c.indices[s:e])
        runs.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c0)
    runs.sort()
    cpus.sort()
    print(f"scipy itemknn: CPU time median {cpus[1]:.3f} s")
    print(f"scipy itemknn: fit median {runs[1]:.3f} s (runs {' '.join(f'{r:.3f}' for r in runs)})")
    print(f"RESULT itemknn_fit_s {runs[1]:.4f}")


if __name__ == "__main__":
    what, d = sys.argv[1], sys.argv[2]
    if what == "ials":
        ials(d, int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    elif what == "ease":
        ease(d, int(sys.argv[3]), int(sys.argv[4]))
    else:
        itemknn(d)
