"""The one record schema every data source produces (synthetic generator and licensed-corpus loaders alike).

One record per message. Conversation-level facts are repeated on each message of the conversation so that a flat
JSONL file or a `datasets` table carries everything. See ../shared/DESIGN.md, "Data flow".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from groomguard.runtime.conversation import TACTICS  # the label taxonomy is defined once, in the runtime

CONTEXT_LABEL = "minor_signal"
RISK_LABEL = "grooming_risk"
#: Every message-level label the model has a head for, tactics first.
LABELS: tuple[str, ...] = (*TACTICS, CONTEXT_LABEL, RISK_LABEL)
ROLES: tuple[str, ...] = ("adult", "child", "peer", "unknown")
SPLITS: tuple[str, ...] = ("train", "validation", "test")


@dataclass(frozen=True)
class Record:
    """One message.

    labels: names from LABELS that apply to this message (``grooming_risk`` included when it applies).
    annotated: the label names this source actually annotates; a label not in it is unknown, not negative.
        Synthetic data annotates all of LABELS; PAN 2012, for instance, annotates only ``grooming_risk``.
    conversation_grooming: 1 grooming, 0 not grooming, -1 unknown.
    alert_from: index of the first message from which a reviewer would act (grooming conversations), else -1.
    """

    conversation_id: str
    message_index: int
    sender: str
    sender_role: str
    text: str
    labels: tuple[str, ...] = ()
    template_family: str = ""
    source: str = ""
    conversation_type: str = ""
    conversation_grooming: int = -1
    alert_from: int = -1
    split: str = ""
    timestamp: str = ""
    annotated: tuple[str, ...] = field(default=LABELS)

    def __post_init__(self) -> None:
        if self.sender_role not in ROLES:
            raise ValueError(f"sender_role must be one of {ROLES}, got {self.sender_role!r}")
        unknown = set(self.labels) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)}; known: {LABELS}")
        unknown = set(self.annotated) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown annotated labels {sorted(unknown)}")
        if self.split and self.split not in SPLITS:
            raise ValueError(f"split must be one of {SPLITS} or empty, got {self.split!r}")
        if self.conversation_grooming not in (-1, 0, 1):
            raise ValueError("conversation_grooming must be -1, 0 or 1")
        if not isinstance(self.text, str):
            raise TypeError("text must be str")

    def to_dict(self) -> dict:
        d = asdict(self)
        d["labels"] = list(self.labels)
        d["annotated"] = list(self.annotated)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Record:
        d = dict(d)
        d["labels"] = tuple(d.get("labels") or ())
        d["annotated"] = tuple(d.get("annotated") or LABELS)
        return cls(**d)
