"""Build the ONNX graph from a TrainedModel with ``onnx.helper``, using only standard opset-13 operators.

Inputs (all required):
  ids            int64   [batch, width]   hashed n-gram bucket ids from the featurizer (padding: 0)
  counts         float32 [batch, width]   their counts (padding: 0)
  conv_features  float32 [n, F]           conversation features (runtime/conversation.py); feed an empty [0, F] (or
                                          zeros [1, F]) when only message scores are wanted
  message_risk   float32 [n, 1]           the grooming_risk probability of the message each conv_features row was
                                          computed at (empty [0, 1], or zeros [1, 1], when only message scores are
                                          wanted)
Outputs:
  probabilities      float32 [batch, n_labels]  calibrated probability per label (label order in the metadata)
  window_logit       float32 [batch, 1]         the window head's logit of the message, without bias: the mean over a
                                                conversation's recent messages is the window's logit
  conversation_risk  float32 [n, 1]
  context_risk       float32 [n, 1]             the message's risk in its conversation (training/context_head.py):
                                                sigmoid(a * logit(clip(message_risk)) + b * conversation logit + c),
                                                the conversation logit of the features capped at ctx_caps

Message path: bucket -> compact column through a lookup table (0 = dropped) -> idf -> log(1 + count) * idf ->
divide by the row's L2 norm -> one linear head per label -> sigmoid (and the window head, one more column of the same
product, without bias or sigmoid). Ids at and above n_buckets are the featurizer's special features (lexicon, age
cues), looked up in the same table. The same arithmetic as
``training.artifact.TrainedModel.sklearn_predict_proba``.

Two arrangements keep onnxruntime's work per call small (onnxruntime runs every node of the graph on every call,
whatever outputs are asked for, and a node costs a few µs of dispatch whatever its size), with the same outputs:
- the idf and weights are stored as float16 (the 1 MB budget) and widened by a Cast of the whole initializer, which
  onnxruntime's constant folding computes once when the session is created: each call gathers float32 rows with no
  Cast per call (float16 -> float32 is exact, and Gather commutes with Cast); the price is ~1.3 MB more resident
  per session (measured: one message -1.4 us, a 1000-message batch's graph -6%);
- the conversation and context heads sit in an ``If`` on "message_risk has rows", so a caller scoring messages
  alone feeds empty conversation inputs and skips their 13 nodes; zeros of one row still compute them as before.
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
    conversation = _conversation_heads(model)
    graph = helper.make_graph(
        [
            *_message_path(weight_dtype),
            # The conversation heads only when their inputs have rows (Cast of a count to bool: "not zero").
            helper.make_node("Size", ["message_risk"], ["conv_rows"]),
            helper.make_node("Cast", ["conv_rows"], ["has_conv"], to=TensorProto.BOOL),
            helper.make_node(
                "If",
                ["has_conv"],
                ["conversation_risk", "context_risk"],
                then_branch=conversation,
                else_branch=_no_conversation(),
            ),
        ],
        "groomguard",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "width"]),
            helper.make_tensor_value_info("counts", TensorProto.FLOAT, ["batch", "width"]),
            helper.make_tensor_value_info("conv_features", TensorProto.FLOAT, ["n", N_FEATURES]),
            helper.make_tensor_value_info("message_risk", TensorProto.FLOAT, ["n", 1]),
        ],
        [
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", len(model.labels)]),
            helper.make_tensor_value_info("window_logit", TensorProto.FLOAT, ["batch", 1]),
            *_conversation_outputs(),
        ],
        initializer=_message_initializers(model, weight_dtype),
    )
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="groomguard")
    proto.ir_version = IR_VERSION
    for key, value in sorted(metadata.items()):
        entry = proto.metadata_props.add()
        entry.key = key
        entry.value = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    onnx.checker.check_model(proto)
    return proto


def _message_initializers(model: TrainedModel, weight_dtype: str) -> list[onnx.TensorProto]:
    wdt = np.float16 if weight_dtype == "float16" else np.float32
    weights = np.column_stack([model.weights, model.window_weights])  # the window head is the last column
    return [
        numpy_helper.from_array(model.remap().astype(np.uint16), "remap"),
        numpy_helper.from_array(model.idf.astype(wdt), "idf"),
        numpy_helper.from_array(weights.astype(wdt), "weights"),
        numpy_helper.from_array(model.bias.astype(np.float32), "bias"),
        numpy_helper.from_array(np.array([1.0], np.float32), "one"),
        numpy_helper.from_array(np.array([1e-30], np.float32), "tiny"),
        numpy_helper.from_array(np.array([1], np.int64), "axis1"),
        numpy_helper.from_array(np.array([len(model.labels), 1], np.int64), "label_split"),
    ]


def _message_path(weight_dtype: str) -> list[onnx.NodeProto]:
    n = helper.make_node
    # Casts of initializers (folded when the session is created). Not the remap table's: gathered as uint16 (512 KB)
    # and the columns cast to int32 per call, a 1000-message batch's graph ran in 7.6 ms, against 9.1 ms from a
    # folded int32 table (1 MB: cache misses on the random bucket ids cost more than the Cast).
    nodes = []
    if weight_dtype == "float16":  # stored as float16, computed with in float32
        nodes += [
            n("Cast", ["idf"], ["idf_wide"], to=TensorProto.FLOAT),
            n("Cast", ["weights"], ["weights_wide"], to=TensorProto.FLOAT),
        ]
    else:
        nodes += [n("Identity", ["idf"], ["idf_wide"]), n("Identity", ["weights"], ["weights_wide"])]
    return [
        *nodes,
        n("Gather", ["remap", "ids"], ["col16"], axis=0),
        n("Cast", ["col16"], ["col"], to=TensorProto.INT32),  # Gather takes int32 or int64 indices
        n("Gather", ["idf_wide", "col"], ["idf_g"], axis=0),
        n("Gather", ["weights_wide", "col"], ["w_g"], axis=0),
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
        n("Split", ["logits_all", "label_split"], ["logits", "window_logit"], axis=1),
        n("Add", ["logits", "bias"], ["z"]),
        n("Sigmoid", ["z"], ["probabilities"]),
    ]


def _conversation_outputs() -> list[onnx.ValueInfoProto]:
    return [
        helper.make_tensor_value_info("conversation_risk", TensorProto.FLOAT, ["n", 1]),
        helper.make_tensor_value_info("context_risk", TensorProto.FLOAT, ["n", 1]),
    ]


def _conversation_heads(model: TrainedModel) -> onnx.GraphProto:
    """The If's then-branch: the conversation head on conv_features, and the context head (reads the outer inputs)."""
    n = helper.make_node
    inits = [
        numpy_helper.from_array(np.array([1.0], np.float32), "conv_one"),
        numpy_helper.from_array(model.conv_weights.astype(np.float32).reshape(-1, 1), "conv_weights"),
        numpy_helper.from_array(np.array([model.conv_bias], np.float32), "conv_bias"),
        numpy_helper.from_array(np.array(EPS, np.float32), "eps"),  # Clip takes scalars
        numpy_helper.from_array(np.array(1 - EPS, np.float32), "one_m_eps"),
        numpy_helper.from_array(np.array([model.context_weights[0]], np.float32), "ctx_a"),
        numpy_helper.from_array(np.array([model.context_weights[1]], np.float32), "ctx_b"),
        numpy_helper.from_array(np.array([model.context_bias], np.float32), "ctx_c"),
    ]
    if model.context_caps is not None:
        inits.append(numpy_helper.from_array(np.asarray(model.context_caps, np.float32).reshape(1, -1), "ctx_caps"))
    nodes = [
        n("MatMul", ["conv_features", "conv_weights"], ["cz0"]),
        n("Add", ["cz0", "conv_bias"], ["cz"]),
        n("Sigmoid", ["cz"], ["conversation_risk"]),
        n("Clip", ["message_risk", "eps", "one_m_eps"], ["mr"]),
        n("Log", ["mr"], ["log_mr"]),
        n("Sub", ["conv_one", "mr"], ["one_m_mr"]),
        n("Log", ["one_m_mr"], ["log_one_m_mr"]),
        n("Sub", ["log_mr", "log_one_m_mr"], ["mz"]),
        n("Mul", ["mz", "ctx_a"], ["xz_a"]),
        *(
            []
            if model.context_caps is None
            else [  # the context head's own reading of the conversation logit (training/context_head.py, CAPS)
                n("Min", ["conv_features", "ctx_caps"], ["ccf"]),
                n("MatMul", ["ccf", "conv_weights"], ["ccz0"]),
                n("Add", ["ccz0", "conv_bias"], ["ccz"]),
            ]
        ),
        n("Mul", ["cz" if model.context_caps is None else "ccz", "ctx_b"], ["xz_b"]),
        n("Add", ["xz_a", "xz_b"], ["xz0"]),
        n("Add", ["xz0", "ctx_c"], ["xz"]),
        n("Sigmoid", ["xz"], ["context_risk"]),
    ]
    return helper.make_graph(nodes, "conversation_heads", [], _conversation_outputs(), initializer=inits)


def _no_conversation() -> onnx.GraphProto:
    """The If's else-branch: message_risk has no rows, so both outputs are empty ([0, 1]): two empty initializers,
    no node (two Identity nodes of message_risk cost ~2 us more a call)."""
    empty = np.zeros((0, 1), np.float32)
    outputs = [
        helper.make_tensor_value_info("no_conversation", TensorProto.FLOAT, [0, 1]),
        helper.make_tensor_value_info("no_context", TensorProto.FLOAT, [0, 1]),
    ]
    initializers = [numpy_helper.from_array(empty, "no_conversation"), numpy_helper.from_array(empty, "no_context")]
    return helper.make_graph([], "no_conversation", [], outputs, initializer=initializers)
