"""Chat noise: make clean template text look like real chat messages, and obfuscate words the way evaders do.

Every noise function has the shape ``f(text, rng, rate) -> str``: it is pure, deterministic given the state of
``rng``, never raises on any ``str``, and returns ``text`` unchanged (without touching ``rng``) when ``rate <= 0``.
``rate`` is a per-word probability for word-level noise (typos, abbreviations, repeats, obfuscations), a per-message
probability for message-level noise (casing, emoji) and a per-occurrence probability for apostrophes and punctuation.

The obfuscations (``leetspeak``, ``spaced_letters``, ``punct_in_words``, ``homoglyphs``, ``zero_width``) are listed in
``OBFUSCATIONS``; called with ``rate=1.0`` they transform every eligible word (a run of at least two ASCII letters),
which is how the evaluation suite perturbs test messages. ``apply_noise`` instead obfuscates only a word or two,
preferring words a filter would look for ("send", "pic", "secret", ...).

``NoiseProfile`` holds the rates of one persona and ``PROFILES`` names the personas the generator uses.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "ADULT_MIX",
    "CASING_MODES",
    "CHAT_EMOJI",
    "OBFUSCATIONS",
    "PROFILES",
    "PROTECTED",
    "SENSITIVE_WORDS",
    "YOUNG_MIX",
    "ZERO_WIDTH",
    "NoiseProfile",
    "abbreviate",
    "add_emoji",
    "apply_noise",
    "casing",
    "drop_apostrophes",
    "drop_punctuation",
    "homoglyphs",
    "leetspeak",
    "punct_in_words",
    "repeat_letters",
    "spaced_letters",
    "spell_out",
    "typos",
    "zero_width",
]

# --------------------------------------------------------------------------------------------------------------------
# Shared helpers

#: A run of letters in any script (no digits, no underscore).
_LETTERS_RE = re.compile(r"[^\W\d_]+")
#: A run of ASCII letters: what the obfuscations consider a word.
_ASCII_RUN_RE = re.compile(r"[A-Za-z]+")

_Edit = Callable[[str, random.Random], str]


def _noise_words(text: str, rng: random.Random, rate: float, edit: _Edit, run_re: re.Pattern[str], min_len: int) -> str:
    """Pick each space-separated word with probability ``rate`` and apply ``edit`` to one letter run in it."""
    if rate <= 0.0 or not text:
        return text
    parts = text.split(" ")
    rand = rng.random
    changed = False
    for i, part in enumerate(parts):
        if not part or rand() >= rate:
            continue
        if len(part) >= min_len and part.isascii() and part.isalpha():
            parts[i] = edit(part, rng)
            changed = True
            continue
        runs = [m for m in run_re.finditer(part) if m.end() - m.start() >= min_len]
        if not runs:
            continue
        m = runs[0] if len(runs) == 1 else rng.choice(runs)
        parts[i] = part[: m.start()] + edit(m.group(), rng) + part[m.end() :]
        changed = True
    return " ".join(parts) if changed else text


def _obfuscate_words(text: str, rng: random.Random, rate: float, edit: _Edit, min_len: int) -> str:
    """Apply ``edit`` to every ASCII letter run of at least ``min_len`` letters, each with probability ``rate``."""
    if rate <= 0.0 or not text:
        return text
    every = rate >= 1.0
    rand = rng.random

    def sub(m: re.Match[str]) -> str:
        word = m.group()
        if len(word) < min_len or (not every and rand() >= rate):
            return word
        return edit(word, rng)

    return _ASCII_RUN_RE.sub(sub, text)


def _map_some(word: str, rng: random.Random, table: dict[str, tuple[str, ...]]) -> str:
    """Replace each mappable letter with probability 1/2 (at least one), choosing among its look-alikes."""
    positions = [i for i, c in enumerate(word) if c in table]
    if not positions:
        return word
    chosen = [i for i in positions if rng.random() < 0.5] or [rng.choice(positions)]
    chars = list(word)
    for i in chosen:
        options = table[chars[i]]
        chars[i] = options[0] if len(options) == 1 else rng.choice(options)
    return "".join(chars)


# --------------------------------------------------------------------------------------------------------------------
# Typos

_QWERTY_ROWS = {
    "q": "wa", "w": "qeas", "e": "wrsd", "r": "etdf", "t": "ryfg", "y": "tugh", "u": "yihj", "i": "uojk", "o": "ipkl",
    "p": "ol", "a": "qwsz", "s": "awedxz", "d": "serfcx", "f": "drtgvc", "g": "ftyhbv", "h": "gyujnb", "j": "huikmn",
    "k": "jiolm", "l": "kop", "z": "asx", "x": "zsdc", "c": "xdfv", "v": "cfgb", "b": "vghn", "n": "bhjm", "m": "njk",
}  # fmt: skip
#: Neighbouring keys on a QWERTY keyboard, for both cases.
_QWERTY: dict[str, str] = {**_QWERTY_ROWS, **{k.upper(): v.upper() for k, v in _QWERTY_ROWS.items()}}


def _typo_word(word: str, rng: random.Random) -> str:
    n = len(word)
    op = rng.randrange(4)
    if op == 0:  # swap two adjacent letters
        i = rng.randrange(n - 1)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    i = rng.randrange(n)
    if op == 1:  # drop a letter
        return word[:i] + word[i + 1 :]
    if op == 2:  # double a letter
        return word[: i + 1] + word[i:]
    near = _QWERTY.get(word[i])  # hit a neighbouring key
    if near is None:
        return word[: i + 1] + word[i:]
    return word[:i] + rng.choice(near) + word[i + 1 :]


def typos(text: str, rng: random.Random, rate: float = 0.1) -> str:
    """Make a typo in each word of 3+ letters with probability ``rate``.

    A typo swaps two adjacent letters, drops a letter, doubles a letter or replaces one with a neighbouring QWERTY key.
    """
    return _noise_words(text, rng, rate, _typo_word, _LETTERS_RE, 3)


# --------------------------------------------------------------------------------------------------------------------
# Apostrophes

_APOSTROPHES = "'’‘ʼ"
_ANY_APOSTROPHE_RE = re.compile(f"[{_APOSTROPHES}]")
_APOSTROPHE_RE = re.compile(rf"(?<=[^\W\d_])[{_APOSTROPHES}](?=[^\W\d_])")


def drop_apostrophes(text: str, rng: random.Random, rate: float = 1.0) -> str:
    """Drop apostrophes inside words ("don't" -> "dont", "I’m" -> "Im"), each with probability ``rate``.

    Straight, curly and modifier-letter apostrophes are handled; quotes around words are kept.
    """
    if rate <= 0.0 or not _ANY_APOSTROPHE_RE.search(text):
        return text
    if rate >= 1.0:
        return _APOSTROPHE_RE.sub("", text)
    rand = rng.random
    return _APOSTROPHE_RE.sub(lambda m: "" if rand() < rate else m.group(), text)


# --------------------------------------------------------------------------------------------------------------------
# Abbreviations

#: (phrase, replacements). Phrases are matched case-insensitively on whole words, apostrophes optional.
_ABBREVIATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # multi-word
    ("what are you doing", ("wyd",)),
    ("what are you up to", ("wyd", "wbu")),
    ("age sex location", ("asl",)),
    ("i don't know", ("idk", "i dunno")),
    ("don't know", ("dunno",)),
    ("i don't care", ("idc",)),
    ("to be honest", ("tbh",)),
    ("oh my god", ("omg",)),
    ("oh my gosh", ("omg",)),
    ("talk to you later", ("ttyl",)),
    ("see you later", ("cya", "cu l8r", "see ya")),
    ("see you", ("cya", "cu", "see ya")),
    ("be right back", ("brb",)),
    ("by the way", ("btw",)),
    ("in real life", ("irl",)),
    ("never mind", ("nvm",)),
    ("laughing out loud", ("lol",)),
    ("what's up", ("sup", "wassup", "wsp")),
    ("got to go", ("g2g", "gtg")),
    ("have to go", ("g2g", "gtg")),
    ("as soon as possible", ("asap",)),
    ("for real", ("fr",)),
    ("no problem", ("np",)),
    ("thank you", ("ty", "thx", "thank u")),
    ("let me know", ("lmk",)),
    ("in my opinion", ("imo",)),
    ("right now", ("rn",)),
    ("not going to lie", ("ngl",)),
    ("not gonna lie", ("ngl",)),
    ("good night", ("gn", "nite")),
    ("just kidding", ("jk",)),
    ("i know right", ("ikr",)),
    ("on my way", ("omw",)),
    ("what do you mean", ("wdym",)),
    ("how are you", ("hru", "how r u")),
    ("what about you", ("wbu", "hbu")),
    ("how about you", ("hbu",)),
    ("of course", ("ofc",)),
    ("best friend", ("bff", "bestie")),
    ("direct message", ("dm",)),
    ("want to", ("wanna",)),
    ("going to", ("gonna",)),
    ("got to", ("gotta",)),
    ("kind of", ("kinda",)),
    ("sort of", ("sorta",)),
    # single words
    ("you're", ("ur", "youre")),
    ("your", ("ur", "yr")),
    ("you", ("u",)),
    ("are", ("r",)),
    ("to", ("2",)),
    ("too", ("2",)),
    ("for", ("4",)),
    ("please", ("pls", "plz")),
    ("tonight", ("2nite", "tonite")),
    ("because", ("cuz", "bc", "coz")),
    ("okay", ("ok", "k", "kk")),
    ("really", ("rly",)),
    ("laughing", ("lol",)),
    ("thanks", ("thx", "ty", "thnx")),
    ("people", ("ppl",)),
    ("tomorrow", ("tmrw", "tmr", "2moro")),
    ("though", ("tho",)),
    ("about", ("abt", "bout")),
    ("probably", ("prob", "prolly")),
    ("something", ("smth",)),
    ("message", ("msg",)),
    ("messages", ("msgs",)),
    ("picture", ("pic",)),
    ("pictures", ("pics",)),
    ("before", ("b4",)),
    ("later", ("l8r",)),
    ("great", ("gr8",)),
    ("why", ("y",)),
    ("what", ("wat", "wut")),
    ("love", ("luv",)),
    ("seriously", ("srsly",)),
    ("someone", ("some1",)),
    ("anyone", ("any1",)),
    ("everyone", ("every1",)),
    ("boyfriend", ("bf",)),
    ("girlfriend", ("gf",)),
    ("today", ("2day",)),
    ("forever", ("4ever",)),
    ("minutes", ("mins",)),
    ("definitely", ("def", "defo")),
    ("whatever", ("wtv", "whatevs")),
    ("yeah", ("ya", "yh", "ye")),
    ("sorry", ("sry", "soz")),
    ("birthday", ("bday",)),
    ("favourite", ("fave", "fav")),
    ("favorite", ("fave", "fav")),
    ("snapchat", ("snap", "sc")),
    ("instagram", ("insta", "ig")),
)


def _abbr_key(word: str) -> str:
    key = word.lower()
    if "'" in key or "’" in key:
        key = key.replace("'", "").replace("’", "")
    return key


def _build_abbreviations() -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    table: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for phrase, replacements in _ABBREVIATIONS:
        words = tuple(_abbr_key(w) for w in phrase.split())
        table.setdefault(words[0], []).append((words, replacements))
    # longest phrase first, so multi-word rules win over the single words they contain
    return {k: tuple(sorted(v, key=lambda r: -len(r[0]))) for k, v in table.items()}


_ABBR_TABLE = _build_abbreviations()
_ABBR_TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_ABBR_SPLIT_RE = re.compile(r"([A-Za-z]+(?:['’][A-Za-z]+)*)")


def abbreviate(text: str, rng: random.Random, rate: float = 0.5) -> str:
    """Replace words and phrases by chat abbreviations ("are you" -> "r u", "i don't know" -> "idk").

    Each matching phrase is replaced with probability ``rate``; multi-word phrases are tried before the single words
    they contain, and words in a phrase must be separated by whitespace (or "/" as in "age/sex/location").
    Replacements are lowercase, or uppercase when the original was all caps.
    """
    if rate <= 0.0 or not text:
        return text
    table = _ABBR_TABLE
    # parts alternates separator, token, separator, ..., token, separator: token i is parts[2i + 1] and the text
    # between tokens i and i + 1 is parts[2i + 2]; one regex pass, and joining the parts gives the text back.
    parts = _ABBR_SPLIT_RE.split(text)
    keys = [_abbr_key(w) if "'" in w or "’" in w else w.lower() for w in parts[1::2]]
    if table.keys().isdisjoint(keys):  # nothing to abbreviate: the loop below would change nothing, draw nothing
        return text
    rand = rng.random
    changed = False
    i = 0
    n = len(keys)
    while i < n:
        rules = table.get(keys[i])
        if rules is None:
            i += 1
            continue
        for words, replacements in rules:
            size = len(words)
            if size > 1:
                if i + size > n or tuple(keys[i : i + size]) != words:
                    continue
                if any(
                    parts[2 * j + 2] == "" or parts[2 * j + 2].strip() not in ("", "/") for j in range(i, i + size - 1)
                ):
                    continue
            if rand() >= rate:
                continue
            first, last = 2 * i + 1, 2 * (i + size) - 1
            original = "".join(parts[first : last + 1])
            new = replacements[0] if len(replacements) == 1 else rng.choice(replacements)
            if len(original) > 1 and original.isupper():
                new = new.upper()
            parts[first] = new
            for k in range(first + 1, last + 1):
                parts[k] = ""
            changed = True
            i += size - 1
            break
        i += 1
    return "".join(parts) if changed else text


# --------------------------------------------------------------------------------------------------------------------
# Repeated letters

_REPEAT_FINAL = frozenset("aeiouyhszAEIOUYHSZ")
_VOWELS = frozenset("aeiouAEIOU")


def _repeat_word(word: str, rng: random.Random) -> str:
    extra = rng.randint(2, 4)
    if len(word) <= 2 or word[-1] in _REPEAT_FINAL:
        return word + word[-1] * extra
    for j in range(len(word) - 1, len(word) - 4, -1):  # "what" -> "whaaat", "cool" -> "cooool"
        if word[j] in _VOWELS:
            return word[: j + 1] + word[j] * extra + word[j + 1 :]
    return word + word[-1] * extra


def repeat_letters(text: str, rng: random.Random, rate: float = 0.2) -> str:
    """Stretch words of 2+ letters with probability ``rate`` ("so" -> "sooo", "hi" -> "hiii", "what" -> "whaaat").

    The final letter is repeated when it is a vowel, y, h, s or z (or the word is short), else the last vowel.
    """
    return _noise_words(text, rng, rate, _repeat_word, _LETTERS_RE, 2)


# --------------------------------------------------------------------------------------------------------------------
# Casing

#: lower: all lowercase; word_caps: one word in ALL CAPS; sentence: capitalise sentence starts and "i";
#: upper: the whole message in caps.
CASING_MODES = ("lower", "word_caps", "sentence", "upper")
_DEFAULT_CASING = ("lower", "word_caps", "sentence")
_SENTENCE_START_RE = re.compile(r"(^\s*|[.!?]\s+)([^\W\d_])")
_LONE_I_RE = re.compile(r"(?<![\w'’])i(?=$|[\s'’.,!?])")


def casing(text: str, rng: random.Random, rate: float = 1.0, *, modes: tuple[str, ...] = _DEFAULT_CASING) -> str:
    """With probability ``rate``, recase the message in one mode from ``modes`` chosen by ``rng`` (see CASING_MODES).

    Unknown mode names leave the text unchanged.
    """
    if rate <= 0.0 or not text or not modes or (rate < 1.0 and rng.random() >= rate):
        return text
    mode = modes[0] if len(modes) == 1 else rng.choice(modes)
    if mode == "lower":
        return text.lower()
    if mode == "upper":
        return text.upper()
    if mode == "sentence":
        text = _SENTENCE_START_RE.sub(lambda m: m.group(1) + m.group(2).upper(), text)
        return _LONE_I_RE.sub("I", text)
    if mode == "word_caps":
        runs = [m for m in _LETTERS_RE.finditer(text) if m.end() - m.start() >= 2]
        if not runs:
            return text
        m = rng.choice(runs)
        return text[: m.start()] + m.group().upper() + text[m.end() :]
    return text


# --------------------------------------------------------------------------------------------------------------------
# Emoji

#: Everyday chat emoji and emoticons. Deliberately no kiss, wink or other flirtatious ones: noise must not change
#: what a message means.
CHAT_EMOJI: tuple[str, ...] = (
    "😂", "🤣", "😭", "😊", "🙂", "😅", "😆", "😁", "😀", "😄", "🙃", "😐", "😑", "😬", "🤔", "🙄", "😴", "😎",
    "🥲", "😢", "😤", "😩", "🥳", "🤪", "😮", "👍", "👌", "🙏", "👋", "🤷", "🤦", "💀", "🔥", "💯", "✨", "🎮",
    "🎉", "❤️", "💙", "💜", "☺️", "✌️",
    ":)", ":(", ":D", "xD", "XD", "<3", ":P", ":/", "^^", "^_^", "-_-", ":')", ":O", "T_T", ":3", "o.O",
)  # fmt: skip
_EMOTICONS = frozenset(e for e in CHAT_EMOJI if e.isascii())
_PICTOGRAPHS = tuple(e for e in CHAT_EMOJI if not e.isascii())


def add_emoji(text: str, rng: random.Random, rate: float = 1.0) -> str:
    """With probability ``rate``, add 1-3 emoji or one emoticon: usually at the end, sometimes at the start or
    between two words. Pictographs may repeat ("😂😂😂"); emoticons are set off by spaces.
    """
    if rate <= 0.0 or (rate < 1.0 and rng.random() >= rate):
        return text
    first = rng.choice(CHAT_EMOJI)
    if first in _EMOTICONS:
        emoji, spaced = first, True
    else:
        count = rng.choice((1, 1, 1, 2, 3))
        if count == 1:
            emoji = first
        elif rng.random() < 0.5:
            emoji = first * count
        else:
            emoji = first + "".join(rng.choice(_PICTOGRAPHS) for _ in range(count - 1))
        spaced = rng.random() < 0.6
    if not text:
        return emoji
    where = rng.random()
    if where < 0.75:
        return text + (" " if spaced else "") + emoji
    if where < 0.85:
        return emoji + " " + text
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text + " " + emoji
    i = rng.choice(spaces)
    return text[:i] + " " + emoji + text[i:]


# --------------------------------------------------------------------------------------------------------------------
# Punctuation

_END_PUNCT_RE = re.compile(r"[.!?,;]+(?=\s|$)")


def drop_punctuation(text: str, rng: random.Random, rate: float = 1.0) -> str:
    """Remove sentence-final punctuation (". ! ? , ;" before a space or the end), each run with probability ``rate``.

    Punctuation inside tokens ("3.5", "s.e.n.d", "o.O") and emoticons (":)") are kept.
    """
    if rate <= 0.0 or not text:
        return text
    if rate >= 1.0:
        return _END_PUNCT_RE.sub("", text)
    rand = rng.random
    return _END_PUNCT_RE.sub(lambda m: "" if rand() < rate else m.group(), text)


# --------------------------------------------------------------------------------------------------------------------
# Obfuscations

_LEET: dict[str, tuple[str, ...]] = {
    "a": ("4", "@"), "e": ("3",), "i": ("1",), "o": ("0",), "s": ("5", "$"), "t": ("7",),
    "A": ("4", "@"), "E": ("3",), "I": ("1",), "O": ("0",), "S": ("5", "$"), "T": ("7",),
}  # fmt: skip

#: Latin letter -> Cyrillic and Greek look-alikes.
_HOMOGLYPHS: dict[str, tuple[str, ...]] = {
    "a": ("а", "α"), "c": ("с",), "d": ("ԁ",), "e": ("е", "ε"), "h": ("һ",), "i": ("і", "ι"), "j": ("ј",),
    "o": ("о", "ο"), "p": ("р", "ρ"), "s": ("ѕ",), "x": ("х", "χ"), "y": ("у",), "w": ("ԝ",), "q": ("ԛ",),
    "A": ("А", "Α"), "B": ("В", "Β"), "C": ("С",), "E": ("Е", "Ε"), "H": ("Н", "Η"), "I": ("І", "Ι"), "J": ("Ј",),
    "K": ("К", "Κ"), "M": ("М", "Μ"), "N": ("Ν",), "O": ("О", "Ο"), "P": ("Р", "Ρ"), "S": ("Ѕ",), "T": ("Т", "Τ"),
    "X": ("Х", "Χ"), "Y": ("Υ", "У"), "Z": ("Ζ",),
}  # fmt: skip

#: Zero-width space, non-joiner, joiner, word joiner, byte-order mark.
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
_PUNCT_SEPARATORS = (".", "-", "*", "_")


def _leet_word(word: str, rng: random.Random) -> str:
    return _map_some(word, rng, _LEET)


def _homoglyph_word(word: str, rng: random.Random) -> str:
    return _map_some(word, rng, _HOMOGLYPHS)


def _spaced_word(word: str, rng: random.Random) -> str:
    return " ".join(word)


def _punct_word(word: str, rng: random.Random) -> str:
    return rng.choice(_PUNCT_SEPARATORS).join(word)


def _zero_width_word(word: str, rng: random.Random) -> str:
    count = 1 if len(word) < 4 or rng.random() < 0.6 else 2
    cuts = sorted(rng.sample(range(1, len(word)), min(count, len(word) - 1)), reverse=True)
    for cut in cuts:
        word = word[:cut] + rng.choice(ZERO_WIDTH) + word[cut:]
    return word


def leetspeak(text: str, rng: random.Random, rate: float = 1.0) -> str:
    """Leetspeak in words of 2+ ASCII letters, each with probability ``rate`` ("send" -> "s3nd", "pic" -> "p1c").

    a->4/@, e->3, i->1, o->0, s->5/$, t->7; about half of the mappable letters of a chosen word change (at least one).
    The number of words is unchanged.
    """
    return _obfuscate_words(text, rng, rate, _leet_word, 2)


def spaced_letters(text: str, rng: random.Random, rate: float = 1.0) -> str:
    """Space out the letters of words of 2+ ASCII letters, each with probability ``rate`` ("send" -> "s e n d")."""
    return _obfuscate_words(text, rng, rate, _spaced_word, 2)


def punct_in_words(text: str, rng: random.Random, rate: float = 1.0) -> str:
    """Put punctuation between the letters of words of 2+ ASCII letters, each with probability ``rate``
    ("send" -> "s.e.n.d", "pic" -> "p-i-c", "s*e*n*d"); one separator per word.
    """
    return _obfuscate_words(text, rng, rate, _punct_word, 2)


def homoglyphs(text: str, rng: random.Random, rate: float = 1.0) -> str:
    """Swap Latin letters for Cyrillic or Greek look-alikes in words of 2+ ASCII letters, each with probability
    ``rate``; about half of the mappable letters of a chosen word change (at least one). Length is unchanged.
    """
    return _obfuscate_words(text, rng, rate, _homoglyph_word, 2)


def zero_width(text: str, rng: random.Random, rate: float = 1.0) -> str:
    """Insert one or two invisible characters (ZERO_WIDTH) inside words of 2+ ASCII letters, each with probability
    ``rate``. Deleting the ZERO_WIDTH characters restores the input.
    """
    return _obfuscate_words(text, rng, rate, _zero_width_word, 2)


#: The obfuscations by name, for the evaluation suite (call each with ``rate=1.0`` to hit every eligible word).
OBFUSCATIONS: dict[str, Callable[..., str]] = {
    "leetspeak": leetspeak,
    "spaced_letters": spaced_letters,
    "punct_in_words": punct_in_words,
    "homoglyphs": homoglyphs,
    "zero_width": zero_width,
}
_OBFUSCATION_EDITS: tuple[_Edit, ...] = (_leet_word, _spaced_word, _punct_word, _homoglyph_word, _zero_width_word)

#: Words a keyword filter would look for; apply_noise obfuscates these first.
_SENSITIVE = (
    "send", "sent", "pic", "pics", "picture", "pictures", "photo", "photos", "selfie", "selfies", "snap",
    "snapchat", "cam", "webcam", "video", "vid", "call", "facetime", "meet", "meeting", "secret", "secrets",
    "delete", "address", "phone", "number", "text", "private", "alone", "parents", "mum", "mom", "dad", "tell",
    "telling", "app", "insta", "instagram", "whatsapp", "telegram", "discord", "kik", "signal", "gift", "money",
    "robux", "vbucks",
)  # fmt: skip
SENSITIVE_WORDS = frozenset(_SENSITIVE)


def _obfuscate_some(text: str, rng: random.Random) -> str:
    """Obfuscate one or two words with one obfuscation, preferring SENSITIVE_WORDS."""
    runs = [m for m in _ASCII_RUN_RE.finditer(text) if m.end() - m.start() >= 2]
    candidates = [m for m in runs if m.group().lower() in SENSITIVE_WORDS] or [
        m for m in runs if m.end() - m.start() >= 3
    ]
    if not candidates:
        return text
    edit = rng.choice(_OBFUSCATION_EDITS)
    count = 1 if len(candidates) == 1 or rng.random() < 0.7 else 2
    for m in sorted(rng.sample(candidates, count), key=lambda m: -m.start()):
        text = text[: m.start()] + edit(m.group(), rng) + text[m.end() :]
    return text


# --------------------------------------------------------------------------------------------------------------------
# Spelling templates out

#: Chat shorthand written into templates, and its full form. Templates are spelled out before noise so that style
#: comes from the speaker's noise profile only, never from how one family happened to be typed.
_SPELL_OUT: dict[str, str] = {
    "u": "you", "r": "are", "rn": "right now", "pls": "please", "plz": "please", "im": "i'm", "ive": "i've",
    "ill": "i'll", "dont": "don't", "cant": "can't", "wont": "won't", "didnt": "didn't", "doesnt": "doesn't",
    "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't", "couldnt": "couldn't", "wouldnt": "wouldn't",
    "shouldnt": "shouldn't", "havent": "haven't", "youre": "you're", "thats": "that's", "whats": "what's",
    "whos": "who's", "wanna": "want to", "gonna": "going to", "gotta": "got to", "idk": "i don't know",
    "tbh": "to be honest", "omg": "oh my god", "btw": "by the way", "ngl": "not going to lie", "fr": "for real",
    "k": "ok", "tmrw": "tomorrow", "cuz": "because", "bc": "because", "thx": "thanks", "ty": "thank you",
    "abt": "about", "tho": "though", "rly": "really", "ppl": "people", "msg": "message", "sry": "sorry",
}  # fmt: skip
#: "ur" is "you're" before these words, else "your".
_YOURE_NEXT_WORDS = (
    "a an the so in not too such being going gonna really very always never just like at on home still only allowed "
    "actually probably literally basically already awake alone up online busy free ok okay safe mature special "
    "different cute pretty amazing beautiful funny smart sweet lucky mine older young younger old gorgeous lying "
    "in bed my all doing getting making telling talking the best no ready sure welcome right wrong back out"
)
_YOURE_NEXT = frozenset(_YOURE_NEXT_WORDS.split())
_SPELL_RE = re.compile(
    r"(?<![\w{'’])(" + "|".join(sorted({*_SPELL_OUT, "ur"}, key=len, reverse=True)) + r")(?![\w}'’])"
)


def _spell_word(m: re.Match[str]) -> str:
    word = m.group(1)
    if word != "ur":
        return _SPELL_OUT[word]
    rest = m.string[m.end() :].split(None, 1)
    nxt = rest[0].strip(".,!?").lower() if rest else ""
    return "you're" if nxt in _YOURE_NEXT else "your"


@functools.lru_cache(maxsize=65536)
def spell_out(text: str) -> str:
    """Write lowercase chat shorthand out in full ("r u ok" -> "are you ok", "dont" -> "don't", "ur mum" -> "your
    mum"), leaving ``{slot}`` names and every other word alone. Used on templates before their slots are filled.
    """
    return _SPELL_RE.sub(_spell_word, text)


# --------------------------------------------------------------------------------------------------------------------
# Profiles

_RATE_FIELDS = ("typo", "drop_apostrophe", "abbreviate", "repeat", "casing", "emoji", "drop_punct", "obfuscate")


@dataclass(frozen=True)
class NoiseProfile:
    """The noise rates of one persona, each in [0, 1] (see the function each one feeds in ``apply_noise``).

    ``obfuscate`` is the probability that a message gets one or two words obfuscated. ``casing_modes`` are the
    casing modes to choose from (repeat a mode to weight it).
    """

    typo: float = 0.0
    drop_apostrophe: float = 0.0
    abbreviate: float = 0.0
    repeat: float = 0.0
    casing: float = 0.0
    emoji: float = 0.0
    drop_punct: float = 0.0
    obfuscate: float = 0.0
    casing_modes: tuple[str, ...] = _DEFAULT_CASING

    def __post_init__(self) -> None:
        for name in _RATE_FIELDS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
                raise ValueError(f"NoiseProfile.{name} must be a number in [0, 1], got {value!r}")
        modes = self.casing_modes
        if not isinstance(modes, tuple) or not modes or any(m not in CASING_MODES for m in modes):
            raise ValueError(f"NoiseProfile.casing_modes must be a non-empty tuple from {CASING_MODES}, got {modes!r}")


PROFILES: dict[str, NoiseProfile] = {
    "clean": NoiseProfile(),
    "teen": NoiseProfile(
        typo=0.05, drop_apostrophe=0.85, abbreviate=0.6, repeat=0.06, casing=0.9, emoji=0.45, drop_punct=0.8,
        obfuscate=0.03, casing_modes=("lower", "lower", "lower", "lower", "word_caps"),
    ),
    "adult_casual": NoiseProfile(
        typo=0.02, drop_apostrophe=0.3, abbreviate=0.2, repeat=0.02, casing=0.5, emoji=0.2, drop_punct=0.4,
        obfuscate=0.05, casing_modes=("lower", "sentence", "sentence"),
    ),
    "adult_formal": NoiseProfile(
        typo=0.005, abbreviate=0.02, casing=0.3, emoji=0.03, drop_punct=0.05, casing_modes=("sentence",),
    ),
    "adult_chatty": NoiseProfile(
        typo=0.02, drop_apostrophe=0.4, abbreviate=0.3, repeat=0.03, casing=0.6, emoji=0.25, drop_punct=0.5,
        obfuscate=0.15, casing_modes=("lower", "lower", "sentence"),
    ),
    "gamer": NoiseProfile(
        typo=0.05, drop_apostrophe=0.8, abbreviate=0.55, repeat=0.03, casing=0.7, emoji=0.15, drop_punct=0.9,
        obfuscate=0.03, casing_modes=("lower", "lower", "word_caps", "upper"),
    ),
}  # fmt: skip

#: The one style mixture of each role (profile names; repeat a name to weight it). Every adult speaker draws from
#: ADULT_MIX, whether a groomer, a parent, a coach, a dating partner or a support agent, and every young speaker
#: (child, peer, gamer) from YOUNG_MIX, in grooming and benign conversations alike: style, obfuscation included, is
#: no evidence of grooming. Real chat lines get the same noise with the profile of the speaker who says them.
ADULT_MIX: tuple[str, ...] = ("adult_chatty", "adult_casual", "adult_casual", "adult_formal", "teen")
YOUNG_MIX: tuple[str, ...] = ("teen", "teen", "teen", "gamer")

#: A placeholder token the featurizer maps to a lexicon category; noise never edits it (see ``apply_noise``).
PROTECTED = ("lexsexual",)
_PROTECTED_RE = re.compile(r"(?<![A-Za-z])(?:" + "|".join(PROTECTED) + r")(?![A-Za-z])", re.IGNORECASE)
_SENTINEL = "\x00"


def apply_noise(text: str, rng: random.Random, profile: NoiseProfile) -> str:
    """Apply the profile's noise in a fixed order: apostrophes, abbreviations, typos, repeated letters, casing,
    punctuation, obfuscation of a word or two, emoji. The clean profile returns ``text`` unchanged.

    Placeholder tokens of PROTECTED (e.g. ``lexsexual``) come out exactly as they went in, lowercase: they stand for
    a lexicon category, and a typo or a recasing would hide it from the featurizer.
    """
    if "lexsexual" in text.lower() and _SENTINEL not in text:
        found = _PROTECTED_RE.findall(text)
        if found:
            text = _PROTECTED_RE.sub(_SENTINEL, text)
            text = _apply(text, rng, profile)
            for word in found:
                text = text.replace(_SENTINEL, word.lower(), 1)
            return text.replace(_SENTINEL, "")
    return _apply(text, rng, profile)


def _apply(text: str, rng: random.Random, profile: NoiseProfile) -> str:
    if profile.drop_apostrophe:
        text = drop_apostrophes(text, rng, profile.drop_apostrophe)
    if profile.abbreviate:
        text = abbreviate(text, rng, profile.abbreviate)
    if profile.typo:
        text = typos(text, rng, profile.typo)
    if profile.repeat:
        text = repeat_letters(text, rng, profile.repeat)
    if profile.casing:
        text = casing(text, rng, profile.casing, modes=profile.casing_modes)
    if profile.drop_punct:
        text = drop_punctuation(text, rng, profile.drop_punct)
    if profile.obfuscate and rng.random() < profile.obfuscate:
        text = _obfuscate_some(text, rng)
    if profile.emoji:
        text = add_emoji(text, rng, profile.emoji)
    return text
