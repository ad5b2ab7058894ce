"""groomguard on Apache Spark: score a chat archive where it lies, with the same records as ``groomguard score``.

    from groomguard.spark import score_messages, score_conversations
    scored = score_messages(df, text="text")                        # + risk, labels, flagged, problem
    result = score_conversations(df, conversation="conversation_id", sender="sender", order="timestamp")
    result.messages, result.conversations, result.problems           # DataFrames of the CLI's records

Needs the ``spark`` extra (``pip install 'groomguard[spark]'``: pyspark, pyarrow, pandas) and Java 17+. The runtime
never imports this package; ``groomguard spark-score`` imports it only when that command runs.
"""

from __future__ import annotations

__all__ = ["ConversationScores", "score_conversations", "score_messages", "ship_model"]


def __getattr__(name: str):
    if name in __all__:
        from groomguard.spark import api

        return getattr(api, name)
    raise AttributeError(f"module 'groomguard.spark' has no attribute {name!r}")
