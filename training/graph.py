"""Build the ONNX graph from a TrainedModel with ``onnx.helper``, using only standard opset-13 operators.

Inputs (all required):
  ids            int64   [batch, width]   hashed n-gram bucket ids from the featurizer (padding: 0)
  counts         float32 [batch, width]   their counts (padding: 0)
  conv_features  float32 [n, F]           conversation features (runtime/conversation.py); feed zeros [1, F] when
                                          only message scores are wanted
  message_risk   float32 [n, 1]           the grooming_risk probability of the message each conv_features row was
                                          computed at (zeros [1, 1] when only message scores are wanted)
Outputs:
  probabilities      float32 [batch, n_labels]  calibrated probability per label (label order in the metadata)
  window_logit       float32 [batch, 1]         the window head's logit of the message, without bias: the mean over a
                                                conversation's recent messages is the window's logit
  conversation_risk  float32 [n, 1]
  context_risk       float32 [n, 1]             the message's risk in its conversation (training/context_head.py):
                                                sigmoid(a * logit(clip(message_risk)) + b * conversation logit + c)

Message path: bucket -> compact column through a uint16 lookup table (0 = dropped) -> idf -> log(1 + count) * idf ->
divide by the row's L2 norm -> one linear head per label -> sigmoid (and the window head, one more column of the same
product, without bias or sigmoid). Ids at and above n_buckets are the featurizer's special features (lexicon, age
cues), looked up in the same table. The same arithmetic as
``training.artifact.TrainedModel.sklearn_predict_proba``.
"""

from __future__ import annotations

import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from groomguard.runtime.conversation import N_FEATURES
from groomguard.training.artifact import TrainedModel
from groomguard.training.context_head import EPS

OPSET = 13
IR_VERSION = 8  # readable by onnxruntime >= 1.10 (Python, node, web, mobile)


def build_graph(model: TrainedModel, metadata: dict[str, str], weight_dtype: str = "float16") -> onnx.ModelProto:
    if len(model.kept) + 1 > np.iinfo(np.uint16).max:
        raise ValueError("too many kept features for a uint16 lookup table")
    wdt = np.float16 if weight_dtype == "float16" else np.float32
    n_labels = len(model.labels)
    weights = np.column_stack([model.weights, model.window_weights])  # the window head is the last column
    inits = [
        numpy_helper.from_array(model.remap().astype(np.uint16), "remap"),
        numpy_helper.from_array(model.idf.astype(wdt), "idf"),
        numpy_helper.from_array(weights.astype(wdt), "weights"),
        numpy_helper.from_array(model.bias.astype(np.float32), "bias"),
        numpy_helper.from_array(np.array([1.0], np.float32), "one"),
        numpy_helper.from_array(np.array([1e-30], np.float32), "tiny"),
        numpy_helper.from_array(np.array([1], np.int64), "axis1"),
        numpy_helper.from_array(np.array([0], np.int64), "zero"),
        numpy_helper.from_array(np.array([n_labels], np.int64), "n_labels"),
        numpy_helper.from_array(np.array([n_labels + 1], np.int64), "n_labels_p1"),
        numpy_helper.from_array(model.conv_weights.astype(np.float32).reshape(-1, 1), "conv_weights"),
        numpy_helper.from_array(np.array([model.conv_bias], np.float32), "conv_bias"),
        numpy_helper.from_array(np.array(EPS, np.float32), "eps"),  # Clip takes scalars
        numpy_helper.from_array(np.array(1 - EPS, np.float32), "one_m_eps"),
        numpy_helper.from_array(np.array([model.context_weights[0]], np.float32), "ctx_a"),
        numpy_helper.from_array(np.array([model.context_weights[1]], np.float32), "ctx_b"),
        numpy_helper.from_array(np.array([model.context_bias], np.float32), "ctx_c"),
    ]
    n = helper.make_node
    nodes = [
        n("Gather", ["remap", "ids"], ["col16"], axis=0),
        n("Cast", ["col16"], ["col"], to=TensorProto.INT64),
        n("Gather", ["idf", "col"], ["idf_g" if wdt == np.float32 else "idf_g16"], axis=0),
        n("Gather", ["weights", "col"], ["w_g" if wdt == np.float32 else "w_g16"], axis=0),
    ]
    if wdt == np.float16:  # weights are stored as float16 and computed with in float32
        nodes += [
            n("Cast", ["idf_g16"], ["idf_g"], to=TensorProto.FLOAT),
            n("Cast", ["w_g16"], ["w_g"], to=TensorProto.FLOAT),
        ]
    nodes += [
        n("Add", ["counts", "one"], ["counts_p1"]),
        n("Log", ["counts_p1"], ["tf"]),
        n("Mul", ["tf", "idf_g"], ["x"]),
        n("Mul", ["x", "x"], ["x2"]),
        n("ReduceSum", ["x2", "axis1"], ["ss"], keepdims=1),
        n("Sqrt", ["ss"], ["norm"]),
        n("Max", ["norm", "tiny"], ["norm_safe"]),
        n("Div", ["x", "norm_safe"], ["xn"]),
        n("Unsqueeze", ["xn", "axis1"], ["xn3"]),
        n("MatMul", ["xn3", "w_g"], ["logits3"]),
        n("Squeeze", ["logits3", "axis1"], ["logits_all"]),
        n("Slice", ["logits_all", "zero", "n_labels", "axis1"], ["logits"]),
        n("Slice", ["logits_all", "n_labels", "n_labels_p1", "axis1"], ["window_logit"]),
        n("Add", ["logits", "bias"], ["z"]),
        n("Sigmoid", ["z"], ["probabilities"]),
        n("MatMul", ["conv_features", "conv_weights"], ["cz0"]),
        n("Add", ["cz0", "conv_bias"], ["cz"]),
        n("Sigmoid", ["cz"], ["conversation_risk"]),
        n("Clip", ["message_risk", "eps", "one_m_eps"], ["mr"]),
        n("Log", ["mr"], ["log_mr"]),
        n("Sub", ["one", "mr"], ["one_m_mr"]),
        n("Log", ["one_m_mr"], ["log_one_m_mr"]),
        n("Sub", ["log_mr", "log_one_m_mr"], ["mz"]),
        n("Mul", ["mz", "ctx_a"], ["xz_a"]),
        n("Mul", ["cz", "ctx_b"], ["xz_b"]),
        n("Add", ["xz_a", "xz_b"], ["xz0"]),
        n("Add", ["xz0", "ctx_c"], ["xz"]),
        n("Sigmoid", ["xz"], ["context_risk"]),
    ]
    graph = helper.make_graph(
        nodes,
        "groomguard",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "width"]),
            helper.make_tensor_value_info("counts", TensorProto.FLOAT, ["batch", "width"]),
            helper.make_tensor_value_info("conv_features", TensorProto.FLOAT, ["n", N_FEATURES]),
            helper.make_tensor_value_info("message_risk", TensorProto.FLOAT, ["n", 1]),
        ],
        [
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", n_labels]),
            helper.make_tensor_value_info("window_logit", TensorProto.FLOAT, ["batch", 1]),
            helper.make_tensor_value_info("conversation_risk", TensorProto.FLOAT, ["n", 1]),
            helper.make_tensor_value_info("context_risk", TensorProto.FLOAT, ["n", 1]),
        ],
        initializer=inits,
    )
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="groomguard")
    proto.ir_version = IR_VERSION
    for key, value in sorted(metadata.items()):
        entry = proto.metadata_props.add()
        entry.key = key
        entry.value = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    onnx.checker.check_model(proto)
    return proto
