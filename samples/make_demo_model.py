#!/usr/bin/python3
"""Build the bundled demo model models/keras_small_talk_model/ without TensorFlow.

Runs with Debian's python3 and its packages only (python3-numpy, python3-h5py,
python3-sklearn, python3-keras-preprocessing):

    /usr/bin/python3 samples/make_demo_model.py            # writes models/keras_small_talk_model/
    /usr/bin/python3 samples/make_demo_model.py --out DIR  # writes DIR instead

What it does, step by step:
  1. reads samples/smalltalk_intents.csv (text,label);
  2. fits the real keras_preprocessing.text.Tokenizer(num_words=1000) and vectorises with
     texts_to_matrix(mode='count'), exactly as the original Flask service did at prediction time;
  3. fits a real sklearn LabelEncoder on the labels;
  4. trains the seed's architecture (Dense(1000, relu) - Dropout(0.2) - Dense(1024, relu) - Dropout(0.2)
     - Dense(6, sigmoid)) with numpy: glorot-uniform init, mini-batch Adam (Keras 2.2.4 update rule),
     binary cross-entropy on one-hot targets, inverted dropout during training, fixed seeds;
  5. writes the four files of the seed's folder: keras_smalltalk_tokenizer.pkl, keras_smalltalk_encoder.pkl
     (pickle protocol 3, like the seed), model.yaml (the JSON text Keras 2.2.4 model.to_json() writes) and
     keras_smalltalk_weights.h5 (the HDF5 layout Keras 2.2.4 model.save_weights() writes);
  6. reloads those files from disk, runs a plain forward pass and checks probe sentences that are NOT in the
     data set; exits with status 1 when one of them is not classified as expected.

With real Keras/TensorFlow use samples/train_keras.py instead (same data, same architecture).
"""
import argparse
import csv
import json
import os
import pickle
import sys
import time
from collections import OrderedDict

# Byte-for-byte reproducible output: Tokenizer.fit_on_texts() fills word_docs by iterating a set (order depends on
# the string hash seed) and a multi-threaded BLAS may sum in a different order. Pin both, then restart.
_PINNED = {'PYTHONHASHSEED': '0', 'OPENBLAS_NUM_THREADS': '1', 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'}
if any(os.environ.get(k) != v for k, v in _PINNED.items()):
    os.environ.update(_PINNED)
    os.execv(sys.executable, [sys.executable] + sys.argv)

import h5py
import numpy as np
from keras_preprocessing.text import Tokenizer, text_to_word_sequence
from sklearn.preprocessing import LabelEncoder

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA = os.path.join(HERE, 'smalltalk_intents.csv')
DEFAULT_OUT = os.path.join(REPO, 'models', 'keras_small_talk_model')

NUM_WORDS = 1000
HIDDEN_1 = 1000
HIDDEN_2 = 1024
DROPOUT = 0.2
EPOCHS = 22
BATCH_SIZE = 32
LEARNING_RATE = 0.0001  # 10x below the Keras default: smooth, reproducible convergence on 434 rows
SEED = 20190617

# (text, expected label, minimum score); none of these sentences is in the data set.
PROBES = [
    ('hello there, good morning', 'action > greeting', 0.9),
    ('hey, good evening', 'action > greeting', 0.5),
    ('cheers, that helped a lot', 'action > thanks', 0.5),
    ('get me a supervisor now', 'action > escalate', 0.5),
    ('see you tomorrow', 'action > goodbye', 0.5),
]
# More unseen phrasings: printed (with a hit/miss mark) for information, they do not fail the run.
EXTRA_PROBES = [
    ('hi hi, anybody home?', 'action > greeting'),
    ('goodnight, see you soon', 'action > goodbye'),
    ('thank you, that was very useful', 'action > thanks'),
    ('I want to talk to someone real', 'action > escalate'),
    ('yes, go ahead please', 'action > affirm'),
    ('ok, sounds good to me', 'action > affirm'),
    ('what is the weather in Paris?', 'action > Others'),
    ('my parcel is late', 'action > Others'),
]


def read_data(path):
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    return [r['text'] for r in rows], [r['label'] for r in rows]


def keras_model_config(num_labels):
    """The dict Keras 2.2.4 Sequential.to_json() serialises (key order as Keras writes it)."""
    def initializers():
        return OrderedDict([
            ('kernel_initializer', OrderedDict([('class_name', 'VarianceScaling'), ('config', OrderedDict(
                [('scale', 1.0), ('mode', 'fan_avg'), ('distribution', 'uniform'), ('seed', None)]))])),
            ('bias_initializer', OrderedDict([('class_name', 'Zeros'), ('config', OrderedDict())])),
            ('kernel_regularizer', None), ('bias_regularizer', None), ('activity_regularizer', None),
            ('kernel_constraint', None), ('bias_constraint', None)])

    def dense(name, units, activation, with_input):
        config = OrderedDict([('name', name), ('trainable', True)])
        if with_input:
            # The original training script passed input_dim to both hidden Dense layers; Keras keeps
            # batch_input_shape in their configs (only the first one defines the model input).
            config['batch_input_shape'] = [None, NUM_WORDS]
            config['dtype'] = 'float32'
        config.update([('units', units), ('activation', activation), ('use_bias', True)])
        config.update(initializers())
        return OrderedDict([('class_name', 'Dense'), ('config', config)])

    def dropout(name):
        return OrderedDict([('class_name', 'Dropout'), ('config', OrderedDict(
            [('name', name), ('trainable', True), ('rate', DROPOUT), ('noise_shape', None), ('seed', None)]))])

    layers = [dense('dense_1', HIDDEN_1, 'relu', True), dropout('dropout_1'),
              dense('dense_2', HIDDEN_2, 'relu', True), dropout('dropout_2'),
              dense('dense_3', num_labels, 'sigmoid', False)]
    return OrderedDict([('class_name', 'Sequential'),
                        ('config', OrderedDict([('name', 'sequential_1'), ('layers', layers)])),
                        ('keras_version', '2.2.4'), ('backend', 'tensorflow')])


def glorot_uniform(rng, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_in, fan_out)).astype(np.float32)


def sigmoid(z):
    return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)


def relu(z):
    return np.maximum(z, np.float32(0))


def train(x, y, rng, epochs):
    """Mini-batch Adam on binary cross-entropy; returns [W1, b1, W2, b2, W3, b3] (float32)."""
    sizes = [x.shape[1], HIDDEN_1, HIDDEN_2, y.shape[1]]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params += [glorot_uniform(rng, fan_in, fan_out), np.zeros(fan_out, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta_1, beta_2, epsilon = 0.9, 0.999, 1e-7  # Keras 2.2.4 Adam defaults (epsilon = K.epsilon())
    keep = 1.0 - DROPOUT
    step = 0
    for epoch in range(1, epochs + 1):
        order = rng.permutation(len(x))
        loss_sum = 0.0
        for start in range(0, len(x), BATCH_SIZE):
            idx = order[start:start + BATCH_SIZE]
            xb, yb = x[idx], y[idx]
            w1, b1, w2, b2, w3, b3 = params
            h1 = relu(xb @ w1 + b1)
            mask1 = (rng.random(h1.shape) < keep).astype(np.float32) / np.float32(keep)
            d1 = h1 * mask1
            h2 = relu(d1 @ w2 + b2)
            mask2 = (rng.random(h2.shape) < keep).astype(np.float32) / np.float32(keep)
            d2 = h2 * mask2
            p = sigmoid(d2 @ w3 + b3)
            pc = np.clip(p, 1e-7, 1 - 1e-7)
            loss_sum += float(-np.mean(yb * np.log(pc) + (1 - yb) * np.log(1 - pc))) * len(idx)
            # d(mean BCE)/d(logits) = (p - y) / (batch * classes)
            dz3 = (p - yb) / np.float32(yb.size)
            gw3, gb3 = d2.T @ dz3, dz3.sum(0)
            dz2 = (dz3 @ w3.T) * mask2 * (h2 > 0)
            gw2, gb2 = d1.T @ dz2, dz2.sum(0)
            dz1 = (dz2 @ w2.T) * mask1 * (h1 > 0)
            gw1, gb1 = xb.T @ dz1, dz1.sum(0)
            step += 1
            lr_t = LEARNING_RATE * np.sqrt(1 - beta_2 ** step) / (1 - beta_1 ** step)
            for i, g in enumerate([gw1, gb1, gw2, gb2, gw3, gb3]):
                g = g.astype(np.float32)
                m[i] *= beta_1
                m[i] += (1 - beta_1) * g
                v[i] *= beta_2
                v[i] += (1 - beta_2) * g * g
                params[i] -= (lr_t * m[i] / (np.sqrt(v[i]) + epsilon)).astype(np.float32)
        if epoch == 1 or epoch % 5 == 0:
            print(f'epoch {epoch:3d}/{epochs}  loss {loss_sum / len(x):.5f}', flush=True)
    return params


def save_weights_keras224(path, layer_names, weights_by_layer):
    """Mirror keras 2.2.4 engine/saving.py save_weights_to_hdf5_group() on an h5py.File."""
    with h5py.File(path, 'w') as f:
        # Keras 2.2.4 assigned a list of bytes, which h5py 2.x stored as a fixed-length, NULLPAD ASCII string
        # array; h5py 3 would store a list as variable-length strings, so pass the numpy |S array explicitly.
        f.attrs['layer_names'] = np.array([name.encode('utf8') for name in layer_names])
        f.attrs['backend'] = 'tensorflow'.encode('utf8')  # bytes scalar -> variable-length ASCII string
        f.attrs['keras_version'] = '2.2.4'.encode('utf8')
        for name in layer_names:
            g = f.create_group(name)
            weights = weights_by_layer.get(name, [])
            weight_names = [(name + '/' + w_name).encode('utf8') for w_name, _ in weights]
            # An empty list becomes an empty float64 array, as in every real Keras 2 file.
            g.attrs['weight_names'] = np.array(weight_names) if weight_names else np.array([], dtype='float64')
            for w_name, (_, value) in zip(weight_names, weights):
                dset = g.create_dataset(w_name, value.shape, dtype=value.dtype)
                dset[:] = value


def write_model_folder(out, tokenizer, encoder, num_labels, params):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'keras_smalltalk_tokenizer.pkl'), 'wb') as f:
        pickle.dump(tokenizer, f, protocol=3)
    with open(os.path.join(out, 'keras_smalltalk_encoder.pkl'), 'wb') as f:
        pickle.dump(encoder, f, protocol=3)
    with open(os.path.join(out, 'model.yaml'), 'w', encoding='utf-8') as f:
        f.write(json.dumps(keras_model_config(num_labels)))  # Keras to_json(): no trailing newline
    w1, b1, w2, b2, w3, b3 = params
    layer_names = ['dense_1', 'dropout_1', 'dense_2', 'dropout_2', 'dense_3']
    weights = {'dense_1': [('kernel:0', w1), ('bias:0', b1)],
               'dense_2': [('kernel:0', w2), ('bias:0', b2)],
               'dense_3': [('kernel:0', w3), ('bias:0', b3)]}
    save_weights_keras224(os.path.join(out, 'keras_smalltalk_weights.h5'), layer_names, weights)


def reload_and_predict(out, texts):
    """Forward pass from the files on disk only (what a server does)."""
    with open(os.path.join(out, 'keras_smalltalk_tokenizer.pkl'), 'rb') as f:
        tokenizer = pickle.load(f)
    with open(os.path.join(out, 'keras_smalltalk_encoder.pkl'), 'rb') as f:
        labels = [str(c) for c in pickle.load(f).classes_]
    with open(os.path.join(out, 'model.yaml'), encoding='utf-8') as f:
        config = json.load(f)
    x = tokenizer.texts_to_matrix(texts, mode='count').astype(np.float32)
    with h5py.File(os.path.join(out, 'keras_smalltalk_weights.h5'), 'r') as h5:
        for layer in config['config']['layers']:
            if layer['class_name'] != 'Dense':
                continue  # Dropout: identity at inference
            name = layer['config']['name']
            kernel, bias = (h5[name][n.decode()][()] for n in h5[name].attrs['weight_names'])
            x = x @ kernel + bias
            x = relu(x) if layer['config']['activation'] == 'relu' else sigmoid(x)
    return labels, x


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', default=DEFAULT_OUT, help='model folder to write')
    parser.add_argument('--epochs', type=int, default=EPOCHS, help=f'training epochs (default {EPOCHS})')
    args = parser.parse_args()
    started = time.time()

    texts, labels = read_data(DATA)
    data_set = {tuple(text_to_word_sequence(t)) for t in texts}  # same words in the same order = same sentence
    for probe in [p[0] for p in PROBES + EXTRA_PROBES]:
        if tuple(text_to_word_sequence(probe)) in data_set:
            sys.exit(f'probe sentence {probe!r} is in the data set; probes must be unseen phrasings')

    tokenizer = Tokenizer(num_words=NUM_WORDS)
    tokenizer.fit_on_texts(texts)
    x = tokenizer.texts_to_matrix(texts, mode='count').astype(np.float32)
    encoder = LabelEncoder()
    encoder.fit(np.array(labels, dtype=object))  # object classes_, as the seed's (pandas column) encoder
    y = np.eye(len(encoder.classes_), dtype=np.float32)[encoder.transform(np.array(labels, dtype=object))]
    print(f'{len(texts)} utterances, {len(tokenizer.word_index)} distinct words, labels {list(encoder.classes_)}')

    rng = np.random.default_rng(SEED)
    params = train(x, y, rng, args.epochs)
    write_model_folder(args.out, tokenizer, encoder, y.shape[1], params)

    class_names, train_scores = reload_and_predict(args.out, texts)
    accuracy = float(np.mean(np.argmax(train_scores, 1) == np.argmax(y, 1)))
    print(f'training accuracy {accuracy:.3f}; wrote {args.out} in {time.time() - started:.1f} s')

    probe_texts = [p[0] for p in PROBES + EXTRA_PROBES]
    class_names, scores = reload_and_predict(args.out, probe_texts)
    failures = 0
    for i, text in enumerate(probe_texts):
        best = int(np.argmax(scores[i]))
        name, score = class_names[best], float(scores[i][best])
        line = f'{text!r:35} -> {name:20} score {str(round(score, 2)):5} ({score:.4f})'
        if i < len(PROBES):
            _, expected, minimum = PROBES[i]
            ok = name == expected and score >= minimum
            failures += 0 if ok else 1
            line += '  OK' if ok else f'  FAIL (expected {expected}, score >= {minimum})'
        else:
            expected = EXTRA_PROBES[i - len(PROBES)][1]
            line += '  (extra: hit)' if name == expected else f'  (extra: miss, expected {expected})'
        print(line)
        if i == len(PROBES) - 1:
            print('-- extra phrasings, for information:')
    if failures:
        sys.exit(f'{failures} probe(s) failed: adjust the data set and rerun')


if __name__ == '__main__':
    main()
