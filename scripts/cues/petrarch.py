"""Reader for the verb dictionary of PETRARCH2 (CAMEO.2.0.txt): synonym blocks of verbs
with CAMEO codes and the patterns under them. Only the data is used; this is our own
reader of its documented format (docs/source/dictionaries.rst in PETRARCH2):

    ---  DENOUNCE   [111]  ---          a block and its primary code
    CRITICIZE                           a verb of the block (takes the block's code)
    ACCUSE [112]                        a verb with a code of its own
    FIGHT {FIGHTS FOUGHT FIGHTING }     irregular forms
    +SIDE_WITH                          a multi-word verb; '+' marks the word that inflects
    - * (AGAINST)  [113]  # REQUEST     a pattern: '*' is the verb, (PREP NOUN) a
                                        prepositional phrase, '$' the source, '+' the
                                        target; the comment names the verb it was found
                                        with

A code "a:b" codes the source->target event a (and b back); ":b" only the reverse
event (the target acts on the source) and "---" no event.
"""

import re
from dataclasses import dataclass, field

HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
VERB = re.compile(r"^(\S+)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?")
CODE = re.compile(r"\[([^\]]*)\]")


@dataclass
class Verb:
    word: str  # as written: CRITICIZE, +SIDE_WITH, WIRE_+TAP
    forms: list  # irregular forms as written in {...}
    code: str  # own code, or "" for the block's
    line: int


@dataclass
class Pattern:
    text: str  # between "- " and the code
    code: str
    verbs: list  # verbs named in the comment
    line: int


@dataclass
class Block:
    name: str
    code: str
    line: int
    verbs: list = field(default_factory=list)
    patterns: list = field(default_factory=list)


def read(path):
    """Parses the VERB PATTERNS section of the dictionary into blocks."""
    blocks, cur, section = [], None, None
    with open(path, encoding="ascii", errors="replace") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("#######"):
                section = "verbs" if "VERB PATTERNS" in line else "other"
                continue
            if section != "verbs" or not line.strip():
                continue
            if line.startswith("---"):
                m = HEADER.match(line)
                if not m:
                    raise ValueError(f"{path}:{n}: bad block header {line!r}")
                cur = Block(m.group(1), m.group(2), n)
                blocks.append(cur)
                continue
            if line.lstrip().startswith("#") or cur is None:
                continue
            body, _, comment = line.partition("#")
            if line.startswith("-"):
                m = CODE.search(body)
                if not m:
                    continue  # a pattern without a code is no event
                text = body[1 : body.index("[")].strip() if "[" in body else body[1:].strip()
                names = [w for w in re.split(r"[\s,]+", comment.strip()) if w]
                cur.patterns.append(Pattern(text, m.group(1).strip(), names, n))
                continue
            m = VERB.match(body.strip())
            if not m:
                continue
            forms = m.group(2)[1:-1].replace(",", " ").split() if m.group(2) else []
            code = m.group(3)[1:-1].strip() if m.group(3) else ""
            cur.verbs.append(Verb(m.group(1), forms, code, n))
    return blocks


def source_code(code):
    """The source->target CAMEO code of a dictionary code, or None: "042:043" -> "042",
    "080!" -> "080"; ":173" (reverse only) and "---" give None."""
    code = code.strip().rstrip("!")
    if ":" in code:
        code = code.split(":")[0]
    code = code.strip()
    if not code or not re.fullmatch(r"\d{3,4}", code):
        return None
    return code
