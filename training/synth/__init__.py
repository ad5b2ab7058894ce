"""The synthetic conversation corpus: template families, conversation scripts, chat noise, family-level splits.

Build it with ``make data`` (``python -m groomguard.training.synth build --out build/data``).
"""
