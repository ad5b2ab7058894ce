"""Write ``model/MODEL_CARD.md`` from files: the manifest, the export report and the eval's ``metrics.json``.

    python -m groomguard.training.card --model model --metrics eval/results/<model_version>/metrics.json

No figure is typed by hand: every number comes from one of those files, and ``tests/training/test_card.py`` fails when
the card and the files disagree. The changelog is ``model/CHANGELOG.md``, included verbatim.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

INTENDED = """\
- Safety features that warn or protect a child in chat: messaging apps, games, family devices. The model runs on the
  device; no chat text leaves it.
- Triage for trained human reviewers (trust-and-safety teams, moderators), and research on grooming detection.
- A flag means "a person should look at this conversation". It is not evidence, not a finding, and must never trigger
  an automatic accusation, report or punishment."""

OUT_OF_SCOPE = """\
- Surveillance of adults, profiling, or decisions about a person without human review.
- Law-enforcement or court use as evidence.
- Languages other than English; images, voice, video and links (text only)."""

LIMITATIONS = """\
- Trained on synthetic conversations we wrote from safeguarding guidance plus real but harmless chat. The synthetic
  test families measure generalisation to new phrasings of our own templates, **not real-world accuracy**; it has not
  been validated on real grooming cases by the team.
- Offenders who write unlike our data (other slang, other languages, long patient chats with few explicit tactics)
  will be missed; benign chats that use the same words (parents checking on children, gamers moving to voice chat,
  adults flirting) can raise false alarms. The benign twins in the data reduce, not remove, this.
- Message-level labels are evidence for the conversation-level score; a single message's score is weak on its own.
- Obfuscation beyond the normalizer's rules (leetspeak, spaced letters, homoglyphs, zero-width characters) lowers
  recall; see the robustness figures when `make eval` has produced them."""


def _fmt(x) -> str:
    if isinstance(x, float):
        return f"{x:.3f}"
    return str(x)


def _metrics_section(metrics: dict | None) -> str:
    if not metrics:
        return "Not measured yet for this model: run `make eval`, then `make export` rewrites this card."
    lines = [f"From `{metrics.get('_path', 'metrics.json')}` (`make eval`)."]
    headline = metrics.get("headline", {})
    if headline:
        lines += ["", "| metric | value | target |", "|---|---|---|"]
        for name, row in headline.items():
            lines.append(f"| {name} | {_fmt(row['value'])} | {row.get('target', '')} |")
    return "\n".join(lines)


def _lexicon_section(manifest: dict) -> str:
    """Source and licence of the lexicon the featurizer's lexicon channel was built from (training/lexicons/)."""
    from groomguard.training.lexicon import LICENSE, SOURCE

    categories = manifest["featurizer"].get("lexicon", [])
    if not categories:
        return "- No lexicon channel."
    names = ", ".join(f"`lex_{c['category']}`" for c in categories)
    return (
        f"- Lexicon features ({names}) from {SOURCE}, licence {LICENSE}, entries of its category "
        '"sexual anatomy / sexual acts". Stored in the model only as exact 64-bit hashes of normalized entries '
        "(`python -m groomguard.training.lexicon`), never as words; synthetic templates reach the feature through the "
        "placeholder token `lexsexual`.\n- Age cues (`age_minor`, `age_adult`) by the rules of `runtime/FEATURES.md`."
    )


def _out_of_fold_note(manifest: dict) -> str:
    folds = manifest.get("train_config", {}).get("oof_folds", 0)
    if not folds:
        return ""
    return (
        " The context and conversation thresholds are chosen on half of the validation conversations and on every train"
        f" conversation scored out of fold: each message by a model refitted without its template family ({folds} folds"
        " by family group, `training/oof.py`), so they rest on many families, not on the one or two per persona that"
        " validation holds."
    )


def _real_section(manifest: dict) -> str:
    path = Path("eval/results") / manifest["model_version"] / "realcheck.json"
    if not path.exists():
        return "Not measured for this model (`make realcheck`)."
    r = json.loads(path.read_text(encoding="utf-8"))
    a, c, b = r["pj_sides_alone"], r["pj_conversations"], r["benign"]
    return f"""From `{path.as_posix()}` (`make realcheck`, the team's development check on real chats nobody on the team
wrote; `{r.get("preset", "balanced")}` preset). A separate real set the team never sees judges each release.

| figure | value |
|---|---|
| offender vs decoy, each side alone: author ROC-AUC | {a["author_roc_auc"]:.3f} |
| both sides in one conversation: offenders alerted | {c["offenders_alerted"]:.1%} |
| both sides in one conversation: decoys alerted | {c["decoys_alerted"]:.1%} |
| offender lines vs real benign lines: ROC-AUC | {r["offender_lines_vs_benign_roc_auc"]:.3f} |
| real SMS messages flagged | {b["sms"]["flagged"]:.2%} |
| movie-dialogue lines flagged | {b["movie"]["flagged"]:.2%} |
| movie conversations alerted | {b["movie_conversations_alerted"]:.2%} |"""


def render_model_card(manifest: dict, export_report: dict, metrics: dict | None, changelog: str) -> str:
    sources = manifest.get("training_data", [])
    source_lines = (
        "\n".join(
            f"- **{s.get('name')}** ({s.get('kind')}): {s.get('records', 'n/a')} records, "
            f"fingerprint `{str(s.get('sha256', ''))[:16]}`, weight {s.get('weight', 1.0)}; license: {s.get('license')}"
            for s in sources
        )
        or "- (not recorded)"
    )
    th = manifest["thresholds"]
    preset_rows = "\n".join(
        f"| {p} | {th['message']['grooming_risk'][p]:.3f} | {th['context'][p]:.3f} | {th['conversation'][p]:.3f} |"
        for p in ("high_precision", "balanced", "high_recall")
    )
    lib = ", ".join(f"{k} {v}" for k, v in manifest.get("library_versions", {}).items())
    return f"""# Model card: groomguard {manifest["model_version"]}

Generated by `make export` from `model/manifest.json`, `model/export_report.json` and the eval's `metrics.json`;
do not edit by hand.

## What it is
A linear model over hashed word (1-2) and character (3-5) n-grams of normalized text and a few knowledge features
(lexicon, age cues), one calibrated head per label ({", ".join(f"`{label}`" for label in manifest["labels"])}), a
window head over the last messages of both participants, and a conversation-level head over each sender's own lines
(the mean of each tactic, their own minor signals against them, the other side's minor signals) and the window score,
and a context head: a message's risk in its conversation, from its own grooming risk and its sender's conversation
score (most of a groomer's lines are harmless on their own, and a benign chat's tactic words are not grooming),
{_context_reads(manifest)}
One ONNX file (`{manifest["onnx_file"]}`, {manifest["size_bytes"]:,} bytes, standard opset-13 operators,
{manifest["kept_features"]:,} kept features, {manifest["weight_dtype"]} weights), featurizer version
{manifest["featurizer"]["version"]} with {manifest["featurizer"]["n_buckets"]:,} hash buckets.

## Intended use
{INTENDED}

## Out of scope
{OUT_OF_SCOPE}

## Limitations and known failure modes
{LIMITATIONS}

## Training data
{source_lines}

See `training/DATA_CARD.md` for the synthetic corpus: families, splits, labels and content rules.

## Knowledge features
{_lexicon_section(manifest)}

## Presets
Thresholds chosen on validation data (never test data): a message's `grooming_risk` alone (`Scorer.score`), a
message's risk in its conversation (the context head: what `groomguard score` and `ConversationMonitor` flag), and
conversation risk (an alert).{_out_of_fold_note(manifest)}

| preset | message alone | message in context | conversation |
|---|---|---|---|
{preset_rows}

## Metrics
{_metrics_section(metrics)}

## Real chats
{_real_section(manifest)}

## Export checks
- ONNX vs scikit-learn over {export_report["parity_texts"]:,} texts (emoji, accents, non-Latin scripts, obfuscation,
  empty, whitespace-only, 10k+ characters): {_parity_text(export_report)}.
- Libraries: {lib}.

## Changelog
{changelog.strip()}
"""


def model_card_text(model_dir: Path, metrics_path: Path | None = None) -> str:
    """The card as ``write_model_card`` would write it, from the files alone."""
    model_dir = Path(model_dir)
    manifest = json.loads((model_dir / "manifest.json").read_text())
    export_report = json.loads((model_dir / "export_report.json").read_text())
    if metrics_path is None:
        metrics_path = Path("eval/results") / manifest["model_version"] / "metrics.json"
    metrics = None
    if Path(metrics_path).exists():
        metrics = json.loads(Path(metrics_path).read_text())
        metrics["_path"] = str(metrics_path)
    changelog_path = model_dir / "CHANGELOG.md"
    changelog = changelog_path.read_text() if changelog_path.exists() else "- (no entries)"
    return render_model_card(manifest, export_report, metrics, changelog)


def _context_reads(manifest: dict) -> str:
    """What the context head reads of the conversation score: since 0.9.0, not the sender's message count."""
    context = manifest.get("context", {})
    if "own_messages" not in context.get("capped_features", {}):
        return "read with the sender's message count."
    return (
        f"read with the sender's message count only up to {context['own_messages_cap_messages']} messages, as far "
        "as\nharmless synthetic senders write (a long chat's length is not evidence about a message, so a long "
        "harmless chat's lines do not grow\nriskier from it as the chat goes on; the alert still reads the whole "
        "count)."
    )


def _parity_text(report: dict) -> str:
    """The export's parity figures; reports before 0.8.0 hold one figure, ``parity_max_abs_diff``."""
    if "parity_probabilities_max_abs_diff" not in report:
        return f"max |difference| {report['parity_max_abs_diff']:.1e}"
    return (
        f"probabilities max |difference| {report['parity_probabilities_max_abs_diff']:.1e}; window logit max "
        f"|difference| {report['parity_window_max_abs_diff']:.1e}, at most "
        f"{report['parity_window_max_scaled_diff']:.1e} of the sum of its terms' sizes (float32 rounding grows with "
        "that sum; `training.export.parity_gaps`)"
    )


def write_model_card(model_dir: Path, metrics_path: Path | None = None) -> Path:
    out = Path(model_dir) / "MODEL_CARD.md"
    out.write_text(model_card_text(model_dir, metrics_path), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m groomguard.training.card", description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("model"))
    parser.add_argument("--metrics", type=Path, default=None)
    args = parser.parse_args(argv)
    print(f"wrote {write_model_card(args.model, args.metrics)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
