"""Real, harmless chat mixed into the corpus as benign conversations, so the model learns how people really write.

Two permissively licensed corpora that ship inside PyPI wheels and install offline:
- ``chitchat-dataset`` (MIT): about 7,000 real conversations between students in the Chit Chat Challenge, full of
  harmless personal questions about age, school and home.
- ``chatterbot-corpus`` (BSD-3-Clause): short scripted English dialogs.

Their messages are benign at conversation level and carry no grooming tactic. They are *not* annotated for
``minor_signal``, ``personal_info`` or ``sexual_content`` (real people do mention their age and school, and adults do
flirt), so those labels are left unknown rather than taught as negatives. Conversations are split by a hash of their id,
independently of the synthetic families.

``CorpusConfig.real_minor_negatives`` (off by default; measured on 0.6.1's code, not shipped) annotates
``minor_signal``, as a negative, on the real lines with no cue of a child's life (``child_cue``: no minor's age or
school year by the featurizer's age rules, no word of school, parents, home rules or age: 94% of Chit Chat lines).
Without those negatives the minor-signal head sees first-person everyday lines only in the children's templates and
reads an adult's "i have my own place" (0.93) or "i drive" (0.88) as a child's. With them, realcheck's ranking of
offenders against decoys rose (author ROC-AUC 0.932 -> 0.955; both sides in one conversation 0.942 -> 0.970), but the
conversation threshold chosen on synthetic validation rose (0.853 -> 0.886), synthetic conversation recall fell
(0.762 -> 0.710, false alerts 1.4% -> 1.1%) and on realcheck most offenders peaked just under the threshold (offenders
alerted 67% -> 22%, decoys 2% -> 0%). The better "who" needs a conversation head or threshold that keeps the operating
point (see ``training/thresholds.py`` on how the threshold rests on one held-out parent family). Thresholds chosen on
train's out-of-fold scores too (0.7.0's rule, ``training/oof.py``) lowered it to 0.851, but offenders alerted only rose
to 43% (decoys 0%): with these negatives the conversation head scores real offenders lower, not only the threshold.

Their lines get the same chat noise as synthetic messages: each sender draws one profile from ``noise.YOUNG_MIX``
(their role is "peer"), seeded by the conversation id, so real benign chat is no cleaner than synthetic chat.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import re
from collections.abc import Iterator
from importlib import resources

from groomguard.runtime.cues import MINOR, age_cues
from groomguard.runtime.normalize import normalize
from groomguard.training.records import LABELS, Record
from groomguard.training.synth import noise

UNANNOTATED = frozenset({"minor_signal", "personal_info", "sexual_content"})
ANNOTATED = tuple(label for label in LABELS if label not in UNANNOTATED)
#: The labels of a real line with no child cue when ``minor_signal`` negatives are on: ``minor_signal`` too.
ANNOTATED_NO_CHILD_CUE = tuple(label for label in LABELS if label in ANNOTATED or label == "minor_signal")

#: Words of a child's everyday life (school, parents, home rules, age), written from the issue's list of plain cues; a
#: real line with one of them, or with a minor's age or school year, is left unknown for ``minor_signal``.
_CHILD_WORDS = re.compile(
    r"\b(?:school|class|classes|homework|teacher|teachers|grade|recess|detention|principal|locker|bus|"
    r"mom|mum|mommy|mummy|dad|daddy|parents?|stepmom|stepdad|grounded|curfew|bedtime|allowance|pocket money|"
    r"babysitter|sleepover|kid|kids|child|teen|teens|young|younger|little|minor|underage|age|old|birthday)\b"
)


def child_cue(text: str) -> bool:
    """Whether a line has a cue of a child's life: a minor's age or school year (the featurizer's age rules, on the
    normalized text) or one of ``_CHILD_WORDS``."""
    normalized = normalize(text)
    if _CHILD_WORDS.search(normalized) is not None:
        return True
    return any(kind == MINOR for _, kind in age_cues([normalized]))


def real_annotated(*texts: str, minor_negatives: bool = False) -> tuple[str, ...]:
    """The labels a real line is annotated for, given its text before and after noise: with ``minor_negatives``,
    ``minor_signal`` too unless either text has a child cue."""
    if not minor_negatives or any(child_cue(t) for t in texts):
        return ANNOTATED
    return ANNOTATED_NO_CHILD_CUE


LICENSES = {
    "chitchat": "MIT (chitchat-dataset on PyPI, the Chit Chat Challenge corpus)",
    "chatterbot": "BSD-3-Clause (chatterbot-corpus on PyPI)",
}


def split_of(conversation_id: str, seed: int, validation: float = 0.15, test: float = 0.15) -> str:
    digest = hashlib.sha256(f"{seed}:{conversation_id}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    return "test" if u < test else "validation" if u < test + validation else "train"


def _records(
    conversation_id: str,
    messages: list[tuple[str, str]],
    source: str,
    kind: str,
    split: str,
    seed: int = 0,
    minor_negatives: bool = False,
):
    speakers: dict[str, str] = {}
    profiles: dict[str, noise.NoiseProfile] = {}
    rng = random.Random(f"{seed}:noise:{conversation_id}")
    index = 0
    for sender_key, text in messages:
        text = (text or "").strip()
        if not text:
            continue
        sender = speakers.setdefault(sender_key, f"{source}-{chr(ord('A') + len(speakers) % 26)}")
        profile = profiles.get(sender)
        if profile is None:
            profile = profiles[sender] = noise.PROFILES[rng.choice(noise.YOUNG_MIX)]
        noised = noise.apply_noise(text, rng, profile).strip()
        if not noised:
            continue
        annotated = real_annotated(text, noised, minor_negatives=minor_negatives)
        text = noised
        yield Record(
            conversation_id=conversation_id,
            message_index=index,
            sender=sender,
            sender_role="peer",
            text=text,
            labels=(),
            template_family=f"real/{source}",
            source=source,
            conversation_type=kind,
            conversation_grooming=0,
            alert_from=-1,
            split=split,
            annotated=annotated,
        )
        index += 1


@functools.lru_cache(maxsize=1)
def _chitchat_data() -> dict:
    """The parsed Chit Chat Challenge file, read once per process (the corpus build needs it twice)."""
    path = resources.files("chitchat_dataset").joinpath("dataset.json")
    return json.loads(path.read_text(encoding="utf-8"))


def chitchat(seed: int, limit: int | None = None, minor_negatives: bool = False) -> Iterator[Record]:
    """The Chit Chat Challenge conversations, in the order of the file."""
    data = _chitchat_data()
    for n, (key, conversation) in enumerate(sorted(data.items())):
        if limit is not None and n >= limit:
            break
        messages = [(m["sender"], m["text"]) for group in conversation["messages"] for m in group]
        cid = f"chitchat-{key}"
        yield from _records(cid, messages, "chitchat", "real_chitchat", split_of(cid, seed), seed, minor_negatives)


def small_talk_lines(seed: int, min_chars: int = 3, max_chars: int = 160) -> dict[str, list[str]]:
    """Distinct chitchat lines per split (by their conversation's split), for small talk inside synthetic chats.

    Real grooming chats are mostly ordinary talk; borrowing real lines for part of it keeps the model from learning
    that "sounds like a template" means "grooming" and raises the diversity of the corpus.
    """
    data = _chitchat_data()
    out: dict[str, dict[str, None]] = {"train": {}, "validation": {}, "test": {}}
    for key, conversation in sorted(data.items()):
        split = split_of(f"chitchat-{key}", seed)
        for group in conversation["messages"]:
            for m in group:
                text = (m["text"] or "").strip()
                if min_chars <= len(text) <= max_chars:
                    out[split].setdefault(text, None)
    return {split: list(lines) for split, lines in out.items()}


def chatterbot(seed: int, limit: int | None = None, minor_negatives: bool = False) -> Iterator[Record]:
    """The English chatterbot-corpus dialogs; speakers alternate."""
    import yaml

    root = resources.files("chatterbot_corpus").joinpath("data", "english")
    n = 0
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".yml"):
            continue
        doc = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
        for i, dialog in enumerate(doc.get("conversations") or []):
            if limit is not None and n >= limit:
                return
            if not isinstance(dialog, list) or len(dialog) < 2:
                continue
            n += 1
            messages = [(str(j % 2), str(text)) for j, text in enumerate(dialog)]
            cid = f"chatterbot-{entry.name[:-4]}-{i:04d}"
            yield from _records(
                cid, messages, "chatterbot", "real_chatterbot", split_of(cid, seed), seed, minor_negatives
            )
