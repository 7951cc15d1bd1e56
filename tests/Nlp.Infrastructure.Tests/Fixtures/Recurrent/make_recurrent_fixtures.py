#!/usr/bin/python3
"""Generates recurrent_cases.json: sequence-layer chains with random weights and their outputs computed by a numpy
reference written straight from the Keras sources (no TensorFlow needed):

- cells: keras/layers/recurrent.py (Keras 2.x LSTMCell, GRUCell incl. reset_after, SimpleRNNCell),
  keras/src/layers/rnn/{lstm,gru,simple_rnn}.py (Keras 3, same math);
- the time loop with masks: keras/backend/tensorflow_backend.py `rnn` (Keras 2) and
  keras/src/backend/tensorflow/rnn.py (Keras 3): every step is computed, then
  output = where(mask, output, zeros if zero_output_for_mask else previous output) and
  states = where(mask, new_states, states); go_backwards walks (and returns) the reversed sequence;
- Bidirectional: keras/layers/wrappers.py (Keras 2: backward = layer with go_backwards flipped, y_rev reversed when
  return_sequences); tf.keras and Keras 3 force zero_output_for_mask = return_sequences on both layers;
- CuDNNLSTM / CuDNNGRU: keras/layers/cudnn_recurrent.py (bias [8u] = input + recurrent biases; GRU bias [6u]) with
  the kernels converted from cuDNN's layout as keras saving._convert_rnn_weights does;
- hard_sigmoid: Keras 2 / tf.keras clip(0.2x + 0.5); Keras 3 clip(x/6 + 0.5);
- Embedding (cast to int32, mask = x != 0), Masking (any(x != v)), GlobalAveragePooling1D (masked mean),
  GlobalMaxPooling1D (ignores the mask), TimeDistributed(Dense).

Run: /usr/bin/python3 make_recurrent_fixtures.py  (writes recurrent_cases.json beside this script).
"""
import json
import os

import numpy as np

RNG = np.random.RandomState(20240611)
F32 = np.float32


def rand(*shape, scale=0.5):
    return (RNG.uniform(-1, 1, size=shape) * scale).astype(F32)


# ---- activations -------------------------------------------------------------------------------------------------
def sigmoid(x):
    return (1.0 / (1.0 + np.exp(-x))).astype(F32)


def activation(name, dialect):
    if name in (None, "linear"):
        return lambda x: x
    if name == "tanh":
        return np.tanh
    if name == "sigmoid":
        return sigmoid
    if name == "hard_sigmoid":
        if dialect == "keras3":
            return lambda x: np.clip(x / F32(6.0) + F32(0.5), 0, 1).astype(F32)
        return lambda x: np.clip(F32(0.2) * x + F32(0.5), 0, 1).astype(F32)
    if name == "relu":
        return lambda x: np.maximum(x, 0)
    if name == "softmax":
        def softmax(x):
            e = np.exp(x - x.max(axis=-1, keepdims=True))
            return (e / e.sum(axis=-1, keepdims=True)).astype(F32)
        return softmax
    raise ValueError(name)


def dialect_of(config):
    if "time_major" in config:
        return "tfkeras"
    if "seed" in config or "zero_output_for_mask" in config:
        return "keras3"
    return "keras2"


# ---- K.rnn ---------------------------------------------------------------------------------------------------------
def rnn(step, inputs, states, go_backwards, mask, zero_output_for_mask):
    """keras backend rnn: returns (last_output, outputs [B, T, u], states)."""
    if go_backwards:
        inputs = inputs[:, ::-1]
        mask = None if mask is None else mask[:, ::-1]
    outputs = []
    prev_output = None
    for t in range(inputs.shape[1]):
        output, new_states = step(inputs[:, t], states)
        if prev_output is None:
            prev_output = np.zeros_like(output)
        if mask is not None:
            m = mask[:, t][:, None]
            output = np.where(m, output, np.zeros_like(output) if zero_output_for_mask else prev_output)
            new_states = [np.where(m, n, s) for n, s in zip(new_states, states)]
        prev_output = output
        states = new_states
        outputs.append(output)
    return outputs[-1], np.stack(outputs, axis=1), states


# ---- cells ---------------------------------------------------------------------------------------------------------
def lstm_step(w, units, act, rec):
    kernel, recurrent, bias = w

    def step(x, states):
        h, c = states
        z = x @ kernel + h @ recurrent
        if bias is not None:
            z = z + bias
        i = rec(z[:, :units])
        f = rec(z[:, units:2 * units])
        c = f * c + i * act(z[:, 2 * units:3 * units])
        o = rec(z[:, 3 * units:])
        h = o * act(c)
        return h, [h, c]
    return step


def gru_step(w, units, act, rec, reset_after):
    kernel, recurrent, bias = w
    if bias is None:
        in_bias, rec_bias = np.zeros(3 * units, F32), np.zeros(3 * units, F32)
    elif reset_after:
        in_bias, rec_bias = bias.reshape(2, 3 * units)
    else:
        in_bias, rec_bias = bias, None

    def step(x, states):
        h = states[0]
        xz = x @ kernel[:, :units] + in_bias[:units]
        xr = x @ kernel[:, units:2 * units] + in_bias[units:2 * units]
        xh = x @ kernel[:, 2 * units:] + in_bias[2 * units:]
        if reset_after:
            inner = h @ recurrent + rec_bias
            z = rec(xz + inner[:, :units])
            r = rec(xr + inner[:, units:2 * units])
            hh = act(xh + r * inner[:, 2 * units:])
        else:
            z = rec(xz + h @ recurrent[:, :units])
            r = rec(xr + h @ recurrent[:, units:2 * units])
            hh = act(xh + (r * h) @ recurrent[:, 2 * units:])
        h = z * h + (1 - z) * hh
        return h, [h]
    return step


def simple_step(w, act):
    kernel, recurrent, bias = w

    def step(x, states):
        out = x @ kernel + (0 if bias is None else bias) + states[0] @ recurrent
        out = act(out)
        return out, [out]
    return step


# ---- layers --------------------------------------------------------------------------------------------------------
def recurrent_weights(class_name, config, features):
    units = config["units"]
    width = {"LSTM": 4, "CuDNNLSTM": 4, "GRU": 3, "CuDNNGRU": 3, "SimpleRNN": 1}[class_name] * units
    weights = [rand(features, width), rand(units, width)]
    if class_name == "CuDNNLSTM":
        weights.append(rand(8 * units))
    elif class_name == "CuDNNGRU":
        weights.append(rand(6 * units))
    elif config.get("use_bias", True):
        if class_name == "GRU" and config.get("reset_after", False):
            weights.append(rand(2, width))
        else:
            weights.append(rand(width))
    return weights


def cudnn_to_keras(weights, gates):
    """keras saving._convert_rnn_weights(from_cudnn=True): CuDNN layers hand each gate block to cuDNN untransposed,
    so the CPU kernel is kernel.T.reshape(kernel.shape, order='F') per input block and k.T per recurrent block."""
    def per_gate(k, transform):
        return np.hstack([transform(block) for block in np.hsplit(k, gates)]).astype(F32)
    return (per_gate(weights[0], lambda b: b.T.reshape(b.shape, order="F")), per_gate(weights[1], lambda b: b.T))


def run_recurrent(class_name, config, weights, x, mask, zero_output=None):
    units = config["units"]
    dialect = dialect_of(config)
    act = activation(config.get("activation", "tanh"), dialect)
    rec = activation(config.get("recurrent_activation", "hard_sigmoid"), dialect)
    bias = weights[2] if len(weights) == 3 else None
    batch = x.shape[0]
    if class_name == "LSTM":
        step = lstm_step((weights[0], weights[1], bias), units, act, rec)
        states = [np.zeros((batch, units), F32)] * 2
    elif class_name == "CuDNNLSTM":
        summed = bias[:4 * units] + bias[4 * units:]
        step = lstm_step(cudnn_to_keras(weights, 4) + (summed,), units, np.tanh, sigmoid)
        states = [np.zeros((batch, units), F32)] * 2
    elif class_name == "GRU":
        step = gru_step((weights[0], weights[1], bias), units, act, rec, config.get("reset_after", False))
        states = [np.zeros((batch, units), F32)]
    elif class_name == "CuDNNGRU":
        step = gru_step(cudnn_to_keras(weights, 3) + (bias,), units, np.tanh, sigmoid, True)
        states = [np.zeros((batch, units), F32)]
    else:
        step = simple_step((weights[0], weights[1], bias), act)
        states = [np.zeros((batch, units), F32)]
    if zero_output is None:
        zero_output = config.get("zero_output_for_mask", False)
    last, outputs, _ = rnn(step, x, states, config.get("go_backwards", False), mask, zero_output)
    if config.get("return_sequences", False):
        return outputs, mask
    return last, None


def run_layer(layer, x, mask):
    cls, config, w = layer["class_name"], layer["config"], layer["weights"]
    if cls == "Embedding":
        ids = x.astype(np.int32)
        out = w[0][ids]
        return out, (x != 0) if config.get("mask_zero", False) else None
    if cls == "Masking":
        keep = np.any(x != F32(config.get("mask_value", 0.0)), axis=-1)
        return x * keep[..., None].astype(F32), keep
    if cls in ("LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU"):
        return run_recurrent(cls, config, w, x, mask)
    if cls == "Bidirectional":
        inner_cls = config["layer"]["class_name"]
        forward = config["layer"]["config"]
        backward_spec = config.get("backward_layer")
        if backward_spec is None:
            backward = dict(forward, go_backwards=not forward.get("go_backwards", False))
        else:
            backward = backward_spec["config"]
        sequences = forward.get("return_sequences", False)
        zero = None if dialect_of(forward) == "keras2" else sequences
        n = len(w) // 2
        y, _ = run_recurrent(inner_cls, forward, w[:n], x, mask, zero)
        y_rev, _ = run_recurrent(inner_cls, backward, w[n:], x, mask, zero)
        if sequences:
            y_rev = y_rev[:, ::-1]
        mode = config.get("merge_mode", "concat")
        out = {"concat": lambda: np.concatenate([y, y_rev], axis=-1), "sum": lambda: y + y_rev,
               "ave": lambda: (y + y_rev) / 2, "mul": lambda: y * y_rev}[mode]()
        return out, mask if sequences else None
    if cls == "TimeDistributed":
        inner = config["layer"]["config"]
        out = x @ w[0] + (w[1] if len(w) == 2 else 0)
        return activation(inner.get("activation", "linear"), dialect_of(inner))(out), mask
    if cls == "GlobalAveragePooling1D":
        if mask is None:
            return x.mean(axis=1), None
        m = mask.astype(F32)[:, :, None]
        return (x * m).sum(axis=1) / m.sum(axis=1), None
    if cls == "GlobalMaxPooling1D":
        return x.max(axis=1), None
    raise ValueError(cls)


# ---- cases ---------------------------------------------------------------------------------------------------------
def ids(rows, length, vocab, padding):
    out = np.zeros((len(rows), length), F32)
    for b, n in enumerate(rows):
        seq = RNG.randint(1, vocab, size=n)
        if padding == "pre":
            out[b, length - n:] = seq
        else:
            out[b, :n] = seq
    return out


def case(name, x, layers, note):
    features = x.shape[-1] if x.ndim == 3 else None
    for layer in layers:
        cls, config = layer["class_name"], layer["config"]
        if "weights" in layer:
            pass
        elif cls == "Embedding":
            layer["weights"] = [rand(config["input_dim"], config["output_dim"], scale=1.0)]
        elif cls == "Bidirectional":
            inner_cls, inner = config["layer"]["class_name"], config["layer"]["config"]
            back = config.get("backward_layer", {}).get("config", inner)
            layer["weights"] = recurrent_weights(inner_cls, inner, features) + recurrent_weights(inner_cls, back, features)
        elif cls == "TimeDistributed":
            inner = config["layer"]["config"]
            layer["weights"] = [rand(features, inner["units"])] + ([rand(inner["units"])] if inner.get("use_bias", True) else [])
        elif cls in ("LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU"):
            layer["weights"] = recurrent_weights(cls, config, features)
        else:
            layer["weights"] = []
        features = shape_after(layer, features)
    out, mask = x, None
    for layer in layers:
        out, mask = run_layer(layer, out, mask)
    return {
        "name": name,
        "note": note,
        "input": arr(x),
        "layers": [{"class_name": l["class_name"], "config": l["config"], "weights": [arr(w) for w in l["weights"]]}
                   for l in layers],
        "expected": arr(out.astype(F32)),
        "expected_mask": None if mask is None else [bool(v) for v in np.asarray(mask).reshape(-1)],
    }


def shape_after(layer, features):
    cls, config = layer["class_name"], layer["config"]
    if cls == "Embedding":
        return config["output_dim"]
    if cls in ("LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU"):
        return config["units"]
    if cls == "Bidirectional":
        units = config["layer"]["config"]["units"]
        return 2 * units if config.get("merge_mode", "concat") == "concat" else units
    if cls == "TimeDistributed":
        return config["layer"]["config"]["units"]
    return features


def arr(a):
    a = np.asarray(a, dtype=F32)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def emb(name, vocab=12, dim=5):
    return {"class_name": "Embedding", "config": {"name": name, "input_dim": vocab, "output_dim": dim, "mask_zero": True}}


def main():
    keras2_lstm = {"name": "lstm", "units": 4, "activation": "tanh", "recurrent_activation": "hard_sigmoid"}
    tf_lstm = {"name": "lstm", "units": 4, "activation": "tanh", "recurrent_activation": "sigmoid", "time_major": False}
    k3_gru = {"name": "forward_gru", "units": 3, "activation": "tanh", "recurrent_activation": "sigmoid",
              "reset_after": True, "seed": None, "zero_output_for_mask": True, "return_sequences": False}
    cases = [
        case("lstm_keras2_pre_padded_masked", ids([3, 6, 1, 0], 7, 12, "pre"),
             [emb("embedding"), {"class_name": "LSTM", "config": dict(keras2_lstm)}],
             "Keras 2 LSTM (hard_sigmoid) on pre-padded ids with mask_zero; the last row is all padding (zeros out)"),
        case("lstm_keras2_post_padded_sequences", ids([2, 5, 7], 7, 12, "post"),
             [emb("embedding"), {"class_name": "LSTM", "config": dict(keras2_lstm, return_sequences=True)}],
             "return_sequences: masked trailing steps repeat the last real output; the mask goes on"),
        case("lstm_sequences_then_masked_average", ids([2, 5, 7], 7, 12, "post"),
             [emb("embedding"), {"class_name": "LSTM", "config": dict(keras2_lstm, return_sequences=True)},
              {"class_name": "GlobalAveragePooling1D", "config": {"name": "gap"}}],
             "GlobalAveragePooling1D averages only the unmasked steps"),
        case("lstm_sequences_then_max", ids([2, 5, 7], 7, 12, "post"),
             [emb("embedding"), {"class_name": "LSTM", "config": dict(keras2_lstm, return_sequences=True)},
              {"class_name": "GlobalMaxPooling1D", "config": {"name": "gmp"}}],
             "GlobalMaxPooling1D ignores the mask (tf.keras / Keras 3)"),
        case("gru_keras21_defaults_backwards_sequences", ids([4, 6, 2], 6, 12, "pre"),
             [emb("embedding"), {"class_name": "GRU", "config": {"name": "gru", "units": 3, "return_sequences": True,
                                                                 "go_backwards": True}}],
             "Keras 2.1 GRU config without reset_after / activations: Keras 2 defaults (hard_sigmoid, reset_after false)"),
        case("gru_tfkeras_reset_after_interior_zeros", np.array([[3, 0, 5, 7, 0, 2], [0, 0, 4, 4, 1, 9]], F32),
             [emb("embedding"), {"class_name": "GRU", "config": {"name": "gru", "units": 3, "activation": "tanh",
                                                                 "recurrent_activation": "sigmoid", "reset_after": True,
                                                                 "return_sequences": True, "time_major": False}}],
             "tf.keras GRU reset_after (bias [2, 3u]); masked steps inside the sequence keep the state"),
        case("gru_no_bias", ids([5, 3], 5, 12, "pre"),
             [emb("embedding"), {"class_name": "GRU", "config": {"name": "gru", "units": 3, "use_bias": False,
                                                                 "activation": "tanh", "recurrent_activation": "sigmoid",
                                                                 "reset_after": True}}],
             "use_bias false: two weights"),
        case("simple_rnn_relu_sequences_backwards", ids([3, 5], 5, 12, "post"),
             [emb("embedding"), {"class_name": "SimpleRNN", "config": {"name": "rnn", "units": 4, "activation": "relu",
                                                                       "return_sequences": True, "go_backwards": True}}],
             "SimpleRNN relu, go_backwards: the returned sequence is in processing (reversed) order"),
        case("bidirectional_lstm_keras2_sequences", ids([2, 5, 6], 6, 12, "post"),
             [emb("embedding"), {"class_name": "Bidirectional", "config": {
                 "name": "bidirectional", "merge_mode": "concat",
                 "layer": {"class_name": "LSTM", "config": dict(keras2_lstm, return_sequences=True)}}}],
             "standalone Keras 2 Bidirectional: masked steps repeat the previous output of each direction"),
        case("bidirectional_lstm_tfkeras_sequences", ids([2, 5, 6], 6, 12, "post"),
             [emb("embedding"), {"class_name": "Bidirectional", "config": {
                 "name": "bidirectional", "merge_mode": "concat",
                 "layer": {"class_name": "LSTM", "config": dict(tf_lstm, return_sequences=True)}}}],
             "tf.keras Bidirectional forces zero_output_for_mask: masked steps are zeros"),
        case("bidirectional_gru_keras3_sum", ids([2, 6, 4], 6, 12, "pre"),
             [emb("embedding"), {"class_name": "Bidirectional", "config": {
                 "name": "bidirectional", "merge_mode": "sum",
                 "layer": {"module": "keras.layers", "class_name": "GRU", "config": dict(k3_gru), "registered_name": None},
                 "backward_layer": {"module": "keras.layers", "class_name": "GRU",
                                    "config": dict(k3_gru, name="backward_gru", go_backwards=True),
                                    "registered_name": None}}}],
             "Keras 3 Bidirectional with its stored backward_layer, merge sum, last outputs"),
        case("bidirectional_simple_rnn_ave", ids([3, 5], 5, 12, "post"),
             [emb("embedding"), {"class_name": "Bidirectional", "config": {
                 "name": "bidirectional", "merge_mode": "ave",
                 "layer": {"class_name": "SimpleRNN", "config": {"name": "rnn", "units": 4, "activation": "tanh"}}}}],
             "merge ave, last outputs"),
        case("bidirectional_simple_rnn_mul_sequences", ids([3, 5], 5, 12, "pre"),
             [emb("embedding"), {"class_name": "Bidirectional", "config": {
                 "name": "bidirectional", "merge_mode": "mul",
                 "layer": {"class_name": "SimpleRNN", "config": {"name": "rnn", "units": 4, "activation": "tanh",
                                                                 "return_sequences": True}}}}],
             "merge mul, sequences, Keras 2 masking"),
        case("cudnn_lstm_sequences", rand(2, 5, 3, scale=1.0),
             [{"class_name": "CuDNNLSTM", "config": {"name": "cu_dnnlstm", "units": 4, "return_sequences": True}}],
             "CuDNNLSTM bias [8u] = input + recurrent biases, sigmoid / tanh"),
        case("cudnn_gru_backwards", rand(2, 5, 3, scale=1.0),
             [{"class_name": "CuDNNGRU", "config": {"name": "cu_dnngru", "units": 4, "go_backwards": True}}],
             "CuDNNGRU = reset_after GRU with bias [6u]"),
        case("masking_then_lstm", np.concatenate([rand(2, 4, 3, scale=1.0), np.zeros((2, 2, 3), F32)], axis=1)[:, [0, 4, 1, 2, 5, 3]],
             [{"class_name": "Masking", "config": {"name": "masking", "mask_value": 0.0}},
              {"class_name": "LSTM", "config": dict(keras2_lstm, return_sequences=True)}],
             "Masking: all-zero steps are masked"),
        case("time_distributed_dense_softmax", ids([2, 4], 4, 12, "post"),
             [emb("embedding"), {"class_name": "LSTM", "config": dict(keras2_lstm, return_sequences=True)},
              {"class_name": "TimeDistributed", "config": {"name": "td", "layer": {
                  "class_name": "Dense", "config": {"name": "dense", "units": 3, "activation": "softmax"}}}}],
             "TimeDistributed(Dense softmax) per step, mask passed on"),
        case("lstm_keras3_hard_sigmoid", ids([4, 2], 4, 12, "pre"),
             [emb("embedding"), {"class_name": "LSTM", "config": dict(keras2_lstm, seed=None, zero_output_for_mask=False)}],
             "Keras 3 config (seed key): hard_sigmoid is clip(x/6 + 0.5)"),
        case("lstm_zero_output_for_mask", ids([2, 4], 4, 12, "post"),
             [emb("embedding"), {"class_name": "LSTM", "config": dict(keras2_lstm, seed=None, zero_output_for_mask=True,
                                                                      return_sequences=True)}],
             "explicit zero_output_for_mask: masked steps output zeros"),
    ]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recurrent_cases.json")
    with open(path, "w") as f:
        json.dump({"generator": "make_recurrent_fixtures.py", "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
