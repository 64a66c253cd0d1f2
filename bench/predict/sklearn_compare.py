#!/usr/bin/python3
"""ShopSense predictions vs scikit-learn on the SAME features and folds, in one run.

Runs `shopsense predict <task> evaluate --export-folds DIR --json` (XGBoost, then the
logistic baseline), which writes each time-aware fold's training and test matrices; then
fits scikit-learn's HistGradientBoostingClassifier, GradientBoostingClassifier and
LogisticRegression on those exact rows and scores the exact test rows. Prints mean-over-folds
ROC AUC, PR AUC, F1@0.5 and best F1, and the summed fit time (median of --repeats runs),
with ratios. Use Debian's /usr/bin/python3 (numpy, pandas, sklearn).
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, precision_recall_curve, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def ours(args, task_args, model, export_dir):
    cmd = [args.shopsense, "--data", args.data, "--threads", str(args.threads), "--quiet", "predict"] + task_args + [
        "--model", model, "--json"]
    if export_dir:
        cmd += ["--export-folds", export_dir]
    runs = []
    for _ in range(args.repeats):
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(out))
    r = runs[0]
    m = r["mean"]
    return {"auc": m["roc_auc"], "pr_auc": m["pr_auc"], "f1": m["f1"], "best_f1": m["best_f1"],
            "seconds": statistics.median(sum(f["train_seconds"] for f in x["folds"]) for x in runs),
            "folds": len(r["folds"]), "rows": [(f["train_rows"], f["test_rows"]) for f in r["folds"]]}, cmd


def best_f1(y, p):
    prec, rec, _ = precision_recall_curve(y, p)
    f = np.where(prec + rec > 0, 2 * prec * rec / np.maximum(prec + rec, 1e-12), 0)
    return float(f.max())


def sklearn_models(args):
    lin = lambda: make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler(),
                                LogisticRegression(C=1.0, max_iter=1000))
    return {
        "sklearn HistGradientBoosting": lambda: HistGradientBoostingClassifier(
            max_iter=args.rounds, max_depth=args.depth, learning_rate=0.08, random_state=0),
        "sklearn GradientBoosting": lambda: make_pipeline(
            SimpleImputer(strategy="median", add_indicator=True),
            GradientBoostingClassifier(n_estimators=args.rounds, max_depth=args.depth, learning_rate=0.08,
                                       subsample=0.8, random_state=0)),
        "sklearn LogisticRegression": lin,
    }


def run_sklearn(make, folds_dir, nfolds, repeats):
    aucs, prs, f1s, bests, times = [], [], [], [], []
    for k in range(nfolds):
        tr = pd.read_csv(os.path.join(folds_dir, f"fold{k}_train.csv"))
        te = pd.read_csv(os.path.join(folds_dir, f"fold{k}_test.csv"))
        xtr, ytr = tr.drop(columns="label").to_numpy(np.float32), tr["label"].to_numpy()
        xte, yte = te.drop(columns="label").to_numpy(np.float32), te["label"].to_numpy()
        fold_times = []
        for _ in range(repeats):
            model = make()
            t0 = time.perf_counter()
            model.fit(xtr, ytr)
            fold_times.append(time.perf_counter() - t0)
        times.append(fold_times)
        p = model.predict_proba(xte)[:, 1]
        aucs.append(roc_auc_score(yte, p))
        prs.append(average_precision_score(yte, p))
        f1s.append(f1_score(yte, p >= 0.5))
        bests.append(best_f1(yte, p))
    per_run = [sum(t[i] for t in times) for i in range(repeats)]
    return {"auc": np.mean(aucs), "pr_auc": np.mean(prs), "f1": np.mean(f1s), "best_f1": np.mean(bests),
            "seconds": statistics.median(per_run)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shopsense", required=True)
    ap.add_argument("--data", required=True, help="an ingested ShopSense data dir (Online Retail)")
    ap.add_argument("--task", required=True, help="e.g. 'churn evaluate --horizon 90d ...' (one string)")
    ap.add_argument("--rounds", type=int, default=150)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    task_args = args.task.split()
    with tempfile.TemporaryDirectory() as folds_dir:
        xgb, cmd = ours(args, task_args, f"xgboost:rounds={args.rounds},depth={args.depth}", folds_dir)
        lr, _ = ours(args, task_args, "logreg", None)
        rows = [("shopsense xgboost", xgb), ("shopsense logreg", lr)]
        for name, make in sklearn_models(args).items():
            rows.append((name, run_sklearn(make, folds_dir, xgb["folds"], args.repeats)))
    print("command: " + " ".join(f"'{c}'" if " " in c or ":" in c else c for c in cmd))
    print(f"folds: {xgb['folds']} (train rows, test rows per fold: {xgb['rows']}); "
          f"fit time summed over folds, median of {args.repeats}; {args.threads} threads (OMP_NUM_THREADS for sklearn)")
    print(f"| model | ROC AUC | PR AUC | F1@0.5 | best F1 | fit s | time / shopsense xgboost |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['auc']:.3f} | {r['pr_auc']:.3f} | {r['f1']:.3f} | {r['best_f1']:.3f} | "
              f"{r['seconds']:.2f} | {r['seconds'] / xgb['seconds']:.2f}x |")


if __name__ == "__main__":
    sys.exit(main())
