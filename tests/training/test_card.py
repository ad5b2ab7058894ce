"""The model card (training/card.py): what it says about how the thresholds were chosen."""

from __future__ import annotations

from groomguard.training.card import _out_of_fold_note


def test_the_card_says_thresholds_rest_on_out_of_fold_train_conversations_only_when_they_do():
    assert "4 folds by family group" in _out_of_fold_note({"train_config": {"oof_folds": 4}})
    assert _out_of_fold_note({"train_config": {"oof_folds": 0}}) == ""
    assert _out_of_fold_note({}) == ""  # models before 0.7.0 record no oof_folds
