"""Building the hashed lexicon from a lexicon CSV (training/lexicon.py): exact keys of normalized entries, no words."""

from __future__ import annotations

import json
from pathlib import Path

from groomguard.runtime.featurizer import Featurizer, FeaturizerConfig
from groomguard.runtime.lexicon import decode_keys, keys_of
from groomguard.training import lexicon


def test_build_hashes_normalized_entries_of_the_chosen_categories(tmp_path):
    csv_path = tmp_path / "lex.csv"
    csv_path.write_text((Path(__file__).parent / "fixtures" / "lexicon_tiny.csv").read_text())
    out = tmp_path / "lex.json"
    assert lexicon.main(["--csv", str(csv_path), "--out", str(out)]) == 0
    text = out.read_text()
    data = json.loads(text)
    for word in ("banana", "green apple", "leek"):
        assert word not in text.lower()  # hashes only, never the words
    built = dict(lexicon.load(out))
    assert list(built) == ["sexual"]  # the default category takes entries of its CSV category only
    assert decode_keys(built["sexual"]).size == 0
    data = lexicon.build(csv_path, {"fruit": ("fruit",)})
    (fruit,) = data["categories"]
    assert fruit["entries"] == 3 and fruit["skipped_longer_than_two_words"] == 1  # banana, green apple, apple
    assert decode_keys(fruit["keys"]).tolist() == sorted(keys_of(["apple", "banana", "green apple"]))
    f = Featurizer(FeaturizerConfig(lexicon=(("fruit", fruit["keys"]),)))
    ids, _ = f.features("a BANANA please")
    assert ids.max() == FeaturizerConfig().n_buckets  # lex_fruit


def test_the_committed_lexicon_loads():
    cfg = FeaturizerConfig(lexicon=lexicon.load())
    assert cfg.special_features()[0] == "lex_sexual"
    assert decode_keys(dict(cfg.lexicon)["sexual"]).size > 900
