#!/usr/bin/python3
"""Exports the two benchmark networks to ONNX, by hand with onnx.helper (Debian's python3-onnx; no TensorFlow).

    /usr/bin/python3 bench/peers/export_onnx.py [OUT_DIR]        (default bench/out; writes OUT_DIR/onnx/*.onnx)

seed_dense.onnx  input "counts" float[N,1000] -> Gemm -> Relu -> Gemm -> Relu -> Gemm -> Sigmoid -> "scores" [N,6]
embed_lstm.onnx  input "ids" int64[N,50] -> Gather(embeddings) -> Transpose to [50,N,64] -> LSTM -> Y_h [1,N,64]
                 -> Squeeze -> Gemm -> Softmax -> "scores" [N,6]

Weights are read from the same H5 files the service reads. Keras keeps LSTM gates in the order i, f, c, o with
kernels [input, 4u]; ONNX wants i, o, f, c with W [1, 4u, input], R [1, 4u, u] and B [1, 8u] = (Wb, Rb).
Each model is verified with onnx.checker (full check, shape inference). The outputs are verified against the
numpy peer by the ONNX Runtime benchmark (bench/Nlp.Benchmarks), since onnxruntime is not packaged for Python here.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_numpy  # noqa: E402

OPSET = 17


def init(name, array):
    return numpy_helper.from_array(np.ascontiguousarray(array), name)


def layers_of(folder):
    with open(os.path.join(folder, "model.yaml")) as f:
        arch = json.load(f)
    weights = keras_numpy.read_weights(os.path.join(folder, "weights.h5"))
    return [(l["class_name"], l["config"], weights.get(l["config"]["name"], [])) for l in arch["config"]["layers"]]


def dense_nodes(name, x, config, weights, nodes, inits):
    kernel, bias = weights
    inits += [init(f"{name}_W", kernel), init(f"{name}_B", bias)]
    gemm = f"{name}_gemm"
    nodes.append(helper.make_node("Gemm", [x, f"{name}_W", f"{name}_B"], [gemm], name=f"{name}/Gemm"))
    op = {"relu": "Relu", "sigmoid": "Sigmoid", "softmax": "Softmax", "tanh": "Tanh", "linear": None}[config["activation"]]
    if op is None:
        return gemm
    out = f"{name}_out"
    attrs = {"axis": 1} if op == "Softmax" else {}
    nodes.append(helper.make_node(op, [gemm], [out], name=f"{name}/{op}", **attrs))
    return out


def keras_to_onnx_gates(matrix, units):
    """Columns [.., 4u] in Keras order i, f, c, o -> rows [4u, ..] in ONNX order i, o, f, c."""
    i, f, c, o = (matrix[..., k * units:(k + 1) * units] for k in range(4))
    return np.concatenate([i, o, f, c], axis=-1).T


def export_dense(folder):
    nodes, inits = [], []
    x = "counts"
    width = None
    for cls, config, weights in layers_of(folder):
        if cls == "Dropout":
            continue
        if cls != "Dense":
            raise ValueError(f"unexpected layer {cls}")
        width = width or weights[0].shape[0]
        x = dense_nodes(config["name"], x, config, weights, nodes, inits)
    nodes.append(helper.make_node("Identity", [x], ["scores"], name="scores"))
    graph = helper.make_graph(nodes, "seed_dense", [helper.make_tensor_value_info("counts", TensorProto.FLOAT, ["N", width])],
                              [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", 6])], inits)
    return graph


def export_lstm(folder):
    (e_cls, e_cfg, (table,)), (l_cls, l_cfg, (kernel, recurrent, bias)), (d_cls, d_cfg, d_weights) = layers_of(folder)
    assert (e_cls, l_cls, d_cls) == ("Embedding", "LSTM", "Dense")
    assert l_cfg["recurrent_activation"] == "sigmoid" and l_cfg["activation"] == "tanh"
    units = l_cfg["units"]
    steps = e_cfg["input_length"]
    w = keras_to_onnx_gates(kernel, units)[None]        # [1, 4u, input]
    r = keras_to_onnx_gates(recurrent, units)[None]     # [1, 4u, u]
    b = np.concatenate([keras_to_onnx_gates(bias[None], units)[:, 0], np.zeros(4 * units, np.float32)])[None]  # [1, 8u]
    inits = [init("embeddings", table), init("lstm_W", w), init("lstm_R", r), init("lstm_B", b),
             init("squeeze_axes", np.array([0], dtype=np.int64))]
    nodes = [
        helper.make_node("Gather", ["embeddings", "ids"], ["embedded"], name="embedding_1/Gather", axis=0),
        helper.make_node("Transpose", ["embedded"], ["embedded_tnc"], name="embedding_1/Transpose", perm=[1, 0, 2]),
        helper.make_node("LSTM", ["embedded_tnc", "lstm_W", "lstm_R", "lstm_B"], ["", "lstm_h"], name="lstm_1/LSTM",
                         hidden_size=units, direction="forward", activations=["Sigmoid", "Tanh", "Tanh"]),
        helper.make_node("Squeeze", ["lstm_h", "squeeze_axes"], ["lstm_out"], name="lstm_1/Squeeze"),
    ]
    x = dense_nodes(d_cfg["name"], "lstm_out", d_cfg, d_weights, nodes, inits)
    nodes.append(helper.make_node("Identity", [x], ["scores"], name="scores"))
    return helper.make_graph(nodes, "embed_lstm", [helper.make_tensor_value_info("ids", TensorProto.INT64, ["N", steps])],
                             [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", 6])], inits)


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join("bench", "out"))
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    for name, export in [("seed_dense", export_dense), ("embed_lstm", export_lstm)]:
        graph = export(os.path.join(out, "models", name))
        model = helper.make_model(graph, producer_name="NlpInference bench/peers/export_onnx.py",
                                  opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 8  # ONNX 1.12's IR; ONNX Runtime 1.31 reads it
        path = os.path.join(out, "onnx", f"{name}.onnx")
        onnx.save(model, path)
        onnx.checker.check_model(path, full_check=True)
        print(f"{path}: checked (onnx {onnx.__version__}, opset {OPSET}, {os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
