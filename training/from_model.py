"""Read a shipped model back into a training directory: the exact arrays of its ONNX graph, for a graph-only release.

    python -m groomguard.training.from_model --model model --out build/train-shipped

A change to the graph (``training/graph.py``) reaches users only through a re-export, and a re-export from a new fit
changes the numbers too. This writes the shipped model's own numbers (``model.npz`` + ``model.json``, as
``make train`` writes them) from its initializers and manifest: float16 tables widen to float64 exactly, so
``make export TRAIN_DIR=...`` gives the same scores in the new graph, and only the graph changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from groomguard.runtime.featurizer import FeaturizerConfig
from groomguard.runtime.model_file import load_model_file
from groomguard.training.artifact import TrainedModel


def read_model(model_dir: Path) -> TrainedModel:
    """The ``TrainedModel`` whose export is the model in ``model_dir`` (checked by the runtime's loader first)."""
    import onnx
    from onnx import numpy_helper

    shipped = load_model_file(model_dir)  # refuses a tampered or unknown-format model, as the runtime does
    graph = onnx.load_from_string(shipped.onnx_bytes).graph
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for node in graph.node:  # initializers of subgraphs (the conversation heads' If) too
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                init.update({t.name: numpy_helper.to_array(t) for t in attr.g.initializer})
    manifest = shipped.manifest
    labels = tuple(manifest["labels"])
    remap = init["remap"].astype(np.int64)
    n_kept = int(remap.max())
    kept = np.zeros(n_kept, np.int64)
    kept[remap[remap > 0] - 1] = np.flatnonzero(remap > 0)
    table = init["weights"].astype(np.float64)
    if table.shape != (n_kept + 1, len(labels) + 1):
        raise ValueError(f"{model_dir}: weights of shape {table.shape}, expected {(n_kept + 1, len(labels) + 1)}")
    return TrainedModel(
        featurizer=FeaturizerConfig.from_dict(manifest["featurizer"]),
        labels=labels,
        kept=kept,
        idf=init["idf"].astype(np.float64),
        weights=table[:, : len(labels)],
        bias=init["bias"].astype(np.float64),
        conv_weights=init["conv_weights"].astype(np.float64).ravel(),
        conv_bias=float(init["conv_bias"].ravel()[0]),
        thresholds=manifest["thresholds"],
        meta={
            "train_config": manifest.get("train_config", {}),
            "sources": manifest.get("training_data", []),
            "read_from_model": manifest["model_version"],
        },
        window_weights=table[:, len(labels)],
        context_weights=np.array([float(init["ctx_a"].ravel()[0]), float(init["ctx_b"].ravel()[0])]),
        context_bias=float(init["ctx_c"].ravel()[0]),
        context_caps=init["ctx_caps"].astype(np.float32).ravel() if "ctx_caps" in init else None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m groomguard.training.from_model", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--model", type=Path, default=Path("model"), help="the shipped model's directory")
    parser.add_argument("--out", type=Path, required=True, help="the training directory to write")
    args = parser.parse_args(argv)
    read_model(args.model).save(args.out)
    print(f"wrote {args.out / 'model.npz'} and {args.out / 'model.json'} from {args.model}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
