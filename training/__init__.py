"""Training: the synthetic corpus (``synth``), loaders for licensed corpora (``loaders``), fitting and ONNX export.

Needs the ``train`` extra (scikit-learn, scipy, onnx, datasets). Imports the runtime's featurizer so that what is
trained on is exactly what is scored.
"""

from groomguard._extras import require

require("groomguard.training", "train", {"sklearn": "scikit-learn", "scipy": "scipy", "onnx": "onnx"})
