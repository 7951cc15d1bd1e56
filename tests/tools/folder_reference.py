#!/usr/bin/python3
"""Independent reference for a model folder of any layer mix: the scores the service must serve.

    /usr/bin/python3 tests/tools/folder_reference.py MODEL_FOLDER "text one" "text two" ...

prints one JSON object per text, {label: score} in label order. Reads only the folder's files, as CONTRACT.md
section 5 says the service finds them: serving.yaml (file names, labels list or file, input mode / maxlen /
padding / truncating / value, output), a .keras archive, else *.yaml/*.yml/*.json architecture (or the
model_config of a model.save() file) with *.h5/*.hdf5 weights (save_weights(), model.save(), Keras 3
.weights.h5), the REAL pickled Tokenizer (texts_to_matrix, or texts_to_sequences + keras_preprocessing
pad_sequences), a LabelEncoder pickle or the labels. The network runs in keras_numpy.py (Keras formulas, float64).

With unpadded=True, 'sequences' inputs are fed WITHOUT padding (one text at a time, its own length): for models
whose Embedding has mask_zero=True this is the Keras result the padded, masked input must equal.
"""
import fnmatch
import json
import os
import pickle
import sys

import h5py
import numpy as np
import yaml
from keras_preprocessing.sequence import pad_sequences

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_numpy as kn  # noqa: E402


def _find(names, patterns, exclude=()):
    for pattern in patterns:
        hits = [n for n in names if fnmatch.fnmatch(n.lower(), pattern) and n not in exclude]
        if hits:
            return hits[0]
    return None


class FolderReference:
    def __init__(self, folder):
        self.folder = folder
        names = sorted(n for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n)))
        path = os.path.join(folder, 'serving.yaml')
        self.serving = {}
        if os.path.exists(path):
            with open(path, encoding='utf-8') as f:
                self.serving = yaml.safe_load(f) or {}
        self.input = {'mode': 'count', 'padding': 'pre', 'truncating': 'pre', 'value': 0, **(self.serving.get('input') or {})}
        labels_file = self.serving.get('labels') if isinstance(self.serving.get('labels'), str) else None
        weights = self.serving.get('weights') or _find(names, ['*.h5', '*.hdf5', '*.keras'])
        if weights.endswith('.keras'):
            config, by_layer, major = kn.read_keras_archive(os.path.join(folder, weights))
        else:
            arch = self.serving.get('architecture') or _find(names, ['*.yaml', '*.yml'], ('serving.yaml',)) \
                or _find(names, ['*.json'], (labels_file,))
            with h5py.File(os.path.join(folder, weights), 'r') as h5:
                if arch:
                    with open(os.path.join(folder, arch), encoding='utf-8') as f:
                        config = kn.read_config_text(f.read())
                else:
                    config = json.loads(kn._text(h5.attrs['model_config']))
                if 'layers' in h5 and 'layer_names' not in h5.attrs:
                    by_layer, major = kn.keras3_weights(h5, config), 3
                else:
                    version = h5.attrs.get('keras_version') or h5.get('model_weights', h5).attrs.get('keras_version')
                    by_layer, major = kn.legacy_weights(h5), kn.keras_major(kn._text(version)) if version else 2
        self.network = kn.Model(config, by_layer, major)
        with open(os.path.join(folder, self.serving.get('tokenizer') or _find(names, ['*tok*.pkl', '*tok*.pickle'])), 'rb') as f:
            self.tokenizer = pickle.load(f)
        self.labels = self._labels(names, labels_file)

    def _labels(self, names, labels_file):
        labels = self.serving.get('labels')
        if isinstance(labels, list):
            return [str(x) for x in labels]
        if labels_file:
            with open(os.path.join(self.folder, labels_file), 'rb') as f:
                data = f.read()
            return [str(x) for x in (json.loads(data) if labels_file.endswith('.json') else pickle.loads(data))]
        with open(os.path.join(self.folder, self.serving.get('encoder') or _find(names, ['*enc*.pkl', '*enc*.pickle'])), 'rb') as f:
            return [str(x) for x in pickle.load(f).classes_]

    def vectorise(self, texts):
        mode = self.input['mode']
        if mode != 'sequences':
            return np.asarray(self.tokenizer.texts_to_matrix(list(texts), mode=mode), dtype=np.float64)
        maxlen = self.input.get('maxlen') or self._model_length()
        return pad_sequences(self.tokenizer.texts_to_sequences(list(texts)), maxlen=maxlen, padding=self.input['padding'],
                             truncating=self.input['truncating'], value=self.input['value'])

    def _model_length(self):
        layers, _ = kn.config_layers(self.network.config)
        for layer in layers:
            cfg = layer['config']
            shape = cfg.get('batch_input_shape') or cfg.get('batch_shape')
            if shape:
                return shape[1]
            if cfg.get('input_length'):
                return cfg['input_length']
        return None

    def scores(self, texts, unpadded=False):
        """(batch, labels) float64 outputs of the served output (serving.yaml output, else the first)."""
        output = self.serving.get('output')
        if unpadded:
            rows = []
            for text in texts:
                ids = self.vectorise([text])
                real = [i for i in self.tokenizer.texts_to_sequences([text])[0]][-ids.shape[1]:] if self.input['truncating'] == 'pre' \
                    else self.tokenizer.texts_to_sequences([text])[0][:ids.shape[1]]
                rows.append(self.network.predict(np.array([real]) if real else ids, output)[0])
            return np.array(rows)
        return self.network.predict(self.vectorise(texts), output)

    def predict(self, texts, unpadded=False):
        return [{label: float(v) for label, v in zip(self.labels, row)} for row in self.scores(texts, unpadded)]


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    for scores in FolderReference(argv[1]).predict(argv[2:]):
        print(json.dumps(scores))


if __name__ == '__main__':
    main(sys.argv)
