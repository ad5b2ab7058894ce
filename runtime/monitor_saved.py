"""A monitored conversation's state as a JSON document, so that an app can keep it across restarts.

A grooming conversation runs over days or weeks, and the process that follows it (a messaging app, a game client) is
stopped and started many times in between. ``ConversationMonitor.export_state(conversation_id)`` returns the
conversation's whole state as plain JSON values, and ``import_state(document)`` puts it back into a monitor (of this
runtime or of the JavaScript twin, which reads and writes the same document): the monitor then goes on exactly as if
it had never stopped. No pickle (the runtime never unpickles anything), and no message text: the document holds the
conversation id and sender names as the app gave them, the running aggregates (numbers), and message indices.

The aggregates are sums and maxima of one model's probabilities, and the alerts, tactics and evidence so far were
decided with one preset's thresholds: a document is refused (``StateError``, saying why) by a monitor with another
model or other thresholds, as is a document that is not one (a wrong type, a count that does not add up).
The format is specified in ``runtime/FEATURES.md`` ("Saved monitor state").
"""

from __future__ import annotations

import math
from array import array
from typing import Any

from groomguard.runtime.conversation import (
    _ESCALATION,
    _MAX,
    _MINOR_MAX,
    _MINOR_TOTAL,
    _NOW,
    _PEAK,
    _RISK_MAX,
    _RISK_SUM,
    _SUM,
    _SUM_MINOR,
    _SUM_SEXUAL,
    _SUM_TACTIC,
    _SUM_WINDOW,
    _TACTIC_TOTAL,
    TACTICS,
    WINDOW,
)
from groomguard.runtime.evidence import (
    _CODES,
    _COUNT_BITS,
    _EMPTY_NOTES,
    _FIRST_CODE,
    _INT32_MAX,
    _PAIRS,
    MAX_EVIDENCE,
    Conversation,
    SenderEvidence,
    referenced,
)

#: The document's format version (its key ``groomguard_monitor_state``).
STATE_VERSION = 1
_SCALARS = {
    "risk_max": _RISK_MAX,
    "risk_sum": _RISK_SUM,
    "minor_max": _MINOR_MAX,
    "escalation": _ESCALATION,
    "sum_tactic": _SUM_TACTIC,
    "sum_sexual": _SUM_SEXUAL,
    "sum_minor": _SUM_MINOR,
    "sum_window": _SUM_WINDOW,
}


class StateError(ValueError):
    """A saved conversation state that this monitor cannot take; the message says why."""


def decided_with(model_sha256: str, conversation: float, context: float, tactics: dict[str, float]) -> dict:
    """What a document's alerts, flags and tactics were decided with: the model and the thresholds."""
    return {
        "model_sha256": model_sha256,
        "thresholds": {"conversation": conversation, "context": context, "tactics": dict(tactics)},
    }


def export_conversation(conversation_id: str, conv: Conversation, decided: dict) -> dict[str, Any]:
    """The JSON document of one monitored conversation (see the module docstring)."""
    senders = []
    for name, s in conv.senders.items():
        pairs = [] if s.notes is None else s.notes[_PAIRS:_FIRST_CODE]
        evidence = sorted(
            ([pairs[k], int(pairs[k + 1])] for k in range(0, len(pairs), 2) if pairs[k + 1] >= 0), key=_by_index
        )
        senders.append(
            {
                "name": name,
                "messages": s.n,
                "early_seen": s.early_seen,
                "max": dict(zip(TACTICS, s[_MAX:_SUM], strict=True)),
                "sum": dict(zip(TACTICS, s[_SUM:_RISK_MAX], strict=True)),
                **{key: s[slot] for key, slot in _SCALARS.items()},
                "risk": s.risk,
                "alert": s.alert,
                "first_alert_index": s.first_alert_index,
                "tactics_seen": s.tactics_seen(),
                "evidence": evidence,
            }
        )
    document: dict[str, Any] = {
        "groomguard_monitor_state": STATE_VERSION,
        **decided,
        "conversation_id": conversation_id,
        "messages": conv.count,
        "window_ring": list(conv[:WINDOW]),
        "window_peak": conv[_PEAK],
        "minor_total": conv[_MINOR_TOTAL],
        "tactic_total": conv[_TACTIC_TOTAL],
        "senders": senders,
    }
    refs = _refs(conv)
    if refs:
        document["refs"] = refs
    return document


def _by_index(pair: list) -> int:
    return pair[1]


def _refs(conv: Conversation) -> list[list]:
    """The references kept for evidence (``update_scored``'s refs), as [index, ref] pairs in index order."""
    found: dict[int, object] = {}
    if conv.ref_pairs is not None:
        found.update(zip(conv.ref_pairs[0::2], conv.ref_pairs[1::2], strict=True))
    if conv.ref_objects is not None:
        found.update(conv.ref_objects)
    used = referenced(conv)
    out = []
    for index in sorted(i for i in found if i in used):
        ref = found[index]
        if ref is not None and not isinstance(ref, str | int | float | bool):
            raise TypeError(
                f"the reference of message {index} is a {type(ref).__name__}: only JSON values (str, int, float, "
                "bool, None) can be saved; pass such refs to update_scored"
            )
        out.append([index, ref])
    return out


def import_conversation(document: object, label_index: dict[str, int], decided: dict) -> tuple[str, Conversation]:
    """``(conversation_id, Conversation)`` from a document of ``export_conversation``; StateError when it is not one
    this monitor can take."""
    if not isinstance(document, dict):
        raise StateError(f"a saved conversation state is a JSON object, not {type(document).__name__}")
    version = document.get("groomguard_monitor_state")
    if version != STATE_VERSION:
        raise StateError(
            f"not a groomguard monitor state of version {STATE_VERSION} (groomguard_monitor_state: {version!r}); "
            "it was saved by another groomguard release, or is not a saved state"
        )
    if document.get("model_sha256") != decided["model_sha256"]:
        raise StateError(
            f"the state was saved with model {str(document.get('model_sha256'))[:12]}..., this monitor's model is "
            f"{decided['model_sha256'][:12]}...: one model's aggregates mean nothing to another. Start the "
            "conversation afresh (or use the model it was saved with)"
        )
    if document.get("thresholds") != decided["thresholds"]:
        raise StateError(
            "the state's alerts, tactics and evidence were decided with other thresholds (another preset or "
            "threshold) than this monitor's: create the monitor with the same preset and threshold, or start the "
            "conversation afresh"
        )
    cid = _get(document, "conversation_id", str)
    messages = _count(document, "messages")
    conv = Conversation(label_index)
    conv.count = messages
    conv.n_total = messages
    ring = _numbers(document, "window_ring", WINDOW)
    conv[:WINDOW] = array("d", ring)
    conv[_PEAK] = _number(document, "window_peak")
    conv[_MINOR_TOTAL] = _number(document, "minor_total")
    conv[_TACTIC_TOTAL] = _number(document, "tactic_total")
    conv[_NOW] = conv._window_now()
    senders = _get(document, "senders", list)
    total = 0
    for entry in senders:
        if not isinstance(entry, dict):
            raise StateError(f"senders: each sender is a JSON object, not {type(entry).__name__}")
        name = _get(entry, "name", str)
        if name in conv.senders:
            raise StateError(f"senders: {name!r} is listed twice")
        conv.senders[name] = _sender(entry, name, messages)
        total += conv.senders[name].n
    if total != messages:
        raise StateError(f"the senders' messages add up to {total}, not to the conversation's {messages}")
    refs = document.get("refs", [])
    if not isinstance(refs, list) or not all(
        isinstance(r, list) and len(r) == 2 and _is_index(r[0], messages) for r in refs
    ):
        raise StateError("refs: a list of [message index, reference] pairs")
    for index, ref in refs:
        conv.keep_ref(index, ref)
    return cid, conv


def _sender(entry: dict, name: str, messages: int) -> SenderEvidence:
    where = f"sender {name!r}"
    s = SenderEvidence()
    s.n = _count(entry, "messages", where)
    s.early_seen = _get(entry, "early_seen", bool, where)
    for key, slot in (("max", _MAX), ("sum", _SUM)):
        per_tactic = _get(entry, key, dict, where)
        if set(per_tactic) != set(TACTICS):
            raise StateError(f"{where}: {key} must have one number per tactic ({', '.join(TACTICS)})")
        s[slot : slot + len(TACTICS)] = array("d", [_number(per_tactic, t, f"{where}: {key}") for t in TACTICS])
    for key, slot in _SCALARS.items():
        s[slot] = _number(entry, key, where)
    s.risk = _number(entry, "risk", where)
    s.alert = _get(entry, "alert", bool, where)
    first = entry.get("first_alert_index")
    if first is not None and not _is_index(first, messages):
        raise StateError(f"{where}: first_alert_index must be null or a message index below {messages}")
    if (first is None) == s.alert:
        raise StateError(f"{where}: first_alert_index must be given exactly when alert is true")
    s.first_alert_index = first
    seen = _get(entry, "tactics_seen", dict, where)
    evidence = _get(entry, "evidence", list, where)
    if seen or evidence:
        notes = s.notes = array("d", _EMPTY_NOTES)
        codes = []
        for tactic, indices in seen.items():
            if tactic not in TACTICS:
                raise StateError(f"{where}: tactics_seen: {tactic!r} is not a tactic")
            if not isinstance(indices, list) or not 0 < len(indices) <= MAX_EVIDENCE:
                raise StateError(f"{where}: tactics_seen: {tactic}: a list of 1 to {MAX_EVIDENCE} message indices")
            j = TACTICS.index(tactic)
            if not all(_is_index(i, messages) and i <= _INT32_MAX for i in indices) or indices != sorted(set(indices)):
                raise StateError(f"{where}: tactics_seen: {tactic}: message indices in ascending order")
            for index in indices:
                codes.append(index * _CODES + j)
            notes[0] += len(indices) << (_COUNT_BITS * j)
        notes.extend(sorted(codes))
        if len(evidence) > MAX_EVIDENCE:
            raise StateError(f"{where}: evidence: at most {MAX_EVIDENCE} [risk, message index] pairs")
        for k, pair in enumerate(evidence):
            if not (isinstance(pair, list) and len(pair) == 2 and _is_index(pair[1], messages)):
                raise StateError(f"{where}: evidence: [risk, message index] pairs")
            notes[_PAIRS + 2 * k] = _number(pair, 0, f"{where}: evidence")
            notes[_PAIRS + 2 * k + 1] = pair[1]
    return s


def _get(d: dict, key: str, kind: type, where: str = "") -> Any:
    value = d.get(key)
    if type(value) is not kind:  # bool is not an int here, nor an int a bool
        prefix = f"{where}: " if where else ""
        article = "an" if kind is int else "a"
        raise StateError(f"{prefix}{key} must be {article} {kind.__name__}, not {type(value).__name__}")
    return value


def _count(d: dict, key: str, where: str = "") -> int:
    value = _get(d, key, int, where)
    if value < 0:
        raise StateError(f"{where + ': ' if where else ''}{key} must be >= 0")
    return value


def _number(d: dict | list, key: str | int, where: str = "") -> float:
    value = d[key] if isinstance(d, list) else d.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StateError(f"{where + ': ' if where else ''}{key} must be a finite number, not {value!r}")
    return float(value)


def _numbers(d: dict, key: str, length: int) -> list[float]:
    values = _get(d, key, list)
    if len(values) != length:
        raise StateError(f"{key} must hold {length} numbers, not {len(values)}")
    return [_number(values, k, key) for k in range(length)]


def _is_index(value: object, messages: int) -> bool:
    return type(value) is int and 0 <= value < messages
