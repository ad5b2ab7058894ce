"""Loaders for licensed corpora a user supplies (PAN 2012, Perverted-Justice style, ChatCoder CSV, JSONL/CSV, HF).

Every loader yields records of the schema in ``groomguard.training.records``. Licensed data is never copied into the
repository.
"""
