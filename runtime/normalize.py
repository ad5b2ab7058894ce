"""Text normalization: the one implementation of it in the project (spec: ``runtime/FEATURES.md``, section 1).

Training imports it through the featurizer, so what was trained on is exactly what is scored. ``normalize_batch`` runs
the normalization on the whole batch joined into one string (C-level ``str`` methods and regexes, the rare rules only
on the texts numpy flags); a single text takes the same code with fewer steps.

Version 2 (featurizer version 2) normalizes the whole text before capping it, so padding that normalization deletes
(zero-width or control characters) cannot push the message out of what is scored, and canonicalizes common chat
shorthand (``u`` -> ``you``), so that writing style is not evidence. Version 4 joins a word spelled out with
punctuation ("s.e.n.d") before that punctuation becomes a space, so spelling out every word keeps the words apart.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import compress

import numpy as np

#: The normalized text is capped at this many code points (after normalization: see FEATURES.md).
MAX_CHARS = 10_000

# Characters treated as whitespace, spelled out (JavaScript's \s and Python's isspace() disagree).
WHITESPACE = frozenset(
    "\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Apostrophes are deleted so that "don't" and "dont" are the same word.
APOSTROPHES = frozenset("'\u2018\u2019\u02bc\u02b9\u0060\u00b4\uff07")
# Cyrillic and Greek look-alikes of Latin letters (after case folding), mapped to the Latin letter.
HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "һ": "h", "ӏ": "l", "ɡ": "g", "ɩ": "i", "ο": "o", "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "β": "b", "γ": "y", "η": "n", "μ": "u", "ω": "w", "ϲ": "c",
}  # fmt: skip
# Leetspeak, applied only to runs of these characters with an ASCII letter on both sides ("s3nd", "p1c").
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})

#: Characters that spell a word out between its letters ("s.e.n.d", "p-i-c"): every ASCII character from "!" to "~"
#: that is not a letter, a digit, an apostrophe (' and `, which step 3b deletes), "@" or "$" (leetspeak), and two dots
#: of Unicode. Step 3 keeps them for step 3b, which then makes every one left a space.
SPELLING_SEPARATORS = '!"#%&()*+,-./:;<=>?[\\]^_{|}~\u00b7\u2022'
_SPELL_SEP = "[" + re.escape(SPELLING_SEPARATORS) + "]"
# After step 3: a letter, digit, @, $, pictograph or NUL (not a space, separator or apostrophe).
_APOSTROPHE_CHARS = "".join(sorted(APOSTROPHES))
_TOKEN_CHAR = "[^ " + re.escape(SPELLING_SEPARATORS + _APOSTROPHE_CHARS) + "]"
# Step 3b: two or more single letters a-z, each pair split by the same separator, and the run not part of a longer
# one: no token character right before or after it, nor a token character and a separator. So the backtracking is
# all or nothing ("a.b.cd" is left alone: a shorter match would end before a separator and a letter). The match starts
# at the first separator (the first letter is checked behind it), so the regex scans for the separators alone (5x
# faster than starting at every letter); _join_spelled deletes the run's separators.
_SPELLED_RE = re.compile(
    rf"({_SPELL_SEP})(?<=(?<!{_TOKEN_CHAR})(?<!{_TOKEN_CHAR}{_SPELL_SEP})[a-z]{_SPELL_SEP})"
    rf"[a-z](?:\1[a-z])*(?!{_TOKEN_CHAR})(?!{_SPELL_SEP}{_TOKEN_CHAR})"
)
# After step 3b, separators become spaces and apostrophes are deleted (regexes for non-ASCII text: 8x faster than
# str.translate with a dict).
_SEPARATOR_RE = re.compile(_SPELL_SEP)
_APOSTROPHE_RE = re.compile("[" + re.escape(_APOSTROPHE_CHARS) + "]")
_ASCII_SEPARATORS = "".join(c for c in SPELLING_SEPARATORS if c.isascii()).encode("ascii")
_SEPARATOR_SPACE_BYTES = bytes.maketrans(_ASCII_SEPARATORS, b" " * len(_ASCII_SEPARATORS))
_ASCII_APOSTROPHES = "".join(c for c in _APOSTROPHE_CHARS if c.isascii()).encode("ascii")
_LEET_RUN = re.compile(r"[013457@$]+(?=[a-z])")  # and a letter before: see _unleet
_SPACED_RE = re.compile(r"(?<![^ ])[a-z](?: [a-z](?![^ ])){2,}")
_REPEAT_RE = re.compile(r"([^ 0-9])\1{2,}")
_TRIPLE = re.compile(r"(.)\1\1", re.DOTALL)  # where _REPEAT_RE can match
# Where _SPACED_RE can match, in the text padded with a space on both sides: three one-letter tokens in a row (single
# spaces between tokens, as after step 5). A pattern that starts with a literal is scanned for by its first character.
_SPACED_HINT = re.compile(r" [a-z] [a-z] [a-z] ")


#: Chat shorthand -> the words it stands for (step 8 of FEATURES.md): a whole token is replaced, never part of one.
#: Style (how often someone writes "u" or "ur") says nothing about intent: real teens write it in harmless chats all
#: day, so the model must not see it. Tokens are as normalization leaves them (lowercase, apostrophes deleted).
SHORTHAND = {
    "u": "you", "ya": "you", "yu": "you", "yuo": "you", "ur": "your", "youre": "you are",
    "r": "are", "rn": "right now", "n": "and", "nd": "and",
    "pls": "please", "plz": "please", "pleas": "please", "plss": "please", "plzz": "please",
    "thx": "thanks", "thnx": "thanks", "thanx": "thanks", "tnx": "thanks", "ty": "thank you",
    "kk": "ok", "okk": "ok", "okay": "ok", "okey": "ok", "oki": "ok",
    "ppl": "people", "bc": "because", "bcuz": "because", "bcoz": "because", "cuz": "because", "coz": "because",
    "cos": "because", "becuz": "because", "wat": "what", "wut": "what", "wht": "what", "wen": "when", "wer": "where",
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "luv": "love", "cu": "see you", "cya": "see you",
    "l8r": "later", "l8er": "later", "gr8": "great", "2nite": "tonight", "2night": "tonight", "tonite": "tonight",
    "nite": "night", "b4": "before", "abt": "about", "bout": "about", "msg": "message", "txt": "text",
    "2day": "today", "2moro": "tomorrow", "2morrow": "tomorrow", "tmrw": "tomorrow", "tmr": "tomorrow",
    "tmrow": "tomorrow", "tomoro": "tomorrow", "ne1": "anyone", "any1": "anyone", "some1": "someone",
    "sum1": "someone", "no1": "no one", "every1": "everyone", "dat": "that", "dis": "this", "dem": "them",
    "tho": "though", "thru": "through", "bf": "boyfriend", "gf": "girlfriend", "bday": "birthday",
    "hw": "homework", "skool": "school", "becoz": "because", "prolly": "probably",
    "rly": "really", "rlly": "really", "srsly": "seriously", "sry": "sorry", "soz": "sorry", "w8": "wait",
    "m8": "mate", "idk": "i do not know", "dunno": "do not know", "ik": "i know", "wyd": "what are you doing",
    "hbu": "how about you", "wbu": "what about you", "ofc": "of course", "bby": "baby",
    "cant": "can not", "dont": "do not", "wont": "will not", "im": "i am", "ive": "i have",
    "didnt": "did not", "doesnt": "does not", "isnt": "is not", "wasnt": "was not",
    "havent": "have not", "wouldnt": "would not", "couldnt": "could not", "shouldnt": "should not",
    "whats": "what is", "thats": "that is", "theres": "there is", "lets": "let us", "u2": "you too",
}  # fmt: skip


class _CharTable(dict):
    """A ``str.translate`` table filled lazily: each code point is classified once, on first sight."""

    def __missing__(self, cp: int) -> str | None:
        value = _classify(chr(cp))
        self[cp] = value
        return value


def _classify(c: str) -> str | None:
    if c in APOSTROPHES:  # kept for step 3b, which deletes them: "d.o.n't" is a spelled-out word before "t"
        return c
    if c in WHITESPACE:
        return " "
    cat = unicodedata.category(c)
    if cat in ("Mn", "Me", "Cf", "Cc"):  # combining marks (accents), zero-width/format and control characters
        return None
    if c in HOMOGLYPHS:
        return HOMOGLYPHS[c]
    if c in "@$":
        return c
    if cat[0] in "LN":
        return c
    if cat == "So":  # emoji and other pictographs: a token of their own
        return f" {c} "
    if c in SPELLING_SEPARATORS:  # kept for step 3b, which makes them spaces
        return c
    return " "  # other punctuation and symbols, private use, unassigned, surrogates


_TABLE = _CharTable()


def _ascii_tables() -> tuple[bytes, bytes]:
    """The same mapping as ``_TABLE`` for ASCII, lowercasing included, as a ``bytes.translate`` table + deletions."""
    table = bytearray(range(256))
    delete = bytearray()
    for cp in range(128):
        value = _classify(chr(cp).lower())
        if value is None:
            delete.append(cp)
        else:
            table[cp] = ord(value)  # one character: ASCII has no pictographs (category So)
    return bytes(table), bytes(delete)


_ASCII_TABLE, _ASCII_DELETE = _ascii_tables()
# Batches are normalized as one string with this separator between texts: no step of normalization reaches across
# " \x00 " (the regexes need letters or spaces next to each other), so each text comes out as it would alone. The
# separator survives folding through these tables; a batch whose texts contain NUL themselves is done text by text.
_SEP = "\x00"
_JOIN = f" {_SEP} "
_SEP_ASCII_TABLE, _SEP_ASCII_DELETE = _ASCII_TABLE, _ASCII_DELETE.replace(b"\x00", b"")
_LEET_TRIGGER = re.compile(r"[013457@$]")


def normalize(text: str) -> str:
    """Return the normalized form of ``text`` that n-grams are taken from (spec: runtime/FEATURES.md).

    Tokens (runs of letters and digits, or a single pictograph) joined by single spaces; ``""`` when nothing is left.
    The whole text is normalized, then capped at ``MAX_CHARS`` code points (``normalized_length`` tells when it was).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return _cap(_shorthand(_finish(_fold(text))))


def normalized_length(text: str) -> int:
    """Code points of ``text``'s normalized form before the cap: more than MAX_CHARS means only a prefix is scored."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return len(_shorthand(_finish(_fold(text))))


def _cap(t: str) -> str:
    return t[:MAX_CHARS].rstrip(" ") if len(t) > MAX_CHARS else t


def normalize_batch(texts: list[str] | tuple[str, ...]) -> list[str]:
    """``[normalize(t) for t in texts]``, computed on the batch as one string (several times faster)."""
    if len(texts) < 2:
        return [normalize(t) for t in texts]
    try:
        joined = _JOIN.join(texts)
    except TypeError:
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"text must be str, not {type(t).__name__}") from None
        raise
    if joined.count(_SEP) != len(texts) - 1:
        return [normalize(t) for t in texts]
    if joined.isascii():
        joined = _fold(joined, _SEP_ASCII_TABLE, _SEP_ASCII_DELETE)
    else:  # the slow Unicode path only for the texts that need it; the ASCII ones folded together
        ascii_flags = [t.isascii() for t in texts]
        folded = iter(_fold(_JOIN.join(compress(texts, ascii_flags)), _SEP_ASCII_TABLE, _SEP_ASCII_DELETE).split(_JOIN))
        joined = _JOIN.join([next(folded) if a else _fold(t) for t, a in zip(texts, ascii_flags, strict=True)])
    # Shorthand on the whole batch: a token never reaches across a separator, which is a token of its own.
    out = [p.strip(" ") for p in _shorthand(_finish_batch(joined)).split(_SEP)]
    for i, t in enumerate(out):
        if len(t) > MAX_CHARS:
            out[i] = _cap(t)
    return out


def _fold(t: str, ascii_table: bytes = _ASCII_TABLE, ascii_delete: bytes = _ASCII_DELETE) -> str:
    """Steps 2, 3 and 3b of FEATURES.md: case folding (and NFKC/NFKD outside ASCII), the map of each code point, then
    words spelled out with punctuation joined and the remaining spelling separators made spaces.
    """
    if t.isascii():
        t = t.encode("ascii").translate(ascii_table, ascii_delete).decode("ascii")
        t = _SPELLED_RE.sub(_join_spelled, t).encode("ascii")
        return t.translate(_SEPARATOR_SPACE_BYTES, _ASCII_APOSTROPHES).decode("ascii")
    t = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", t).casefold())
    t = _SPELLED_RE.sub(_join_spelled, t.translate(_TABLE))
    return _APOSTROPHE_RE.sub("", _SEPARATOR_RE.sub(" ", t))


def _join_spelled(m: re.Match) -> str:
    return m.group().replace(m.group(1), "")  # the separator is never a letter


def _finish(t: str) -> str:
    """Steps 4 to 7: leetspeak, single spaces, spaced-out letters joined, long repeats squeezed."""
    t = " ".join(_leet(t).split())  # after the map the only whitespace left is " ": split() == split(" ")
    if _SPACED_HINT.search(f" {t} ") is not None:  # found twice as fast as the sub finds nothing (most texts)
        t = _SPACED_RE.sub(_join_letters, t)
    # Most texts have no code point three times in a row, which this simpler regex finds 3x faster.
    return _REPEAT_RE.sub(_twice, t) if _TRIPLE.search(t) else t


def _finish_batch(joined: str) -> str:
    """``_finish`` on texts joined by " \\x00 ": the texts' results, joined by "\\x00" between spaces.

    The two last steps rarely change anything, so numpy finds the texts where they can: only those go through the
    spaced-letters regex, and long repeats are squeezed by numpy on the whole batch (the regex's Python template
    expansion per match took a fifth of a batch's normalization).
    """
    t = " ".join(_leet(joined).split())
    codes = _code_points(t)
    hits = _spaced_candidates(codes)
    if hits.size:
        out = [p.strip(" ") for p in t.split(_SEP)]
        for i in _texts_at(np.flatnonzero(codes == 0), hits):  # separators: text i starts after separator i-1
            out[i] = _SPACED_RE.sub(_join_letters, out[i])
        t = _JOIN.join(out)
        codes = _code_points(t)
    runs = _repeat_candidates(codes)
    if runs.size:
        # _REPEAT_RE turns every run of 3 or more equal code points (not a space or digit) into 2: the same as
        # dropping each code point that equals the two before it. Runs never reach across a " \x00 " separator.
        keep = np.ones(codes.size, dtype=bool)
        keep[runs + 2] = False
        kept = codes[keep].tobytes()
        t = kept.decode("ascii") if codes.dtype == np.uint8 else kept.decode("utf-32-le")
    return t


def _texts_at(separators: np.ndarray, positions: np.ndarray) -> list[int]:
    """Which texts (once each, in order) the code-point positions of a joined batch fall in."""
    return list(dict.fromkeys(np.searchsorted(separators, positions).tolist()))  # np.unique would import numpy.ma


def _shorthand(t: str) -> str:
    """Step 8: common chat shorthand tokens become the words they stand for (``SHORTHAND``).

    Tokens are separated by single spaces here, so a split and a dictionary look-up replace exactly the whole tokens
    (about four times faster than a regex over the table's alternatives).
    """
    words = t.split(" ")
    if SHORTHAND.keys().isdisjoint(words):  # most messages have none: no join (~0.3 us)
        return t
    return " ".join(map(SHORTHAND.get, words, words))


def _leet(t: str) -> str:
    """Step 4: leetspeak digits and symbols between letters become letters; other @ and $ become spaces."""
    if not _LEET_TRIGGER.search(t):
        return t
    t = _LEET_RUN.sub(_unleet, t)
    return t.replace("@", " ").replace("$", " ")


def _unleet(m: re.Match) -> str:
    # _LEET_RUN finds a run followed by a letter; it is leetspeak when a letter also comes before it.
    start = m.start()
    if start and "a" <= m.string[start - 1] <= "z":
        return m.group().translate(LEET)
    return m.group()


def _twice(m: re.Match) -> str:
    return m.group(1) * 2  # the replacement r"\1\1", without re's template expansion per call


def _join_letters(m: re.Match) -> str:
    return m.group().replace(" ", "")


def _code_points(t: str) -> np.ndarray:
    return np.frombuffer(t.encode("ascii"), np.uint8) if t.isascii() else np.frombuffer(t.encode("utf-32-le"), "<u4")


def _spaced_candidates(c: np.ndarray) -> np.ndarray:
    """Positions where three one-letter tokens a-z follow each other ("s e n d"): where _SPACED_RE can match."""
    if c.size < 5:
        return np.zeros(0, np.int64)
    space = np.ones(c.size + 2, dtype=bool)  # the text is read as if padded with a space on both sides
    np.equal(c, 32, out=space[1:-1])
    single = (c >= 97) & (c <= 122) & space[:-2] & space[2:]
    return np.flatnonzero(single[:-4] & single[2:-2] & single[4:])


def _repeat_candidates(c: np.ndarray) -> np.ndarray:
    """Positions of three equal code points in a row, not digits (spaces never repeat here): where _REPEAT_RE can."""
    if c.size < 3:
        return np.zeros(0, np.int64)
    same = c[1:] == c[:-1]
    run = same[1:] & same[:-1] & ((c[:-2] < 48) | (c[:-2] > 57))
    return np.flatnonzero(run)
