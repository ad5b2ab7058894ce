"""The shipped model: groomguard.onnx, manifest.json, MODEL_CARD.md and test_vectors.jsonl (package data only)."""
