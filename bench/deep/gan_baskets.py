#!/usr/bin/python3
"""Taste structure of real vs GAN-generated users: per user, the distinct items, how many
categories they span and the share in the user's main category. Item popularity can match
while baskets are category-random; item-kNN trained on such baskets (TSTR) learns nothing.

usage: /usr/bin/python3 bench/deep/gan_baskets.py SHOP_DIR/events.csv SHOP_DIR/catalogue.csv GEN_DIR/events.csv
"""
import sys

import pandas as pd


def baskets(path, category):
    e = pd.read_csv(path, dtype=str)
    e = e[e.item_id.notna()].drop_duplicates(["user_id", "item_id"])
    e["cat"] = e.item_id.map(category)
    g = e.groupby("user_id")
    top_share = g["cat"].agg(lambda c: c.value_counts().iloc[0] / len(c))
    return len(top_share), g.size().mean(), g["cat"].nunique().mean(), top_share.mean()


def main():
    real, catalogue, synthetic = sys.argv[1:4]
    cat = pd.read_csv(catalogue, dtype=str)
    category = dict(zip(cat.item_id, cat.category_path))
    print("| users | n | mean distinct items | mean categories spanned | share in main category |")
    print("|---|---|---|---|---|")
    for name, path in (("real", real), ("synthetic", synthetic)):
        n, size, cats, share = baskets(path, category)
        print(f"| {name} | {n} | {size:.1f} | {cats:.2f} | {share:.3f} |")


if __name__ == "__main__":
    main()
