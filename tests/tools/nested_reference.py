#!/usr/bin/python3
"""Keras inference in numpy for models that contain nested models (a Sequential or functional model used as a
layer), written from Keras's own code, for the nested-model fixtures. No TensorFlow.

Weights, as Keras's loaders hand them to a nested model's layers:

* save_weights() / model.save() HDF5 (Keras 2, tf.keras, Keras 3 legacy .h5): the nested model is ONE entry of
  layer_names; its list is `model.trainable_weights + model.non_trainable_weights`, i.e. every inner layer's
  trainable weights in model.layers order, then every inner layer's non-trainable weights (BatchNormalization's
  moving mean / variance; all weights of a layer with trainable=False). keras/engine/saving.py
  preprocess_weights_for_loading -> convert_nested_model splits it back by those counts; names are not read.
* Keras 3 .weights.h5: keras/src/saving/saving_lib.py _save_state walks model.layers recursively, so a nested
  model's layers sit at layers/<model key>/layers/<inner key>/vars/<i> with the same snake_case class keys.

Layers are run by keras_numpy.apply_layer (float64 Keras formulas), plus BatchNormalization here; masks travel in
and out of nested models as Keras propagates them (Network.compute_mask runs the inner graph).

    model = NestedModel(config, weights, keras_major)     # weights: from legacy_weights() or keras3_weights()
    y = model.predict(ids)
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_numpy as kn  # noqa: E402

MODELS = ('Sequential', 'Model', 'Functional')


# ------------------------------------------------------------------------------------------------ weight counts

def _bias(cfg):
    return 2 if cfg.get('use_bias', True) else 1


def _recurrent(cls, cfg):
    return 3 if cls.startswith('CuDNN') or cfg.get('use_bias', True) else 2


def own_counts(cls, cfg):
    """(trainable, non_trainable) weight counts of a layer that is not a model, as Keras creates them."""
    if cls in ('Dense', 'Conv1D'):
        counts = (_bias(cfg), 0)
    elif cls == 'Embedding':
        counts = (1, 0)
    elif cls in kn.CELLS:
        counts = (_recurrent(cls, cfg), 0)
    elif cls == 'Bidirectional':
        inner = cfg['layer']
        back = cfg.get('backward_layer') or inner
        counts = (_recurrent(inner['class_name'], inner['config']) + _recurrent(back['class_name'], back['config']), 0)
    elif cls == 'BatchNormalization':
        counts = (int(cfg.get('scale', True)) + int(cfg.get('center', True)), 2)
    else:
        counts = (0, 0)
    return counts if cfg.get('trainable', True) else (0, sum(counts))


def model_entries(cls, body):
    """The model.layers of a model config: a Sequential's (without its InputLayer) or a functional model's."""
    if cls == 'Sequential':
        entries = body if isinstance(body, list) else body['layers']
        return [e for e in entries if e['class_name'] != 'InputLayer'], True
    return body['layers'], False


def _name(entry):
    return entry.get('name') or entry['config']['name']


def _body(entry):
    config = entry['config']
    return {'layers': config} if isinstance(config, list) else config


def _slots(cls, body):
    """(trainable, non_trainable) lists of (path, index) for a model's saved weight list (convert_nested_model)."""
    trainable, non_trainable = [], []
    for entry in model_entries(cls, body)[0]:
        name, inner_cls = _name(entry), entry['class_name']
        if inner_cls in MODELS:
            t, n = _slots(inner_cls, _body(entry))
            t, n = [((name,) + p, i) for p, i in t], [((name,) + p, i) for p, i in n]
            if not _body(entry).get('trainable', True):
                t, n = [], t + n
        else:
            tc, nc = own_counts(inner_cls, entry['config'])
            t, n = [((name,), i) for i in range(tc)], [((name,), tc + i) for i in range(nc)]
        trainable += t
        non_trainable += n
    return trainable, non_trainable


def split_saved_list(cls, body, arrays):
    """A nested model's saved list -> {inner layer: arrays, inner model: {...}} (Keras 2 / legacy .h5 order)."""
    trainable, non_trainable = _slots(cls, body)
    slots = trainable + non_trainable
    if len(slots) != len(arrays):
        raise ValueError(f'nested model: {len(arrays)} saved arrays, {len(slots)} expected')
    tree = {}
    for (path, index), value in zip(slots, arrays):
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node.setdefault(path[-1], {})[index] = value
    return _lists(tree)


def _lists(tree):
    out = {}
    for key, value in tree.items():
        if all(isinstance(k, int) for k in value):
            out[key] = [value[i] for i in range(len(value))]
        else:
            out[key] = _lists(value)
    return out


def legacy_weights(h5, config):
    """{layer: arrays | {nested model's layers}} of a save_weights() / model.save() file."""
    flat = kn.legacy_weights(h5)
    entries, _ = model_entries(config['class_name'], config['config'])
    for entry in entries:
        if entry['class_name'] in MODELS and flat.get(_name(entry)):
            flat[_name(entry)] = split_saved_list(entry['class_name'], _body(entry), flat[_name(entry)])
    return flat


def keras3_weights(group, cls, body):
    """{layer: arrays | {...}} of a Keras 3 .weights.h5 group holding a model's 'layers' (saving_lib order)."""
    entries, _ = model_entries(cls, body)
    counts, result = {}, {}
    for entry in entries:
        base = kn.snake_case(entry['class_name'])
        key = base if base not in counts else f'{base}_{counts[base] + 1}'
        counts[base] = counts.get(base, -1) + 1
        sub = group['layers'][key] if 'layers' in group and key in group['layers'] else None
        if entry['class_name'] in MODELS:
            result[_name(entry)] = keras3_weights(sub, entry['class_name'], _body(entry)) if sub is not None else {}
        else:
            result[_name(entry)] = kn._vars_in_order(sub) if sub is not None else []
    return result


# ------------------------------------------------------------------------------------------------ maths

def batch_normalization(cfg, w, x):
    i = 0
    gamma = beta = None
    if cfg.get('scale', True):
        gamma, i = w[i], i + 1
    if cfg.get('center', True):
        beta, i = w[i], i + 1
    mean, var = w[i], w[i + 1]
    y = (x - mean) / np.sqrt(var + cfg.get('epsilon', 1e-3))
    return (y * gamma if gamma is not None else y) + (beta if beta is not None else 0)


def apply(entry, weights, x, mask, major):
    cls, cfg = entry['class_name'], entry['config']
    if cls in MODELS:
        return NestedModel({'class_name': cls, 'config': _body(entry)}, weights, major).call([(x, mask)])
    if cls == 'BatchNormalization':
        return batch_normalization(cfg, weights, x), mask
    return kn.apply_layer(cls, cfg, weights, x, mask, major)


# ------------------------------------------------------------------------------------------------ graph

def _calls(entry):
    """Each call of a functional layer: the [layer, node, tensor] references it was called on."""
    calls = []
    for node in entry.get('inbound_nodes') or []:
        if isinstance(node, dict):
            calls.append([tuple(h) for h in kn._history(node.get('args', []))])
        else:
            calls.append([(ref[0], ref[1], ref[2]) for ref in node])
    return calls


def _references(value):
    return [tuple(value)] if value and isinstance(value[0], str) else [tuple(v) for v in value]


class NestedModel:
    """A Sequential chain or a functional graph whose layers may be models; shared layers called once per node."""

    def __init__(self, config, weights, major):
        self.cls, self.body, self.weights, self.major = config['class_name'], config['config'], weights, major

    def predict(self, x):
        return self.call([(np.asarray(x, dtype=np.float64), None)])[0]

    def call(self, inputs):
        """[(x, mask)] for each model input -> (y, mask) of the first output."""
        if self.cls == 'Sequential':
            (x, mask), = inputs
            for entry in model_entries(self.cls, self.body)[0]:
                x, mask = apply(entry, self.weights.get(_name(entry), []), x, mask, self.major)
            return x, mask
        values = {}
        for ref, value in zip(_references(self.body['input_layers']), inputs):
            values[(ref[0], 0)] = value
        pending = [(e, n, refs) for e in self.body['layers'] for n, refs in enumerate(_calls(e))]
        while pending:
            ready = [p for p in pending if all((r[0], r[1]) in values for r in p[2])]
            if not ready:
                raise ValueError('the graph cannot be evaluated')
            for entry, node, refs in ready:
                if len(refs) != 1:
                    raise ValueError(f'{_name(entry)}: only single-input layers here')
                src_x, src_mask = values[(refs[0][0], refs[0][1])]
                values[(_name(entry), node)] = apply(entry, self.weights.get(_name(entry), []), src_x, src_mask, self.major)
                pending.remove((entry, node, refs))
        out = _references(self.body['output_layers'])[0]
        return values[(out[0], out[1])]
