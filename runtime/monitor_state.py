"""What ``ConversationMonitor`` returns: a sender's state after a message, and a batch's updates (the CLI's path).

Split from ``runtime/monitor.py``, which holds the monitor itself and re-exports both.
"""

from __future__ import annotations

from dataclasses import dataclass

from groomguard.runtime.scorer import Score


@dataclass(frozen=True)
class ConversationState:
    """The state of one sender in one conversation after a message.

    risk: the conversation head's probability that this sender is grooming, given the messages so far.
    context_risk: this message's risk in its conversation: the context head over its own grooming risk and its
        sender's conversation logit, read with the message count capped (since model 0.9.0; ``runtime/FEATURES.md``).
    flagged: context_risk reached the preset's context threshold (the message alone is ``message``).
    alert: True from the first message at which risk reached the preset's threshold while no other sender of the
        conversation had a higher risk (it stays raised): the alert goes to the one pursuing, not to the one pursued.
    tactics_seen: tactic -> indices (within the conversation) of this sender's messages that showed it (reached the
        preset's threshold of that tactic): the first ``MAX_EVIDENCE`` (5) of each.
    evidence: indices of this sender's flagged messages (in context) with the highest grooming risk of their own: at
        most ``MAX_EVIDENCE`` (5).
    """

    conversation_id: str
    sender: str
    message_index: int
    risk: float
    context_risk: float
    flagged: bool
    alert: bool
    first_alert_index: int | None
    tactics_seen: dict[str, tuple[int, ...]]
    evidence: tuple[int, ...]
    message: Score


@dataclass(frozen=True)
class Updates:
    """What ``update_scored`` did with each message of a batch (lists parallel to the batch).

    index: the message's index within its conversation. risk: its sender's conversation risk after it. context: the
    message's risk in its conversation (the context head). flagged: context reached the context threshold. alert: the
    sender's alert after it. noted: the message was kept as evidence (a tactic, a high-risk message, the first alert).
    """

    index: list[int]
    risk: list[float]
    context: list[float]
    flagged: list[bool]
    alert: list[bool]
    noted: list[bool]
