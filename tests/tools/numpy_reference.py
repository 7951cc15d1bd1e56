#!/usr/bin/python3
"""Independent numpy reference for Dense-only Keras 2 text classifiers (the expected values of the API tests).

    /usr/bin/python3 tests/tools/numpy_reference.py MODEL_FOLDER "text one" "text two" ...
    (no texts: one text per line on stdin)

prints one JSON object per text, {label: score, ...} in label order, where score is the model output
(float32, as Keras predict() returns it). Only files in the folder are read, the way the service reads them:

  serving.yaml (optional)  architecture / weights / tokenizer / encoder file names, labels (list or file),
                           input.mode (binary | count | tfidf | freq; default count)
  architecture             *.yaml / *.yml other than serving.yaml, else *.json: model.to_yaml() or
                           model.to_json() text; absent: the root attr model_config of a model.save() file
  weights                  *.h5 / *.hdf5: model.save_weights() layout (root attr layer_names, per-layer
                           attr weight_names) or model.save() layout (group model_weights)
  tokenizer                *tok*.pkl / *tok*.pickle: the REAL pickled keras_preprocessing Tokenizer, whose
                           texts_to_matrix(texts, mode) does the vectorising
  label encoder            *enc*.pkl / *enc*.pickle: a pickled sklearn LabelEncoder (classes_)

Supported layers: InputLayer, Dense, Dropout (identity at inference), Activation. Anything else raises.
Sequential models only (Keras 2.0/2.1 config = list of layers; Keras 2.2+ config = {name, layers}).
"""
import fnmatch
import json
import os
import pickle
import sys

import h5py
import numpy as np
import yaml

MODES = ('binary', 'count', 'tfidf', 'freq')


class _KerasYamlLoader(yaml.SafeLoader):
    """Safe YAML loader that also reads the '!!python/tuple [null, 1000]' Keras 2 to_yaml() writes."""


_KerasYamlLoader.add_constructor(
    'tag:yaml.org,2002:python/tuple', lambda loader, node: loader.construct_sequence(node))


def _find(folder, patterns, exclude=()):
    names = sorted(n for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n)))
    for pattern in patterns:
        hits = [n for n in names if fnmatch.fnmatch(n.lower(), pattern) and n.lower() not in exclude]
        if hits:
            return hits[0]
    return None


def _decode(value):
    return value.decode('utf8') if isinstance(value, bytes) else str(value)


def _activation(name, x):
    if name in (None, 'linear'):
        return x
    if name == 'relu':
        return np.maximum(x, np.float32(0))
    if name == 'sigmoid':
        return (np.float32(1) / (np.float32(1) + np.exp(-x))).astype(np.float32)
    if name == 'tanh':
        return np.tanh(x)
    if name == 'softmax':
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)
    raise ValueError(f'unsupported activation {name!r}')


class ReferenceModel:
    def __init__(self, folder):
        self.folder = folder
        serving_path = os.path.join(folder, 'serving.yaml')
        self.serving = {}
        if os.path.exists(serving_path):
            with open(serving_path, encoding='utf-8') as f:
                self.serving = yaml.safe_load(f) or {}
        self.mode = (self.serving.get('input') or {}).get('mode', 'count')
        if self.mode not in MODES:
            raise ValueError(f'input.mode {self.mode!r} is not a texts_to_matrix mode')

        weights_name = self.serving.get('weights') or _find(folder, ['*.h5', '*.hdf5'])
        self.weights_path = os.path.join(folder, weights_name)
        arch_name = self.serving.get('architecture') or _find(folder, ['*.yaml', '*.yml'], exclude=('serving.yaml',)) \
            or _find(folder, ['*.json'])
        with h5py.File(self.weights_path, 'r') as h5:
            if arch_name:
                with open(os.path.join(folder, arch_name), encoding='utf-8') as f:
                    config = yaml.load(f, Loader=_KerasYamlLoader)  # JSON is valid YAML
            else:
                config = json.loads(_decode(h5.attrs['model_config']))
            group = h5 if 'layer_names' in h5.attrs else h5['model_weights']
            self.layers = self._build(config, group)

        tok_name = self.serving.get('tokenizer') or _find(folder, ['*tok*.pkl', '*tok*.pickle'])
        with open(os.path.join(folder, tok_name), 'rb') as f:
            self.tokenizer = pickle.load(f)
        self.labels = self._labels()
        if len(self.labels) != self.output_size:
            raise ValueError(f'{len(self.labels)} labels for {self.output_size} outputs')

    def _labels(self):
        labels = self.serving.get('labels')
        if isinstance(labels, list):
            return [str(x) for x in labels]
        if isinstance(labels, str):
            path = os.path.join(self.folder, labels)
            if labels.lower().endswith('.json'):
                with open(path, encoding='utf-8') as f:
                    return [str(x) for x in json.load(f)]
            with open(path, 'rb') as f:
                return [str(x) for x in pickle.load(f)]
        enc_name = self.serving.get('encoder') or _find(self.folder, ['*enc*.pkl', '*enc*.pickle'])
        with open(os.path.join(self.folder, enc_name), 'rb') as f:
            return [str(x) for x in pickle.load(f).classes_]

    def _build(self, config, weights_group):
        if config['class_name'] != 'Sequential':
            raise ValueError(f"only Sequential models, not {config['class_name']}")
        layer_configs = config['config']
        if isinstance(layer_configs, dict):
            layer_configs = layer_configs['layers']
        layers = []
        width = None
        for layer in layer_configs:
            cls, cfg = layer['class_name'], layer['config']
            if width is None and cfg.get('batch_input_shape'):
                width = int(cfg['batch_input_shape'][-1])
            if cls == 'InputLayer':
                continue
            if cls == 'Dropout':
                continue  # identity at inference
            if cls == 'Activation':
                layers.append(('activation', cfg['activation']))
                continue
            if cls != 'Dense':
                raise ValueError(f"unsupported layer {cfg.get('name')} ({cls})")
            g = weights_group[cfg['name']]
            names = [_decode(n) for n in g.attrs['weight_names']]
            arrays = [np.asarray(g[n][()], dtype=np.float32) for n in names]
            kernel = arrays[0]
            bias = arrays[1] if cfg.get('use_bias', True) else np.zeros(kernel.shape[1], np.float32)
            if width is not None and kernel.shape[0] != width:
                raise ValueError(f"{cfg['name']}: kernel {kernel.shape} does not take {width} inputs")
            if kernel.shape[1] != int(cfg['units']) or bias.shape != (kernel.shape[1],):
                raise ValueError(f"{cfg['name']}: kernel {kernel.shape} / bias {bias.shape} vs units {cfg['units']}")
            layers.append(('dense', kernel, bias))
            layers.append(('activation', cfg.get('activation', 'linear')))
            width = kernel.shape[1]
        self.input_size = next(l[1].shape[0] for l in layers if l[0] == 'dense')
        self.output_size = width
        return layers

    def vectorise(self, texts):
        x = np.asarray(self.tokenizer.texts_to_matrix(list(texts), mode=self.mode), dtype=np.float32)
        if x.shape[1] != self.input_size:
            raise ValueError(f'tokenizer gives {x.shape[1]} columns, the model takes {self.input_size}')
        return x

    def predict(self, texts):
        """One {label: score} dict (label order) per text; scores are the float32 outputs as Python floats."""
        x = self.vectorise(texts)
        for layer in self.layers:
            if layer[0] == 'dense':
                x = (x @ layer[1] + layer[2]).astype(np.float32)
            else:
                x = _activation(layer[1], x)
        return [{label: float(v) for label, v in zip(self.labels, row)} for row in x]


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    texts = argv[2:] or [line.rstrip('\n') for line in sys.stdin]
    for scores in ReferenceModel(argv[1]).predict(texts):
        print(json.dumps(scores))


if __name__ == '__main__':
    main(sys.argv)
