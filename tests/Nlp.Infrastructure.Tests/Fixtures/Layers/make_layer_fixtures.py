#!/usr/bin/python3
"""Generates the layer fixtures of Nlp.Infrastructure.Tests (Inference/Layers) with numpy.

Each reference below is written from the formulas of Keras's own sources (tf.keras 2.x / Keras 3), in float32:
  - Conv1D: keras backend conv1d = explicit padding (TF 'SAME': total = max((out-1)*s + (k-1)*d + 1 - L, 0),
    left = total // 2; 'causal': (k-1)*d zeros on the left) then a valid dilated, strided correlation.
  - Pooling1D: TF pooling, 'same' pads are ignored (max over real steps, average divided by the real count).
  - LayerNormalization: tf.nn.moments over the axes then tf.nn.batch_normalization.
  - BatchNormalization (inference): tf.nn.batch_normalization with the moving statistics.
  - MultiHeadAttention: the einsum equations of keras/layers/attention/multi_head_attention.py
    (projection "abc,cde->abde", scores "aecd,abcd->acbe", combine "acbe,aecd->abcd", output "abcd,cde->abe"),
    query scaled by 1/sqrt(key_dim), mask = query[:, :, None] & value[:, None, :] (& causal), Softmax adding -1e9.
  - Attention (Luong): base_dense_attention.py / attention.py (dot or concat scores, scale, value mask, causal,
    query mask zeroing rows).
  - Dot: keras backend batch_dot with l2_normalize (epsilon 1e-12).
  - Activations: tf.keras activation formulas (gelu exact via math.erf).

Run from anywhere: /usr/bin/python3 make_layer_fixtures.py   (writes the *.json next to this script)
"""
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)
f32 = np.float32


def rand(*shape):
    return rng.uniform(-1.0, 1.0, size=shape).astype(f32)


def arr(a):
    a = np.asarray(a, dtype=f32)
    return {"shape": list(a.shape), "data": [float(x) for x in a.reshape(-1)]}


def case(name, config, inputs, weights, expected, masks=None, input_shapes=None):
    """inputs: list of batched arrays; input_shapes: shapes without batch given to the factory (None = unknown)."""
    return {
        "name": name,
        "config": config,
        "inputs": [arr(x) for x in inputs],
        "input_shapes": input_shapes or [list(x.shape[1:]) for x in inputs],
        "masks": masks or [None] * len(inputs),
        "weights": [arr(w) for w in weights],
        "expected": arr(expected),
    }


def write(name, cases):
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump({"generator": "make_layer_fixtures.py", "cases": cases}, f, indent=1)
        f.write("\n")


# ---------------------------------------------------------------- activations used inside layers
def activation(name, x):
    x = x.astype(f32)
    if name == "linear":
        return x
    if name == "relu":
        return np.maximum(x, f32(0))
    if name == "tanh":
        return np.tanh(x)
    if name == "sigmoid":
        return (1 / (1 + np.exp(-x.astype(np.float64)))).astype(f32)
    raise ValueError(name)


# ---------------------------------------------------------------- Conv1D
def conv1d(x, kernel, bias, stride, dilation, padding, groups, act):
    b, length, channels = x.shape
    k, cg, filters = kernel.shape
    eff = (k - 1) * dilation + 1
    if padding == "causal":
        x = np.pad(x, ((0, 0), (eff - 1, 0), (0, 0)))
    elif padding == "same":
        out = -(-length // stride)
        total = max((out - 1) * stride + eff - length, 0)
        x = np.pad(x, ((0, 0), (total // 2, total - total // 2), (0, 0)))
    length = x.shape[1]
    out_len = (length - eff) // stride + 1
    fg = filters // groups
    y = np.zeros((b, out_len, filters), dtype=np.float64)
    for t in range(out_len):
        for j in range(k):
            step = x[:, t * stride + j * dilation, :].astype(np.float64)
            for g in range(groups):
                y[:, t, g * fg:(g + 1) * fg] += step[:, g * cg:(g + 1) * cg] @ kernel[j, :, g * fg:(g + 1) * fg]
    if bias is not None:
        y += bias
    return activation(act, y.astype(f32))


def conv_cases():
    cases = []
    specs = [
        ("same_k3", dict(kernel_size=[3], padding="same"), 7, 3, 4, 1, "linear", True),
        ("same_even_kernel_strided", dict(kernel_size=[4], strides=[2], padding="same"), 9, 2, 3, 1, "relu", True),
        ("causal_dilated", dict(kernel_size=[3], dilation_rate=[2], padding="causal"), 8, 3, 2, 1, "tanh", True),
        ("causal_strided", dict(kernel_size=[2], strides=[3], padding="causal"), 10, 2, 2, 1, "linear", False),
        ("valid_dilated", dict(kernel_size=[3], dilation_rate=[3], padding="valid"), 10, 2, 3, 1, "sigmoid", True),
        ("valid_strided", dict(kernel_size=[3], strides=[2], padding="valid"), 9, 3, 2, 1, "linear", True),
        ("groups_2", dict(kernel_size=[2], padding="valid", groups=2), 5, 4, 6, 2, "linear", True),
    ]
    for name, extra, length, channels, filters, groups, act, use_bias in specs:
        config = dict(filters=filters, activation=act, use_bias=use_bias, **extra)
        k = extra["kernel_size"][0]
        x = rand(2, length, channels)
        kernel = rand(k, channels // groups, filters)
        bias = rand(filters) if use_bias else None
        y = conv1d(x, kernel, bias, extra.get("strides", [1])[0], extra.get("dilation_rate", [1])[0],
                   extra["padding"], groups, act)
        weights = [kernel] + ([bias] if use_bias else [])
        cases.append(case(name, config, [x], weights, y))
    return cases


# ---------------------------------------------------------------- Pooling1D
def pool1d(x, size, stride, padding, average):
    b, length, c = x.shape
    if padding == "same":
        out = -(-length // stride)
        total = max((out - 1) * stride + size - length, 0)
        left = total // 2
    else:
        out = (length - size) // stride + 1
        left = 0
    y = np.zeros((b, out, c), dtype=f32)
    for t in range(out):
        lo = max(t * stride - left, 0)
        hi = min(t * stride - left + size, length)
        window = x[:, lo:hi, :]
        y[:, t, :] = window.mean(axis=1) if average else window.max(axis=1)
    return y


def pool_cases():
    cases = []
    for cls, average in (("MaxPooling1D", False), ("AveragePooling1D", True)):
        for size, stride, padding, length in ((3, 2, "same", 8), (4, 3, "same", 10), (2, None, "valid", 7),
                                              (3, 1, "valid", 5), (5, 2, "same", 6)):
            x = rand(2, length, 3)
            config = dict(pool_size=[size], strides=None if stride is None else [stride], padding=padding)
            y = pool1d(x, size, stride or size, padding, average)
            c = case(f"{cls}_{padding}_p{size}_s{stride}", config, [x], [], y)
            c["class_name"] = cls
            cases.append(c)
    return cases


# ---------------------------------------------------------------- normalization
def layer_norm(x, axes, eps, gamma, beta):
    mean = x.mean(axis=axes, keepdims=True, dtype=np.float64).astype(f32)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True, dtype=np.float64).astype(f32)
    inv = (1 / np.sqrt(var + f32(eps))).astype(f32)
    if gamma is not None:
        inv = inv * gamma
    offset = -mean * inv if beta is None else beta - mean * inv
    return x * inv + offset


def norm_cases():
    cases = []
    x = rand(2, 5, 4) * 3 + 0.5
    g, b = rand(4) + 1, rand(4)
    cases.append(case("layer_norm_last_axis", dict(axis=-1, epsilon=1e-3), [x], [g, b],
                      layer_norm(x, (2,), 1e-3, g, b)))
    g2, b2 = rand(5, 4) + 1, rand(5, 4)
    cases.append(case("layer_norm_two_axes", dict(axis=[1, 2], epsilon=1e-5), [x], [g2, b2],
                      layer_norm(x, (1, 2), 1e-5, g2, b2)))
    cases.append(case("layer_norm_no_center", dict(axis=[-1], epsilon=1e-3, center=False), [x], [g],
                      layer_norm(x, (2,), 1e-3, g, None)))
    for c in cases:
        c["class_name"] = "LayerNormalization"

    mean, var = rand(4), rand(4) + 1.2
    inv = (1 / np.sqrt(var + f32(1e-3))).astype(f32) * g
    bn = case("batch_norm_last_axis", dict(axis=-1, epsilon=1e-3), [x], [g, b, mean, var], x * inv + (b - mean * inv))
    bn["class_name"] = "BatchNormalization"
    cases.append(bn)
    var5, mean5, beta5 = rand(5) ** 2 + f32(0.1), rand(5), rand(5)
    inv5 = (1 / np.sqrt(var5 + f32(0.01))).astype(f32)
    bn2 = case("batch_norm_time_axis_no_scale", dict(axis=1, epsilon=0.01, scale=False), [x], [beta5, mean5, var5],
               x * inv5[None, :, None] + (beta5 - mean5 * inv5)[None, :, None])
    bn2["class_name"] = "BatchNormalization"
    cases.append(bn2)
    return cases


# ---------------------------------------------------------------- attention
def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).astype(f32)


def mha(q_in, v_in, wq, bq, wk, bk, wv, bv, wo, bo, key_dim, mask):
    query = np.einsum("abc,cde->abde", q_in, wq) + bq
    key = np.einsum("abc,cde->abde", v_in, wk) + bk
    value = np.einsum("abc,cde->abde", v_in, wv) + bv
    query = (query * f32(1.0 / math.sqrt(float(key_dim)))).astype(f32)
    scores = np.einsum("aecd,abcd->acbe", key, query).astype(f32)
    if mask is not None:
        scores = scores + ((1.0 - mask[:, None, :, :].astype(f32)) * f32(-1e9)).astype(f32)
    probs = softmax(scores)
    out = np.einsum("acbe,aecd->abcd", probs, value)
    return (np.einsum("abcd,cde->abe", out, wo) + bo).astype(f32)


def attention_cases():
    cases = []
    batch, steps, dim, heads, key_dim, value_dim = 2, 5, 6, 2, 3, 4
    x = rand(batch, steps, dim)
    weights = [rand(dim, heads, key_dim), rand(heads, key_dim), rand(dim, heads, key_dim), rand(heads, key_dim),
               rand(dim, heads, value_dim), rand(heads, value_dim), rand(heads, value_dim, dim), rand(dim)]
    config = dict(num_heads=heads, key_dim=key_dim, value_dim=value_dim)
    c = case("mha_self_attention", config, [x, x], weights, mha(x, x, *weights, key_dim, None))
    c["class_name"] = "MultiHeadAttention"
    cases.append(c)

    step_mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=bool)
    full = step_mask[:, :, None] & step_mask[:, None, :]
    c = case("mha_self_attention_masked", config, [x, x], weights, mha(x, x, *weights, key_dim, full),
             masks=[step_mask.reshape(-1).tolist(), step_mask.reshape(-1).tolist()])
    c["class_name"] = "MultiHeadAttention"
    cases.append(c)

    causal = np.tril(np.ones((steps, steps), dtype=bool))[None, :, :].repeat(batch, axis=0)
    c = case("mha_causal", dict(config, use_causal_mask=True), [x, x], weights, mha(x, x, *weights, key_dim, causal))
    c["class_name"] = "MultiHeadAttention"
    cases.append(c)

    out_dim = 7
    weights_nb = [weights[0], np.zeros((heads, key_dim), f32), weights[2], np.zeros((heads, key_dim), f32),
                  weights[4], np.zeros((heads, value_dim), f32), rand(heads, value_dim, out_dim), np.zeros(out_dim, f32)]
    c = case("mha_no_bias_output_shape", dict(num_heads=heads, key_dim=key_dim, value_dim=value_dim, use_bias=False,
                                               output_shape=out_dim),
             [x, x], [weights_nb[i] for i in (0, 2, 4, 6)], mha(x, x, *weights_nb, key_dim, None))
    c["class_name"] = "MultiHeadAttention"
    cases.append(c)

    # Luong attention
    q, v = rand(batch, 3, 4), rand(batch, steps, 4)
    vmask = np.array([[1, 1, 0, 1, 0], [1, 1, 1, 1, 1]], dtype=bool)
    qmask = np.array([[1, 1, 0], [1, 1, 1]], dtype=bool)

    def luong(q, v, k, scale, concat_weight, vmask, causal, qmask):
        if concat_weight is None:
            scores = np.einsum("bqd,bvd->bqv", q, k).astype(f32)
            if scale is not None:
                scores = scores * f32(scale)
        else:
            s = q[:, :, None, :] + k[:, None, :, :]
            if scale is not None:
                s = f32(scale) * s
            scores = f32(concat_weight) * np.tanh(s).sum(axis=-1)
        m = None
        if vmask is not None:
            m = vmask[:, None, :]
        if causal:
            c = np.tril(np.ones((scores.shape[1], scores.shape[2]), dtype=bool))[None]
            m = c if m is None else (m & c)
        if m is not None:
            scores = scores - f32(1e9) * (~m).astype(f32)
        out = np.einsum("bqv,bvd->bqd", softmax(scores), v)
        if qmask is not None:
            out = out * qmask[:, :, None]
        return out.astype(f32)

    k = rand(batch, steps, 4)
    for name, cfg, scale, cw, inputs, masks, causal in (
        ("attention_dot_scaled", dict(use_scale=True), 0.7, None, [q, v], None, False),
        ("attention_dot_value_key_masked", dict(), None, None, [q, v, k],
         [qmask.reshape(-1).tolist(), vmask.reshape(-1).tolist(), None], False),
        ("attention_concat", dict(score_mode="concat", use_scale=True), 1.3, 0.8, [q, v], None, False),
        ("attention_causal", dict(causal=True), None, None, [v, v], None, True),
    ):
        key = inputs[2] if len(inputs) > 2 else inputs[1]
        weights = ([np.array(scale, f32)] if scale is not None else []) + ([np.array(cw, f32)] if cw is not None else [])
        out = luong(inputs[0], inputs[1], key, scale, cw,
                    vmask if masks else None, causal, qmask if masks else None)
        c = case(name, cfg, inputs, weights, out, masks=masks)
        c["class_name"] = "Attention"
        cases.append(c)
    return cases


# ---------------------------------------------------------------- merges
def l2n(x, axis):
    return (x / np.sqrt(np.maximum((x.astype(np.float64) ** 2).sum(axis=axis, keepdims=True), 1e-12))).astype(f32)


def merge_cases():
    cases = []
    a, b = rand(2, 3, 4), rand(2, 5, 4)
    c1 = case("dot_axes_2_2", dict(axes=[2, 2]), [a, b], [], np.einsum("bid,bjd->bij", a, b))
    y2 = rand(2, 3, 2)
    c2 = case("dot_axes_1_normalized", dict(axes=1, normalize=True), [a, y2], [],
              np.einsum("bti,btj->bij", l2n(a, 1), l2n(y2, 1)))
    v1, v2 = rand(2, 4), rand(2, 4)
    c3 = case("dot_vectors", dict(axes=-1), [v1, v2], [], (v1 * v2).sum(axis=1, keepdims=True))
    c4 = case("dot_sequence_vector", dict(axes=[2, 1]), [a, v1], [], np.einsum("btd,bd->bt", a, v1))
    for c in (c1, c2, c3, c4):
        c["class_name"] = "Dot"
    cases += [c1, c2, c3, c4]

    seq, weights_col = rand(2, 5, 4), rand(2, 5, 1)
    m = case("multiply_broadcast_column", dict(), [seq, weights_col], [], seq * weights_col)
    m["class_name"] = "Multiply"
    cases.append(m)
    s = case("subtract_rank_broadcast", dict(), [seq, v1], [], seq - v1[:, None, :])
    s["class_name"] = "Subtract"
    cases.append(s)

    # Same-shape merges and concatenations (own generator, so the cases above and the files after keep their values).
    own = np.random.default_rng(20261127)
    p, q, r = (own.uniform(-1.0, 1.0, size=(2, 5, 4)).astype(f32) for _ in range(3))
    short = own.uniform(-1.0, 1.0, size=(2, 3, 4)).astype(f32)
    wide = own.uniform(-1.0, 1.0, size=(2, 5, 3)).astype(f32)
    mask_p = [True, True, False, True, True, True, False, False, True, True]  # [batch, time], flattened
    mask_q = [True, True, True, False, True, True, True, True, True, True]
    mask_short = [True, False, True, True, True, False]
    for name, cls, inputs, expected, masks in [
        ("add_same_shape", "Add", [p, q], p + q, None),
        ("add_same_shape_masked", "Add", [p, q], p + q, [mask_p, mask_q]),
        ("average_three", "Average", [p, q, r], ((p + q) + r) / f32(3), None),
        ("maximum_same_shape", "Maximum", [p, q], np.maximum(p, q), None),
    ]:
        c = case(name, dict(), inputs, [], expected, masks=masks)
        c["class_name"] = cls
        cases.append(c)
    for name, axis, inputs, masks in [
        ("concatenate_features", -1, [p, wide], None),
        ("concatenate_time_masked", 1, [short, p], [mask_short, mask_p]),
        ("concatenate_time_one_mask", 1, [short, p], [None, mask_p]),
    ]:
        c = case(name, dict(axis=axis), inputs, [], np.concatenate(inputs, axis=axis), masks=masks)
        c["class_name"] = "Concatenate"
        cases.append(c)
    return cases


# ---------------------------------------------------------------- activations
def activation_cases():
    x = np.concatenate([np.linspace(-6, 6, 25, dtype=f32), np.array([-0.0001, 0.0003, 12.5, -14.0], f32)])
    xd = x.astype(np.float64)
    selu_a, selu_s = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
    refs = {
        "elu": np.where(xd > 0, xd, np.expm1(xd)),
        "selu": selu_s * np.where(xd > 0, xd, selu_a * np.expm1(xd)),
        "softplus": np.log1p(np.exp(-np.abs(xd))) + np.maximum(xd, 0),
        "softsign": xd / (1 + np.abs(xd)),
        "swish": xd / (1 + np.exp(-xd)),
        "gelu": np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in xd]),
        "hard_sigmoid": np.clip(x * f32(0.2) + f32(0.5), 0, 1),
        "exponential": np.exp(xd),
        "sigmoid": 1 / (1 + np.exp(-xd)),
        "tanh": np.tanh(xd),
        "relu": np.maximum(xd, 0),
    }
    cases = [{"name": n, "input": arr(x), "expected": arr(v)} for n, v in refs.items()]
    logits = rand(3, 5) * 4
    cases.append({"name": "softmax", "input": arr(logits), "expected": arr(softmax(logits.astype(np.float64)))})
    return cases


def advanced_activation_cases():
    x = rand(2, 3, 4) * 3
    cases = []
    relu_specs = [
        ("relu_max_value", dict(max_value=1.5), np.clip(np.maximum(x, 0), 0, 1.5)),
        ("relu_negative_slope", dict(negative_slope=0.1), np.where(x > 0, x, f32(0.1) * x)),
        ("relu_threshold", dict(threshold=0.5), x * (x > f32(0.5))),
        ("relu_all", dict(max_value=2.0, negative_slope=0.2, threshold=0.5),
         np.clip(x * (x > f32(0.5)), 0, 2.0) - f32(0.2) * np.maximum(-x + f32(0.5), 0)),
    ]
    for name, cfg, y in relu_specs:
        c = case(name, cfg, [x], [], y)
        c["class_name"] = "ReLU"
        cases.append(c)
    alpha = rand(1, 4) * 0.3
    c = case("prelu_shared_time_axis", dict(shared_axes=[1]), [x], [alpha], np.where(x > 0, x, alpha * x))
    c["class_name"] = "PReLU"
    cases.append(c)
    c = case("softmax_time_axis", dict(axis=1), [x], [], softmax(x, axis=1))
    c["class_name"] = "Softmax"
    cases.append(c)
    c = case("leaky_relu_keras3", dict(negative_slope=0.05), [x], [], np.where(x > 0, x, f32(0.05) * x))
    c["class_name"] = "LeakyReLU"
    cases.append(c)
    cube = rand(2, 2, 3, 4)
    p = case("permute_3d", dict(dims=[3, 1, 2]), [cube], [], np.transpose(cube, (0, 3, 1, 2)))
    p["class_name"] = "Permute"
    cases.append(p)
    return cases


if __name__ == "__main__":
    conv = conv_cases()
    for c in conv:
        c["class_name"] = "Conv1D"
    write("conv1d", conv)
    write("pooling1d", pool_cases())
    write("normalization", norm_cases())
    write("attention", attention_cases())
    write("merging", merge_cases())
    write("activations", activation_cases())
    write("advanced_activations", advanced_activation_cases())
