#!/usr/bin/python3
"""Generates the engine fixtures (run with Debian's /usr/bin/python3: numpy + h5py + PyYAML; no Keras needed).

Architecture text is written exactly as Keras writes it (Keras 2.2.4 `to_json()` = json.dumps of the config,
`to_yaml()` = yaml.dump of the same config, in which Keras keeps `batch_input_shape` as a tuple; Keras 3 configs
with `module`/`registered_name`/`build_config` and dict-form `inbound_nodes`). HDF5 files follow the code of
Keras's writers: `save_weights_to_hdf5_group` / `save_attributes_to_hdf5_group` (Keras 2.2.4 and Keras 3's
legacy_h5_format) and Keras 3's `H5IOStore` (`layers/<key>/vars/<i>`). Expected outputs are numpy float32 forward
passes with the activation formulas of TensorFlow's kernels. Weights are random with fixed seeds.

Usage: /usr/bin/python3 make_engine_fixtures.py   (writes into the folder of this script)
"""
import copy
import json
import math
import os

import h5py
import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
HDF5_OBJECT_HEADER_LIMIT = 64512  # keras/engine/saving.py


def path(name):
    return os.path.join(HERE, name)


# ---------------------------------------------------------------- activations (float32, as TensorFlow computes)
def f32(x):
    return np.asarray(x, dtype=np.float32)


def sigmoid(x):
    x = f32(x)
    return f32(1) / (f32(1) + np.exp(-x))


def softmax(x):
    x = f32(x)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softplus(x):
    x = f32(x)
    threshold = np.log(np.finfo(np.float32).eps) + f32(2)
    return np.where(x > -threshold, x, np.where(x < threshold, np.exp(x), np.log1p(np.exp(x)))).astype(np.float32)


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def erf(x):
    return np.vectorize(math.erf)(np.asarray(x, dtype=np.float64))


ACTIVATIONS = {
    'linear': lambda x: f32(x),
    'relu': lambda x: np.maximum(f32(x), f32(0)),
    'relu6': lambda x: np.clip(f32(x), f32(0), f32(6)),
    'leaky_relu': lambda x: np.where(f32(x) < 0, f32(x) * f32(0.2), f32(x)).astype(np.float32),
    'sigmoid': sigmoid,
    'tanh': lambda x: np.tanh(f32(x)),
    'softmax': softmax,
    'log_softmax': lambda x: (f32(x) - f32(x).max(axis=-1, keepdims=True)) - np.log(np.exp(f32(x) - f32(x).max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True)),
    'softplus': softplus,
    'softsign': lambda x: f32(x) / (np.abs(f32(x)) + f32(1)),
    'selu': lambda x: np.where(f32(x) > 0, f32(SELU_SCALE) * f32(x), f32(SELU_SCALE * SELU_ALPHA) * np.expm1(f32(x))).astype(np.float32),
    'elu': lambda x: np.where(f32(x) > 0, f32(x), np.expm1(f32(x))).astype(np.float32),
    'exponential': lambda x: np.exp(f32(x)),
    'swish': lambda x: f32(x) * sigmoid(x),
    'silu': lambda x: f32(x) * sigmoid(x),
    'hard_silu': lambda x: f32(x) * (np.clip(f32(x) + f32(3), f32(0), f32(6)) / f32(6)),
    'gelu': lambda x: (0.5 * np.asarray(x, np.float64) * (1 + erf(np.asarray(x, np.float64) / math.sqrt(2)))).astype(np.float32),
    'mish': lambda x: (np.asarray(x, np.float64) * np.tanh(np.log1p(np.exp(np.asarray(x, np.float64))))).astype(np.float32),
}
HARD_SIGMOID = {
    2: lambda x: np.clip(f32(x) * f32(0.2) + f32(0.5), f32(0), f32(1)),   # keras/backend/tensorflow_backend.py
    3: lambda x: np.clip(f32(x) + f32(3), f32(0), f32(6)) / f32(6),       # keras/src/backend/tensorflow/nn.py
}


def activation(name, x, keras_major=2):
    return HARD_SIGMOID[keras_major](x) if name == 'hard_sigmoid' else ACTIVATIONS[name](x)


# ---------------------------------------------------------------- Keras 2.2.4 configs
def initializer(name, config):
    return {'class_name': name, 'config': config}


GLOROT = initializer('VarianceScaling', {'scale': 1.0, 'mode': 'fan_avg', 'distribution': 'uniform', 'seed': None})


def dense_config(name, units, act, batch_input_shape=None, use_bias=True):
    config = {'name': name, 'trainable': True}
    if batch_input_shape is not None:
        config['batch_input_shape'] = tuple(batch_input_shape)
        config['dtype'] = 'float32'
    config.update({'units': units, 'activation': act, 'use_bias': use_bias, 'kernel_initializer': copy.deepcopy(GLOROT),
                   'bias_initializer': initializer('Zeros', {}), 'kernel_regularizer': None, 'bias_regularizer': None,
                   'activity_regularizer': None, 'kernel_constraint': None, 'bias_constraint': None})
    return config


def dropout_config(name, rate):
    return {'name': name, 'trainable': True, 'rate': rate, 'noise_shape': None, 'seed': None}


def activation_config(name, act):
    return {'name': name, 'trainable': True, 'activation': act}


def input_config(name, batch_input_shape):
    return {'batch_input_shape': tuple(batch_input_shape), 'dtype': 'float32', 'sparse': False, 'name': name}


def sequential(name, layers):
    """layers: (class_name, config). Keras 2.2.4 Sequential.get_config + Network._updated_config."""
    return {'class_name': 'Sequential', 'config': {'name': name, 'layers': [{'class_name': c, 'config': cfg} for c, cfg in layers]},
            'keras_version': '2.2.4', 'backend': 'tensorflow'}


def functional(name, layers, inputs, outputs):
    """layers: (name, class_name, config, inbound calls as lists of (layer, node, tensor))."""
    entries = [{'name': n, 'class_name': c, 'config': cfg,
                'inbound_nodes': [[[src, node, t, {}] for src, node, t in call] for call in calls]}
               for n, c, cfg, calls in layers]
    return {'class_name': 'Model', 'config': {'name': name, 'layers': entries, 'input_layers': [list(r) for r in inputs],
                                              'output_layers': [list(r) for r in outputs]},
            'keras_version': '2.2.4', 'backend': 'tensorflow'}


def get_json_type(obj):
    if isinstance(obj, np.generic):
        return obj.item()
    raise TypeError(repr(obj))


def to_json(config):
    return json.dumps(config, default=get_json_type)  # keras Network.to_json


def to_yaml(config):
    return yaml.dump(config, default_flow_style=None)  # keras Network.to_yaml with PyYAML < 5.1 defaults


def write_text(name, text):
    with open(path(name), 'w', encoding='utf-8') as f:
        f.write(text)


# ---------------------------------------------------------------- HDF5 writers
def save_attributes_to_hdf5_group(group, name, data):
    """keras/engine/saving.py (2.2.4), also keras/src/legacy/saving/legacy_h5_format.py (Keras 3)."""
    bad = [x for x in data if len(x) > HDF5_OBJECT_HEADER_LIMIT]
    if bad:
        raise RuntimeError('too long')
    data_npy = np.asarray(data)
    num_chunks = 1
    chunked_data = np.array_split(data_npy, num_chunks)
    while any(x.nbytes > HDF5_OBJECT_HEADER_LIMIT for x in chunked_data):
        num_chunks += 1
        chunked_data = np.array_split(data_npy, num_chunks)
    if num_chunks > 1:
        for chunk_id, chunk_data in enumerate(chunked_data):
            group.attrs['%s%d' % (name, chunk_id)] = chunk_data
    else:
        group.attrs[name] = data


def save_weights_to_hdf5_group(f, layers, keras_version='2.2.4'):
    """keras 2.2.4 saving.save_weights_to_hdf5_group; layers: (name, [(weight_name, array)])."""
    save_attributes_to_hdf5_group(f, 'layer_names', [name.encode('utf8') for name, _ in layers])
    f.attrs['backend'] = 'tensorflow'.encode('utf8')
    f.attrs['keras_version'] = str(keras_version).encode('utf8')
    for name, weights in layers:
        g = f.create_group(name)
        weight_names = [wname.encode('utf8') for wname, _ in weights]
        save_attributes_to_hdf5_group(g, 'weight_names', weight_names)
        for wname, val in zip(weight_names, [v for _, v in weights]):
            param_dset = g.create_dataset(wname, val.shape, dtype=val.dtype)
            if not val.shape:
                param_dset[()] = val
            else:
                param_dset[:] = val


def save_weights_keras3_legacy(f, layers, keras_version='3.8.0'):
    """keras/src/legacy/saving/legacy_h5_format.py save_weights_to_hdf5_group (names as str: vlen strings)."""
    save_attributes_to_hdf5_group(f, 'layer_names', np.array([name for name, _ in layers], dtype=object))
    f.attrs['backend'] = 'tensorflow'
    f.attrs['keras_version'] = keras_version
    for name, weights in sorted(layers, key=lambda l: l[0]):
        g = f.create_group(name)
        names = [wname for wname, _ in weights]
        save_attributes_to_hdf5_group(g, 'weight_names', np.array(names, dtype=object) if names else [])
        for wname, val in weights:
            g.create_dataset(wname, val.shape, dtype=val.dtype)[...] = val
    g = f.create_group('top_level_model_weights')
    save_attributes_to_hdf5_group(g, 'weight_names', [])


def save_model(filename, config, layers, training_config=None):
    """keras 2.2.4 saving.save_model (HDF5): root attrs + model_weights + optimizer_weights."""
    with h5py.File(path(filename), 'w') as f:
        f.attrs['keras_version'] = '2.2.4'.encode('utf8')
        f.attrs['backend'] = 'tensorflow'.encode('utf8')
        f.attrs['model_config'] = json.dumps(config, default=get_json_type).encode('utf8')
        save_weights_to_hdf5_group(f.create_group('model_weights'), layers)
        f.attrs['training_config'] = json.dumps(training_config or {
            'optimizer_config': {'class_name': 'Adam', 'config': {'lr': 0.001, 'beta_1': 0.9, 'beta_2': 0.999, 'decay': 0.0, 'epsilon': 1e-07, 'amsgrad': False}},
            'loss': 'categorical_crossentropy', 'metrics': ['accuracy'], 'sample_weight_mode': None, 'loss_weights': None},
            default=get_json_type).encode('utf8')
        optimizer_weights_group = f.create_group('optimizer_weights')
        symbolic = [('Adam/iterations:0', np.array(10, dtype=np.int64))]
        save_attributes_to_hdf5_group(optimizer_weights_group, 'weight_names', [n.encode('utf8') for n, _ in symbolic])
        for n, val in symbolic:
            optimizer_weights_group.create_dataset(n, val.shape, dtype=val.dtype)[()] = val


def save_weights(filename, layers, **kwargs):
    with h5py.File(path(filename), 'w') as f:
        save_weights_to_hdf5_group(f, layers, **kwargs)


def save_keras3_weights(filename, entries):
    """keras/src/saving/saving_lib.py H5IOStore: layers/<key>/vars/<i>; entries: (key, layer name, [arrays])."""
    with h5py.File(path(filename), 'w') as f:
        for key, name, arrays in entries:
            vars_group = f.create_group('layers/%s/vars' % key)
            vars_group.attrs['name'] = name
            for i, value in enumerate(arrays):
                vars_group.create_dataset(str(i), data=value)
        f.create_group('vars').attrs['name'] = 'sequential'
        opt = f.create_group('optimizer/vars')
        opt.attrs['name'] = 'adam'
        opt.create_dataset('0', data=np.array(3, dtype=np.int64))


# ---------------------------------------------------------------- models
def dense_forward(x, kernel, bias, act, keras_major=2):
    y = np.matmul(f32(x), f32(kernel))
    if bias is not None:
        y = y + f32(bias)
    return activation(act, y, keras_major)


def random_weights(rng, n_in, n_out, dtype=np.float32):
    return (rng.standard_normal((n_in, n_out)) * 0.4).astype(dtype), (rng.standard_normal(n_out) * 0.1).astype(dtype)


def count_vectors(rng, n, width):
    x = np.zeros((n, width), dtype=np.float32)
    for row in x:
        for col in rng.choice(width, size=rng.integers(1, 5), replace=False):
            row[col] = rng.integers(1, 4)
    return x


def write_cases(name, cases):
    write_text(name, json.dumps({'cases': [{'name': n, 'batch': int(x.shape[0]), 'input': [float(v) for v in f32(x).ravel()],
                                            'expected': [float(v) for v in f32(y).ravel()],
                                            'expected_shape': list(y.shape[1:])} for n, x, y in cases]}, indent=1))


def sequential_dense():
    """Dense(16, relu, input 20) - Dropout - Dense(12, relu) - Dropout - Dense(6, sigmoid), like the seed model."""
    rng = np.random.default_rng(20240601)
    k1, b1 = random_weights(rng, 20, 16)
    k2, b2 = random_weights(rng, 16, 12)
    k3, b3 = random_weights(rng, 12, 6)
    config = sequential('sequential_1', [
        ('Dense', dense_config('dense_1', 16, 'relu', batch_input_shape=(None, 20))),
        ('Dropout', dropout_config('dropout_1', 0.2)),
        ('Dense', dense_config('dense_2', 12, 'relu')),
        ('Dropout', dropout_config('dropout_2', 0.2)),
        ('Dense', dense_config('dense_3', 6, 'sigmoid')),
    ])
    write_text('seq_dense.json', to_json(config))
    write_text('seq_dense.yaml', to_yaml(config))

    def layers(w1, w2, w3):
        return [('dense_1', [('dense_1/kernel:0', w1[0]), ('dense_1/bias:0', w1[1])]), ('dropout_1', []),
                ('dense_2', [('dense_2/kernel:0', w2[0]), ('dense_2/bias:0', w2[1])]), ('dropout_2', []),
                ('dense_3', [('dense_3/kernel:0', w3[0]), ('dense_3/bias:0', w3[1])])]

    def forward(x, w1, w2, w3):
        w1, w2, w3 = [(f32(k), f32(b)) for k, b in (w1, w2, w3)]
        h = dense_forward(x, *w1, 'relu')
        h = dense_forward(h, *w2, 'relu')
        return dense_forward(h, *w3, 'sigmoid')

    w = ((k1, b1), (k2, b2), (k3, b3))
    save_weights('seq_dense.weights.h5', layers(*w))
    save_model('seq_dense.full.h5', config, layers(*w))
    x_count = count_vectors(rng, 5, 20)
    x_dense = rng.standard_normal((4, 20)).astype(np.float32)
    write_cases('seq_dense.cases.json', [('counts', x_count, forward(x_count, *w)), ('dense', x_dense, forward(x_dense, *w))])

    for dtype, suffix in ((np.float16, 'f16'), (np.float64, 'f64')):
        wd = tuple((k.astype(dtype), b.astype(dtype)) for k, b in w)
        save_weights('seq_dense.%s.h5' % suffix, layers(*wd))
        write_cases('seq_dense.%s.cases.json' % suffix, [('counts', x_count, forward(x_count, *wd))])

    # Broken variants: a kernel of the wrong shape, a layer missing, an extra layer.
    save_weights('seq_dense.wrong_kernel.h5', layers(w[0], (k2[:15], b2), w[2]))
    save_weights('seq_dense.missing_layer.h5', layers(*w)[:4])
    k4, b4 = random_weights(rng, 6, 3)
    save_weights('seq_dense.extra_layer.h5', layers(*w) + [('dense_4', [('dense_4/kernel:0', k4), ('dense_4/bias:0', b4)])])

    # Half of a real file: what a truncated upload or copy leaves.
    with open(path('seq_dense.full.h5'), 'rb') as f:
        data = f.read()
    with open(path('seq_dense.truncated.h5'), 'wb') as f:
        f.write(data[:len(data) // 2])


def sequential_rank3():
    """Keras 2.0/2.1 style (config is the list of layers): Dense on [5, 7] inputs, then Activation(softmax)."""
    rng = np.random.default_rng(7)
    k1, b1 = random_weights(rng, 7, 4)
    config = {'class_name': 'Sequential', 'config': [
        {'class_name': 'Dense', 'config': dense_config('dense_1', 4, 'tanh', batch_input_shape=(None, 5, 7))},
        {'class_name': 'Activation', 'config': activation_config('activation_1', 'softmax')},
    ], 'keras_version': '2.1.2', 'backend': 'tensorflow'}
    write_text('seq_rank3.json', to_json(config))
    save_weights('seq_rank3.h5', [('dense_1', [('dense_1/kernel:0', k1), ('dense_1/bias:0', b1)]), ('activation_1', [])], keras_version='2.1.2')
    x = rng.standard_normal((3, 5, 7)).astype(np.float32)
    write_cases('seq_rank3.cases.json', [('dense', x, activation('softmax', dense_forward(x, k1, b1, 'tanh')))])


def functional_shared():
    """Two inputs through one shared Dense (called twice), an Add (a test-only factory) and two outputs."""
    rng = np.random.default_rng(11)
    ks, bs = random_weights(rng, 8, 5)
    ko, bo = random_weights(rng, 5, 3)
    config = functional('model_1', [
        ('input_1', 'InputLayer', input_config('input_1', (None, 8)), []),
        ('input_2', 'InputLayer', input_config('input_2', (None, 8)), []),
        ('shared', 'Dense', dense_config('shared', 5, 'relu'), [[('input_1', 0, 0)], [('input_2', 0, 0)]]),
        ('add_1', 'Add', {'name': 'add_1', 'trainable': True}, [[('shared', 0, 0), ('shared', 1, 0)]]),
        ('dense_out', 'Dense', dense_config('dense_out', 3, 'softmax'), [[('add_1', 0, 0)]]),
        ('activation_1', 'Activation', activation_config('activation_1', 'tanh'), [[('shared', 1, 0)]]),
    ], inputs=[('input_1', 0, 0), ('input_2', 0, 0)], outputs=[('dense_out', 0, 0), ('activation_1', 0, 0)])
    write_text('func_shared.json', to_json(config))
    save_weights('func_shared.h5', [('input_1', []), ('input_2', []), ('shared', [('shared/kernel:0', ks), ('shared/bias:0', bs)]),
                                    ('add_1', []), ('dense_out', [('dense_out/kernel:0', ko), ('dense_out/bias:0', bo)]), ('activation_1', [])])
    x1 = rng.standard_normal((3, 8)).astype(np.float32)
    x2 = count_vectors(rng, 3, 8)
    s1 = dense_forward(x1, ks, bs, 'relu')
    s2 = dense_forward(x2, ks, bs, 'relu')
    out = dense_forward(s1 + s2, ko, bo, 'softmax')
    write_text('func_shared.cases.json', json.dumps({
        'input_1': [float(v) for v in x1.ravel()], 'input_2': [float(v) for v in x2.ravel()], 'batch': 3,
        'dense_out': [float(v) for v in out.ravel()], 'activation_1': [float(v) for v in activation('tanh', s2).ravel()]}, indent=1))


K3_DTYPE = {'module': 'keras', 'class_name': 'DTypePolicy', 'config': {'name': 'float32'}, 'registered_name': None}


def k3_initializer(name, config):
    return {'module': 'keras.initializers', 'class_name': name, 'config': config, 'registered_name': None}


def k3_dense(name, units, act):
    return {'name': name, 'trainable': True, 'dtype': K3_DTYPE, 'units': units, 'activation': act, 'use_bias': True,
            'kernel_initializer': k3_initializer('GlorotUniform', {'seed': None}), 'bias_initializer': k3_initializer('Zeros', {}),
            'kernel_regularizer': None, 'bias_regularizer': None, 'kernel_constraint': None, 'bias_constraint': None}


def k3_tensor(source, shape):
    return {'class_name': '__keras_tensor__', 'config': {'shape': shape, 'dtype': 'float32', 'keras_history': [source, 0, 0]}}


def keras3_models():
    """Keras 3.8-style functional and Sequential configs (to_json) with .weights.h5 and legacy .h5 weights."""
    rng = np.random.default_rng(3)
    k1, b1 = random_weights(rng, 10, 6)
    k2, b2 = random_weights(rng, 6, 4)
    functional_config = {
        'module': 'keras.src.models.functional', 'class_name': 'Functional', 'config': {
            'name': 'functional', 'trainable': True, 'layers': [
                {'module': 'keras.layers', 'class_name': 'InputLayer',
                 'config': {'batch_shape': [None, 10], 'dtype': 'float32', 'sparse': False, 'ragged': False, 'name': 'tokens'},
                 'registered_name': None, 'name': 'tokens', 'inbound_nodes': []},
                {'module': 'keras.layers', 'class_name': 'Dense', 'config': k3_dense('hidden', 6, 'gelu'), 'registered_name': None,
                 'build_config': {'input_shape': [None, 10]}, 'name': 'hidden',
                 'inbound_nodes': [{'args': [k3_tensor('tokens', [None, 10])], 'kwargs': {}}]},
                {'module': 'keras.layers', 'class_name': 'Dropout',
                 'config': {'name': 'dropout', 'trainable': True, 'dtype': K3_DTYPE, 'rate': 0.3, 'seed': None, 'noise_shape': None},
                 'registered_name': None, 'name': 'dropout',
                 'inbound_nodes': [{'args': [k3_tensor('hidden', [None, 6])], 'kwargs': {'training': False}}]},
                {'module': 'keras.layers', 'class_name': 'Dense', 'config': k3_dense('scores', 4, 'hard_sigmoid'), 'registered_name': None,
                 'build_config': {'input_shape': [None, 6]}, 'name': 'scores',
                 'inbound_nodes': [{'args': [k3_tensor('dropout', [None, 6])], 'kwargs': {}}]},
            ], 'input_layers': ['tokens', 0, 0], 'output_layers': ['scores', 0, 0]},
        'registered_name': 'Functional', 'build_config': {'input_shape': None}}
    write_text('func_k3.json', to_json(functional_config))
    # Keys: class names in snake case, numbered per class (the InputLayer of a functional model has one).
    save_keras3_weights('func_k3.weights.h5', [('input_layer', 'tokens', []), ('dense', 'hidden', [k1, b1]),
                                               ('dropout', 'dropout', []), ('dense_1', 'scores', [k2, b2])])
    with h5py.File(path('func_k3.legacy.h5'), 'w') as f:
        save_weights_keras3_legacy(f, [('tokens', []), ('hidden', [('hidden/kernel', k1), ('hidden/bias', b1)]),
                                       ('dropout', []), ('scores', [('scores/kernel', k2), ('scores/bias', b2)])])
    x = np.concatenate([count_vectors(rng, 3, 10), rng.standard_normal((2, 10)).astype(np.float32) * 3])
    y = dense_forward(dense_forward(x, k1, b1, 'gelu', 3), k2, b2, 'hard_sigmoid', 3)
    write_cases('func_k3.cases.json', [('mixed', x, y)])

    sequential_config = {
        'module': 'keras', 'class_name': 'Sequential', 'config': {
            'name': 'sequential', 'trainable': True, 'dtype': K3_DTYPE, 'layers': [
                {'module': 'keras.layers', 'class_name': 'InputLayer',
                 'config': {'batch_shape': [None, 10], 'dtype': 'float32', 'sparse': False, 'ragged': False, 'name': 'input_layer'},
                 'registered_name': None},
                {'module': 'keras.layers', 'class_name': 'Dense', 'config': k3_dense('dense', 6, 'gelu'), 'registered_name': None,
                 'build_config': {'input_shape': [None, 10]}},
                {'module': 'keras.layers', 'class_name': 'Dropout',
                 'config': {'name': 'dropout', 'trainable': True, 'dtype': K3_DTYPE, 'rate': 0.3, 'seed': None, 'noise_shape': None},
                 'registered_name': None},
                {'module': 'keras.layers', 'class_name': 'Dense', 'config': k3_dense('dense_1', 4, 'hard_sigmoid'), 'registered_name': None,
                 'build_config': {'input_shape': [None, 6]}},
            ], 'build_input_shape': [None, 10]},
        'registered_name': None, 'build_config': {'input_shape': [None, 10]}}
    write_text('seq_k3.json', to_json(sequential_config))
    save_keras3_weights('seq_k3.weights.h5', [('dense', 'dense', [k1, b1]), ('dropout', 'dropout', []), ('dense_1', 'dense_1', [k2, b2])])
    with h5py.File(path('seq_k3.legacy.h5'), 'w') as f:
        save_weights_keras3_legacy(f, [('dense', [('sequential/dense/kernel', k1), ('sequential/dense/bias', b1)]), ('dropout', []),
                                       ('dense_1', [('sequential/dense_1/kernel', k2), ('sequential/dense_1/bias', b2)])])


def lambda_model():
    """A Keras 2.2.4 Sequential with a Lambda layer (its function is marshalled code: never run)."""
    config = sequential('sequential_1', [
        ('Dense', dense_config('dense_1', 4, 'relu', batch_input_shape=(None, 3))),
        ('Lambda', {'name': 'lambda_1', 'trainable': True,
                    'function': ['4wEAAAAAAAAAAQAAAAIAAABTAAAAcwgAAAB8AGQBFABTACkCTukCAAAAqQApAdoBeHIBAAAAcgEAAAD6HjxpcHl0aG9uLWlucHV0LTItMGJmYzQwMGU5MzQ1PtoIPGxhbWJkYT4BAAAA8wAAAAA=', None, None],
                    'function_type': 'lambda', 'output_shape': None, 'output_shape_type': 'raw', 'arguments': {}}),
    ])
    write_text('lambda.json', to_json(config))


def many_layers():
    """layer_names longer than the 64 KiB object-header limit: Keras splits it into layer_names0, layer_names1."""
    rng = np.random.default_rng(5)
    layers = [('dropout_%03d_%s' % (i, 'x' * 4100), []) for i in range(16)]
    k, b = random_weights(rng, 3, 2)
    layers.append(('dense_1', [('dense_1/kernel:0', k), ('dense_1/bias:0', b)]))
    save_weights('many_layers.h5', layers)


def activation_table():
    """Every activation on values from -30 to 30 (rows of 7 for softmax-like ones), float32."""
    x = np.concatenate([np.linspace(-30, 30, 61), np.linspace(-3.5, 3.5, 71), [0.0, 1e-6, -1e-6, 13.9, -13.9, 14.1, -14.1, 88.0, -88.0, 100.0, -100.0]])
    x = np.concatenate([x, np.zeros((-len(x)) % 7)]).astype(np.float32)
    table = {'input': [float(v) for v in x], 'row': 7, 'expected': {}}
    for name in ACTIVATIONS:
        table['expected'][name] = [float(v) for v in activation(name, x.reshape(-1, 7)).ravel()]
    for major in (2, 3):
        table['expected']['hard_sigmoid@%d' % major] = [float(v) for v in activation('hard_sigmoid', x, major)]
    write_text('activations.json', json.dumps(table, indent=1))


EXTERNAL_STORAGE_PROBE = '/tmp/nlp-engine-fixture-external-storage.bin'
EXTERNAL_LINK_PROBE = '/tmp/nlp-engine-fixture-external-link.h5'


def hostile_storage():
    """Weights files whose datasets declare values the file does not hold (Hdf5WeightReaderTests' hostile cases).

    hostile.unwritten.h5          a 20000x20000 float32 kernel (1.6 GB) whose storage was never written: ~8 KB on disk
    hostile.unwritten_chunked.h5  the same with a chunked 3000x3000 kernel (36 MB)
    hostile.virtual.h5            a virtual dataset mapping another dataset of the same file ('.')
    hostile.external.h5           a (3, 2) kernel in HDF5 external storage: EXTERNAL_STORAGE_PROBE, 24 bytes at offset 0
    hostile.external_link.h5      the kernel is an external link to EXTERNAL_LINK_PROBE:/data
    seq_dense.gzip.h5             seq_dense.weights.h5's weights, chunked and gzip-compressed (legitimate: it loads)
    """
    def keras2_file(name, write_kernel):
        with h5py.File(path(name), 'w') as f:
            save_attributes_to_hdf5_group(f, 'layer_names', [b'dense_1'])
            f.attrs['backend'] = b'tensorflow'
            f.attrs['keras_version'] = b'2.2.4'
            g = f.create_group('dense_1')
            save_attributes_to_hdf5_group(g, 'weight_names', [b'dense_1/kernel:0', b'dense_1/bias:0'])
            inner = g.create_group('dense_1')
            units = write_kernel(f, inner)
            inner.create_dataset('bias:0', data=np.zeros(units, np.float32))

    keras2_file('hostile.unwritten.h5', lambda f, g: g.create_dataset('kernel:0', (20000, 20000), dtype=np.float32) and 20000)
    keras2_file('hostile.unwritten_chunked.h5',
                lambda f, g: g.create_dataset('kernel:0', (3000, 3000), dtype=np.float32, chunks=(500, 500)) and 3000)

    def virtual(f, g):
        f.create_dataset('hidden', data=np.arange(6, dtype=np.float32).reshape(3, 2))
        layout = h5py.VirtualLayout(shape=(3, 2), dtype=np.float32)
        layout[:] = h5py.VirtualSource('.', 'hidden', shape=(3, 2))
        g.create_virtual_dataset('kernel:0', layout)
        return 2
    keras2_file('hostile.virtual.h5', virtual)
    keras2_file('hostile.external.h5',
                lambda f, g: g.create_dataset('kernel:0', (3, 2), dtype=np.float32, external=[(EXTERNAL_STORAGE_PROBE, 0, 24)]) and 2)

    def external_link(f, g):
        g['kernel:0'] = h5py.ExternalLink(EXTERNAL_LINK_PROBE, '/data')
        return 2
    keras2_file('hostile.external_link.h5', external_link)

    with h5py.File(path('seq_dense.weights.h5'), 'r') as src, h5py.File(path('seq_dense.gzip.h5'), 'w') as f:
        for key, value in src.attrs.items():
            f.attrs[key] = value
        text = lambda value: value.decode('utf8') if isinstance(value, bytes) else str(value)
        for layer in map(text, src.attrs['layer_names']):
            g = f.create_group(layer)
            for key, value in src[layer].attrs.items():
                g.attrs[key] = value
            for weight in map(text, src[layer].attrs['weight_names']):
                f.create_dataset(layer + '/' + weight, data=src[layer + '/' + weight][...], chunks=True, compression='gzip')


def hostile_heaps():
    """Variable-length string attributes (tf.keras 2.12+ and Keras 3 write names so) live in HDF5 global heaps.

    heap_strings.h5              a save_weights() file whose layer_names / weight_names are variable-length strings and
                                 kernel (3, 2) = arange(6), bias zeros (legitimate: it loads)
    hostile.heap_object.h5       the same, its first global heap object declaring 0x70000000 bytes (1.9 GB; PureHDF 2.2
                                 allocated that much before failing)
    hostile.heap_collection.h5   the same, its global heap collection declaring 2**40 bytes
    """
    text = h5py.string_dtype('utf-8')
    with h5py.File(path('heap_strings.h5'), 'w') as f:
        f.attrs['layer_names'] = np.array(['dense_1'], dtype=text)
        f.attrs['backend'] = 'tensorflow'
        f.attrs['keras_version'] = '2.12.0'
        g = f.create_group('dense_1')
        g.attrs['weight_names'] = np.array(['dense_1/kernel:0', 'dense_1/bias:0'], dtype=text)
        g.create_dataset('dense_1/kernel:0', data=np.arange(6, dtype=np.float32).reshape(3, 2))
        g.create_dataset('dense_1/bias:0', data=np.zeros(2, np.float32))
    with open(path('heap_strings.h5'), 'rb') as f:
        data = bytearray(f.read())
    at = data.index(b'GCOL')
    assert data[at + 4] == 1, 'global heap collection version'
    first_object = at + 16  # signature, version, 3 reserved, 8-byte collection size
    assert int.from_bytes(data[first_object:first_object + 2], 'little') == 1, 'first heap object index'

    def patched(name, offset, value):
        copy_ = bytearray(data)
        copy_[offset:offset + 8] = value.to_bytes(8, 'little')
        with open(path(name), 'wb') as out:
            out.write(copy_)
    patched('hostile.heap_object.h5', first_object + 8, 0x70000000)
    patched('hostile.heap_collection.h5', at + 8, 2 ** 40)


def long_sequences():
    """seq_long: Embedding(10, 1024) on a number of steps left open - GlobalAveragePooling1D - Dense(3, softmax). A text of
    16,385 tokens or more makes the Embedding's output larger than the service's activation limit (16 Mi values)."""
    rng = np.random.default_rng(20261126)
    embeddings = rng.standard_normal((10, 1024)).astype(np.float32)
    kernel, bias = random_weights(rng, 1024, 3)
    config = sequential('sequential_1', [
        ('Embedding', {'name': 'embedding_1', 'trainable': True, 'batch_input_shape': (None, None), 'dtype': 'float32',
                       'input_dim': 10, 'output_dim': 1024, 'embeddings_initializer': initializer('RandomUniform', {}),
                       'embeddings_regularizer': None, 'activity_regularizer': None, 'embeddings_constraint': None,
                       'mask_zero': False, 'input_length': None}),
        ('GlobalAveragePooling1D', {'name': 'pool', 'trainable': True, 'data_format': 'channels_last'}),
        ('Dense', dense_config('dense_1', 3, 'softmax')),
    ])
    write_text('seq_long.json', to_json(config))
    save_weights('seq_long.h5', [('embedding_1', [('embedding_1/embeddings:0', embeddings)]), ('pool', []),
                                 ('dense_1', [('dense_1/kernel:0', kernel), ('dense_1/bias:0', bias)])])


if __name__ == '__main__':
    np.seterr(over='ignore')
    sequential_dense()
    sequential_rank3()
    functional_shared()
    keras3_models()
    lambda_model()
    many_layers()
    activation_table()
    hostile_storage()
    long_sequences()
    hostile_heaps()
