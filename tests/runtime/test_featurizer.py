"""The featurizer: normalization rules, hashing against the scalar reference, batching, caps, shared test vectors."""

from __future__ import annotations

import json
import subprocess
import sys
import sys as _sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groomguard.runtime.featurizer import (
    CHAR_SEED,
    MAX_CHARS,
    WHITESPACE,
    WORD_SEED,
    Featurizer,
    FeaturizerConfig,
    hash_bytes,
    normalize,
    normalize_batch,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Are u HOME alone??", "are u home alone"),
        ("s3nd me a p1c", "send me a pic"),
        ("14yo gr8 l8r 2nite", "14yo gr8 l8r 2nite"),  # digits at word edges are not leetspeak
        ("s e n d  me", "send me"),
        ("p.i.c pls", "pic pls"),
        ("i am ok", "i am ok"),  # fewer than three single letters in a row stay apart
        ("don't tell", "dont tell"),
        ("don’t tell", "dont tell"),
        ("s\u200bend", "send"),
        ("sеnd", "send"),  # Cyrillic e
        ("𝐬𝐞𝐧𝐝", "send"),
        ("ＦＵＬＬ", "full"),
        ("İstanbul café", "istanbul cafe"),
        ("straße", "strasse"),
        ("sooooo cuteeee", "soo cutee"),
        ("1000 robux", "1000 robux"),  # digits are never squeezed
        ("hey😂😂", "hey 😂 😂"),
        ("$50 @jake h@te", "50 jake hate"),
        ("", ""),
        (" \t\n ", ""),
        ("...!!!", ""),
        ("line\nbreak\x00here", "line breakhere"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_normalize_rejects_non_str():
    with pytest.raises(TypeError):
        normalize(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Featurizer().features(None)  # type: ignore[arg-type]


def test_whitespace_set_covers_python_isspace():
    # The set is spelled out for ports; it must include every character Python calls whitespace.
    missing = [hex(cp) for cp in range(_sys.maxunicode + 1) if chr(cp).isspace() and chr(cp) not in WHITESPACE]
    assert not missing


def _reference(text: str, cfg: FeaturizerConfig) -> dict[int, int]:
    """Scalar reference implementation of FEATURES.md, one n-gram at a time."""
    s = normalize(text)
    padded = f" {s} "
    out: dict[int, int] = {}
    mask = cfg.n_buckets - 1
    for n in range(cfg.char_ngrams[0], cfg.char_ngrams[1] + 1):
        for i in range(len(padded) - n + 1):
            b = hash_bytes(padded[i : i + n].encode(), CHAR_SEED) & mask
            out[b] = out.get(b, 0) + 1
    tokens = s.split(" ") if s else []
    for n in range(cfg.word_ngrams[0], cfg.word_ngrams[1] + 1):
        for i in range(len(tokens) - n + 1):
            b = hash_bytes(" ".join(tokens[i : i + n]).encode(), WORD_SEED) & mask
            out[b] = out.get(b, 0) + 1
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
    assert len(normalize(huge)) <= MAX_CHARS
    ids, _ = Featurizer().features(huge)
    assert ids.size <= 5 * MAX_CHARS


def test_config_validation():
    with pytest.raises(ValueError):
        FeaturizerConfig(n_buckets=1000)
    with pytest.raises(ValueError):
        FeaturizerConfig(word_ngrams=(2, 1))
    with pytest.raises(ValueError):
        FeaturizerConfig(version=999)


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


# Characters that exercise every rule: leetspeak, spaced letters, repeats, NUL (the batch separator), non-ASCII.
_TRICKY = st.lists(
    st.sampled_from([*"abcsxyz AZ 013457@$'\t\n\x00.-!éßİΣς😀👍🏽\u200b\u00a0жсеο", "s e n d", "ooo", "p1c", "  "]),
    max_size=25,
).map("".join)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TRICKY, max_size=30))
def test_normalize_batch_equals_normalize(texts):
    assert normalize_batch(texts) == [normalize(t) for t in texts]


def test_normalize_batch_edge_cases():
    texts = ["", "x" * (MAX_CHARS + 50), "a\x00b", "s e n d", "soooo", "h3ll0 w0rld", "é" * (MAX_CHARS + 3)]
    assert normalize_batch(texts) == [normalize(t) for t in texts]  # NUL in a text: done text by text
    assert normalize_batch(texts[3:]) == [normalize(t) for t in texts[3:]]
    assert normalize_batch([]) == []
    with pytest.raises(TypeError):
        normalize_batch(["ok", 3])  # type: ignore[list-item]


@pytest.mark.parametrize(
    "cfg",
    [
        FeaturizerConfig(),
        FeaturizerConfig(n_buckets=1 << 30, word_ngrams=(1, 3), char_ngrams=(1, 6)),  # 64-bit sort keys, 1-grams
        FeaturizerConfig(n_buckets=1 << 4, word_ngrams=(2, 2), char_ngrams=(2, 2)),  # many collisions
    ],
)
def test_batch_rows_equal_the_reference(cfg):
    f = Featurizer(cfg)
    texts = ["", "a", "are you home", "", "😀 hi ü", "x" * 300, "s e n d me a p1c", " ", "ok ok ok", "ñ"]
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
