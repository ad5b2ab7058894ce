"""Generate runtime/js/src/tables.js: the Unicode data the JavaScript featurizer needs, taken from Python.

The Python featurizer (runtime/featurizer.py, on Python 3.11's unicodedata = Unicode 14.0) is the reference. JavaScript
engines ship other Unicode versions (Node 20: 17.0; browsers vary), and JS has no ``casefold``, so the tables the
featurizer depends on are copied from Python rather than taken from the engine:

- CLASS_RUNS: for every code point, the class rule 3 of FEATURES.md uses (delete / keep / pictograph / other) and
  whether it is unassigned in Unicode 14 (or a surrogate), as run-length encoded ranges;
- CASEFOLD: every code point whose ``str.casefold()`` differs from itself (CaseFolding.txt statuses C and F);
- WHITESPACE, APOSTROPHES, SPELLING_SEPARATORS, HOMOGLYPHS, LEET, SHORTHAND: normalize.py's own tables, verbatim;
- DIGIT_ZEROS: the code points of Unicode 14's decimal digits 0 (each starts a run of ten), because Python's ``\\d``
  (in runtime/cues.py) matches every decimal digit, not only ASCII ones, and ``int()`` reads them;
- AGE_RULES, GRADE_RULES: the age-cue regexes of runtime/cues.py, translated to JavaScript syntax (named groups,
  ``\\d`` spelled as the digit class above), with the constants they are read with.

Run from the repository root:  .venv/bin/python runtime/js/tools/gen_tables.py
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from groomguard.runtime import cues, hashing, lexicon
from groomguard.runtime import featurizer as fz
from groomguard.runtime import normalize as nz

OUT = Path(__file__).resolve().parents[1] / "src" / "tables.js"

# Class codes (must match src/featurizer.js).
OTHER, DELETE, KEEP, SYMBOL, UNASSIGNED = range(5)


def char_class(c: str) -> int:
    cat = unicodedata.category(c)
    if cat in ("Mn", "Me", "Cf", "Cc"):
        return DELETE
    if cat[0] in "LN":
        return KEEP
    if cat == "So":
        return SYMBOL
    if cat in ("Cn", "Cs"):
        return UNASSIGNED
    return OTHER


def class_runs() -> list[tuple[int, int]]:
    """(class, length) runs covering U+0000..U+10FFFF."""
    runs: list[list[int]] = []
    for cp in range(0x110000):
        k = char_class(chr(cp))
        if runs and runs[-1][0] == k:
            runs[-1][1] += 1
        else:
            runs.append([k, 1])
    return [(k, n) for k, n in runs]


def wrap(items: list[str], sep: str, width: int = 112) -> str:
    """A JS expression: the items joined by ``sep``, as concatenated string literals of at most ``width`` characters."""
    lines, line = [], ""
    for item in items:
        piece = item + sep
        if line and len(line) + len(piece) > width:
            lines.append(line)
            line = ""
        line += piece
    lines.append(line)
    return "[\n" + "".join(f'  "{x}",\n' for x in lines) + '].join("")'


def hexes(s: str) -> str:
    return " ".join(f"{ord(c):x}" for c in s)


def digit_zeros() -> list[int]:
    """Code points of the digit zeros of Unicode 14; every decimal digit is one of the ten after one of them."""
    digits = {cp for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Nd"}
    zeros = sorted(cp for cp in digits if unicodedata.decimal(chr(cp)) == 0)
    runs = {z + k for z in zeros for k in range(10)}
    if runs != digits or any(unicodedata.decimal(chr(z + k)) != k for z in zeros for k in range(10)):
        raise SystemExit("decimal digits are not runs of ten from 0 to 9: DIGIT_ZEROS cannot describe them")
    return zeros


def digit_class(zeros: list[int]) -> str:
    """A JavaScript (u-flag) character class of every decimal digit, Python's ``\\d`` on str."""
    return "[" + "".join(f"\\u{{{z:x}}}-\\u{{{z + 9:x}}}" for z in zeros) + "]"


def js_regex(pattern: str, digits: str) -> str:
    """A Python regex of runtime/cues.py as JavaScript source (a JSON string literal); refuses unknown syntax."""
    rest = pattern.replace("(?P<", "(?<").replace("\\d", "").replace("\\n", "")
    if "\\" in rest or "(?P" in rest or "(?#" in rest:
        raise SystemExit(f"cues.py uses regex syntax this generator does not translate: {pattern!r}")
    out = pattern.replace("(?P<", "(?<").replace("\\d", digits)
    return json.dumps(out, ensure_ascii=True)


def main() -> int:
    runs = class_runs()
    folds = [(cp, chr(cp).casefold()) for cp in range(0x110000) if chr(cp).casefold() != chr(cp)]
    homoglyphs = sorted((ord(k), v) for k, v in nz.HOMOGLYPHS.items())
    leet = {chr(k): v for k, v in nz.LEET.items()}
    shorthand = sorted(nz.SHORTHAND.items())
    zeros = digit_zeros()
    digits = digit_class(zeros)
    # The spelled-out alternations FEATURES.md specifies (each rule after a token start, the whole-text rule last),
    # which tests/runtime/test_cues.py checks the compiled Python patterns against.
    age_rules = "|".join(cues._B + rule for rule in cues.AGE_RULES) + "|" + cues.ALONE_RULE
    grade_rules = "|".join(cues._B + rule for rule in cues.GRADE_RULES)
    text = f"""// GENERATED by runtime/js/tools/gen_tables.py from Python {sys.version.split()[0]} (unicodedata \
{unicodedata.unidata_version}) and runtime/normalize.py, cues.py. Do not edit; re-run the generator.

export const UNICODE_VERSION = "{unicodedata.unidata_version}";
export const FEATURIZER_VERSION = {fz.FEATURIZER_VERSION};
export const MAX_CHARS = {nz.MAX_CHARS};
export const WORD_SEED = 0x{hashing.WORD_SEED:08x};
export const CHAR_SEED = 0x{hashing.CHAR_SEED:08x};
export const LEXICON_SEED = 0x{hashing.LEXICON_SEED:08x};
/** Lexicon placeholders are this prefix + a category ("lex" + "sexual"); the special features after the buckets. */
export const PLACEHOLDER_PREFIX = {json.dumps(lexicon.PLACEHOLDER_PREFIX)};
export const AGE_FEATURES = Object.freeze({json.dumps(list(fz.AGE_FEATURES))});

/** Code points that become a space (rule 3). */
export const WHITESPACE = new Set([{", ".join(f"0x{ord(c):x}" for c in sorted(nz.WHITESPACE))}]);
/** Apostrophes, deleted (rule 3). */
export const APOSTROPHES = new Set([{", ".join(f"0x{ord(c):x}" for c in sorted(nz.APOSTROPHES))}]);
/** Step 3b's spelling separators, in normalize.py's order. */
export const SPELLING_SEPARATORS = {json.dumps(nz.SPELLING_SEPARATORS, ensure_ascii=True)};
/** Cyrillic and Greek look-alikes -> Latin letter (rule 3). */
export const HOMOGLYPHS = new Map([
{"".join(f'  [0x{cp:x}, "{v}"],{chr(10)}' for cp, v in homoglyphs)}]);
/** Leetspeak digits and signs -> letters (rule 4). */
export const LEET = {{ {", ".join(f'"{k}": "{v}"' for k, v in sorted(leet.items()))} }};
/** Chat shorthand token -> the words it stands for (step 8), in one pass. */
export const SHORTHAND = new Map([
{"".join(f"  [{json.dumps(k)}, {json.dumps(v)}],{chr(10)}" for k, v in shorthand)}]);

/** Decimal digit zeros of Unicode {unicodedata.unidata_version} (digit d of a run is zero + d): Python's \\d. */
export const DIGIT_ZEROS = Object.freeze([{", ".join(f"0x{z:x}" for z in zeros)}]);
/** Age cues (runtime/cues.py): the regexes, translated (tried on one normalized text), and their constants. */
export const AGE_RULES = {js_regex(age_rules, digits)};
export const GRADE_RULES = {js_regex(grade_rules, digits)};
export const MINOR_AGES = Object.freeze({json.dumps(list(cues.MINOR_AGES))});
export const ADULT_AGES = Object.freeze({json.dumps(list(cues.ADULT_AGES))});
export const ALONE_AGES = Object.freeze({json.dumps(list(cues.ALONE_AGES))});
export const MAX_GRADE = {cues.MAX_GRADE};
export const MAX_YEAR = {cues.MAX_YEAR};
export const ORDINALS = Object.freeze({json.dumps(list(cues.ORDINALS))});

/**
 * Character classes of all code points as runs "<class><length in hex>" separated by commas, from U+0000 on:
 * 0 other (a space), 1 deleted (Mn Me Cf Cc), 2 kept (L* N*), 3 pictograph (So), 4 unassigned in Unicode
 * {unicodedata.unidata_version} or surrogate (a space).
 */
export const CLASS_RUNS = {wrap([f"{k}{n:x}" for k, n in runs], ",")};

/** Full case folding (Python str.casefold): "<code point>:<folded code points>" in hex, separated by semicolons. */
export const CASEFOLD = {wrap([f"{cp:x}:{hexes(v)}" for cp, v in folds], ";")};
"""
    OUT.write_text(text, encoding="utf-8", newline="\n")
    print(
        f"wrote {OUT} ({len(runs)} class runs, {len(folds)} case foldings, {len(homoglyphs)} homoglyphs, "
        f"{len(shorthand)} shorthand entries, {len(zeros)} digit runs)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
