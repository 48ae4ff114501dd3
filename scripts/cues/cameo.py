#!/usr/bin/env python3
"""Builds extract/data/cameo.tsv, the stance cue lexicon with CAMEO codes, from the verb
dictionary of PETRARCH2 (CAMEO.2.0.txt, MIT), the curated scripts/cues/manual.tsv and
the hand-made scripts/cues/legacy-cues.tsv. Standard library only; the output is sorted, so the
same inputs give the same bytes.

    python3 scripts/cues/cameo.py --petrarch PATH/TO/CAMEO.2.0.txt

writes extract/data/cameo.tsv and prints counts and the resolved conflicts. --check also
compares the generated inflections with the forms PETRARCH2 lists; --sample N prints N
random rows (seeded) for a spot check. extract/data/README-cues.md documents the format.
"""

import argparse
import collections
import hashlib
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import inflect  # noqa: E402
import petrarch  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The PETRARCH2 file this lexicon was built from (openeventdata/petrarch2, commit 676801c,
# petrarch2/data/dictionaries/CAMEO.2.0.txt).
PETRARCH_SHA256 = "4a442ee42f7574651ec1c594f127353cdffbf18fa97b207ad5d8298a3cfaa08f"

# Words after a multi-word verb or in a pattern: a preposition carries the target, a
# particle belongs to the verb ("lash out").
PREPS = {"with", "at", "against", "on", "to", "for", "into", "from", "about", "behind",
         "toward", "towards", "upon", "of", "after", "by"}
PARTICLES = {"up", "down", "out", "off", "in", "away", "back", "over", "through", "forth",
             "together", "aside", "around"}
# Verbs whose "verb + noun" patterns code the noun itself: "voice criticism", "impose
# sanctions", "launch an offensive".
LIGHT_VERBS = {
    "EXPRESS", "VOICE", "ISSUE", "LAUNCH", "LEVEL", "LEVELLED", "LEVELED", "MAKE", "DELIVER",
    "IMPOSE", "CARRY_OUT", "CARRIED_OUT", "STAGE", "MOUNT", "WAGE", "GIVE", "LODGE", "FILE",
    "HURL", "SLAP", "ANNOUNCE", "OFFER", "EXTEND", "SEND", "PUBLISH", "RELEASE", "LEND",
    "THREW", "CONDUCT", "BRING",
}
CLASSES = [(1, 5, "verbal_cooperation"), (6, 8, "material_cooperation"),
           (9, 13, "verbal_conflict"), (14, 20, "material_conflict")]
NEUTRAL_ROOTS = {1, 2, 4, 9}  # public statement, appeal, consult, investigate
POSITIVE_ROOTS = {3, 5, 6, 7, 8}
COLUMNS = ["form", "lemma", "pos", "prep", "target", "cameo", "class", "sign", "source"]
TARGETS = {"obj", "prep", "obj_or_prep"}


def quad_class(code):
    root = int(code[:2])
    for lo, hi, name in CLASSES:
        if lo <= root <= hi:
            return name
    raise ValueError(f"CAMEO code {code!r} has no root 01-20")


def sign_rule(code):
    root = int(code[:2])
    if root in NEUTRAL_ROOTS:
        return 0
    return 1 if root in POSITIVE_ROOTS else -1


def split_multiword(word):
    """'+SIDE_WITH' -> ('side', [], 'with'); '+LASH_OUT' -> ('lash', ['out'], '');
    None for pre-verb compounds ('WIRE_+TAP'), whose verb is not the first word."""
    parts = word.lower().split("_")
    if "+" in word and not parts[0].startswith("+"):
        return None
    parts = [p.lstrip("+") for p in parts]
    verb, rest = parts[0], parts[1:]
    prep = ""
    if rest and rest[-1] in PREPS:
        prep = rest.pop()
    return verb, rest, prep


class Petrarch:
    """What the generator takes from the dictionary: codes by (verb with particles,
    preposition), the forms it lists, and the codes of nouns after light verbs."""

    def __init__(self, path):
        self.blocks = petrarch.read(path)
        self.verb_codes = collections.defaultdict(set)
        self.pattern_codes = collections.defaultdict(set)
        self.listed_forms = collections.defaultdict(set)
        self.noun_codes = collections.defaultdict(collections.Counter)
        self.skipped = collections.Counter()
        self.lemmas = set()  # every verb, with or without a code
        for b in self.blocks:
            self._block(b)

    def _block(self, b):
        by_form = {}  # any inflected form of a block verb -> its lemma
        for v in b.verbs:
            mw = split_multiword(v.word)
            if mw is None:
                self.skipped["pre-verb compound"] += 1
                continue
            verb, parts, prep = mw
            lemma = " ".join([verb] + parts)
            self.lemmas.add(lemma)
            for f in v.forms:
                fm = split_multiword(f)
                if fm:
                    self.listed_forms[lemma].add(" ".join([fm[0]] + fm[1]))
            for f in inflect.forms(verb):
                by_form["_".join([f] + parts).upper()] = lemma
            code = petrarch.source_code(v.code or b.code)
            if code is None:
                self.skipped["verb without a source->target code"] += 1
                continue
            self.verb_codes[(lemma, prep)].add(code)
        for p in b.patterns:
            self._pattern(p, by_form)

    def _pattern(self, p, by_form):
        code = petrarch.source_code(p.code)
        toks = p.text.replace("(", " ( ").replace(")", " ) ").split()
        if code is None or not toks or toks[0] != "*":
            self.skipped["pattern: no source->target code, or words before the verb"] += 1
            return
        # A pattern belongs to the verb its comment names; one without a name to the block.
        verbs = [by_form[n] for n in p.verbs if n in by_form] if p.verbs else sorted(set(by_form.values()))
        rest = [t for t in toks[1:] if t not in "()+"]
        words = [t.lower() for t in rest]
        if rest and all(w in PREPS or w in PARTICLES for w in words) and len(words) <= 2 or not rest:
            prep = words.pop() if words and words[-1] in PREPS else ""
            for lemma in verbs:
                self.pattern_codes[(" ".join([lemma] + words), prep)].add(code)
            return
        head = self._light_noun(toks[1:]) if set(p.verbs) & LIGHT_VERBS else None
        if head:
            self.noun_codes[head][code] += 1
            return
        self.skipped["pattern: verb + object noun, marked source or synonym set"] += 1

    @staticmethod
    def _light_noun(toks):
        """The head noun of "* NOUN", "* {ADJ NOUN}", "* NOUN (PREP)", or None."""
        toks = [t for t in toks if t != "+"]
        if toks and toks[0].startswith("{"):
            if "}" not in "".join(toks):
                return None
            end = next(i for i, t in enumerate(toks) if t.endswith("}"))
            head, toks = toks[end].rstrip("}"), toks[end + 1 :]
        elif toks:
            head, toks = toks[0], toks[1:]
        else:
            return None
        rest = [t.lower() for t in toks if t not in "()"]
        if len(rest) > 1 or (rest and rest[0] not in PREPS):
            return None
        if not head.isalpha() and "-" not in head:
            return None
        return head.lower()

    def known(self, lemma):
        return lemma in self.lemmas or any(k[0] == lemma for k in self.pattern_codes)

    def codes(self, lemma, prep):
        """PETRARCH2's codes of a verb reading: a pattern with that preposition first, else
        the verb's own code (a preposition that only frames the target keeps it)."""
        order = [self.verb_codes, self.pattern_codes] if not prep else [self.pattern_codes, self.verb_codes]
        for table in order:
            if table.get((lemma, prep)):
                return table[(lemma, prep)]
        return self.verb_codes.get((lemma, ""), set())

    def noun_code(self, forms):
        """The most frequent code of a noun after light verbs (ties: the lower code)."""
        c = collections.Counter()
        for f in forms:
            c.update(self.noun_codes.get(f, {}))
        if not c:
            return None
        return min(c, key=lambda k: (-c[k], k))


class Builder:
    def __init__(self):
        self.rows = {}  # (form, pos, prep) -> (priority, row)
        self.conflicts = []
        self.errors = []

    PRIORITY = {"petrarch": 1, "manual": 2, "legacy": 3}

    def add(self, kind, row):
        """Adds a row; on a clash of keys the higher priority wins and equal priorities
        must agree (else the manual file has two decisions for one cue)."""
        key = (row["form"], row["pos"], row["prep"])
        prio = self.PRIORITY[kind]
        old = self.rows.get(key)
        if old is None or prio > old[0]:
            self.rows[key] = (prio, row)
        elif prio == old[0] and _decision(old[1]) != _decision(row):
            self.errors.append(f"{key}: two {kind} decisions: {_decision(old[1])} vs {_decision(row)}")

    def sorted_rows(self):
        return [r for _, (_, r) in sorted(self.rows.items())]


def _decision(r):
    return (r["target"], r["cameo"], r["class"], r["sign"])


def row(form, lemma, pos, prep, target, cameo, sign, source, cls=None):
    return {"form": form, "lemma": lemma, "pos": pos, "prep": prep, "target": target,
            "cameo": cameo, "class": cls or quad_class(cameo), "sign": str(sign), "source": source}


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield n, line.split("\t")


def verb_forms(lemma):
    """Inflections of a verb with particles: 'lash out' -> 'lash out', 'lashed out', ..."""
    verb, *parts = lemma.split()
    return [" ".join([f] + parts) for f in inflect.forms(verb)]


def display(lemma, prep, target):
    return f"{lemma} {prep}" if prep and target == "prep" else lemma


def build(pet, manual_path, legacy_path):
    b = Builder()
    legacy_codes, manual = {}, []
    for n, f in read_tsv(manual_path):
        f += [""] * (9 - len(f))
        kind, forms, lemma, pos, preps, target, cameo, sign, note = f[:9]
        where = f"{manual_path}:{n}"
        if kind not in ("petrarch", "manual", "legacy") or pos not in ("verb", "noun") or target not in TARGETS:
            b.errors.append(f"{where}: bad kind, pos or target: {f}")
            continue
        if kind == "legacy":
            legacy_codes[(lemma, pos)] = (preps.split(",") if preps else [""], target, cameo)
        else:
            manual.append((where, kind, forms, lemma, pos, preps.split(",") if preps else [""], target, cameo, sign, note))

    # The hand-made cues: their sign and class win; the legacy table gives code and frame.
    legacy_lemmas = {}
    for n, f in read_tsv(legacy_path):
        form, lemma, sign, cls, pos = f[:5]
        nxt = f[5] if len(f) > 5 else ""
        where = f"{legacy_path}:{n}"
        if pos == "eval":
            # An evaluative word in reported speech ("X said Y was reckless") is a verbal
            # criticism (111) or praise (051) of the clause's subject.
            b.add("legacy", row(form, lemma, "eval", "", "clause", "111" if int(sign) < 0 else "051", sign, "manual", cls))
            continue
        entry = legacy_codes.get((lemma, pos))
        if entry is None:
            b.errors.append(f"{where}: no legacy row for {lemma!r} ({pos}) in {manual_path}")
            continue
        preps, target, cameo = entry
        if quad_class(cameo) != cls:
            b.errors.append(f"{where}: {lemma} is {cls} but CAMEO {cameo} is {quad_class(cameo)}")
        if nxt and preps != [nxt]:
            b.errors.append(f"{where}: next word {nxt!r} but legacy prep {preps}")
        verb_lemma = lemma[: -len(nxt) - 1] if nxt and lemma.endswith(" " + nxt) else lemma
        if pos == "verb":
            legacy_lemmas[verb_lemma] = (cameo, cls, sign, lemma)
        if pos == "noun":
            nc = pet.noun_code([form, form[:-1] if form.endswith("s") else form])
            if nc and nc != cameo:
                b.conflicts.append((form, pos, nc, cameo, "the decision of scripts/cues/legacy-cues.tsv"))
        for p in preps:
            b.add("legacy", row(form, lemma, pos, p, target, cameo, sign, "manual", cls))

    for where, kind, forms, lemma, pos, preps, target, cameo, sign, note in manual:
        for prep in preps:
            code, source = cameo, kind
            if kind == "petrarch":
                if pos == "verb":
                    if not pet.known(lemma):
                        b.errors.append(f"{where}: PETRARCH2 has no verb {lemma!r}")
                        continue
                    codes = pet.codes(lemma, prep)
                else:
                    nc = pet.noun_code(forms.split(","))
                    codes = {nc} if nc else set()
                if not cameo:
                    if len(codes) != 1:
                        b.errors.append(f"{where}: PETRARCH2 codes for {lemma!r} {prep!r}: {sorted(codes)}; give one")
                        continue
                    code = next(iter(codes))
                elif codes != {cameo}:
                    b.conflicts.append((display(lemma, prep, target), pos, ",".join(sorted(codes)) or "none", cameo, note))
                    source = "manual"
                if sign:
                    source = "manual"
            elif not cameo:
                b.errors.append(f"{where}: a manual cue needs a CAMEO code")
                continue
            s = int(sign) if sign else sign_rule(code)
            cls = quad_class(code)
            shown = display(lemma, prep, target) if pos == "verb" else lemma
            # A decision of cues.tsv holds for every frame of its verb ("allied" and "allied with").
            legacy = legacy_lemmas.get(lemma) if pos == "verb" else None
            if legacy:
                lc, lcls, lsign, llemma = legacy
                if (lc, lcls, str(lsign)) != (code, cls, str(s)):
                    b.conflicts.append((display(lemma, prep, target), pos, f"{code} (sign {s})", f"{lc} (sign {lsign})",
                                        "the decision of scripts/cues/legacy-cues.tsv"))
                    code, cls, s, source = lc, lcls, lsign, "manual"
            fs = verb_forms(lemma) if pos == "verb" else forms.split(",")
            for form in fs:
                b.add("legacy" if legacy else kind, row(form, shown, pos, prep, target, code, s, source, cls))
    return b


def write(rows, path, sha):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Stance cues with CAMEO codes, generated by scripts/cues/cameo.py (do not edit by hand:\n")
        f.write("# change scripts/cues/manual.tsv and regenerate). Format, sign rule and licence:\n")
        f.write("# extract/data/README-cues.md. Verb data from PETRARCH2's CAMEO.2.0.txt,\n")
        f.write("# Copyright (c) 2015 Open Event Data Alliance, MIT License.\n")
        f.write(f"# PETRARCH2 CAMEO.2.0.txt sha256 {sha}\n")
        f.write("# " + "\t".join(COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(r[c] for c in COLUMNS) + "\n")


def report(b, rows, pet):
    out = []
    out.append(f"rows: {len(rows)}")
    for field in ("source", "pos", "class", "sign"):
        c = collections.Counter(r[field] for r in rows)
        out.append(f"by {field}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    c = collections.Counter((r["class"], r["sign"]) for r in rows)
    out.append("by class and sign: " + ", ".join(f"{k[0]}/{k[1]} {v}" for k, v in sorted(c.items())))
    lemmas = {(r["lemma"], r["pos"]) for r in rows}
    out.append(f"distinct lemmas (with preposition) by pos: "
               + ", ".join(f"{p} {sum(1 for l in lemmas if l[1] == p)}" for p in ("verb", "noun", "eval")))
    out.append("PETRARCH2 entries not used: " + ", ".join(f"{k} {v}" for k, v in sorted(pet.skipped.items())))
    out.append("conflicts resolved (cue, pos, PETRARCH2's code, ours, why):")
    for c in sorted(set(b.conflicts)):
        out.append("  " + " | ".join(str(x) for x in c))
    return "\n".join(out)


def check_forms(pet, rows):
    """Forms PETRARCH2 lists for the verbs kept that the generator does not make, and back."""
    kept = {r["lemma"].split(" ")[0] for r in rows if r["pos"] == "verb"}
    for lemma in sorted(pet.listed_forms):
        if lemma.split(" ")[0] not in kept:
            continue
        mine = set(verb_forms(lemma))
        listed = pet.listed_forms[lemma] | {lemma}
        if listed - mine:
            print(f"{lemma}: PETRARCH2 lists {sorted(listed - mine)}; generated {sorted(mine)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--petrarch", required=True, help="PETRARCH2's petrarch2/data/dictionaries/CAMEO.2.0.txt")
    ap.add_argument("--manual", default=os.path.join(ROOT, "scripts/cues/manual.tsv"))
    ap.add_argument("--legacy", default=os.path.join(ROOT, "scripts/cues/legacy-cues.tsv"))
    ap.add_argument("--out", default=os.path.join(ROOT, "extract/data/cameo.tsv"))
    ap.add_argument("--check", action="store_true", help="compare inflections with PETRARCH2's listed forms")
    ap.add_argument("--sample", type=int, default=0, help="print this many random rows")
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()

    with open(args.petrarch, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    if sha != PETRARCH_SHA256:
        print(f"warning: {args.petrarch} has sha256 {sha}, not the {PETRARCH_SHA256} this lexicon was built from",
              file=sys.stderr)
    pet = Petrarch(args.petrarch)
    b = build(pet, args.manual, args.legacy)
    if b.errors:
        print("\n".join(b.errors), file=sys.stderr)
        sys.exit(1)
    rows = b.sorted_rows()
    write(rows, args.out, sha)
    print(report(b, rows, pet))
    if args.check:
        check_forms(pet, rows)
    if args.sample:
        for r in random.Random(args.seed).sample(rows, args.sample):
            print("\t".join(r[c] for c in COLUMNS))


if __name__ == "__main__":
    main()
