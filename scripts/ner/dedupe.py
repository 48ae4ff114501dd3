"""Drop sentences of an extra CoNLL training file that overlap dev or eval text.

usage: python3 scripts/ner/dedupe.py EXTRA.conll OUT.conll eng.testa fixtures/eval/ner.conll \
           fixtures/eval/articles.tsv fixtures/eval/stance.tsv

A sentence of EXTRA is dropped when it shares any 8-word window (lower case, words only)
with the other files, or, if shorter than 8 words but at least 4, when it occurs whole in
them. Documents left empty are dropped. Prints what it dropped to stderr.
"""
import re, sys

N = 8
WORD = re.compile(r"\w+", re.UNICODE)

def words(text):
    return [w.lower() for w in WORD.findall(text)]

def grams(ws, n):
    return {" ".join(ws[i:i + n]) for i in range(len(ws) - n + 1)}

def read_conll(path):
    """documents -> sentences -> lines"""
    docs, doc, sent = [], [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n\r")
        if line.startswith("-DOCSTART-"):
            if sent: doc.append(sent); sent = []
            if doc: docs.append(doc)
            doc = []
            continue
        if not line.strip():
            if sent: doc.append(sent); sent = []
            continue
        sent.append(line)
    if sent: doc.append(sent)
    if doc: docs.append(doc)
    return docs

def main():
    extra, out, refs = sys.argv[1], sys.argv[2], sys.argv[3:]
    ref_text = []
    for p in refs:
        if p.endswith(".tsv"):
            ref_text.append(open(p, encoding="utf-8").read().replace("\\n", " "))
        else:
            for doc in read_conll(p):
                for s in doc:
                    ref_text.append(" ".join(l.split()[0] for l in s))
    ref_words = []
    for t in ref_text:
        ref_words.append(" ".join(words(t)))
    ref_grams = set()
    for t in ref_words:
        ref_grams |= grams(t.split(), N)
    joined = " | ".join(ref_words)
    kept_docs, dropped = [], 0
    for doc in read_conll(extra):
        kd = []
        for s in doc:
            ws = words(" ".join(l.split()[0] for l in s))
            if len(ws) >= N:
                bad = bool(grams(ws, N) & ref_grams)
            else:
                bad = len(ws) >= 4 and (" " + " ".join(ws) + " ") in (" " + joined + " ")
            if bad:
                dropped += 1
                print("dropped:", " ".join(ws)[:120], file=sys.stderr)
            else:
                kd.append(s)
        if kd:
            kept_docs.append(kd)
    with open(out, "w", encoding="utf-8") as f:
        for doc in kept_docs:
            f.write("-DOCSTART- -X- O O\n\n")
            for s in doc:
                f.write("\n".join(s) + "\n\n")
    print(f"{len(kept_docs)} documents kept, {dropped} sentences dropped", file=sys.stderr)

main()
