#!/usr/bin/python3
"""Write the model folders and expected scores the API integration tests serve and check.

    /usr/bin/python3 tests/tools/make_api_fixtures.py

Needs Debian's python3 with numpy, h5py, scikit-learn, keras_preprocessing and PyYAML (no TensorFlow). Writes

  tests/Nlp.Api.IntegrationTests/Fixtures/models/<folder>/   four small Dense-only Keras 2 model folders (one per
                                                             texts_to_matrix mode) and one broken folder
  tests/Nlp.Api.IntegrationTests/Fixtures/expected_topics.json
                                                             for every folder and ~10 probe texts, the scores of
                                                             tests/tools/numpy_reference.py (reads only the files)

The tokenizers and label encoders are the real Python classes, pickled. Weights are quickly trained with numpy
(full-batch Adam) and written in exactly the HDF5 layouts Keras writes (save_weights() / save()), checked against
the real files in /work/shared/corpus. Rerun after changing samples/ or the bundled model: the tests never run
Python. Floating-point sums may differ in the last bits between machines; the tests compare with a tolerance.
"""
import csv
import json
import os
import pickle
import shutil
import sys
from collections import OrderedDict

# Byte-for-byte reproducible output: Tokenizer.fit_on_texts() fills word_docs by iterating a set (order depends on
# the string hash seed) and a multi-threaded BLAS may sum in a different order. Pin both, then restart.
_PINNED = {'PYTHONHASHSEED': '0', 'OPENBLAS_NUM_THREADS': '1', 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'}
if any(os.environ.get(k) != v for k, v in _PINNED.items()):
    os.environ.update(_PINNED)
    os.execv(sys.executable, [sys.executable] + sys.argv)

import h5py
import numpy as np
import yaml
from keras_preprocessing.text import Tokenizer
from sklearn.preprocessing import LabelEncoder

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, 'tests', 'Nlp.Api.IntegrationTests', 'Fixtures')
MODELS = os.path.join(FIXTURES, 'models')
BUNDLED = os.path.join(REPO, 'models', 'keras_small_talk_model')
sys.path.insert(0, HERE)
from numpy_reference import ReferenceModel  # noqa: E402  (the independent forward pass)
from fixture_data import SENTIMENT, SUPPORT_TOPICS  # noqa: E402

SEED = 7
# Adam learning rates for 60 full-batch steps: chosen so that the outputs stay well inside (0, 1) (few saturated
# 1.0 scores), which keeps every vectoriser mode and layer visible in the expected numbers.
LR = {'binary': 0.003, 'count': 0.003, 'tfidf': 0.002, 'freq': 0.005}


# ----------------------------------------------------------------------------------------- training (numpy)

def train_dense_net(x, y, hidden, output_activation, rng, lr, steps=60):
    """Dense(hidden, relu) -> Dense(k, output_activation); full-batch Adam, inverted dropout 0.2 on the hidden
    layer; softmax + categorical cross-entropy or sigmoid + binary cross-entropy. Returns the params and the
    Adam state (m, v) the way Keras keeps it."""
    sizes = [(x.shape[1], hidden), (hidden, y.shape[1])]
    params = []
    for fan_in, fan_out in sizes:
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        params += [rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32), np.zeros(fan_out, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for step in range(1, steps + 1):
        w1, b1, w2, b2 = params
        pre = x @ w1 + b1
        h = np.maximum(pre, 0)
        mask = (rng.random(h.shape) < 0.8).astype(np.float32) / np.float32(0.8)
        hd = h * mask
        z = hd @ w2 + b2
        if output_activation == 'softmax':
            e = np.exp(z - z.max(1, keepdims=True))
            p = e / e.sum(1, keepdims=True)
            dz = (p - y) / len(x)
        else:
            p = 1 / (1 + np.exp(-z))
            dz = (p - y) / y.size
        dh = (dz @ w2.T) * mask * (pre > 0)
        grads = [x.T @ dh, dh.sum(0), hd.T @ dz, dz.sum(0)]
        lr_t = lr * np.sqrt(1 - 0.999 ** step) / (1 - 0.9 ** step)
        for i, g in enumerate(grads):
            m[i] = (0.9 * m[i] + 0.1 * g).astype(np.float32)
            v[i] = (0.999 * v[i] + 0.001 * g * g).astype(np.float32)
            params[i] = (params[i] - lr_t * m[i] / (np.sqrt(v[i]) + 1e-7)).astype(np.float32)
    return params, m, v, steps


def forward(x, params, output_activation):
    """The generator's own forward pass, used only to cross-check numpy_reference.py."""
    w1, b1, w2, b2 = params
    z = np.maximum(x @ w1 + b1, 0) @ w2 + b2
    if output_activation == 'softmax':
        e = np.exp(z - z.max(1, keepdims=True))
        return e / e.sum(1, keepdims=True)
    return 1 / (1 + np.exp(-z))


# ------------------------------------------------------------------------------- Keras config dictionaries

def _initializers_224():
    return [('kernel_initializer', OrderedDict([('class_name', 'VarianceScaling'), ('config', OrderedDict(
                [('scale', 1.0), ('mode', 'fan_avg'), ('distribution', 'uniform'), ('seed', None)]))])),
            ('bias_initializer', OrderedDict([('class_name', 'Zeros'), ('config', OrderedDict())])),
            ('kernel_regularizer', None), ('bias_regularizer', None), ('activity_regularizer', None),
            ('kernel_constraint', None), ('bias_constraint', None)]


def dense_224(name, units, activation, input_width=None):
    """Keras 2.2.4 Dense.get_config(); batch_input_shape is a tuple in memory (to_yaml writes !!python/tuple)."""
    config = OrderedDict([('name', name), ('trainable', True)])
    if input_width is not None:
        config['batch_input_shape'] = (None, input_width)
        config['dtype'] = 'float32'
    config.update([('units', units), ('activation', activation), ('use_bias', True)] + _initializers_224())
    return OrderedDict([('class_name', 'Dense'), ('config', config)])


def dropout_224(name, rate):
    return OrderedDict([('class_name', 'Dropout'), ('config', OrderedDict(
        [('name', name), ('trainable', True), ('rate', rate), ('noise_shape', None), ('seed', None)]))])


def activation_224(name, activation):
    return OrderedDict([('class_name', 'Activation'), ('config', OrderedDict(
        [('name', name), ('trainable', True), ('activation', activation)]))])


def dense_tf24(name, units, activation, input_width=None):
    """tf.keras 2.4 Dense.get_config() (GlorotUniform initializer, dtype on every layer)."""
    config = OrderedDict([('name', name), ('trainable', True)])
    if input_width is not None:
        config['batch_input_shape'] = [None, input_width]
    config.update([('dtype', 'float32'), ('units', units), ('activation', activation), ('use_bias', True),
                   ('kernel_initializer', OrderedDict([('class_name', 'GlorotUniform'),
                                                       ('config', OrderedDict([('seed', None)]))])),
                   ('bias_initializer', OrderedDict([('class_name', 'Zeros'), ('config', OrderedDict())])),
                   ('kernel_regularizer', None), ('bias_regularizer', None), ('activity_regularizer', None),
                   ('kernel_constraint', None), ('bias_constraint', None)])
    return OrderedDict([('class_name', 'Dense'), ('config', config)])


def to_plain(obj):
    """OrderedDict -> dict (yaml.dump would tag OrderedDict), tuples kept (Keras' !!python/tuple)."""
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [to_plain(v) for v in obj]
    if isinstance(obj, tuple):
        return tuple(to_plain(v) for v in obj)
    return obj


def to_json_text(model_config):
    """Keras model.to_json(): json.dumps with default separators, tuples become lists, no newline."""
    return json.dumps(model_config)


def to_yaml_text(model_config):
    """Keras 2.2.4 model.to_yaml(): yaml.dump(config) with PyYAML's then default flow style (None): sorted keys,
    leaf collections in flow style, tuples as !!python/tuple."""
    return yaml.dump(to_plain(model_config), default_flow_style=None)


# ------------------------------------------------------------------------------------------ HDF5 writers

def write_layer_weights(group, layer_names, weights, keras_version):
    """keras 2.x save_weights_to_hdf5_group(): fixed-length |S layer_names / weight_names (h5py 2 turned a list of
    bytes into that; h5py 3 needs the numpy array), variable-length ASCII scalars for backend / keras_version,
    an empty float64 array as weight_names of a layer without weights, datasets at <layer>/<layer>/<w>:0."""
    group.attrs['layer_names'] = np.array([n.encode('utf8') for n in layer_names])
    group.attrs['backend'] = b'tensorflow'
    group.attrs['keras_version'] = keras_version.encode('utf8')
    for name in layer_names:
        g = group.create_group(name)
        layer_weights = weights.get(name, [])
        names = [f'{name}/{w}'.encode('utf8') for w, _ in layer_weights]
        g.attrs['weight_names'] = np.array(names) if names else np.array([], dtype='float64')
        for w_name, (_, value) in zip(names, layer_weights):
            dset = g.create_dataset(w_name, value.shape, dtype=value.dtype)
            dset[:] = value


def write_save_weights_file(path, layer_names, weights, keras_version):
    with h5py.File(path, 'w') as f:
        write_layer_weights(f, layer_names, weights, keras_version)


def write_full_model_file(path, model_config, layer_names, weights, adam_state, lr):
    """Keras 2.2.4 save_model(): root attrs keras_version, backend, model_config, training_config; groups
    model_weights and optimizer_weights (Adam: iterations, then m, v and vhat per trainable weight)."""
    params, m, v, iterations = adam_state
    with h5py.File(path, 'w') as f:
        f.attrs['keras_version'] = b'2.2.4'
        f.attrs['backend'] = b'tensorflow'
        f.attrs['model_config'] = json.dumps(
            OrderedDict([('class_name', model_config['class_name']), ('config', model_config['config'])])
        ).encode('utf8')
        write_layer_weights(f.create_group('model_weights'), layer_names, weights, '2.2.4')
        f32 = lambda value: float(np.float32(value))  # noqa: E731  (Keras reads them back from float32 vars)
        f.attrs['training_config'] = json.dumps(OrderedDict([
            ('optimizer_config', OrderedDict([('class_name', 'Adam'), ('config', OrderedDict([
                ('lr', f32(lr)), ('beta_1', f32(0.9)), ('beta_2', f32(0.999)), ('decay', 0.0),
                ('epsilon', 1e-07), ('amsgrad', False)]))])),
            ('loss', 'categorical_crossentropy'), ('metrics', ['accuracy']), ('sample_weight_mode', None),
            ('loss_weights', None)])).encode('utf8')
        values = [np.array(iterations, dtype=np.int64)] + m + v + [np.zeros(1, np.float32) for _ in params]
        names = [b'Adam/iterations:0'] + [
            (f'training/Adam/Variable_{i}:0' if i else 'training/Adam/Variable:0').encode('utf8')
            for i in range(len(values) - 1)]
        group = f.create_group('optimizer_weights')
        group.attrs['weight_names'] = np.array(names)
        for name, value in zip(names, values):
            dset = group.create_dataset(name, value.shape, dtype=value.dtype)
            if not value.shape:
                dset[()] = value
            else:
                dset[:] = value


# ----------------------------------------------------------------------------------------- fixture folders

def smalltalk_rows(labels):
    with open(os.path.join(REPO, 'samples', 'smalltalk_intents.csv'), newline='', encoding='utf-8') as f:
        return [(r['text'], r['label']) for r in csv.DictReader(f) if r['label'] in labels]


def fit(texts, labels, tokenizer, mode, hidden, output_activation, rng, lr, label_order=None):
    tokenizer.fit_on_texts(texts)
    x = np.asarray(tokenizer.texts_to_matrix(texts, mode=mode), dtype=np.float32)
    classes = label_order or sorted(set(labels))
    y = np.eye(len(classes), dtype=np.float32)[[classes.index(l) for l in labels]]
    params, m, v, steps = train_dense_net(x, y, hidden, output_activation, rng, lr)
    return x, classes, (params, m, v, steps)


def built(texts, labels, x, classes, params, output_activation):
    return {'texts': texts, 'labels': labels, 'x': x, 'classes': classes, 'params': params,
            'output_activation': output_activation}


def dump_pickle(obj, path, protocol):
    with open(path, 'wb') as f:
        pickle.dump(obj, f, protocol=protocol)


def label_encoder(labels, object_dtype):
    encoder = LabelEncoder()
    encoder.fit(np.array(labels, dtype=object) if object_dtype else labels)
    return encoder


def make_binary_full_model(folder, rng):
    rows = smalltalk_rows({'action > greeting', 'action > goodbye', 'action > thanks', 'action > escalate'})
    texts, labels = [r[0] for r in rows], [r[1] for r in rows]
    tokenizer = Tokenizer(num_words=150)
    x, classes, state = fit(texts, labels, tokenizer, 'binary', 32, 'softmax', rng, LR['binary'])
    w1, b1, w2, b2 = state[0]
    config = OrderedDict([('class_name', 'Sequential'), ('config', OrderedDict([('name', 'sequential_1'), ('layers', [
        dense_224('dense_1', 32, 'relu', 150), dropout_224('dropout_1', 0.2), dense_224('dense_2', 4, 'softmax')])]))])
    write_full_model_file(os.path.join(folder, 'smalltalk_model.h5'), config, ['dense_1', 'dropout_1', 'dense_2'],
                          {'dense_1': [('kernel:0', w1), ('bias:0', b1)], 'dense_2': [('kernel:0', w2), ('bias:0', b2)]},
                          state, LR['binary'])
    dump_pickle(tokenizer, os.path.join(folder, 'tokenizer.pickle'), 4)
    dump_pickle(label_encoder(labels, object_dtype=False), os.path.join(folder, 'label_encoder.pkl'), 3)
    with open(os.path.join(folder, 'serving.yaml'), 'w', encoding='utf-8') as f:
        f.write('# texts_to_matrix(mode=binary); the architecture comes from the model_config attr of the .h5\n'
                'input:\n  mode: binary\n')
    return built(texts, labels, x, classes, state[0], 'softmax')


def make_count_yaml(folder, rng):
    rows = smalltalk_rows({'action > greeting', 'action > affirm', 'action > Others'})
    rows = [r for i, r in enumerate(rows) if i % 2 == 0]  # a smaller vocabulary
    texts, labels = [r[0] for r in rows], [r[1] for r in rows]
    tokenizer = Tokenizer()
    x, classes, state = fit(texts, labels, tokenizer, 'count', 32, 'sigmoid', rng, LR['count'])
    width = x.shape[1]
    w1, b1, w2, b2 = state[0]
    config = OrderedDict([('class_name', 'Sequential'), ('config', OrderedDict([('name', 'sequential_1'), ('layers', [
        dense_224('dense_1', 32, 'relu', width), dropout_224('dropout_1', 0.2), dense_224('dense_2', 3, 'sigmoid')])])),
        ('keras_version', '2.2.4'), ('backend', 'tensorflow')])
    with open(os.path.join(folder, 'model.yml'), 'w', encoding='utf-8') as f:
        f.write(to_yaml_text(config))
    write_save_weights_file(os.path.join(folder, 'weights.h5'), ['dense_1', 'dropout_1', 'dense_2'],
                            {'dense_1': [('kernel:0', w1), ('bias:0', b1)], 'dense_2': [('kernel:0', w2), ('bias:0', b2)]},
                            '2.2.4')
    dump_pickle(tokenizer, os.path.join(folder, 'smalltalk_tokenizer.pkl'), 3)
    dump_pickle(label_encoder(labels, object_dtype=True), os.path.join(folder, 'smalltalk_encoder.pkl'), 3)
    return built(texts, labels, x, classes, state[0], 'sigmoid')


def make_tfidf_labels(folder, rng):
    texts = [t for _, items in SENTIMENT for t in items]
    labels = [label for label, items in SENTIMENT for _ in items]
    order = [label for label, _ in SENTIMENT]  # negative, neutral, positive: given in serving.yaml, no encoder
    tokenizer = Tokenizer()
    x, classes, state = fit(texts, labels, tokenizer, 'tfidf', 32, 'softmax', rng, LR['tfidf'], label_order=order)
    width = x.shape[1]
    w1, b1, w2, b2 = state[0]
    input_layer = OrderedDict([('class_name', 'InputLayer'), ('config', OrderedDict([
        ('batch_input_shape', [None, width]), ('dtype', 'float32'), ('sparse', False), ('ragged', False),
        ('name', 'dense_input')]))])
    dropout = OrderedDict([('class_name', 'Dropout'), ('config', OrderedDict([
        ('name', 'dropout'), ('trainable', True), ('dtype', 'float32'), ('rate', 0.2), ('noise_shape', None),
        ('seed', None)]))])
    config = OrderedDict([('class_name', 'Sequential'), ('config', OrderedDict([('name', 'sequential'), ('layers', [
        input_layer, dense_tf24('dense', 32, 'relu', width), dropout, dense_tf24('dense_1', 3, 'softmax')])])),
        ('keras_version', '2.4.0'), ('backend', 'tensorflow')])
    with open(os.path.join(folder, 'sentiment_model.json'), 'w', encoding='utf-8') as f:
        f.write(to_json_text(config))
    # tf.keras 2.4 save_weights(): the InputLayer is not in model.layers, names without _1 suffixes
    write_save_weights_file(os.path.join(folder, 'sentiment_weights.h5'), ['dense', 'dropout', 'dense_1'],
                            {'dense': [('kernel:0', w1), ('bias:0', b1)], 'dense_1': [('kernel:0', w2), ('bias:0', b2)]},
                            '2.4.0')
    dump_pickle(tokenizer, os.path.join(folder, 'sentiment_tokenizer.pkl'), 4)
    with open(os.path.join(folder, 'serving.yaml'), 'w', encoding='utf-8') as f:
        f.write('# labels given here instead of a label encoder pickle\n'
                f'labels: [{", ".join(order)}]\n'
                'input:\n  mode: tfidf\n')
    return built(texts, labels, x, classes, state[0], 'softmax')


def make_freq_activation(folder, rng):
    texts = [t for _, items in SUPPORT_TOPICS for t in items]
    labels = [label for label, items in SUPPORT_TOPICS for _ in items]
    tokenizer = Tokenizer(oov_token='<OOV>')
    x, classes, state = fit(texts, labels, tokenizer, 'freq', 32, 'softmax', rng, LR['freq'])
    width = x.shape[1]
    w1, b1, w2, b2 = state[0]
    # Dense without activation + separate Activation layers, as in the Backtalk-MS model of the corpus
    config = OrderedDict([('class_name', 'Sequential'), ('config', OrderedDict([('name', 'sequential_1'), ('layers', [
        dense_224('dense_1', 32, 'linear', width), activation_224('activation_1', 'relu'),
        dropout_224('dropout_1', 0.25), dense_224('dense_2', len(classes), 'linear'),
        activation_224('activation_2', 'softmax')])])), ('keras_version', '2.2.4'), ('backend', 'tensorflow')])
    with open(os.path.join(folder, 'model.yaml'), 'w', encoding='utf-8') as f:
        f.write(to_json_text(config))  # JSON text in a .yaml file, like the seed's model.yaml
    write_save_weights_file(
        os.path.join(folder, 'topics_weights.h5'), ['dense_1', 'activation_1', 'dropout_1', 'dense_2', 'activation_2'],
        {'dense_1': [('kernel:0', w1), ('bias:0', b1)], 'dense_2': [('kernel:0', w2), ('bias:0', b2)]}, '2.2.4')
    dump_pickle(tokenizer, os.path.join(folder, 'topics_tokenizer.pkl'), 4)
    dump_pickle(label_encoder(labels, object_dtype=False), os.path.join(folder, 'topics_encoder.pickle'), 4)
    with open(os.path.join(folder, 'serving.yaml'), 'w', encoding='utf-8') as f:
        f.write('input:\n  mode: freq\n')
    return built(texts, labels, x, classes, state[0], 'softmax')


FOLDERS = [
    ('binary_full_model', make_binary_full_model,
     'mode binary (serving.yaml); model.save() layout: no architecture file, root attr model_config, group '
     'model_weights, training_config + optimizer_weights to ignore; Tokenizer(num_words=150) over a larger '
     'vocabulary; tokenizer *.pickle (protocol 4); LabelEncoder with unicode classes_; softmax'),
    ('count_yaml_sigmoid', make_count_yaml,
     'no serving.yaml (default mode count); architecture model.yml written like Keras 2.2.4 to_yaml() '
     '(sorted keys, !!python/tuple batch_input_shape); save_weights() layout; LabelEncoder with object classes_; '
     'sigmoid outputs (multi-label, scores do not sum to 1)'),
    ('tfidf_labels_tfkeras24', make_tfidf_labels,
     'mode tfidf; labels listed in serving.yaml (no encoder pickle); tf.keras 2.4 to_json() with an InputLayer '
     'and layer names dense / dropout / dense_1; save_weights() layout with keras_version 2.4.0; softmax'),
    ('freq_activation_layers', make_freq_activation,
     'mode freq; Dense(linear) followed by separate Activation layers (relu, softmax); JSON text in model.yaml '
     '(as the seed); Tokenizer with oov_token; encoder *.pickle (protocol 4)'),
]

PROBES = {
    'binary_full_model': [
        'hello there, good morning', 'Hello hello HELLO!!!', 'thanks so much for your help', 'bye, see you later',
        'get me a manager right now', 'talk to a human; thanks anyway', 'qwerty zxcvb', 'good',
        'see you soon, thanks a lot for everything', 'I want to speak to your supervisor'],
    'count_yaml_sigmoid': [
        'hi there', 'hi hi hi hi', 'yes please, go ahead', 'ok ok', 'what is the weather like',
        'where is my parcel?', 'yes; hello', 'qwerty zxcvb', 'Good morning, sure thing', 'HELLO THERE, MY FRIEND'],
    'tfidf_labels_tfkeras24': [
        'I love it, absolutely wonderful', 'terrible, the worst service ever', 'it arrived on tuesday',
        'great great great', 'not bad, not great', 'awful; would not recommend', 'qwerty zxcvb',
        'the product is okay I guess', 'really happy with the quality', 'broken and useless, I hate it'],
    'freq_activation_layers': [
        'I was charged twice on my invoice', 'where is my package?', 'reset my password please',
        'the app crashes on startup', 'refund refund refund', 'my parcel is late; also the bill is wrong',
        'qwerty zxcvb', '?!...', 'delivery tracking number', 'cannot log in to my account'],
}
BUNDLED_PROBES = ['hello there, good morning', 'hey, good evening', 'cheers, that helped a lot',
                  'get me a supervisor now', 'see you tomorrow', 'hi there, good morning', 'yes, go ahead please',
                  'what is the weather in Paris?', 'hello; thanks', 'qwerty zxcvb']


def round_like_python(score):
    return str(round(score, 2))


def expected_entry(reference, texts):
    probes = []
    for text, scores in zip(texts, reference.predict(texts)):
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])  # stable: ties keep label order
        name, score = ranked[0]
        cents = score * 100
        probes.append(OrderedDict([
            ('text', text),
            ('topic', OrderedDict([('name', name), ('score', round_like_python(score))])),
            # true when the 2-decimal string could differ by float32 rounding noise (within 1e-4 of a tie)
            ('scoreNearRoundingTie', bool(abs(cents - np.floor(cents) - 0.5) < 1e-2)),
            ('topics', [OrderedDict([('name', n), ('score', s)]) for n, s in ranked]),
        ]))
    return probes


def folder_size(folder):
    return sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder))


def main():
    os.makedirs(MODELS, exist_ok=True)
    rng = np.random.default_rng(SEED)
    document = OrderedDict([
        ('generator', 'tests/tools/make_api_fixtures.py'),
        ('reference', 'tests/tools/numpy_reference.py: float32 numpy forward pass over the files of the folder, '
                      'vectorised by the real unpickled keras_preprocessing Tokenizer (texts_to_matrix)'),
        ('scoreFormat', "topic.score = str(round(x, 2)) of the highest output; topics sorted by score, highest first"),
        ('models', OrderedDict()),
    ])
    for name, make, exercises in FOLDERS:
        folder = os.path.join(MODELS, name)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        made = make(folder, rng)
        classes = made['classes']
        reference = ReferenceModel(folder)
        # cross-check: the reference reading the files == the generator's in-memory forward pass
        ours = forward(made['x'], made['params'], made['output_activation'])
        theirs = np.array([[s[c] for c in classes] for s in reference.predict(made['texts'])])
        diff = float(np.abs(ours - theirs).max())
        if reference.labels != classes or diff > 1e-5:
            sys.exit(f'{name}: numpy_reference disagrees with the generator (labels {reference.labels}, diff {diff})')
        accuracy = float(np.mean(ours.argmax(1) == np.array([classes.index(l) for l in made['labels']])))
        # every other vectoriser mode must move the expected scores visibly, so a wrong mode fails the tests
        separation = {}
        for other in ('binary', 'count', 'tfidf', 'freq'):
            if other != reference.mode:
                wrong = ReferenceModel(folder)
                wrong.mode = other
                separation[other] = max(abs(a[k] - b[k]) for a, b in zip(
                    reference.predict(PROBES[name]), wrong.predict(PROBES[name])) for k in a)
        if min(separation.values()) < 0.05:
            sys.exit(f'{name}: probes do not tell the modes apart: {separation}')
        size = folder_size(folder)
        if size > 200 * 1024:
            sys.exit(f'{name}: {size} bytes, keep fixture folders under 200 KB')
        document['models'][name] = OrderedDict([
            ('exercises', exercises), ('mode', reference.mode), ('labels', reference.labels),
            ('inputWidth', int(reference.input_size)), ('files', sorted(os.listdir(folder))),
            ('probes', expected_entry(reference, PROBES[name]))])
        print(f'{name:24} {size:7d} bytes  mode {reference.mode:6} width {reference.input_size:4d}  '
              f'labels {len(classes)}  training accuracy {accuracy:.2f}  '
              f'max score change under another mode: {", ".join(f"{k} {v:.2f}" for k, v in separation.items())}')

    # broken: a copy of count_yaml_sigmoid whose weights file is cut to half its bytes
    broken = os.path.join(MODELS, 'broken_truncated_h5')
    shutil.rmtree(broken, ignore_errors=True)
    shutil.copytree(os.path.join(MODELS, 'count_yaml_sigmoid'), broken)
    with open(os.path.join(broken, 'weights.h5'), 'r+b') as f:
        f.truncate(os.path.getsize(os.path.join(broken, 'weights.h5')) // 2)
    try:
        ReferenceModel(broken)
        sys.exit('broken_truncated_h5 unexpectedly loads')
    except OSError as error:
        print(f'broken_truncated_h5      refuses to load as expected: {error}')
    document['broken'] = OrderedDict([('broken_truncated_h5', OrderedDict([
        ('exercises', 'a copy of count_yaml_sigmoid whose weights.h5 is truncated to half its bytes: the model '
                      'cannot be loaded (500 naming the model and weights.h5); the other models keep serving'),
        ('file', 'weights.h5')]))])

    if os.path.isdir(BUNDLED):
        reference = ReferenceModel(BUNDLED)
        document['bundled'] = OrderedDict([('keras_small_talk_model', OrderedDict([
            ('path', 'models/keras_small_talk_model'), ('mode', reference.mode), ('labels', reference.labels),
            ('probes', expected_entry(reference, BUNDLED_PROBES))]))])
    with open(os.path.join(FIXTURES, 'expected_topics.json'), 'w', encoding='utf-8') as f:
        json.dump(document, f, indent=2)
        f.write('\n')
    print('wrote', os.path.relpath(os.path.join(FIXTURES, 'expected_topics.json'), REPO))


if __name__ == '__main__':
    main()
