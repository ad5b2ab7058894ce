"""Publishing: the README table between the metrics markers agrees with metrics.json; the card is rewritten."""

from __future__ import annotations

import json
import shutil

from groomguard.eval.publish import END, START, check_published, main, render_block, replace_block

METRICS = {
    "model_version": "1.2.3",
    "headline": {
        "benign-twin messages flagged (balanced)": {"value": 0.0123456, "target": "≤ 0.02"},
        "message grooming_risk PR-AUC": {"value": 0.9712, "target": "≥ 0.95"},
    },
}
README = f"# groomguard\n\nintro\n\n{START}\nold table\n{END}\n\n## Layout\nrest\n"


def test_render_and_check_agree():
    text = replace_block(README, render_block(METRICS, "eval/results/1.2.3/metrics.json"))
    assert text.startswith("# groomguard\n\nintro\n\n" + START) and text.endswith(END + "\n\n## Layout\nrest\n")
    assert "| message grooming_risk PR-AUC | 0.971 | ≥ 0.95 |" in text
    assert "old table" not in text
    assert check_published(text, METRICS) == []
    assert replace_block(text, render_block(METRICS, "eval/results/1.2.3/metrics.json")) == text  # idempotent


def test_check_reports_every_disagreement():
    text = replace_block(README, render_block(METRICS))
    changed = json.loads(json.dumps(METRICS))
    changed["model_version"] = "1.2.4"
    changed["headline"]["message grooming_risk PR-AUC"]["value"] = 0.9
    changed["headline"]["message grooming_risk PR-AUC"]["target"] = "≥ 0.9"
    changed["headline"]["new metric"] = {"value": 1.0, "target": ""}
    del changed["headline"]["benign-twin messages flagged (balanced)"]
    problems = check_published(text, changed)
    assert any("model version" in p for p in problems)
    assert any("PR-AUC: README says 0.971, metrics.json says 0.900" in p for p in problems)
    assert any("PR-AUC: README target '≥ 0.95', metrics.json target '≥ 0.9'" in p for p in problems)
    assert any(p.startswith("new metric: missing") for p in problems)
    assert any("benign-twin messages flagged (balanced): in README, not in metrics.json" in p for p in problems)


def test_check_without_markers():
    assert check_published("# no markers here\n", METRICS) == [f"README has no {START} ... {END} markers"]


def test_cli_rewrites_readme_and_card(tmp_path, tiny_model_dir):
    model = tmp_path / "model"
    shutil.copytree(tiny_model_dir, model)
    metrics_path = tmp_path / "metrics.json"
    metrics_path.write_text(json.dumps(METRICS))
    readme = tmp_path / "README.md"
    readme.write_text(README)
    assert main(["--metrics", str(metrics_path), "--readme", str(readme), "--model", str(model)]) == 0
    assert check_published(readme.read_text(), METRICS) == []
    card = (model / "MODEL_CARD.md").read_text()
    assert "| message grooming_risk PR-AUC | 0.971 | ≥ 0.95 |" in card


def test_cli_missing_markers_exits_2(tmp_path, capsys):
    metrics_path = tmp_path / "metrics.json"
    metrics_path.write_text(json.dumps(METRICS))
    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n")
    assert main(["--metrics", str(metrics_path), "--readme", str(readme), "--no-card"]) == 2
    assert "markers" in capsys.readouterr().err
    assert readme.read_text() == "# no markers\n"
