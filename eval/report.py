"""The headline figures of a run and ``REPORT.md``, both rendered from the metrics dict (never typed by hand).

    from groomguard.eval.report import headline, render_report
    metrics["headline"] = headline(metrics["suites"])
    Path("REPORT.md").write_text(render_report(metrics, timing, plots))

``headline`` feeds the README table (``python -m groomguard.eval.publish``) and the model card
(``groomguard.training.card``).
"""

from __future__ import annotations

from collections.abc import Callable

CAVEAT = (
    "**Read this first.** These figures come from held-out *synthetic* template families and slot fillers, written by "
    "us from safeguarding guidance, plus harmless real chat. They measure how well the model generalises to new "
    "phrasings of our own conversations, **not real-world accuracy**: real offenders write unlike our templates, and "
    "no real grooming case was used. Only the PAN 2012 section (when present) is measured on real, third-party data, "
    "on its official test protocol; compare it only with numbers obtained on the same protocol."
)

PUBLISHED_PAN12 = (
    "Published best for problem 1 on the official test set: F0.5 = 0.9346 (Villatoro-Tello et al. 2012), reported in "
    "the PAN 2012 overview (Inches & Crestani, *Overview of the International Sexual Predator Identification "
    "Competition at PAN-2012*, CLEF 2012)."
)


def _get(d: dict, *path):
    for key in path:
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


def _long(block: tuple[str, ...], figure: str):
    """A getter of a long_chats figure at balanced (``block``: the chats' part of the suite's output), or None when no
    chat reached the length: nothing to publish, not a 0."""
    return lambda s: _get(s, *block, "presets", "balanced", figure, "share") if _get(s, *block, "chats") else None


#: name -> (suite, getter, target). Targets with a comparison sign are checked for the "met" column of REPORT.md.
HEADLINE: dict[str, tuple[str, Callable[[dict], float | None], str]] = {
    "message grooming_risk PR-AUC": (
        "synthetic",
        lambda s: _get(s, "message", "grooming_risk", "pr_auc"),
        "≥ 0.95",
    ),
    "conversation recall (balanced)": (
        "synthetic",
        lambda s: _get(s, "conversation", "balanced", "recall", "share"),
        "≥ 0.95",
    ),
    "grooming conversations whose child is alerted (balanced)": (
        "synthetic",
        lambda s: _get(s, "conversation", "balanced", "child_alerted", "share"),
        "≤ 0.05",  # the alert points at the adult; realcheck's decoys alerted has the same target
    ),
    "benign conversation false-alert rate (balanced)": (
        "synthetic",
        lambda s: _get(s, "conversation", "balanced", "false_alert_rate", "share"),
        "≤ 0.01",
    ),
    "benign-twin messages flagged, message alone (balanced)": (
        "hard_negatives",
        lambda s: _get(s, "presets", "balanced", "flagged", "share"),
        "≤ 0.02",
    ),
    "benign-twin messages flagged in their conversation (balanced)": (
        "hard_negatives",
        lambda s: _get(s, "presets", "balanced", "flagged_in_context", "share"),
        "≤ 0.02",
    ),
    "groomer messages flagged in their conversation (balanced)": (
        "synthetic",
        lambda s: _get(s, "messages_in_context", "balanced", "groomer_lines", "share"),
        "higher is better",
    ),
    "benign-conversation messages flagged in their conversation (balanced)": (
        "synthetic",
        lambda s: _get(s, "messages_in_context", "balanced", "benign_conversation_lines", "share"),
        "lower is better",
    ),
    "long benign chats (400+ messages) alerted (balanced)": (
        "long_chats",
        _long((), "alerted"),
        "≤ 0.01",  # as benign conversations of ordinary length
    ),
    "long benign chats: messages flagged from message 300 on (balanced)": (
        "long_chats",
        _long((), "flagged_late"),
        "lower is better",
    ),
    "long real small talk (400+ messages) alerted (balanced)": (
        "long_chats",
        _long(("real_small_talk",), "alerted"),
        "≤ 0.01",
    ),
    "long real small talk: messages flagged from message 300 on (balanced)": (
        "long_chats",
        _long(("real_small_talk",), "flagged_late"),
        "≤ 0.01",  # as real benign lines of short chats (realcheck's SMS and movie lines: ≤ 1%)
    ),
    "eSPD F_latency (balanced)": (
        "early_detection",
        lambda s: _get(s, "presets", "balanced", "espd", "f_latency"),
        "higher is better",
    ),
    "obfuscation worst recall drop (balanced)": (
        "obfuscation",
        lambda s: _get(s, "worst_obfuscation_drop"),
        "lower is better",
    ),
    "PAN 2012 problem 1 F0.5 (official test)": (
        "pan12",
        lambda s: _get(s, "problem1", "f0.5"),
        "published best 0.9346",
    ),
}


#: The PAN 2012 headline figure on a copy whose counts differ from the official test set: not called official.
PAN12_NOT_OFFICIAL = (
    "PAN 2012 problem 1 F0.5 (test copy differing from the official sizes)",
    "not comparable with the published 0.9346",
)


def headline(suites: dict) -> dict[str, dict]:
    """``{name: {"value": float, "target": str}}`` for every headline figure whose suite ran."""
    out = {}
    for name, (suite, getter, target) in HEADLINE.items():
        if suite in suites:
            value = getter(suites[suite])
            if suite == "pan12" and suites[suite].get("matches_official") is False:
                name, target = PAN12_NOT_OFFICIAL
            if value is not None:
                out[name] = {"value": float(value), "target": target}
    return out


def target_met(value: float, target: str) -> str:
    """ "yes"/"no" for targets "≥ x" and "≤ x", "" for the others."""
    for sign, ok in (("≥", lambda v, t: v >= t), ("≤", lambda v, t: v <= t)):
        if target.startswith(sign):
            return "yes" if ok(value, float(target[1:].strip())) else "no"
    return ""


def fmt(x, digits: int = 3) -> str:
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


CONVERSATION_COLUMNS = [
    "preset", "threshold", "recall", "recall (groomer)", "child alerted", "false-alert rate", "false alerts", "benign",
]  # fmt: skip


def _synthetic(s: dict) -> list[str]:
    rows = []
    for label, m in s["message"].items():
        b, hp, hr = (m["presets"][p] for p in ("balanced", "high_precision", "high_recall"))
        rows.append(
            [
                label,
                m["n"],
                m["positives"],
                m["pr_auc"],
                b["precision"],
                b["recall"],
                b["f1"],
                hp["precision"],
                hp["recall"],
                hr["precision"],
                hr["recall"],
            ]
        )
    out = [
        "## Synthetic test families: message level",
        "",
        f"{s['records']:,} test messages, "
        f"{s['conversations']:,} conversations. Each label on the records that annotate it.",
        "",
        table(["label", "n", "pos", "PR-AUC", "P bal", "R bal", "F1 bal", "P hp", "R hp", "P hr", "R hr"], rows),
        "",
        f"grooming_risk calibration: ECE {fmt(s['calibration_grooming_risk']['ece'])}, "
        f"Brier {fmt(s['calibration_grooming_risk']['brier'])}.",
        "",
    ]
    conv = s["conversation"]
    rows = [
        [
            p,
            c["threshold"],
            c["recall"]["share"],
            c["recall_groomer"]["share"],
            c["child_alerted"]["share"],
            c["false_alert_rate"]["share"],
            c["false_alert_rate"]["count"],
            c["false_alert_rate"]["n"],
        ]
        for p, c in conv.items()
    ]
    out += [
        "## Synthetic test families: conversation level",
        "",
        "Recall: grooming conversations with any alert; groomer: the adult sender itself was alerted; child alerted:"
        " grooming conversations whose child was alerted (an error whatever the adult's alert).",
        "",
        table(CONVERSATION_COLUMNS, rows),
        "",
    ]
    types = sorted(next(iter(conv.values()))["by_conversation_type"]) if conv else []
    rows = [
        [
            t,
            *[conv[p]["by_conversation_type"][t]["share"] for p in conv],
            conv["balanced"]["by_conversation_type"][t]["n"],
        ]
        for t in types
    ]
    out += ["Share of conversations alerted, per conversation type:", "", table(["type", *conv.keys(), "n"], rows), ""]
    ctx = s.get("messages_in_context", {})
    rows = [
        [p, c["threshold"], c["groomer_lines"]["share"], c["child_lines_of_grooming"]["share"],
         c["benign_conversation_lines"]["share"]]
        for p, c in ctx.items()
    ]  # fmt: skip
    if rows:
        out += [
            "## Synthetic test families: messages in their conversation",
            "",
            "Share of messages flagged on their risk in their conversation (the context head; the CLI's `flagged`).",
            "",
            table(["preset", "context threshold", "groomer lines", "child lines (grooming)", "benign lines"], rows),
            "",
        ]
    return out


def _hard_negatives(s: dict) -> list[str]:
    presets = s["presets"]
    groups = sorted(presets["balanced"]["by_mirrored_label"])
    rows = [["all twins", *[presets[p]["flagged"]["share"] for p in presets], s["twin_messages"]]]
    if all("flagged_in_context" in presets[p] for p in presets):
        rows.append(
            [
                "all twins, in their conversation",
                *[presets[p]["flagged_in_context"]["share"] for p in presets],
                s["twin_messages"],
            ]
        )
    rows += [
        [
            g,
            *[presets[p]["by_mirrored_label"][g]["share"] for p in presets],
            presets["balanced"]["by_mirrored_label"][g]["n"],
        ]
        for g in groups
    ]
    worst = [[w["family"], w["share"], w["count"], w["n"]] for w in s["worst_families_balanced"]]
    return [
        "## Hard negatives (benign twins)",
        "",
        "Share of benign-twin messages flagged by grooming_risk alone, and on their risk in their conversation:",
        "",
        table(["mirrored label", *presets.keys(), "n"], rows),
        "",
        "Worst twin families at balanced:",
        "",
        table(["family", "flagged", "count", "n"], worst),
        "",
    ]


def _long_chats(s: dict) -> list[str]:
    presets = s["presets"]
    kinds = sorted(presets["balanced"]["flagged_late_by_conversation_type"])
    rows = [
        ["chats alerted", *[presets[p]["alerted"]["share"] for p in presets]],
        [f"messages flagged, the first {s['early']}", *[presets[p]["flagged_early"]["share"] for p in presets]],
        [f"messages flagged, from message {s['late']} on", *[presets[p]["flagged_late"]["share"] for p in presets]],
        *[
            [
                f"  from message {s['late']} on: {k}",
                *[presets[p]["flagged_late_by_conversation_type"][k]["share"] for p in presets],
            ]
            for k in kinds
        ],
    ]
    out = [
        "## Long benign chats",
        "",
        f"{s['chats']:,} chats of at least {s['length']} messages, each strung from benign test conversations of one "
        "type with their senders renamed by order of appearance; a message is flagged on its risk in its conversation "
        "(the CLI's `flagged`):",
        "",
        table(["figure", *presets.keys()], rows),
        "",
    ]
    real = s.get("real_small_talk")
    if real and real.get("chats"):
        rp = real["presets"]
        rows = [
            ["chats alerted", *[rp[p]["alerted"]["share"] for p in rp]],
            [f"messages flagged, the first {s['early']}", *[rp[p]["flagged_early"]["share"] for p in rp]],
            [f"messages flagged, from message {s['late']} on", *[rp[p]["flagged_late"]["share"] for p in rp]],
        ]
        out += [
            f"The same with real harmless chats: {real['chats']:,} chats strung from the test split's real small talk "
            "(two people each):",
            "",
            table(["figure", *rp.keys()], rows),
            "",
        ]
    return out


def _obfuscation(s: dict) -> list[str]:
    rows = [["clean", "", s["clean_recall"], 0.0, s["clean_mean_risk"], 0.0]]
    rows += [
        [k, v["kind"], v["recall"], v["drop"], v["mean_risk"], v["changed"]] for k, v in s["perturbations"].items()
    ]
    return [
        "## Obfuscation",
        "",
        f"{s['n']:,} grooming_risk-positive test messages; recall at the balanced threshold "
        f"({fmt(s['threshold'])}). Worst obfuscation: {s['worst_obfuscation']}.",
        "",
        table(["perturbation", "kind", "recall", "drop", "mean risk", "texts changed"], rows),
        "",
    ]


def _early(s: dict) -> list[str]:
    rows = []
    for p, m in s["presets"].items():
        lat, off = m["messages_until_first_alert"], m["offset_from_alert_from"]
        rows.append(
            [
                p,
                m["alerted"]["share"],
                lat["median"],
                lat["p90"],
                off["median"],
                m["share_before_alert_from"]["share"],
                m["espd"]["f1"],
                m["espd"]["speed"],
                m["espd"]["f_latency"],
                m["erde_5"],
                m["erde_50"],
                m["false_alerts_per_1000_benign"],
            ]
        )
    sweep = [
        [k, v["precision"], v["recall"], v["f1"], v["speed"], v["f_latency"]]
        for k, v in s["espd_s_sweep_balanced"].items()
    ]
    return [
        "## Early detection",
        "",
        "k = message number of the groomer's first alert; offset = first alert index "
        "minus `alert_from` (negative: earlier than a reviewer would act). eSPD F_latency = F1 x speed, speed = 1 - "
        "median penalty, penalty(k) = -1 + 2/(1 + e^(-p(k-1))), p = ln 3 / 89 (Vogt, Leser & Akbik, ACL 2021).",
        "",
        table(
            [
                "preset",
                "alerted",
                "k median",
                "k p90",
                "offset median",
                "before alert_from",
                "F1",
                "speed",
                "F_latency",
                "ERDE_5",
                "ERDE_50",
                "false alerts / 1,000 benign",
            ],
            rows,
        ),
        "",
        "eSPD warning rule sweep at balanced (warn when ≥ s of the last 10 window predictions are positive):",
        "",
        table(["s", "precision", "recall", "F1", "speed", "F_latency"], sweep),
        "",
    ]


def _pan12(s: dict) -> list[str]:
    p1, p2 = s["problem1"], s["problem2"]
    rows = [
        ["problem 1 (authors)", "F0.5", p1["precision"], p1["recall"], p1["f0.5"], "0.9346"],
        ["problem 2 (lines)", "F3", p2["precision"], p2["recall"], p2["f3"], None],
    ]
    c = s["counts"]
    official = s.get("matches_official") is not False
    warnings = [] if official else [line for w in s.get("warnings", []) for line in (f"**Warning:** {w}.", "")]
    return [
        "## PAN 2012 (official test set)" if official else "## PAN 2012 (a test copy not of the official sizes)",
        "",
        *warnings,
        f"Protocol: {s['protocol']}; monitor preset {s['preset']}. "
        f"{c['conversations']:,} conversations, {c['messages']:,} non-empty messages, {c['authors']:,} authors, "
        f"{c['predators_ground_truth']} predators in the ground truth ({c['predators_in_corpus']} in the corpus).",
        "",
        table(["problem", "measure", "precision", "recall", "F", "published best"], rows),
        "",
        PUBLISHED_PAN12,
        "",
    ]


def _custom(s: dict) -> list[str]:
    rows = [[p, v["precision"], v["recall"], v["f1"]] for p, v in s["message"]["presets"].items()]
    out = [
        "## Custom data",
        "",
        f"`{s['file']}`, label field `{s['label_field']}`: {s['messages']:,} messages, "
        f"{s['positives']:,} positive; skipped {s['skipped']}. Message PR-AUC {fmt(s['message']['pr_auc'])}.",
        "",
        table(["preset", "precision", "recall", "F1"], rows),
        "",
    ]
    if "conversation" in s:
        c = s["conversation"]
        rows = [[p, v["precision"], v["recall"], v["f1"], v["false_alert_rate"]] for p, v in c["presets"].items()]
        out += [
            f"Conversation level: {c['conversations']:,} conversations, {c['positives']:,} positive.",
            "",
            table(["preset", "precision", "recall", "F1", "false-alert rate"], rows),
            "",
        ]
    return out


def _rate(sh: dict | None) -> str:
    """``12.5% (3/24)`` of a ``metrics.share`` dict; ``n/a`` when it counts nothing."""
    if not sh or not sh.get("n"):
        return "n/a"
    return f"{100 * sh['share']:.1f}% ({sh['count']}/{sh['n']})"


def _interval(r: dict, key: str, rate: bool) -> str:
    """``[lo, hi]`` of figure ``key`` from the result's bootstrap intervals (percentages for a rate); ``-`` without."""
    figures = (r.get("intervals") or {}).get("figures") or {}
    bounds = figures.get(key)
    if not bounds:
        return "-"
    lo, hi = bounds
    return f"{100 * lo:.1f}–{100 * hi:.1f}%" if rate else f"{lo:.3f}–{hi:.3f}"


#: The real-chat table's rows: (label, dotted key into the result); a figure that is a ``metrics.share`` dict is a rate.
REAL_ROWS = [
    ("each side alone: author ROC-AUC, offenders vs counterparts", "sides_alone.author_roc_auc"),
    ("each side alone: offenders alerted", "sides_alone.offenders.alerted"),
    ("each side alone: counterparts alerted", "sides_alone.counterparts.alerted"),
    ("offender lines flagged, message alone", "sides_alone.offenders.lines_flagged"),
    ("counterpart lines flagged, message alone", "sides_alone.counterparts.lines_flagged"),
    ("each side alone: offender lines flagged in context", "sides_alone.offenders.lines_flagged_in_context"),
    ("each side alone: counterpart lines flagged in context", "sides_alone.counterparts.lines_flagged_in_context"),
    ("both sides: author ROC-AUC, offenders vs counterparts", "both_sides.author_roc_auc"),
    ("both sides: offenders alerted", "both_sides.offenders.alerted"),
    ("both sides: counterparts alerted", "both_sides.counterparts.alerted"),
    ("both sides: offender lines flagged in context", "both_sides.offenders.lines_flagged_in_context"),
    ("both sides: counterpart lines flagged in context", "both_sides.counterparts.lines_flagged_in_context"),
    ("offender lines vs benign lines ROC-AUC", "lines.offender_vs_benign_roc_auc"),
    ("offender lines vs counterpart lines ROC-AUC", "lines.offender_vs_counterpart_roc_auc"),
]


def _real_row(r: dict, label: str, key: str) -> list:
    value = _get(r, *key.split("."))
    rate = isinstance(value, dict)
    return [label, _rate(value) if rate else value, _interval(r, key, rate)]


def render_real(r: dict) -> str:
    """The real-chat suite's short markdown section (``python -m groomguard.eval.real`` prints it)."""
    c = r["counts"]
    files = ", ".join(f"`{f['file']}`" for f in r.get("files", []))
    skipped = r.get("skipped", {})
    reasons = ", ".join(f"{k} {v}" for k, v in skipped.get("by_reason", {}).items())
    intervals = r.get("intervals") or {}
    level = f"{100 * intervals.get('level', 0.95):.0f}% interval"
    out = [
        f"### Real chat: {files or 'no files'} (model `{r.get('model_version', '?')}`, preset `{r['preset']}`)",
        "",
        f"{c['messages']:,} messages in {c['conversations']:,} conversations: {c['offender_conversations']:,} with an "
        f"offender ({c['offender_senders']:,} offenders, {c['counterpart_senders']:,} counterparts), "
        f"{c['benign_conversations']:,} benign. Skipped malformed lines: {skipped.get('total', 0):,}"
        + (f" ({reasons})." if reasons else "."),
        "",
        table(
            ["figure", "value", level],
            [_real_row(r, label, key) for label, key in REAL_ROWS],
        ),
    ]
    by_source = r["benign"]["by_source"]
    if by_source:
        rows = []
        for src, v in by_source.items():
            row = [src]
            for name in ("messages_flagged", "messages_flagged_in_context", "conversations_alerted"):
                row.append(f"{_rate(v.get(name))} [{_interval(r, f'benign.by_source.{src}.{name}', True)}]")
            rows.append(row)
        out += ["", f"Benign conversations (no line labelled 1), by source ({level} in brackets):", ""]
        out.append(table(["source", "messages flagged alone", "in context", "conversations alerted"], rows))
    if intervals:
        out += [
            "",
            f"Intervals: {intervals['method']}, {intervals['resamples']:,} resamples (seed {intervals['seed']}); "
            "lines of one conversation are not independent, so they are resampled together.",
        ]
    return "\n".join(out) + "\n"


def _baselines(b: dict, speed: dict, carried: dict | None = None) -> list[str]:
    carried = carried or {}
    rows = []
    for name in ("groomguard", "keyword", "sklearn", "minilm_lr"):
        q = b.get(name, {"status": "not run"})
        at = q.get("at_balanced", {})
        rows.append(
            [
                name,
                q["status"] + (" (carried over)" if name in carried else ""),
                q.get("pr_auc"),
                at.get("precision"),
                at.get("recall"),
                at.get("f1"),
                f"{speed[name]:,.0f}" if speed.get(name) else "n/a",
            ]
        )
    return [
        "## Baselines (same test messages)",
        "",
        f"{b['messages']:,} messages annotating grooming_risk "
        f"({b['positives']:,} positive). F1 at each system's balanced point (keyword: at least one match). "
        "Speed is wall-clock on this machine, in this run.",
        "",
        table(["system", "status", "PR-AUC", "P", "R", "F1", "messages/s"], rows),
        "",
        *[f"{note}." for note in carried.values()],
        *([""] if carried else []),
    ]


SECTIONS = {
    "synthetic": _synthetic,
    "hard_negatives": _hard_negatives,
    "obfuscation": _obfuscation,
    "long_chats": _long_chats,
    "early_detection": _early,
    "pan12": _pan12,
    "custom": _custom,
}


def render_report(metrics: dict, timing: dict, plots: list[tuple[str, str]]) -> str:
    head = metrics.get("headline", {})
    rows = [[name, row["value"], row["target"], target_met(row["value"], row["target"])] for name, row in head.items()]
    split = metrics.get("data", {}).get("split", "test")
    out = [
        f"# groomguard evaluation: model {metrics['model_version']}",
        "",
        CAVEAT,
        "",
        *(
            []
            if split == "test"
            else [
                f'**This run reads the {split} split, not the test split: where this report says "test", read '
                f"{split}. Its figures compare designs and are never published.**",
                "",
            ]
        ),
        "## Headline",
        "",
        table(["metric", "value", "target", "met"], rows),
        "",
    ]
    for name, render in SECTIONS.items():
        if name in metrics["suites"]:
            out += render(metrics["suites"][name])
    if "baselines" in metrics:
        out += _baselines(
            metrics["baselines"], timing.get("baselines_messages_per_s", {}), timing.get("baselines_carried_over")
        )
    if plots:
        out += ["## Plots", "", *[f"- [{title}]({path})" for title, path in plots], ""]
    data = metrics.get("data", {})
    out += [
        "## Run",
        "",
        f"- model `{metrics['model_version']}`, data `{data.get('file', 'n/a')}` "
        f"(sha256 `{str(data.get('sha256', ''))[:16]}`), split `{data.get('split', 'n/a')}`, seed {metrics['seed']}",
        f"- wall time {timing.get('total_s', 0):.1f} s; suites: {', '.join(metrics['suites'])}",
        "- figures: `metrics.json` beside this file (deterministic); timings: `timing.json`",
        "",
    ]
    return "\n".join(out)
