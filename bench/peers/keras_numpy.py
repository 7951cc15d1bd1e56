"""A numpy forward pass of a Keras 2 Sequential model folder: the Python peer of our engine.

Reads the same files the service reads: the architecture (model.yaml / *.json text of model.to_json()), the
weights (Keras 2 save_weights HDF5, via h5py), the pickled Keras Tokenizer and the pickled sklearn LabelEncoder.
Layers: Dense (linear, relu, sigmoid, softmax, tanh), Dropout (identity at inference), Embedding, LSTM
(Keras gate order i, f, c, o; return_sequences=False). float32 throughout, as Keras computes.
"""
import fnmatch
import json
import os
import pickle

import h5py
import numpy as np

ACTIVATIONS = {
    "linear": lambda x: x,
    "relu": lambda x: np.maximum(x, 0, out=x),
    "tanh": np.tanh,
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "hard_sigmoid": lambda x: np.clip(0.2 * x + 0.5, 0.0, 1.0),  # Keras 2's definition
}


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


ACTIVATIONS["softmax"] = softmax


def read_weights(path):
    """{layer_name: [arrays in weight_names order]} from a Keras 2 save_weights file."""
    weights = {}
    with h5py.File(path, "r") as f:
        for layer in f.attrs["layer_names"]:
            name = layer.decode("utf8") if isinstance(layer, bytes) else str(layer)
            g = f[name]
            weights[name] = [np.asarray(g[w.decode("utf8") if isinstance(w, bytes) else str(w)], dtype=np.float32)
                             for w in g.attrs["weight_names"]]
    return weights


class Dense:
    def __init__(self, config, weights):
        self.kernel, self.bias = weights
        self.activation = ACTIVATIONS[config["activation"]]

    def __call__(self, x):
        y = x @ self.kernel
        y += self.bias
        return self.activation(y)


class Embedding:
    def __init__(self, config, weights):
        (self.table,) = weights

    def __call__(self, ids):
        return self.table[ids]


class Lstm:
    def __init__(self, config, weights):
        if config.get("return_sequences") or config.get("go_backwards"):
            raise ValueError("only return_sequences=False, go_backwards=False is implemented")
        self.kernel, self.recurrent, self.bias = weights
        self.units = config["units"]
        self.act = ACTIVATIONS[config.get("activation", "tanh")]
        self.rec = ACTIVATIONS[config.get("recurrent_activation", "hard_sigmoid")]

    def __call__(self, x):
        n, steps, _ = x.shape
        u = self.units
        projected = x @ self.kernel + self.bias  # [n, steps, 4u]: the input part of every step in one product
        h = np.zeros((n, u), dtype=np.float32)
        c = np.zeros((n, u), dtype=np.float32)
        for t in range(steps):
            z = projected[:, t] + h @ self.recurrent
            i = self.rec(z[:, :u])
            f = self.rec(z[:, u:2 * u])
            g = self.act(z[:, 2 * u:3 * u])
            o = self.rec(z[:, 3 * u:])
            c = f * c + i * g
            h = o * self.act(c)
        return h


LAYERS = {"Dense": Dense, "Embedding": Embedding, "LSTM": Lstm}


class Model:
    def __init__(self, layers, tokenizer, encoder, sequences, maxlen):
        self.layers = layers
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.sequences = sequences
        self.maxlen = maxlen

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def vectorize(self, texts):
        if self.sequences:
            from keras_preprocessing.sequence import pad_sequences
            return pad_sequences(self.tokenizer.texts_to_sequences(texts), maxlen=self.maxlen)
        return self.tokenizer.texts_to_matrix(texts, mode="count").astype(np.float32)


def _find(folder, pattern):
    names = sorted(n for n in os.listdir(folder) if fnmatch.fnmatch(n, pattern))
    return os.path.join(folder, names[0]) if names else None


def load_model(folder):
    arch_path = _find(folder, "model.yaml") or _find(folder, "*.json")
    with open(arch_path) as f:
        arch = json.load(f)  # Keras writes the YAML file as JSON text here (JSON is valid YAML)
    config = arch["config"]
    layer_configs = config["layers"] if isinstance(config, dict) else config
    weights = read_weights(_find(folder, "*.h5"))
    layers = []
    for layer in layer_configs:
        cls = layer["class_name"]
        if cls == "Dropout":
            continue
        layers.append(LAYERS[cls](layer["config"], weights[layer["config"]["name"]]))

    tokenizer = encoder = None
    tok_path, enc_path = _find(folder, "*tok*.pkl"), _find(folder, "*enc*.pkl")
    if tok_path:
        with open(tok_path, "rb") as f:
            tokenizer = pickle.load(f)
    if enc_path:
        with open(enc_path, "rb") as f:
            encoder = pickle.load(f)
    first = layer_configs[0]
    sequences = first["class_name"] == "Embedding"
    maxlen = first["config"].get("input_length") if sequences else None
    return Model(layers, tokenizer, encoder, sequences, maxlen)
