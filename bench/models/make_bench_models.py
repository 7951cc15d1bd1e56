#!/usr/bin/python3
"""Writes the two benchmark model folders, in our model-folder format (CONTRACT.md section 5), plus the inputs.

    /usr/bin/python3 bench/models/make_bench_models.py [MODELS_DIR]      (default bench/out/models)

MODELS_DIR/seed_dense   the seed architecture (Keras 2.2.4 Sequential: Dense(1000, relu, input 1000) - Dropout -
                        Dense(1024, relu) - Dropout - Dense(6, sigmoid)), Glorot-uniform weights, count input.
MODELS_DIR/embed_lstm   Embedding(5000, 64, input_length=50) - LSTM(64) - Dense(6, softmax), sequences input.
MODELS_DIR/../inputs    the texts and the exact input/output arrays every peer uses (raw little-endian float32 /
                        int64, row-major), so each benchmark runs on the same numbers and can check its outputs.

Everything comes from real classes: keras_preprocessing.text.Tokenizer (fitted, then pickled),
sklearn.preprocessing.LabelEncoder (fitted, then pickled), and HDF5 written in the layout of Keras 2's
save_weights (keras/engine/saving.py, save_weights_to_hdf5_group). Seeds are fixed: the output is deterministic.
No TensorFlow: the reference outputs come from the numpy forward pass in bench/peers/numpy_forward.py.
"""
import json
import os
import pickle
import sys

import h5py
import numpy as np
from keras_preprocessing.text import Tokenizer
from sklearn.preprocessing import LabelEncoder

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
import keras_numpy  # noqa: E402  (bench/peers/keras_numpy.py: the shared numpy forward pass)

LABELS = [
    "action > greeting",
    "action > goodbye",
    "action > thanks",
    "request > help",
    "request > weather",
    "complaint > service",
]

# Common English words first (they get the lowest tokenizer indices), then pronounceable made-up words.
COMMON = """you to the hi i good thanks for morning can with team your is a bye all no how not in would time am
thank please of and there up see are me could hello on service do it long everyone hey day very yours at what
like this my what's afternoon was from help know bad nice so want today weather tomorrow rain sunny cold warm
order delivery late again need tell question answer really great awful slow fast support agent call phone email
account password reset problem issue working broken fine okay sure maybe later soon now then here where when why
who which week month year night evening friend people company product price refund money bill card payment""".split()
ONSETS = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
          "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
CODAS = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ck"]

SEED_UNITS = (1000, 1000, 1024, 6)
LSTM_VOCAB, LSTM_DIM, LSTM_UNITS, LSTM_MAXLEN = 5000, 64, 64, 50


def vocabulary(rng, size):
    words = list(COMMON)
    seen = set(words)
    while len(words) < size:
        syllables = rng.integers(1, 4)
        word = "".join(ONSETS[rng.integers(len(ONSETS))] + VOWELS[rng.integers(len(VOWELS))] + CODAS[rng.integers(len(CODAS))]
                       for _ in range(syllables))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def sentences(rng, words, count, min_len=7, max_len=16):
    """Zipf-distributed words, so a typical text has a few frequent words and a few rare ones, like real chat."""
    ranks = np.arange(1, len(words) + 1, dtype=np.float64)
    p = 1.0 / ranks ** 1.05
    p /= p.sum()
    out = []
    for _ in range(count):
        n = rng.integers(min_len, max_len + 1)
        ws = [words[i] for i in rng.choice(len(words), size=n, p=p)]
        ws[0] = ws[0].capitalize()
        text = " ".join(ws)
        if rng.random() < 0.3:
            cut = rng.integers(1, n)
            text = " ".join(text.split(" ")[:cut]) + ", " + " ".join(text.split(" ")[cut:])
        out.append(text + (["?", ".", "!", ""][rng.integers(4)]))
    return out


def glorot_uniform(rng, fan_in, fan_out, shape=None):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape or (fan_in, fan_out)).astype(np.float32)


def orthogonal(rng, rows, cols):
    a = rng.normal(0.0, 1.0, size=(max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))
    q = q if rows >= cols else q.T
    return q[:rows, :cols].astype(np.float32)


def dense_config(name, units, activation, input_dim=None):
    config = {"name": name, "trainable": True}
    if input_dim is not None:
        config.update({"batch_input_shape": [None, input_dim], "dtype": "float32"})
    config.update({
        "units": units, "activation": activation, "use_bias": True,
        "kernel_initializer": {"class_name": "VarianceScaling",
                               "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None})
    return {"class_name": "Dense", "config": config}


def dropout_config(name, rate):
    return {"class_name": "Dropout", "config": {"name": name, "trainable": True, "rate": rate, "noise_shape": None, "seed": None}}


def embedding_config(name, input_dim, output_dim, input_length):
    return {"class_name": "Embedding", "config": {
        "name": name, "trainable": True, "batch_input_shape": [None, input_length], "dtype": "float32",
        "input_dim": input_dim, "output_dim": output_dim,
        "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": None}},
        "embeddings_regularizer": None, "activity_regularizer": None, "embeddings_constraint": None,
        "mask_zero": False, "input_length": input_length}}


def lstm_config(name, units):
    return {"class_name": "LSTM", "config": {
        "name": name, "trainable": True, "return_sequences": False, "return_state": False, "go_backwards": False,
        "stateful": False, "unroll": False, "units": units, "activation": "tanh", "recurrent_activation": "sigmoid",
        "use_bias": True,
        "kernel_initializer": {"class_name": "VarianceScaling",
                               "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": None}},
        "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}}, "unit_forget_bias": True,
        "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
        "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None, "bias_constraint": None,
        "dropout": 0.0, "recurrent_dropout": 0.0, "implementation": 1}}


def sequential_json(layers):
    """model.to_json() / to_yaml() text of Keras 2.2.4 (the seed's model.yaml is this JSON text)."""
    return json.dumps({"class_name": "Sequential", "config": {"name": "sequential_1", "layers": layers},
                       "keras_version": "2.2.4", "backend": "tensorflow"})


def save_weights(path, layers):
    """keras 2.2.4 saving.save_weights_to_hdf5_group, with h5py, byte for byte in structure.

    layers: list of (layer_name, [(weight_name, array), ...]).
    """
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([name.encode("utf8") for name, _ in layers])
        f.attrs["backend"] = "tensorflow".encode("utf8")
        f.attrs["keras_version"] = "2.2.4".encode("utf8")
        for name, weights in layers:
            g = f.create_group(name)
            # An empty list becomes an empty float64 array, as numpy.asarray([]) did in Keras.
            g.attrs["weight_names"] = np.array([w.encode("utf8") for w, _ in weights]) if weights else np.array([])
            for weight_name, value in weights:
                d = g.create_dataset(weight_name, value.shape, dtype=value.dtype)
                d[:] = value


def fit_tokenizer(texts, num_words):
    tokenizer = Tokenizer(num_words=num_words)
    tokenizer.fit_on_texts(texts)
    return tokenizer


def write_pickles(folder, tokenizer):
    with open(os.path.join(folder, "tokenizer.pkl"), "wb") as f:
        pickle.dump(tokenizer, f, protocol=3)
    encoder = LabelEncoder()
    encoder.fit(np.array(LABELS, dtype=object))
    with open(os.path.join(folder, "encoder.pkl"), "wb") as f:
        pickle.dump(encoder, f, protocol=3)
    return encoder


def write_serving_yaml(folder, input_lines, check_text, label, scores):
    lines = list(input_lines)
    lines += ["checks:", f"  - text: {json.dumps(check_text)}", f"    label: {json.dumps(label)}",
              "    scores: [" + ", ".join(f"{s:.6f}" for s in scores) + "]", "    tolerance: 0.0001"]
    with open(os.path.join(folder, "serving.yaml"), "w") as f:
        f.write("# Written by bench/models/make_bench_models.py; scores from the numpy forward pass.\n")
        f.write("\n".join(lines) + "\n")


def raw(path, array):
    np.ascontiguousarray(array).tofile(path)


def make_seed_dense(rng, folder, inputs_dir, corpus, samples):
    os.makedirs(folder, exist_ok=True)
    tokenizer = fit_tokenizer(corpus, num_words=1000)
    encoder = write_pickles(folder, tokenizer)
    n0, n1, n2, n3 = SEED_UNITS
    kernels = [glorot_uniform(rng, n0, n1), glorot_uniform(rng, n1, n2), glorot_uniform(rng, n2, n3)]
    biases = [rng.uniform(-0.05, 0.05, size=n).astype(np.float32) for n in (n1, n2, n3)]
    layers = [dense_config("dense_1", n1, "relu", input_dim=n0), dropout_config("dropout_1", 0.2),
              dense_config("dense_2", n2, "relu"), dropout_config("dropout_2", 0.2),
              dense_config("dense_3", n3, "sigmoid")]
    with open(os.path.join(folder, "model.yaml"), "w") as f:
        f.write(sequential_json(layers))
    save_weights(os.path.join(folder, "weights.h5"), [
        ("dense_1", [("dense_1/kernel:0", kernels[0]), ("dense_1/bias:0", biases[0])]),
        ("dropout_1", []),
        ("dense_2", [("dense_2/kernel:0", kernels[1]), ("dense_2/bias:0", biases[1])]),
        ("dropout_2", []),
        ("dense_3", [("dense_3/kernel:0", kernels[2]), ("dense_3/bias:0", biases[2])]),
    ])

    model = keras_numpy.load_model(folder)
    counts = tokenizer.texts_to_matrix(samples, mode="count").astype(np.float32)
    outputs = model.forward(counts)
    raw(os.path.join(inputs_dir, "seed_dense_counts_256x1000.f32"), counts)
    raw(os.path.join(inputs_dir, "seed_dense_outputs_256x6.f32"), outputs)
    write_serving_yaml(folder, ["input:", "  mode: count"], samples[0],
                       encoder.classes_[int(np.argmax(outputs[0]))], outputs[0])
    return {"nonzeros_mean": float((counts != 0).sum(axis=1).mean()),
            "nonzeros_median": float(np.median((counts != 0).sum(axis=1))), "vocabulary": len(tokenizer.word_index)}


def make_embed_lstm(rng, folder, inputs_dir, corpus, samples):
    from keras_preprocessing.sequence import pad_sequences
    os.makedirs(folder, exist_ok=True)
    tokenizer = fit_tokenizer(corpus, num_words=LSTM_VOCAB)
    encoder = write_pickles(folder, tokenizer)
    u = LSTM_UNITS
    embeddings = rng.uniform(-0.05, 0.05, size=(LSTM_VOCAB, LSTM_DIM)).astype(np.float32)
    kernel = glorot_uniform(rng, LSTM_DIM, 4 * u)
    recurrent = np.concatenate([orthogonal(rng, u, u) for _ in range(4)], axis=1)
    bias = rng.uniform(-0.1, 0.1, size=4 * u).astype(np.float32)
    bias[u:2 * u] += 1.0  # unit_forget_bias: the forget gate (Keras order i, f, c, o) starts at 1
    dense_kernel = glorot_uniform(rng, u, 6)
    dense_bias = rng.uniform(-0.05, 0.05, size=6).astype(np.float32)
    layers = [embedding_config("embedding_1", LSTM_VOCAB, LSTM_DIM, LSTM_MAXLEN), lstm_config("lstm_1", u),
              dense_config("dense_1", 6, "softmax")]
    with open(os.path.join(folder, "model.yaml"), "w") as f:
        f.write(sequential_json(layers))
    save_weights(os.path.join(folder, "weights.h5"), [
        ("embedding_1", [("embedding_1/embeddings:0", embeddings)]),
        ("lstm_1", [("lstm_1/kernel:0", kernel), ("lstm_1/recurrent_kernel:0", recurrent), ("lstm_1/bias:0", bias)]),
        ("dense_1", [("dense_1/kernel:0", dense_kernel), ("dense_1/bias:0", dense_bias)]),
    ])

    model = keras_numpy.load_model(folder)
    ids = pad_sequences(tokenizer.texts_to_sequences(samples), maxlen=LSTM_MAXLEN).astype(np.int64)
    outputs = model.forward(ids)
    raw(os.path.join(inputs_dir, "embed_lstm_ids_256x50.i64"), ids)
    raw(os.path.join(inputs_dir, "embed_lstm_outputs_256x6.f32"), outputs)
    # A text long enough to fill maxlen (the first samples joined): no padding, so every step is a real token.
    full = pad_sequences(tokenizer.texts_to_sequences([" ".join(samples[:10])]), maxlen=LSTM_MAXLEN).astype(np.int64)
    assert (full != 0).all(), "the joined samples must fill maxlen"
    raw(os.path.join(inputs_dir, "embed_lstm_full_ids_1x50.i64"), full)
    raw(os.path.join(inputs_dir, "embed_lstm_full_outputs_1x6.f32"), model.forward(full))
    write_serving_yaml(folder, ["input:", "  mode: sequences", f"  maxlen: {LSTM_MAXLEN}"], samples[0],
                       encoder.classes_[int(np.argmax(outputs[0]))], outputs[0])
    return {"tokens_mean": float((ids != 0).sum(axis=1).mean()), "vocabulary": len(tokenizer.word_index)}


def main():
    models_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join("bench", "out", "models"))
    inputs_dir = os.path.join(os.path.dirname(models_dir), "inputs")
    os.makedirs(inputs_dir, exist_ok=True)
    rng = np.random.default_rng(20240601)
    words = vocabulary(rng, 7000)
    corpus = sentences(rng, words, 4000)
    samples = sentences(np.random.default_rng(7), words, 256)
    with open(os.path.join(inputs_dir, "texts.json"), "w") as f:
        json.dump(samples, f, indent=0)

    summary = {
        "seed_dense": make_seed_dense(np.random.default_rng(1), os.path.join(models_dir, "seed_dense"), inputs_dir, corpus, samples),
        "embed_lstm": make_embed_lstm(np.random.default_rng(2), os.path.join(models_dir, "embed_lstm"), inputs_dir, corpus, samples),
        "models_dir": models_dir, "inputs_dir": inputs_dir, "sample_texts": samples[:3],
    }
    for name in ("seed_dense", "embed_lstm"):
        weights = keras_numpy.read_weights(os.path.join(models_dir, name, "weights.h5"))
        summary[name]["weight_bytes"] = int(sum(a.nbytes for arrays in weights.values() for a in arrays))
    with open(os.path.join(inputs_dir, "models.json"), "w") as f:
        json.dump({k: summary[k] for k in ("seed_dense", "embed_lstm")}, f, indent=2)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
