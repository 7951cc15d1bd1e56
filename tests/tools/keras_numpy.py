#!/usr/bin/python3
"""Keras inference in numpy, written from the Keras formulas (float64), for the conformance references.

Independent of the C# engine: it reads the files with h5py / zipfile / PyYAML and runs each layer with the maths
Keras documents (keras/layers/recurrent.py, convolutional.py, pooling.py, core.py of Keras 2.x and keras/src of
Keras 3). No TensorFlow. Used by corpus_reference.py (real corpus folders) and make_sequence_fixtures.py
(generated integration-test folders).

    model = load_model(config_dict, weights_by_layer, keras_major)
    y = model.predict(x)          # x: ids (batch, T) for an Embedding model, floats (batch, ...) otherwise

Readers: read_config_text (to_json / to_yaml text, !!python/tuple), legacy_weights (save_weights() and
model.save() HDF5, Keras 2 and Keras 3 legacy .h5: per-layer attr weight_names), keras3_weights (Keras 3
.weights.h5: layers/<snake_case key>/.../vars/<i>), read_keras_archive (.keras zip).
"""
import io
import json
import re
import zipfile

import h5py
import numpy as np
import yaml


class _KerasYamlLoader(yaml.SafeLoader):
    """Safe YAML plus the '!!python/tuple' tag Keras 2 to_yaml() writes."""


_KerasYamlLoader.add_constructor('tag:yaml.org,2002:python/tuple', lambda loader, node: loader.construct_sequence(node))


def read_config_text(text):
    return yaml.load(text, Loader=_KerasYamlLoader)  # JSON is YAML


def _text(value):
    return value.decode('utf8') if isinstance(value, bytes) else str(value)


def keras_major(version):
    return int(str(version).split('.')[0]) if version else None


# ------------------------------------------------------------------------------------------------ weights

def legacy_weights(h5):
    """{layer name: [arrays in weight_names order]} of a save_weights() / model.save() HDF5 file."""
    group = h5 if 'layer_names' in h5.attrs else h5['model_weights']
    result = {}
    for name in (_text(n) for n in group.attrs['layer_names']):
        g = group[name]
        names = [_text(n) for n in g.attrs['weight_names']] if len(g.attrs.get('weight_names', [])) else []
        result[name] = [np.asarray(g[n][()], dtype=np.float64) for n in names]
    return result


def snake_case(name):
    """keras.src.utils.naming.to_snake_case."""
    name = re.sub(r'\W+', '', name)
    name = re.sub('(.)([A-Z][a-z]+)', r'\1_\2', name)
    return re.sub('([a-z])([A-Z])', r'\1_\2', name).lower()


def _vars_in_order(group):
    """A Keras 3 object's variables: its own vars/0..n, then sub-objects (forward_layer before backward_layer)."""
    arrays = []
    if 'vars' in group:
        arrays += [np.asarray(group['vars'][k][()], dtype=np.float64) for k in sorted(group['vars'], key=int)]
    subs = sorted((k for k in group if k != 'vars'), key=lambda k: ({'forward_layer': 0, 'backward_layer': 1}.get(k, 2), k))
    for k in subs:
        arrays += _vars_in_order(group[k])
    return arrays


def keras3_weights(h5, config):
    """{layer name: arrays} of a Keras 3 .weights.h5: layer keys are snake_case(class) numbered per class."""
    layers, sequential = config_layers(config)
    counts, result = {}, {}
    for layer in layers:
        if sequential and layer['class_name'] == 'InputLayer':
            continue
        base = snake_case(layer['class_name'])
        key = base if base not in counts else f'{base}_{counts[base] + 1}'
        counts[base] = counts.get(base, -1) + 1
        result[layer['config']['name']] = _vars_in_order(h5['layers'][key]) if key in h5['layers'] else []
    return result


def read_keras_archive(path):
    """(config dict, weights by layer, keras major) of a Keras 3 .keras zip."""
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read('config.json'))
        version = json.loads(archive.read('metadata.json')).get('keras_version')
        with h5py.File(io.BytesIO(archive.read('model.weights.h5')), 'r') as h5:
            weights = keras3_weights(h5, config)
    return config, weights, keras_major(version)


# ------------------------------------------------------------------------------------------------ config

def config_layers(config):
    """(layer entries, is_sequential) for Sequential (Keras 2.0 list, 2.2+ dict, Keras 3) and functional models."""
    body = config['config']
    if config['class_name'] == 'Sequential':
        return (body if isinstance(body, list) else body['layers']), True
    return body['layers'], False


def _history(node):
    """The [layer, node, tensor] references in a Keras 3 call's args (nested lists, __keras_tensor__ dicts)."""
    if isinstance(node, dict):
        if node.get('class_name') == '__keras_tensor__':
            return [node['config']['keras_history']]
        return [h for v in node.values() for h in _history(v)]
    if isinstance(node, list):
        return [h for v in node for h in _history(v)]
    return []


def inbound_names(entry):
    nodes = entry.get('inbound_nodes') or []
    if not nodes:
        return []
    if len(nodes) > 1:
        raise ValueError(f"layer {entry['config']['name']} is called {len(nodes)} times: not supported here")
    node = nodes[0]
    if isinstance(node, dict):  # Keras 3
        return [h[0] for h in _history(node.get('args', []))]
    return [ref[0] for ref in node]  # Keras 2: [[name, node, tensor, kwargs], ...]


def _refs(value):
    if value and isinstance(value[0], str):
        return [value[0]]
    return [v[0] for v in value]


# ------------------------------------------------------------------------------------------------ maths

def activation(name, x, major):
    if name in (None, 'linear'):
        return x
    if name == 'relu':
        return np.maximum(x, 0)
    if name == 'sigmoid':
        return 1 / (1 + np.exp(-x))
    if name == 'hard_sigmoid':
        # Keras 2: clip(0.2 x + 0.5, 0, 1); Keras 3: relu6(x + 3) / 6
        return np.clip(x / 6 + 0.5, 0, 1) if major == 3 else np.clip(0.2 * x + 0.5, 0, 1)
    if name == 'tanh':
        return np.tanh(x)
    if name == 'softmax':
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    if name == 'elu':
        return np.where(x > 0, x, np.exp(x) - 1)
    if name == 'softplus':
        return np.log1p(np.exp(x))
    if name == 'softsign':
        return x / (1 + np.abs(x))
    if name in ('swish', 'silu'):
        return x / (1 + np.exp(-x))
    raise ValueError(f'activation {name!r} is not implemented in the reference')


def _act(cfg):
    a = cfg.get('activation', 'linear')
    return a if isinstance(a, str) or a is None else a['class_name'].lower()


# ------------------------------------------------------------------------------------------------ recurrent

def _rnn(x, mask, step, states, return_sequences, go_backwards):
    """keras.backend.rnn: masked steps keep the previous states and repeat the previous output."""
    steps = range(x.shape[1] - 1, -1, -1) if go_backwards else range(x.shape[1])
    outputs, last = [], None
    for t in steps:
        out, new_states = step(x[:, t], states)
        if mask is not None:
            m = mask[:, t][:, None]
            new_states = [np.where(m, n, s) for n, s in zip(new_states, states)]
            out = np.where(m, out, last if last is not None else np.zeros_like(out))
        states, last = new_states, out
        outputs.append(out)
    return np.stack(outputs, axis=1) if return_sequences else last


def cudnn_to_keras(kernel, recurrent, gates):
    """keras saving._convert_rnn_weights(from_cudnn=True): CuDNN layers hand each gate block to cuDNN untransposed."""
    def per_gate(k, transform):
        return np.hstack([transform(block) for block in np.hsplit(k, gates)])
    return per_gate(kernel, lambda b: b.T.reshape(b.shape, order='F')), per_gate(recurrent, lambda b: b.T)


def _lstm_step(w, cfg, major, cudnn):
    kernel, recurrent = cudnn_to_keras(w[0], w[1], 4) if cudnn else (w[0], w[1])
    units = recurrent.shape[0]
    bias = w[2] if len(w) > 2 else np.zeros(4 * units)
    if cudnn:  # CuDNNLSTM: separate input and recurrent biases, summed (keras saving convert_lstm_weights)
        bias = bias[:4 * units] + bias[4 * units:]
        act, rec = 'tanh', 'sigmoid'
    else:
        act, rec = _act(cfg), cfg.get('recurrent_activation', 'hard_sigmoid' if major == 2 else 'sigmoid')

    def step(x, states):
        h, c = states
        z = x @ kernel + h @ recurrent + bias
        i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
        c = activation(rec, f, major) * c + activation(rec, i, major) * activation(act, g, major)
        h = activation(rec, o, major) * activation(act, c, major)
        return h, [h, c]
    return step, units, 2


def _gru_step(w, cfg, major, cudnn):
    kernel, recurrent = cudnn_to_keras(w[0], w[1], 3) if cudnn else (w[0], w[1])
    units = recurrent.shape[0]
    bias = w[2] if len(w) > 2 else None
    reset_after = True if cudnn else cfg.get('reset_after', major == 3)
    act, rec = ('tanh', 'sigmoid') if cudnn else (_act(cfg), cfg.get('recurrent_activation', 'hard_sigmoid' if major == 2 else 'sigmoid'))
    if reset_after:
        bias = np.zeros((2, 3 * units)) if bias is None else bias.reshape(2, 3 * units)
        b_in, b_rec = bias[0], bias[1]
    else:
        b_in, b_rec = (np.zeros(3 * units) if bias is None else bias), np.zeros(3 * units)

    def step(x, states):
        h = states[0]
        xs = x @ kernel + b_in
        xz, xr, xh = xs[:, :units], xs[:, units:2 * units], xs[:, 2 * units:]
        if reset_after:
            hs = h @ recurrent + b_rec
            z = activation(rec, xz + hs[:, :units], major)
            r = activation(rec, xr + hs[:, units:2 * units], major)
            hh = activation(act, xh + r * hs[:, 2 * units:], major)
        else:
            z = activation(rec, xz + h @ recurrent[:, :units], major)
            r = activation(rec, xr + h @ recurrent[:, units:2 * units], major)
            hh = activation(act, xh + (r * h) @ recurrent[:, 2 * units:], major)
        h = z * h + (1 - z) * hh
        return h, [h]
    return step, units, 1


def _simple_rnn_step(w, cfg, major, cudnn):
    kernel, recurrent = w[0], w[1]
    bias = w[2] if len(w) > 2 else 0
    act = _act(cfg) if 'activation' in cfg else 'tanh'

    def step(x, states):
        h = activation(act, x @ kernel + bias + states[0] @ recurrent, major)
        return h, [h]
    return step, recurrent.shape[0], 1


CELLS = {'LSTM': (_lstm_step, False), 'CuDNNLSTM': (_lstm_step, True), 'GRU': (_gru_step, False),
         'CuDNNGRU': (_gru_step, True), 'SimpleRNN': (_simple_rnn_step, False)}


def recurrent(cls, cfg, w, x, mask, major, go_backwards=None):
    make, cudnn = CELLS[cls]
    step, units, state_count = make(w, cfg, major, cudnn)
    states = [np.zeros((x.shape[0], units)) for _ in range(state_count)]
    backwards = cfg.get('go_backwards', False) if go_backwards is None else go_backwards
    return _rnn(x, mask, step, states, cfg.get('return_sequences', False), backwards)


def bidirectional(cfg, w, x, mask, major):
    inner = cfg['layer']
    cls, icfg = inner['class_name'], inner['config']
    half = len(w) // 2
    forward = recurrent(cls, icfg, w[:half], x, mask, major, icfg.get('go_backwards', False))
    backward = recurrent(cls, icfg, w[half:], x, mask, major, not icfg.get('go_backwards', False))
    if icfg.get('return_sequences', False):
        backward = backward[:, ::-1]
    mode = cfg.get('merge_mode', 'concat')
    if mode == 'concat':
        return np.concatenate([forward, backward], axis=-1)
    return {'sum': lambda: forward + backward, 'mul': lambda: forward * backward,
            'ave': lambda: (forward + backward) / 2}[mode]()


# ------------------------------------------------------------------------------------------------ conv / pool

def _one(value):
    return int(value[0]) if isinstance(value, (list, tuple)) else int(value)


def conv1d(cfg, w, x, major):
    kernel = w[0]  # (k, in, filters)
    bias = w[1] if len(w) > 1 else 0
    k, stride, dilation = kernel.shape[0], _one(cfg.get('strides', 1)), _one(cfg.get('dilation_rate', 1))
    span = (k - 1) * dilation + 1
    padding = cfg.get('padding', 'valid')
    if padding == 'causal':
        x = np.pad(x, ((0, 0), (span - 1, 0), (0, 0)))
    elif padding == 'same':
        length = x.shape[1]
        out = -(-length // stride)
        total = max((out - 1) * stride + span - length, 0)
        x = np.pad(x, ((0, 0), (total // 2, total - total // 2), (0, 0)))
    steps = (x.shape[1] - span) // stride + 1
    if steps <= 0:
        raise ValueError(f'Conv1D: {x.shape[1]} steps are fewer than the kernel span {span}')
    y = np.zeros((x.shape[0], steps, kernel.shape[2]))
    for t in range(steps):
        for j in range(k):
            y[:, t] += x[:, t * stride + j * dilation] @ kernel[j]
    return activation(_act(cfg), y + bias, major)


def pooling1d(cls, cfg, x):
    size = _one(cfg.get('pool_size', 2))
    stride = _one(cfg.get('strides') or size)
    if cfg.get('padding', 'valid') != 'valid':
        raise ValueError('only valid pooling in the reference')
    steps = (x.shape[1] - size) // stride + 1
    reduce = np.max if cls == 'MaxPooling1D' else np.mean
    return np.stack([reduce(x[:, t * stride:t * stride + size], axis=1) for t in range(steps)], axis=1)


def global_pooling1d(cls, x, mask):
    if cls == 'GlobalMaxPooling1D':
        if mask is not None:
            raise ValueError('masked GlobalMaxPooling1D is not implemented in the reference')
        return x.max(axis=1)
    if mask is None:
        return x.mean(axis=1)
    m = mask[:, :, None].astype(np.float64)
    return (x * m).sum(axis=1) / m.sum(axis=1)


# ------------------------------------------------------------------------------------------------ model

IDENTITY = {'Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ActivityRegularization'}


def apply_layer(cls, cfg, w, x, mask, major):
    """(output, output mask) of one layer."""
    if cls in IDENTITY or cls == 'InputLayer':
        return x, mask
    if cls == 'Embedding':
        ids = x.astype(np.int64)
        if ids.min() < 0 or ids.max() >= w[0].shape[0]:
            raise ValueError(f'Embedding: id out of range [0, {w[0].shape[0]})')
        return w[0][ids], (ids != 0) if cfg.get('mask_zero') else None
    if cls == 'Dense':
        y = x @ w[0] + (w[1] if cfg.get('use_bias', True) else 0)
        return activation(_act(cfg), y, major), mask
    if cls == 'Activation':
        return activation(_act(cfg), x, major), mask
    if cls in CELLS:
        y = recurrent(cls, cfg, w, x, mask, major)
        return y, (mask if cfg.get('return_sequences') else None)
    if cls == 'Bidirectional':
        y = bidirectional(cfg, w, x, mask, major)
        return y, (mask if cfg['layer']['config'].get('return_sequences') else None)
    if cls == 'Conv1D':
        return conv1d(cfg, w, x, major), None
    if cls in ('MaxPooling1D', 'AveragePooling1D'):
        return pooling1d(cls, cfg, x), None
    if cls in ('GlobalMaxPooling1D', 'GlobalAveragePooling1D'):
        return global_pooling1d(cls, x, mask), None
    if cls == 'Flatten':
        return x.reshape(x.shape[0], -1), None
    raise ValueError(f'layer class {cls} is not implemented in the reference')


class Model:
    """A Sequential chain or a functional graph (layers in config order, each called once)."""

    def __init__(self, config, weights, major):
        self.layers, self.sequential = config_layers(config)
        self.config, self.weights, self.major = config, weights, major
        for layer in self.layers:
            if layer['class_name'] not in ('InputLayer',) and layer['config']['name'] not in weights:
                weights[layer['config']['name']] = []

    def predict(self, x, output=None):
        x = np.asarray(x, dtype=np.float64)
        if self.sequential:
            mask = None
            for layer in self.layers:
                x, mask = apply_layer(layer['class_name'], layer['config'], self.weights.get(layer['config']['name'], []),
                                      x, mask, self.major)
            return x
        body = self.config['config']
        values = {}
        (input_name,) = _refs(body['input_layers'])
        for layer in self.layers:
            name = layer['config'].get('name') or layer.get('name')
            if layer['class_name'] == 'InputLayer':
                values[name] = (x, None) if name == input_name else None
                continue
            sources = inbound_names(layer)
            if len(sources) != 1:
                raise ValueError(f'layer {name}: {len(sources)} inputs, only single-input layers here')
            src_x, src_mask = values[sources[0]]
            values[name] = apply_layer(layer['class_name'], layer['config'], self.weights[name], src_x, src_mask, self.major)
        outputs = _refs(body['output_layers'])
        return values[output or outputs[0]][0]
