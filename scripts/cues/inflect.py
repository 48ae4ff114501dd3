"""English verb inflection for the cue generator: 3rd person singular, past, past
participle and -ing forms, with consonant doubling, -e drop, -y to -ied and a table of
irregular verbs. Standard library only.

    >>> forms("ban")
    ['ban', 'banned', 'banning', 'bans']
    >>> forms("criticize")
    ['criticise', 'criticised', 'criticises', 'criticising', 'criticize', 'criticized', 'criticizes', 'criticizing']
    >>> forms("deny")
    ['denied', 'denies', 'deny', 'denying']
    >>> forms("fight")
    ['fight', 'fighting', 'fights', 'fought']
    >>> forms("overthrow")
    ['overthrew', 'overthrow', 'overthrowing', 'overthrown', 'overthrows']
    >>> forms("cancel")
    ['cancel', 'canceled', 'canceling', 'cancelled', 'cancelling', 'cancels']
    >>> forms("panic")
    ['panic', 'panicked', 'panicking', 'panics']
    >>> forms("overrun")
    ['overran', 'overrun', 'overrunning', 'overruns']
    >>> forms("agree")
    ['agree', 'agreed', 'agreeing', 'agrees']
"""

VOWELS = set("aeiou")

# Irregular verbs: base -> (past forms, past participle forms). The 3rd person and -ing
# forms of these follow the regular rules (with doubling: set -> setting).
IRREGULAR = {
    "arise": ("arose", "arisen"), "awake": ("awoke", "awoken"), "be": ("was were", "been"),
    "bear": ("bore", "borne born"), "beat": ("beat", "beaten"), "become": ("became", "become"),
    "begin": ("began", "begun"), "bend": ("bent", "bent"), "bet": ("bet", "bet"),
    "bid": ("bid", "bid"), "bind": ("bound", "bound"), "bite": ("bit", "bitten"),
    "bleed": ("bled", "bled"), "blow": ("blew", "blown"), "break": ("broke", "broken"),
    "breed": ("bred", "bred"), "bring": ("brought", "brought"), "broadcast": ("broadcast", "broadcast"),
    "build": ("built", "built"), "burn": ("burned burnt", "burned burnt"), "burst": ("burst", "burst"),
    "buy": ("bought", "bought"), "cast": ("cast", "cast"), "catch": ("caught", "caught"),
    "choose": ("chose", "chosen"), "cling": ("clung", "clung"), "come": ("came", "come"),
    "cost": ("cost", "cost"), "creep": ("crept", "crept"), "cut": ("cut", "cut"),
    "deal": ("dealt", "dealt"), "dig": ("dug", "dug"), "do": ("did", "done"),
    "draw": ("drew", "drawn"), "dream": ("dreamed dreamt", "dreamed dreamt"),
    "drink": ("drank", "drunk"), "drive": ("drove", "driven"), "eat": ("ate", "eaten"),
    "fall": ("fell", "fallen"), "feed": ("fed", "fed"), "feel": ("felt", "felt"),
    "fight": ("fought", "fought"), "find": ("found", "found"), "flee": ("fled", "fled"),
    "fling": ("flung", "flung"), "fly": ("flew", "flown"), "forbid": ("forbade forbad", "forbidden"),
    "forecast": ("forecast forecasted", "forecast forecasted"), "foresee": ("foresaw", "foreseen"),
    "forget": ("forgot", "forgotten"), "forgive": ("forgave", "forgiven"), "forsake": ("forsook", "forsaken"),
    "freeze": ("froze", "frozen"), "get": ("got", "got gotten"), "give": ("gave", "given"),
    "go": ("went", "gone"), "grind": ("ground", "ground"), "grow": ("grew", "grown"),
    "hang": ("hung hanged", "hung hanged"), "have": ("had", "had"), "hear": ("heard", "heard"),
    "hide": ("hid", "hidden"), "hit": ("hit", "hit"), "hold": ("held", "held"),
    "hurt": ("hurt", "hurt"), "keep": ("kept", "kept"), "kneel": ("knelt kneeled", "knelt kneeled"),
    "know": ("knew", "known"), "lay": ("laid", "laid"), "lead": ("led", "led"),
    "lean": ("leaned leant", "leaned leant"), "leap": ("leaped leapt", "leaped leapt"),
    "learn": ("learned learnt", "learned learnt"), "leave": ("left", "left"), "lend": ("lent", "lent"),
    "let": ("let", "let"), "light": ("lit lighted", "lit lighted"), "lose": ("lost", "lost"),
    "make": ("made", "made"), "mean": ("meant", "meant"), "meet": ("met", "met"),
    "mislead": ("misled", "misled"), "mistake": ("mistook", "mistaken"), "overcome": ("overcame", "overcome"),
    "pay": ("paid", "paid"), "plead": ("pleaded pled", "pleaded pled"), "prove": ("proved", "proved proven"),
    "put": ("put", "put"), "quit": ("quit quitted", "quit quitted"), "read": ("read", "read"),
    "rid": ("rid", "rid"), "ride": ("rode", "ridden"), "ring": ("rang", "rung"),
    "rise": ("rose", "risen"), "run": ("ran", "run"), "say": ("said", "said"),
    "see": ("saw", "seen"), "seek": ("sought", "sought"), "sell": ("sold", "sold"),
    "send": ("sent", "sent"), "set": ("set", "set"), "shake": ("shook", "shaken"),
    "shed": ("shed", "shed"), "shine": ("shone", "shone"), "shoot": ("shot", "shot"),
    "show": ("showed", "shown showed"), "shrink": ("shrank shrunk", "shrunk"), "shut": ("shut", "shut"),
    "sing": ("sang", "sung"), "sink": ("sank", "sunk"), "sit": ("sat", "sat"),
    "slay": ("slew slayed", "slain slayed"), "sleep": ("slept", "slept"), "slide": ("slid", "slid"),
    "sling": ("slung", "slung"), "slit": ("slit", "slit"), "speak": ("spoke", "spoken"),
    "speed": ("sped speeded", "sped speeded"), "spend": ("spent", "spent"), "spill": ("spilled spilt", "spilled spilt"),
    "spin": ("spun", "spun"), "spit": ("spat spit", "spat spit"), "split": ("split", "split"),
    "spoil": ("spoiled spoilt", "spoiled spoilt"), "spread": ("spread", "spread"), "spring": ("sprang", "sprung"),
    "stand": ("stood", "stood"), "steal": ("stole", "stolen"), "stick": ("stuck", "stuck"),
    "sting": ("stung", "stung"), "stink": ("stank", "stunk"), "stride": ("strode", "stridden"),
    "strike": ("struck", "struck"), "string": ("strung", "strung"), "strive": ("strove strived", "striven strived"),
    "swear": ("swore", "sworn"), "sweep": ("swept", "swept"), "swell": ("swelled", "swollen swelled"),
    "swim": ("swam", "swum"), "swing": ("swung", "swung"), "take": ("took", "taken"),
    "teach": ("taught", "taught"), "tear": ("tore", "torn"), "tell": ("told", "told"),
    "think": ("thought", "thought"), "throw": ("threw", "thrown"), "thrust": ("thrust", "thrust"),
    "tread": ("trod", "trodden trod"), "understand": ("understood", "understood"), "undertake": ("undertook", "undertaken"),
    "upset": ("upset", "upset"), "wake": ("woke", "woken"), "wear": ("wore", "worn"),
    "weave": ("wove", "woven"), "weep": ("wept", "wept"), "wet": ("wet wetted", "wet wetted"),
    "win": ("won", "won"), "wind": ("wound", "wound"), "withdraw": ("withdrew", "withdrawn"),
    "withhold": ("withheld", "withheld"), "withstand": ("withstood", "withstood"), "wring": ("wrung", "wrung"),
    "write": ("wrote", "written"),
}

# Prefixes under which an irregular base stays irregular: overthrow, undercut, outbid,
# uphold, rebuild, beset, offset.
PREFIXES = ("over", "under", "out", "up", "re", "mis", "fore", "be", "off", "with")
# Words that look like prefix + irregular base but are regular (relay: relayed).
NOT_COMPOUND = {"relay", "belie", "bespeak", "refit", "rebid", "undergird", "upend", "bestride"}

# Polysyllabic verbs whose stressed last syllable doubles its final consonant.
DOUBLE = {
    "abet", "abhor", "acquit", "admit", "annul", "begin", "combat", "commit", "compel", "concur",
    "confer", "control", "debar", "defer", "deter", "dispel", "embed", "emit", "enrol", "equip",
    "excel", "expel", "extol", "forbid", "forget", "format", "handicap", "impel", "incur", "infer",
    "inter", "kidnap", "occur", "omit", "outbid", "outstrip", "overstep", "patrol", "permit", "prefer",
    "propel", "rebel", "rebut", "recur", "refer", "regret", "remit", "repel", "submit", "transfer",
    "transmit", "unplug", "upset", "beset", "offset", "worship",
}
# Monosyllables that end consonant-vowel-consonant but do not double.
NO_DOUBLE = {"fix", "tax", "wax", "box", "mix", "sew", "row", "bow", "vow", "play", "stay"}


def _syllables(v):
    """A rough count of vowel groups ('y' counts after a consonant)."""
    n, prev = 0, False
    for i, c in enumerate(v):
        vowel = c in VOWELS or (c == "y" and i > 0 and v[i - 1] not in VOWELS)
        if c == "u" and i > 0 and v[i - 1] == "q":
            vowel = False
        if vowel and not prev:
            n += 1
        prev = vowel
    return n


def _cvc(v):
    """Ends in a single vowel letter followed by a consonant other than w, x, y."""
    if len(v) < 2 or v[-1] in VOWELS or v[-1] in "wxy" or v[-2] not in VOWELS:
        return False
    if len(v) >= 3 and v[-3] in VOWELS and not (v[-3] == "u" and len(v) >= 4 and v[-4] == "q"):
        return False  # two vowels: heat, jail (but quit, quiz)
    return True


def doubles(v):
    """Whether v doubles its last consonant before -ed and -ing (ban: banned)."""
    if v in DOUBLE:
        return True
    if v in NO_DOUBLE:
        return False
    base = _irregular_base(v)
    if base and base != v:
        return doubles(base)  # overrun: overrunning, undercut: undercutting
    return _syllables(v) == 1 and _cvc(v)


def _british_l(v):
    """Unstressed final vowel + l (cancel, label, signal): British spelling doubles it."""
    return v not in DOUBLE and _syllables(v) > 1 and v.endswith("l") and _cvc(v)


def third(v):
    if v in ("be",):
        return ["is"]
    if v == "have":
        return ["has"]
    if v.endswith("z") and doubles(v):
        return [v + "zes"]  # quizzes
    if v.endswith(("s", "sh", "ch", "x", "z")) or (v.endswith("o") and len(v) > 1 and v[-2] not in VOWELS):
        return [v + "es"]
    if v.endswith("y") and len(v) > 1 and v[-2] not in VOWELS:
        return [v[:-1] + "ies"]
    return [v + "s"]


def _stem(v, suffix):
    """v with a suffix starting in a vowel (-ed, -ing), applying doubling and -ic."""
    if doubles(v):
        return [v + v[-1] + suffix]
    if _british_l(v):
        return [v + suffix, v + "l" + suffix]
    if v.endswith("ic") and _syllables(v) > 1:
        return [v + "k" + suffix]
    return [v + suffix]


def past(v):
    if v.endswith("e"):
        return [v + "d"]
    if v.endswith("y") and len(v) > 1 and v[-2] not in VOWELS:
        return [v[:-1] + "ied"]
    return _stem(v, "ed")


def ing(v):
    if v == "be":
        return ["being"]
    if v.endswith("ie"):
        return [v[:-2] + "ying"]
    if v.endswith(("ee", "ye", "oe")) or v in ("singe", "dye"):
        return [v + "ing"]
    if v.endswith("e") and len(v) > 2:
        return [v[:-1] + "ing"]
    return _stem(v, "ing")


def _irregular_base(v):
    """The irregular verb v is or ends in after a prefix (overthrow: throw), or None."""
    if v in IRREGULAR:
        return v
    if v in NOT_COMPOUND:
        return None
    for pre in PREFIXES:
        base = v[len(pre):]
        if v.startswith(pre) and base in IRREGULAR and len(base) > 2:
            return base
    return None


def irregular(v):
    """(past, participle) lists of an irregular verb, or None; handles prefixed compounds."""
    base = _irregular_base(v)
    if base is None:
        return None
    pre = v[: len(v) - len(base)]
    p, pp = IRREGULAR[base]
    return [pre + f for f in p.split()], [pre + f for f in pp.split()]


def _forms_one(v):
    out = {v}
    out.update(third(v))
    out.update(ing(v))
    irr = irregular(v)
    if irr:
        out.update(irr[0])
        out.update(irr[1])
    else:
        out.update(past(v))
    return out


def forms(v):
    """All inflected forms of the verb v (lower case), sorted; -ize verbs also get -ise."""
    v = v.lower()
    out = _forms_one(v)
    if v.endswith("ize") and v not in ("seize", "size", "prize", "capsize"):
        out |= _forms_one(v[:-3] + "ise")
    return sorted(out)


if __name__ == "__main__":
    import doctest
    import sys
    sys.exit(doctest.testmod().failed)
