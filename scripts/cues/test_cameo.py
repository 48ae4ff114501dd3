"""Tests of the cue generator: python3 -m unittest discover -s scripts/cues"""

import os
import tempfile
import unittest

import cameo
import inflect

DICT = """####### VERB PATTERNS #######
---  DENOUNCE   [111]  ---
CRITICIZE
+LASH_OUT
CANE [180]
- * (FOR VIOLATING)                                   [1122]        # CENSURE

---  CALL   [041:041]  ---
CALL
- * (ON)                                              [020]         # CALL
- * OFF                                               [160]         # CALL

---  START   [---]  ---
LAUNCH
- * ATTACK                                            [190]         # LAUNCH
- * {VERBAL ATTACK}                                   [111]         # LAUNCH
- * {VERBAL ATTACK}                                   [111]         # LAUNCH

---  OFFEND   [:110]  ---
OFFEND
######## TRANSFORMATIONS ##########
"""

MANUAL = """# kind	form	lemma	pos	prep	target	cameo	sign	note
legacy		criticize	verb		obj	111
petrarch		lash out	verb	at	prep
petrarch		call	verb	on	prep
petrarch	attack,attacks	attack	noun	on	prep
manual		slam	verb		obj	111
"""

LEGACY = "criticized\tcriticize\t-1\tverbal_conflict\tverb\n"


class InflectTest(unittest.TestCase):
    def test_forms(self):
        for verb, want in [
            ("ban", ["ban", "banned", "banning", "bans"]),
            ("visit", ["visit", "visited", "visiting", "visits"]),
            ("deny", ["denied", "denies", "deny", "denying"]),
            ("sue", ["sue", "sued", "sues", "suing"]),
            ("fight", ["fight", "fighting", "fights", "fought"]),
            ("withdraw", ["withdraw", "withdrawing", "withdrawn", "withdraws", "withdrew"]),
            ("kidnap", ["kidnap", "kidnapped", "kidnapping", "kidnaps"]),
            ("relay", ["relay", "relayed", "relaying", "relays"]),
        ]:
            self.assertEqual(inflect.forms(verb), want, verb)


class BuildTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.paths = {}
        for name, text in [("dict", DICT), ("manual", MANUAL), ("legacy", LEGACY)]:
            self.paths[name] = os.path.join(self.dir, name)
            with open(self.paths[name], "w") as f:
                f.write(text)

    def build(self):
        pet = cameo.Petrarch(self.paths["dict"])
        b = cameo.build(pet, self.paths["manual"], self.paths["legacy"])
        self.assertEqual(b.errors, [])
        return pet, {(r["form"], r["pos"], r["prep"]): r for r in b.sorted_rows()}

    def test_codes(self):
        pet, _ = self.build()
        self.assertEqual(pet.codes("criticize", ""), {"111"})
        self.assertEqual(pet.codes("call", "on"), {"020"})  # the pattern wins over 041
        self.assertEqual(pet.codes("lash out", "at"), {"111"})  # a framing preposition keeps the verb's code
        self.assertEqual(pet.codes("cane", ""), {"180"})
        self.assertEqual(pet.codes("offend", ""), set())  # reverse-only code
        self.assertEqual(pet.noun_code(["attack"]), "111")  # 2 x 111 beat 1 x 190

    def test_rows(self):
        _, rows = self.build()
        r = rows[("lashed out", "verb", "at")]
        self.assertEqual((r["lemma"], r["target"], r["cameo"], r["class"], r["sign"], r["source"]),
                         ("lash out at", "prep", "111", "verbal_conflict", "-1", "petrarch"))
        self.assertEqual(rows[("calling", "verb", "on")]["sign"], "0")
        self.assertEqual(rows[("criticized", "verb", "")]["source"], "manual")  # from cues.tsv
        self.assertEqual(rows[("attacks", "noun", "on")]["cameo"], "111")
        self.assertEqual(rows[("slams", "verb", "")]["source"], "manual")
        self.assertNotIn(("criticizes", "verb", ""), rows)  # not kept in manual.tsv as petrarch

    def test_missing_code_is_an_error(self):
        with open(self.paths["manual"], "a") as f:
            f.write("petrarch\t\toffend\tverb\t\tobj\n")
        pet = cameo.Petrarch(self.paths["dict"])
        b = cameo.build(pet, self.paths["manual"], self.paths["legacy"])
        self.assertEqual(len(b.errors), 1)


if __name__ == "__main__":
    unittest.main()
