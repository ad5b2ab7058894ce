"""The featurizer: hashing against the scalar reference, special features (lexicon, placeholders, age cues), batching,
shared test vectors. Normalization itself is tested in test_normalize.py, the age rules in test_cues.py."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groomguard.runtime.cues import age_cues
from groomguard.runtime.featurizer import MAX_CHARS, Featurizer, FeaturizerConfig, normalize
from groomguard.runtime.hashing import CHAR_SEED, WORD_SEED, hash_bytes, lexicon_key
from groomguard.runtime.lexicon import decode_keys, encode_keys, keys_of

# A harmless stand-in lexicon: the shipped one is a licensed list that tests never spell out.
FRUIT = (("fruit", encode_keys(keys_of(["banana", "green apple", "kiwi"]))),)
LEXICON_CFG = FeaturizerConfig(lexicon=FRUIT)
LEX, MINOR, ADULT = (LEXICON_CFG.n_buckets + k for k in range(3))


def test_normalize_rejects_non_str():
    with pytest.raises(TypeError):
        Featurizer().features(None)  # type: ignore[arg-type]


def _reference(text: str, cfg: FeaturizerConfig) -> dict[int, int]:
    """Scalar reference implementation of FEATURES.md, one n-gram at a time."""
    out: dict[int, int] = {}
    specials = {name: cfg.n_buckets + k for k, name in enumerate(cfg.special_features())}
    lexicon = {name: set(decode_keys(keys).tolist()) for name, keys in cfg.lexicon}
    tokens = []
    for token in normalize(text).split(" "):
        if token.startswith("lex") and token[3:] in lexicon:  # a placeholder: a hit, and no n-grams
            out[specials[f"lex_{token[3:]}"]] = out.get(specials[f"lex_{token[3:]}"], 0) + 1
        elif token:
            tokens.append(token)
    s = " ".join(tokens)
    for _, kind in age_cues([s]):
        k = specials[("age_minor", "age_adult")[kind]]
        out[k] = out.get(k, 0) + 1
    padded = f" {s} "
    mask = cfg.n_buckets - 1
    for n in range(cfg.char_ngrams[0], cfg.char_ngrams[1] + 1):
        for i in range(len(padded) - n + 1):
            b = hash_bytes(padded[i : i + n].encode(), CHAR_SEED) & mask
            out[b] = out.get(b, 0) + 1
    for n in range(cfg.word_ngrams[0], cfg.word_ngrams[1] + 1):
        for i in range(len(tokens) - n + 1):
            gram = " ".join(tokens[i : i + n])
            b = hash_bytes(gram.encode(), WORD_SEED) & mask
            out[b] = out.get(b, 0) + 1
            for name, keys in lexicon.items():
                if n <= 2 and lexicon_key(gram) in keys:
                    out[specials[f"lex_{name}"]] = out.get(specials[f"lex_{name}"], 0) + 1
    return out


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_vectorized_hash_matches_reference(text):
    cfg = FeaturizerConfig()
    ids, counts = Featurizer(cfg).features(text)
    assert dict(zip(ids.tolist(), counts.astype(int).tolist(), strict=True)) == _reference(text, cfg)


@pytest.mark.parametrize("cfg", [FeaturizerConfig(n_buckets=1 << 10, word_ngrams=(1, 3), char_ngrams=(2, 4))])
def test_other_configs_match_reference(cfg):
    for text in ["are you home alone", "😀 hi", "", "a", "send me a pic now please"]:
        ids, counts = Featurizer(cfg).features(text)
        assert dict(zip(ids.tolist(), counts.astype(int).tolist(), strict=True)) == _reference(text, cfg)


def test_batch_equals_one_by_one():
    f = Featurizer()
    texts = ["hi", "", "are you alone", "x" * 12_000, "😀", "   ", "don't tell ur mum"]
    batch = f.featurize_batch(texts)
    assert len(batch) == len(texts)
    for i, text in enumerate(texts):
        ids, counts = f.features(text)
        assert np.array_equal(batch.row(i)[0], ids) and np.array_equal(batch.row(i)[1], counts)
        assert np.all(np.diff(ids) > 0), "ids are sorted and unique"
    ids, counts = batch.padded()
    assert ids.shape == counts.shape == (len(texts), int(np.diff(batch.indptr).max()))
    assert ids.dtype == np.int64 and counts.dtype == np.float32


def test_caps_bound_the_work():
    huge = "are you home alone " * 10_000  # 190k characters
    ids, _ = Featurizer().features(huge)
    assert ids.size <= 5 * MAX_CHARS


def test_config_validation():
    with pytest.raises(ValueError):
        FeaturizerConfig(n_buckets=1000)
    with pytest.raises(ValueError):
        FeaturizerConfig(word_ngrams=(2, 1))
    with pytest.raises(ValueError):
        FeaturizerConfig(version=999)
    with pytest.raises(ValueError, match="base64"):
        FeaturizerConfig(lexicon=(("fruit", "not base64!"),))
    with pytest.raises(ValueError, match="lowercase"):
        FeaturizerConfig(lexicon=(("Fruit", FRUIT[0][1]),))
    with pytest.raises(ValueError, match="word 1- and 2-grams"):
        FeaturizerConfig(word_ngrams=(2, 3), lexicon=FRUIT)
    assert FeaturizerConfig.from_dict(LEXICON_CFG.to_dict()) == LEXICON_CFG


def test_same_features_in_another_process():
    code = "from groomguard.runtime.featurizer import Featurizer as F; print(F().features('are u home 😀')[0].tolist())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == Featurizer().features("are u home 😀")[0].tolist()


def test_shipped_test_vectors(shipped_model_dir):
    """Every port must reproduce model/test_vectors.jsonl; the Python featurizer must too."""
    manifest = json.loads((shipped_model_dir / "manifest.json").read_text())
    f = Featurizer(FeaturizerConfig.from_dict(manifest["featurizer"]))
    lines = (shipped_model_dir / "test_vectors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 500
    for line in lines:
        v = json.loads(line)
        assert normalize(v["text"]) == v["normalized"]
        ids, counts = f.features(v["text"])
        assert ids.tolist() == v["ids"]
        assert counts.astype(int).tolist() == v["counts"]


def test_special_features_follow_the_buckets():
    assert LEXICON_CFG.special_features() == ("lex_fruit", "age_minor", "age_adult")
    assert FeaturizerConfig().special_features() == ("age_minor", "age_adult")
    assert LEXICON_CFG.n_features == LEXICON_CFG.n_buckets + 3


def _special(cfg: FeaturizerConfig, text: str) -> dict[int, int]:
    ids, counts = Featurizer(cfg).features(text)
    return {i: c for i, c in zip(ids.tolist(), counts.astype(int).tolist(), strict=True) if i >= cfg.n_buckets}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i like bananas", {}),  # exact entries only: no stemming, no substrings
        ("a banana and a KIWI", {LEX: 2}),
        ("one green apple", {LEX: 1}),  # a word pair
        ("green and apple", {}),
        ("lexfruit lexfruit ok", {LEX: 2}),  # placeholders
        ("lexfruits", {}),  # not a placeholder
        ("im 13 and like kiwi", {LEX: 1, MINOR: 1}),
        ("35/m/tx", {ADULT: 1}),
    ],
)
def test_lexicon_and_placeholders(text, expected):
    assert _special(LEXICON_CFG, text) == expected


def test_a_placeholder_adds_no_ngrams():
    f = Featurizer(LEXICON_CFG)
    with_placeholder, _ = f.features("see lexfruit now")
    plain, _ = f.features("see now")
    assert with_placeholder.tolist() == [*plain.tolist(), LEX]


def test_without_a_lexicon_a_placeholder_is_a_word():
    ids, _ = Featurizer().features("lexfruit")
    assert ids.size and ids.max() < FeaturizerConfig().n_buckets


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(["banana", "green", "apple", "lexfruit", "kiwi", "13", "yo", "im", "x", "😀", "é"]), max_size=12
    )
)
def test_special_features_match_the_reference(words):
    text = " ".join(words)
    ids, counts = Featurizer(LEXICON_CFG).features(text)
    assert dict(zip(ids.tolist(), counts.astype(int).tolist(), strict=True)) == _reference(text, LEXICON_CFG)


def test_batch_with_special_features_equals_one_by_one():
    f = Featurizer(LEXICON_CFG)
    texts = ["kiwi", "", "lexfruit", "im 12", "nothing", "green apple green apple", "😀 13 f", "x" * 300, "8th grade"]
    batch = f.featurize_batch(texts)
    for i, text in enumerate(texts):
        ids, counts = f.features(text)
        assert np.array_equal(batch.row(i)[0], ids) and np.array_equal(batch.row(i)[1], counts), text
        assert dict(zip(ids.tolist(), counts.astype(int).tolist(), strict=True)) == _reference(text, LEXICON_CFG)


@pytest.mark.parametrize(
    "cfg",
    [
        FeaturizerConfig(),
        FeaturizerConfig(n_buckets=1 << 30, word_ngrams=(1, 3), char_ngrams=(1, 6)),  # 64-bit sort keys, 1-grams
        FeaturizerConfig(n_buckets=1 << 4, word_ngrams=(2, 2), char_ngrams=(2, 2)),  # many collisions
        LEXICON_CFG,
    ],
)
def test_batch_rows_equal_the_reference(cfg):
    f = Featurizer(cfg)
    texts = ["", "a", "are you home", "", "😀 hi ü", "x" * 300, "s e n d me a p1c", " ", "ok ok ok", "ñ", "im 14 kiwi"]
    batch = f.featurize_batch(texts)
    for i, text in enumerate(texts):
        ids, counts = batch.row(i)
        assert dict(zip(ids.tolist(), counts.astype(int).tolist(), strict=True)) == _reference(text, cfg), text


def test_padded_rows_subset():
    f = Featurizer()
    texts = ["hi", "", "are you alone tonight", "😀"]
    batch = f.featurize_batch(texts)
    for rows in (None, np.array([2, 0]), np.array([1]), np.array([3, 2, 1, 0])):
        ids, counts = batch.padded(rows)
        order = range(len(texts)) if rows is None else rows
        for r, i in enumerate(order):
            row_ids, row_counts = batch.row(i)
            n = row_ids.size
            assert np.array_equal(ids[r, :n], row_ids) and np.array_equal(counts[r, :n], row_counts)
            assert not ids[r, n:].any() and not counts[r, n:].any()  # padding: id 0, count 0


def test_padded_reads_negative_rows_from_the_end():
    batch = Featurizer().featurize_batch(["hi", "are you alone"])
    last, second = batch.padded(np.array([-1])), batch.padded(np.array([1]))
    assert all(np.array_equal(a, b) for a, b in zip(last, second, strict=True))


def _fuzz_texts(seed: int, n: int) -> list[str]:
    """Varied texts from a fixed seed: chat words and shorthand, lexicon entries and placeholders, ages and grades,
    digits, emoji, accents, homoglyphs, zero-width and control characters, any code point, empty and long texts."""
    rng = random.Random(seed)
    words = [
        "are", "you", "home", "alone", "u", "ur", "r", "im", "dont", "send", "me", "a", "pic", "ok", "lol",
        "banana", "green", "apple", "kiwi", "lexfruit", "lexfruits", "lex", "13", "14yo", "13f", "8th", "grade",
        "year", "9", "i", "am", "turning", "age", "f", "m", "yo", "years", "old", "minutes", "eighth", "yr",
        "😀", "é", "ñ", "ß", "İ", "s3nd", "p1c", "gr8", "sooooo", "s e n d", "@", "$", "\u200b", "\u200d", "\x00",
        "\n", "١٣", "１３", "а", "о", "𝐀", "🏳️‍🌈", "12", "99", "100", "5", "0", "18", "17", "6",
    ]  # fmt: skip
    makers = [
        lambda: "",
        lambda: " " * rng.randint(1, 4),
        lambda: " ".join(rng.choice(words) for _ in range(rng.randint(1, 16))),
        lambda: "".join(rng.choice(words) for _ in range(rng.randint(1, 6))),
        lambda: "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 40))),
        lambda: "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(1, 20))),
        lambda: str(rng.randint(0, 120)),
        lambda: " ".join(rng.choice(words) for _ in range(rng.randint(300, 900))),  # past the single-text table
        lambda: "\u200b" * rng.randint(1, 3000) + " ".join(rng.choice(words) for _ in range(5)),
    ]
    return [rng.choice(makers)() for _ in range(n)]


@pytest.mark.parametrize(
    "cfg",
    [
        LEXICON_CFG,
        FeaturizerConfig(),
        FeaturizerConfig(n_buckets=1 << 30, word_ngrams=(1, 3), char_ngrams=(1, 6), lexicon=FRUIT),
        FeaturizerConfig(n_buckets=1 << 4, word_ngrams=(2, 2), char_ngrams=(2, 2)),
    ],
)
def test_batches_equal_single_texts_on_a_fuzz_set(cfg):
    """A batch's rows are exactly each text's own features (ids, counts, order and dtypes), whatever the batch size,
    and a sample of them is the scalar reference's."""
    f = Featurizer(cfg)
    texts = _fuzz_texts(seed=20240611, n=600)
    singles = [f.features(t) for t in texts]
    for ids, counts in singles:
        assert ids.dtype == np.int64 and counts.dtype == np.float32
        assert np.all(np.diff(ids) > 0)
    for size in (1, 2, 5, 64, 600):
        for start in range(0, len(texts), size):
            batch = f.featurize_batch(texts[start : start + size])
            assert batch.indptr.dtype == np.int64 and batch.ids.dtype == np.int64 and batch.counts.dtype == np.float32
            assert len(batch) == len(texts[start : start + size])
            for i in range(len(batch)):
                ids, counts = singles[start + i]
                row_ids, row_counts = batch.row(i)
                assert np.array_equal(row_ids, ids) and np.array_equal(row_counts, counts), (size, start + i)
    for text, (ids, counts) in list(zip(texts, singles, strict=True))[::10]:
        assert dict(zip(ids.tolist(), counts.astype(int).tolist(), strict=True)) == _reference(text, cfg)
