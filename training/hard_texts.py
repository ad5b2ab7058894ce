"""Hard inputs for parity checks and test vectors: emoji, accents, non-Latin scripts, obfuscation, empty and huge texts.

Deterministic (fixed seed): the same call returns the same texts, so ``model/test_vectors.jsonl`` is reproducible.
"""

from __future__ import annotations

import random

FIXED: tuple[str, ...] = (
    "",
    " ",
    "\t\n\r ",
    "\u200b\u200c\u200d\u2060\ufeff",
    "are your parents home?",
    "ARE YOUR PARENTS HOME?",
    "are ur parents home",
    "r u home alone rn",
    "s3nd me a p1c",
    "s e n d   m e   a   p i c",
    "s.e.n.d me a p-i-c",
    "sеnd mе а рic",  # Cyrillic look-alikes
    "s\u200bend me a p\u200dic",
    "don't tell anyone we talk",
    "don’t tell anyone we talk",
    "dont tell ur mum lol",
    "İstanbul'da buluşalım mı?",  # Turkish dotted I
    "ıi İI",
    "straße STRASSE",
    "café naïve résumé",
    "cafe\u0301 nai\u0308ve",  # combining marks
    "😀😀😀",
    "you're so mature 😍😍",
    "👨‍👩‍👧 family emoji with ZWJ",
    "👍🏽 skin tone",
    "𝐬𝐞𝐧𝐝 𝐦𝐞 𝐚 𝐩𝐢𝐜",  # mathematical bold
    "ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ",
    "你好，你几岁了？",
    "مرحبا كيف حالك",
    "привет как дела",
    "नमस्ते आप कैसे हैं",
    "こんにちは、元気？",
    "안녕하세요",
    "שלום מה נשמע",
    "hiiiiii sooooo cuteeee",
    "14yo gr8 l8r 2nite 4u",
    "$50 gift card @ the mall",
    "h@te this, it's $h!t",
    "line one\nline two\r\nline three",
    "tab\tseparated\tvalues",
    "\x00\x01\x02 control chars \x7f",
    "\ud800 lone surrogate",
    "🏳️‍🌈 flag",
    "a b c d e f g",
    "i a m here",
    "...!!!???",
    "12345 67890",
    "x",
    "💬",
    "\u00a0\u2003\u3000 odd spaces",
)


def _variants(text: str, rng: random.Random) -> list[str]:
    leet = text.translate(str.maketrans({"e": "3", "i": "1", "o": "0", "a": "4", "s": "5"}))
    spaced = " ".join(text[:12])
    zw = "\u200b".join(text)
    upper = text.upper()
    emoji = f"{text} {rng.choice(['😂', '😘', '🙈', '❤️', '🔥', '👀'])}"
    accents = text.replace("e", "é").replace("a", "à")
    cyr = text.replace("a", "а").replace("e", "е").replace("o", "о")
    return [leet, spaced, zw, upper, emoji, accents, cyr]


def parity_texts(corpus_texts: list[str], n: int = 2400, seed: int = 7) -> list[str]:
    """At least ``n`` texts: the fixed hard cases, long texts, corpus texts and perturbed variants of them."""
    rng = random.Random(seed)
    pool = sorted(set(corpus_texts)) or [t for t in FIXED if t.strip()]
    texts = list(FIXED)
    texts += [
        "are you home alone " * 600,  # ~11k characters, past the cap
        "x" * 10_000,
        "😀" * 10_001,
        " ".join(rng.choice(pool) for _ in range(400))[:12_000],
        "a" * 100_000,
    ]
    while len(texts) < n:
        base = rng.choice(pool)
        texts.append(base)
        texts.append(rng.choice(_variants(base, rng)))
    return texts[:n] if len(texts) > n else texts


def vector_texts(corpus_texts: list[str], n: int = 600, seed: int = 11) -> list[str]:
    """The texts of ``model/test_vectors.jsonl``: the fixed hard cases plus a sample (long ones trimmed)."""
    texts = parity_texts(corpus_texts, n=n, seed=seed)
    # Lone surrogates cannot be written as UTF-8 (nor held by a JavaScript port's UTF-8 input); parity covers them.
    return [t[:12_000] for t in texts if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]
