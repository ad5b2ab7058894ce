"""Follow conversations over time: the running risk of each sender, tactics seen, and a sticky alert.

    from groomguard import Scorer, ConversationMonitor
    monitor = ConversationMonitor(Scorer(), preset="balanced")
    state = monitor.add("chat-1", "jake", "are your parents home?")
    state.risk, state.alert, state.tactics_seen  # the sender's conversation risk, alert, tactics
    state.context_risk, state.flagged  # this message's risk in its conversation (the context head) and its flag

A conversation is risky when tactics accumulate and escalate toward a participant who shows they are a minor, not
when one word appears: the conversation head of the model reads running aggregates of each sender's message scores
and the window head's logits of the conversation's recent messages (``runtime/conversation.py``). Memory is bounded:
a few numbers per sender whatever the conversation's length, a cap on the message indices kept as evidence
(``runtime/evidence.py``), and (optionally) a cap on conversations, dropping the least recently active.
``update_scored`` is the batch path without a state object per message (the CLI's).

The alert goes to the sender the conversation points at. Both sides of a grooming chat score on its window, and the
adult's talk about the child's age, school and parents scores on minor signals as the child's own lines do, so the
child's risk can reach the threshold too; the child's is then lower than the adult's. A sender is alerted when their
risk reaches the threshold *and* no other sender of the conversation has a higher risk at that moment (their last
one). Whether a conversation alerts at all does not change (its first sender over the threshold always leads), only
who it points at; a second sender is alerted once they lead.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from groomguard.runtime.conversation import TACTICS, features_of
from groomguard.runtime.evidence import MAX_EVIDENCE, Conversation, referenced
from groomguard.runtime.monitor_state import ConversationState, Updates

__all__ = ["MAX_EVIDENCE", "ConversationMonitor", "ConversationState", "Updates"]
from groomguard.runtime.scorer import Scorer, check_preset, check_threshold


class ConversationMonitor:
    """Follows conversations: each sender's conversation risk and alert, each message's risk in its conversation.

    scorer: the ``Scorer`` whose model scores the messages.
    preset: which of the model's thresholds decide alerts and flags (``high_precision``, ``balanced``,
        ``high_recall``); by default the scorer's own preset.
    threshold: a fixed threshold in [0, 1] used for both the conversation risk (alerts) and a message's risk in its
        conversation (flags), in place of the preset's two.
    max_conversations: the most conversations held at once (None: no cap); past it, the least recently active one
        is dropped, and a message of it later starts it afresh.
    on_drop: called as ``on_drop(conversation_id, state)`` with the ``export_state`` of each conversation the cap
        drops (once the call that dropped it has updated every conversation it touched), so that an app can keep it
        and ``import_state`` it when the conversation comes back, instead of starting it afresh.
    """

    def __init__(
        self,
        scorer: Scorer,
        preset: str | None = None,
        threshold: float | None = None,
        max_conversations: int | None = None,
        on_drop: Callable[[str, dict], None] | None = None,
    ) -> None:
        if preset is None:
            preset = scorer.preset
        check_preset(preset)
        check_threshold(threshold)
        if max_conversations is not None and (
            isinstance(max_conversations, bool) or not isinstance(max_conversations, int | np.integer)
        ):
            raise TypeError(f"max_conversations must be None or an int, not {type(max_conversations).__name__}")
        if max_conversations is not None and max_conversations < 1:
            raise ValueError("max_conversations must be None or >= 1")
        if on_drop is not None and not callable(on_drop):
            raise TypeError(f"on_drop must be None or a function, not {type(on_drop).__name__}")
        self.on_drop = on_drop
        self._dropped: list[tuple[str, Conversation]] = []  # dropped by the cap, not yet given to on_drop
        self.scorer = scorer
        self.preset = preset
        self.threshold = float(threshold) if threshold is not None else scorer.conversation_threshold(preset)
        #: a message is flagged when its risk in context reaches this (``threshold``, when given, is used for both)
        self.context_threshold = float(threshold) if threshold is not None else scorer.context_threshold(preset)
        self.max_conversations = max_conversations
        self._index = scorer.window_index  # the labels' columns and the window logit's, after them
        self._width = len(self._index)
        self._risk_col = self._index["grooming_risk"]
        self._tactic_cols = [self._index[t] for t in TACTICS]
        # float64: probabilities are compared with the thresholds as doubles, exactly as Score.flagged does
        self._tactic_thresholds = np.array([scorer.message_threshold(t, preset) for t in TACTICS], dtype=np.float64)
        self._conversations: OrderedDict[str, Conversation] = OrderedDict()

    def add(self, conversation_id: str, sender: str, text: str, timestamp: str | None = None) -> ConversationState:
        """Score one message and update its conversation. ``timestamp`` is accepted for the record, not used."""
        return self.add_many([(conversation_id, sender, text)])[0]

    def add_many(self, messages: Iterable[tuple[str, str, str]]) -> list[ConversationState]:
        """Like calling ``add`` on each message in order, with the model called once for all of them (the values
        equal ``add``'s up to float32 rounding: see ``Scorer.score_batch``)."""
        messages = list(messages)
        for m in messages:
            if not isinstance(m, tuple | list) or len(m) != 3:
                raise TypeError(f"add_many() takes (conversation_id, sender, text) tuples, not {type(m).__name__}")
        for _, _, text in messages:
            if not isinstance(text, str):
                raise TypeError(f"text must be str, not {type(text).__name__}")
        probs = self.scorer.probabilities([m[2] for m in messages], window=True)
        return self.add_scored([(cid, sender) for cid, sender, _ in messages], probs)

    def add_scored(self, keys: list[tuple[str, str]], probs: np.ndarray) -> list[ConversationState]:
        """Update conversations with messages already scored by ``Scorer.probabilities(texts, window=True)``."""
        states: list[ConversationState] = []
        self._apply(keys, probs, None, states)
        return states

    def update_scored(
        self, keys: list[tuple[str, str]], probs: np.ndarray, refs: Sequence[object] | None = None
    ) -> Updates:
        """``add_scored`` without building a ``ConversationState`` per message (the fast path of the CLI).

        refs: one reference per message (a line number, say), kept for the messages kept as evidence and returned by
        ``refs(conversation_id)``, so a caller can point at them without remembering every message itself.
        """
        return self._apply(keys, probs, refs, None)

    def _apply(
        self,
        keys: list[tuple[str, str]],
        probs: np.ndarray,
        refs: Sequence[object] | None,
        states: list[ConversationState] | None,
    ) -> Updates:
        if len(keys) != len(probs):
            raise ValueError(f"{len(keys)} keys for {len(probs)} rows of probabilities")
        if len(probs) and np.shape(probs)[1] != self._width:
            raise ValueError(
                f"rows of {np.shape(probs)[1]} columns; the monitor needs {self._width}: the labels and the window "
                "logit, as Scorer.probabilities(texts, window=True) returns them"
            )
        for cid, sender in keys:
            if not isinstance(cid, str) or not isinstance(sender, str):
                raise TypeError("conversation_id and sender must be str")
        probs = np.asarray(probs, dtype=np.float64)  # float32 rows convert exactly; float64 ones stay as they are
        rows = probs.tolist()
        placed = []
        snapshots = []
        conversations = self._conversations
        for (cid, sender), row in zip(keys, rows, strict=True):
            conv = conversations.get(cid)
            if conv is None:
                conv = self._conversation(cid)
            else:
                conversations.move_to_end(cid)  # least recently active first: the one a cap drops
            placed.append((conv, conv.count))
            conv.count += 1
            snapshots.append(conv.fold(sender, row))
        if snapshots:
            conv_risk, context_risk = self.scorer.conversation_and_context(
                features_of(snapshots), probs[:, self._risk_col]
            )
            risks, context = conv_risk.tolist(), context_risk.tolist()
        else:
            risks, context = [], []
        context_threshold = self.context_threshold
        out = Updates([i for _, i in placed], risks, context, [r >= context_threshold for r in context], [], [])
        # Which messages show which tactics, for the whole batch; evidence: the flagged (in context) messages with the
        # highest grooming risk of their own (the lines whose own words tell a reviewer most).
        shows = probs[:, self._tactic_cols] >= self._tactic_thresholds if len(rows) else np.zeros((0, len(TACTICS)))
        showing = shows.any(axis=1).tolist()
        message_risk = probs[:, self._risk_col].tolist() if len(rows) else []
        flagged = out.flagged
        threshold = self.threshold
        alerts, noted_list = out.alert, out.noted
        for k, ((cid, sender), (conv, index), risk) in enumerate(zip(keys, placed, risks, strict=True)):
            s = conv.senders[sender]  # made by fold, with the sender's aggregates
            s.risk = risk
            noted = False
            if not s.alert and risk >= threshold and _leads(conv, risk):
                s.alert = True
                s.first_alert_index = index
                noted = True
            if showing[k]:
                for j in shows[k].nonzero()[0].tolist():
                    if s.add_tactic(j, index):
                        noted = True
            if flagged[k] and s.add_evidence(message_risk[k], index):
                noted = True
            if noted and refs is not None:
                conv.keep_ref(index, refs[k])
            alerts.append(s.alert)
            noted_list.append(noted)
            if states is not None:
                states.append(
                    ConversationState(
                        conversation_id=cid,
                        sender=sender,
                        message_index=index,
                        risk=risk,
                        context_risk=context[k],
                        flagged=out.flagged[k],
                        alert=s.alert,
                        first_alert_index=s.first_alert_index,
                        tactics_seen={t: tuple(v) for t, v in s.tactics_seen().items()},
                        evidence=tuple(s.evidence()),
                        message=self.scorer.to_score(probs[k]),
                    )
                )
        self._give_dropped()
        return out

    def _conversation(self, cid: str) -> Conversation:
        conv = self._conversations.get(cid)
        if conv is None:
            conv = Conversation(self._index)
            self._conversations[cid] = conv
            self._cap()
        else:
            self._conversations.move_to_end(cid)  # least recently active first: the one a cap drops
        return conv

    def refs(self, conversation_id: str) -> dict[int, object]:
        """message index -> the reference given to ``update_scored``, for every index ``senders()`` mentions."""
        conv = self._conversations.get(conversation_id)
        if conv is None:
            return {}
        found: dict[int, object] = {}
        if conv.ref_pairs is not None:
            pairs = conv.ref_pairs
            found.update(zip(pairs[0::2], pairs[1::2], strict=True))
        if conv.ref_objects is not None:
            found.update(conv.ref_objects)
        return {i: found[i] for i in sorted(referenced(conv)) if i in found}

    def senders(self, conversation_id: str) -> dict[str, dict]:
        """Summary per sender of a conversation: risk, alert, first_alert_index, tactics_seen, evidence, messages."""
        conv = self._conversations.get(conversation_id)
        if conv is None:
            return {}
        return {
            name: {
                "risk": s.risk,
                "alert": s.alert,
                "first_alert_index": s.first_alert_index,
                "tactics_seen": {k: list(v) for k, v in s.tactics_seen().items()},
                "evidence": s.evidence(),
                "messages": s.messages,
            }
            for name, s in conv.senders.items()
        }

    def export_state(self, conversation_id: str) -> dict:
        """The conversation's whole state as a JSON-ready dict, for ``import_state`` after a restart (in this runtime
        or the JavaScript twin). It holds no message text: the conversation id and sender names as given, numbers and
        message indices (``runtime/monitor_saved.py``). KeyError when the conversation is not held."""
        conv = self._conversations.get(conversation_id)
        if conv is None:
            raise KeyError(f"no conversation {conversation_id!r} is held by this monitor")
        return self._export(conversation_id, conv)

    def import_state(self, state: dict) -> str:
        """Put back a conversation saved by ``export_state`` (replacing one of the same id), as the most recently
        active; return its id. The monitor then goes on as if it had never stopped. ``StateError`` (a ValueError,
        saying why) when the state was saved with another model or other thresholds, or is not a saved state."""
        from groomguard.runtime.monitor_saved import import_conversation

        cid, conv = import_conversation(state, self._index, self._decided_with())
        self._conversations.pop(cid, None)
        self._conversations[cid] = conv
        self._cap()
        self._give_dropped()
        return cid

    def _cap(self) -> None:
        """Drop the least recently active conversation past ``max_conversations`` (kept for ``on_drop``)."""
        if self.max_conversations is not None and len(self._conversations) > self.max_conversations:
            dropped = self._conversations.popitem(last=False)
            if self.on_drop is not None:
                self._dropped.append(dropped)

    def _give_dropped(self) -> None:
        """Hand each conversation the cap dropped to ``on_drop``, once the call that dropped it has updated it. One
        whose ``on_drop`` raised (a full disk, say) is handed over again at the monitor's next call, not lost."""
        while self._dropped:
            cid, conv = self._dropped[0]
            self.on_drop(cid, self._export(cid, conv))
            self._dropped.pop(0)

    def _export(self, cid: str, conv: Conversation) -> dict:
        from groomguard.runtime.monitor_saved import export_conversation  # only when used: 0.2 MB resident

        return export_conversation(cid, conv, self._decided_with())

    def _decided_with(self) -> dict:
        from groomguard.runtime.monitor_saved import decided_with

        tactics = dict(zip(TACTICS, self._tactic_thresholds.tolist(), strict=True))
        return decided_with(self.scorer.model.manifest["sha256"], self.threshold, self.context_threshold, tactics)

    def conversation_ids(self) -> list[str]:
        """The conversations held, least recently active first."""
        return list(self._conversations)

    def reset(self, conversation_id: str) -> None:
        """Forget a conversation (e.g. when the user clears it)."""
        self._conversations.pop(conversation_id, None)

    def __len__(self) -> int:
        return len(self._conversations)


def _leads(conv: Conversation, risk: float) -> bool:
    """No sender of ``conv`` has a conversation risk above ``risk`` (the sender's own, already stored, is equal)."""
    return all(other.risk <= risk for other in conv.senders.values())
