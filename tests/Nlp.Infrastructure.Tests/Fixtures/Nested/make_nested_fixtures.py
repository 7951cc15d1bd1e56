#!/usr/bin/python3
"""Generates the nested-model fixtures (Debian's /usr/bin/python3: numpy + h5py + PyYAML; no Keras).

    /usr/bin/python3 tests/Nlp.Infrastructure.Tests/Fixtures/Nested/make_nested_fixtures.py

Models that use a model as a layer, with configs and HDF5 files in the exact layouts Keras writes them:

* k2_functional.*: Keras 2.2.4 functional Model: Input(12) -> Sequential 'sequential_1' [Embedding(mask_zero=True,
  trainable=False), LSTM(6)] (built when called: no batch_input_shape, build_input_shape) -> Dense(softmax);
  to_json() + save_weights(): ONE group 'sequential_1' holding the nested model's weights in
  model.trainable_weights + model.non_trainable_weights order: the LSTM's three weights, THEN the frozen
  embeddings; names 'sequential_1/lstm_1/kernel:0' ... as Keras 2.2.4 names variables built under the model's
  name scope. k2_functional.missing_bias.h5 lacks the LSTM bias.
* k2_shared.*: Keras 2.2.4 functional Model: Input(10) -> Sequential 'sequential_1' [Embedding(mask_zero), Dense(tanh)]
  -> Sequential 'sequential_2' [BatchNormalization, Dense(relu)] called TWICE (block(block(x))) -> LSTM(5) ->
  Dense(softmax): the mask leaves a nested model and reaches the outer LSTM; the shared block's weights are saved
  once, as gamma, beta, kernel, bias, THEN moving_mean, moving_variance (non-trainable last).
* k2_nested_functional.*: Keras 2.2.4 functional Model whose middle is a functional Model 'model_1' (its own
  InputLayer 'input_2' -> Dense(relu) -> Dropout -> Dense(tanh)), count-vector inputs; save_weights() group
  'model_1' with 'dense_1/kernel:0', ... (the nested model's InputLayer and Dropout hold none).
* tf_seq.*: tf.keras 2.4 model.save() of a Sequential inside a Sequential inside a Sequential: 'sequential_1' =
  [InputLayer, 'sequential' = [InputLayer, Embedding(mask_zero), 'sequential_2' = [InputLayer, Dense(relu),
  BatchNormalization]], LSTM(5), Dense(softmax)]; model_weights group 'sequential' holds the embeddings, the Dense
  and BatchNormalization weights (trainable first); datasets at 'sequential/dense/kernel:0' etc.
* k3_functional.*: Keras 3 functional model (to_json()): InputLayer -> Sequential 'encoder' [InputLayer,
  Embedding(mask_zero), LSTM(6, return_sequences)] -> GlobalAveragePooling1D (masked mean) -> Dense(softmax);
  .weights.h5 with layers/sequential/layers/embedding/vars/0 and layers/sequential/layers/lstm/cell/vars/0..2
  (saving_lib walks model.layers recursively), and the Keras 3 legacy .h5 (save_weights('x.h5')).
  k3_functional.missing_bias.weights.h5 lacks the LSTM cell's bias.

*.cases.json hold token-id inputs (pre-padded rows, so masking matters: the script checks that dropping the mask
changes the outputs) and the outputs of tests/tools/nested_reference.py (Keras formulas, float64) run on the
written files, read back with h5py.
"""
import copy
import json
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..'))
sys.path.insert(0, os.path.join(REPO, 'tests', 'tools'))
sys.path.insert(0, os.path.join(REPO, 'tests', 'Nlp.Infrastructure.Tests', 'Fixtures', 'Engine'))
import make_engine_fixtures as engine  # noqa: E402  (Keras 2.2.4 / Keras 3 legacy HDF5 writers)
import nested_reference as ref  # noqa: E402
import sequence_configs as cfg  # noqa: E402


def path(name):
    return os.path.join(HERE, name)


def write_text(name, text):
    with open(path(name), 'w', encoding='utf-8') as f:
        f.write(text)


def uniform(rng, shape, scale):
    return rng.uniform(-scale, scale, shape).astype(np.float32)


def ids(rng, vocab, rows, length, pads):
    """Token ids, each row pre-padded with the given number of zeros (Keras pad_sequences default)."""
    x = rng.integers(1, vocab, size=(rows, length)).astype(np.float64)
    for row, pad in zip(x, pads):
        row[:pad] = 0
    return x


def write_cases(name, x, y):
    write_text(name, json.dumps({'cases': [{'name': 'padded ids', 'batch': int(x.shape[0]),
                                            'input': [float(v) for v in x.ravel()],
                                            'expected': [float(v) for v in y.ravel()],
                                            'expected_shape': list(y.shape[1:])}]}, indent=1))


def check_mask_matters(name, model, x):
    """The mask must change the result, else a test could pass with masking broken."""
    y = model.predict(x)
    unmasked = copy.deepcopy(model)
    for entry in _all_entries(unmasked.body, unmasked.cls):
        if entry['class_name'] == 'Embedding':
            entry['config']['mask_zero'] = False
    moved = float(np.abs(unmasked.predict(x) - y).max())
    if moved < 0.01:
        sys.exit(f'{name}: the mask moves the outputs by {moved} only')
    return y


def _all_entries(body, cls):
    entries, _ = ref.model_entries(cls, body)
    for entry in entries:
        yield entry
        if entry['class_name'] in ref.MODELS:
            yield from _all_entries(ref._body(entry), entry['class_name'])


# ------------------------------------------------------------------------------------------------ configs

def lstm_tf24(name, units, return_sequences=False):
    return {'class_name': 'LSTM', 'config': {
        'name': name, 'trainable': True, 'dtype': 'float32', 'return_sequences': return_sequences,
        'return_state': False, 'go_backwards': False, 'stateful': False, 'unroll': False, 'time_major': False,
        'units': units, 'activation': 'tanh', 'recurrent_activation': 'sigmoid', 'use_bias': True,
        'kernel_initializer': {'class_name': 'GlorotUniform', 'config': {'seed': None}},
        'recurrent_initializer': {'class_name': 'Orthogonal', 'config': {'gain': 1.0, 'seed': None}},
        'bias_initializer': {'class_name': 'Zeros', 'config': {}}, 'unit_forget_bias': True,
        'kernel_regularizer': None, 'recurrent_regularizer': None, 'bias_regularizer': None,
        'activity_regularizer': None, 'kernel_constraint': None, 'recurrent_constraint': None, 'bias_constraint': None,
        'dropout': 0.0, 'recurrent_dropout': 0.0, 'implementation': 2}}


def embedding_tf24(name, input_dim, output_dim, length, mask_zero):
    return {'class_name': 'Embedding', 'config': {
        'name': name, 'trainable': True, 'batch_input_shape': [None, length], 'dtype': 'float32',
        'input_dim': input_dim, 'output_dim': output_dim,
        'embeddings_initializer': {'class_name': 'RandomUniform', 'config': {'minval': -0.05, 'maxval': 0.05, 'seed': None}},
        'embeddings_regularizer': None, 'activity_regularizer': None, 'embeddings_constraint': None,
        'mask_zero': mask_zero, 'input_length': length}}


def batch_norm_config(name, tf24):
    config = {'name': name, 'trainable': True}
    if tf24:
        config['dtype'] = 'float32'
    config.update({'axis': -1 if not tf24 else [2], 'momentum': 0.99, 'epsilon': 0.001, 'center': True, 'scale': True,
                   'beta_initializer': {'class_name': 'Zeros', 'config': {}},
                   'gamma_initializer': {'class_name': 'Ones', 'config': {}},
                   'moving_mean_initializer': {'class_name': 'Zeros', 'config': {}},
                   'moving_variance_initializer': {'class_name': 'Ones', 'config': {}},
                   'beta_regularizer': None, 'gamma_regularizer': None, 'beta_constraint': None, 'gamma_constraint': None})
    return {'class_name': 'BatchNormalization', 'config': config}


def input_tf24(name, shape):
    return {'class_name': 'InputLayer', 'config': {'batch_input_shape': [None] + list(shape), 'dtype': 'float32',
                                                   'sparse': False, 'ragged': False, 'name': name}}


def sequential_224(name, layers, build_input_shape):
    """Keras 2.2.4 Sequential.get_config() of a model built by its first call: name, layers, build_input_shape."""
    return {'name': name, 'layers': layers, 'build_input_shape': build_input_shape}


def nested_entry_224(name, config, calls):
    """A model as a layer of a Keras 2.2.4 functional Model.get_config()."""
    return {'name': name, 'class_name': 'Sequential', 'config': config,
            'inbound_nodes': [[[src, node, 0, {}]] for src, node in calls]}


def layer_entry_224(layer, calls):
    return {'name': layer['config']['name'], 'class_name': layer['class_name'], 'config': layer['config'],
            'inbound_nodes': [[[src, node, 0, {}]] for src, node in calls]}


def k2_model(name, width, entries, output):
    return {'class_name': 'Model', 'config': {
        'name': name, 'layers': [{'name': 'input_1', 'class_name': 'InputLayer',
                                  'config': engine.input_config('input_1', (None, width)), 'inbound_nodes': []}] + entries,
        'input_layers': [['input_1', 0, 0]], 'output_layers': [[output, 0, 0]]},
        'keras_version': '2.2.4', 'backend': 'tensorflow'}


def dense(name, units, activation):
    return {'class_name': 'Dense', 'config': engine.dense_config(name, units, activation)}


def save_224(name, layers):
    with h5py.File(path(name), 'w') as f:
        engine.save_weights_to_hdf5_group(f, layers)


def read_back(name, config):
    with h5py.File(path(name), 'r') as h5:
        if 'layers' in h5 and 'layer_names' not in h5.attrs:
            return ref.keras3_weights(h5, config['class_name'], config['config'])
        return ref.legacy_weights(h5, config)


# ------------------------------------------------------------------------------------------------ fixtures

def k2_functional(rng):
    vocab, dim, units, classes, length = 30, 8, 6, 4, 12
    encoder = sequential_224('sequential_1', [
        cfg.embedding_224('embedding_1', vocab, dim, length, mask_zero=True),
        cfg.lstm_224('lstm_1', units)], [None, length])
    embedding = encoder['layers'][0]['config']
    embedding['trainable'] = False
    del embedding['batch_input_shape']  # built by the call: the layer has no declared input shape
    embedding['input_length'] = None
    config = k2_model('model_1', length, [nested_entry_224('sequential_1', encoder, [('input_1', 0)]),
                                          layer_entry_224(dense('dense_1', classes, 'softmax'), [('sequential_1', 0)])],
                      'dense_1')
    write_text('k2_functional.json', engine.to_json(config))
    emb = uniform(rng, (vocab, dim), 1.0)
    lstm = [uniform(rng, (dim, 4 * units), 0.7), uniform(rng, (units, 4 * units), 0.7), uniform(rng, (4 * units,), 0.3)]
    k, b = uniform(rng, (units, classes), 1.5), uniform(rng, (classes,), 0.2)
    # Trainable first (the LSTM's), then non-trainable (the frozen embeddings).
    nested = [(f'sequential_1/lstm_1/{n}:0', a) for n, a in zip(('kernel', 'recurrent_kernel', 'bias'), lstm)] \
        + [('sequential_1/embedding_1/embeddings:0', emb)]
    dense_weights = [('dense_1/kernel:0', k), ('dense_1/bias:0', b)]
    save_224('k2_functional.h5', [('input_1', []), ('sequential_1', nested), ('dense_1', dense_weights)])
    save_224('k2_functional.missing_bias.h5', [('input_1', []), ('sequential_1', nested[:2] + nested[3:]), ('dense_1', dense_weights)])
    x = ids(rng, vocab, 5, length, [0, 3, 7, 10, 11])
    model = ref.NestedModel(config, read_back('k2_functional.h5', config), 2)
    write_cases('k2_functional.cases.json', x, check_mask_matters('k2_functional', model, x))


def k2_shared(rng):
    vocab, dim, units, classes, length = 25, 6, 5, 3, 10
    embed = sequential_224('sequential_1', [cfg.embedding_224('embedding_1', vocab, dim, length, mask_zero=True),
                                            dense('dense_1', dim, 'tanh')], [None, length])
    del embed['layers'][0]['config']['batch_input_shape']
    bn = batch_norm_config('batch_normalization_1', tf24=False)
    block = sequential_224('sequential_2', [bn, dense('dense_2', dim, 'relu')], [None, length, dim])
    config = k2_model('model_1', length, [
        nested_entry_224('sequential_1', embed, [('input_1', 0)]),
        nested_entry_224('sequential_2', block, [('sequential_1', 0), ('sequential_2', 0)]),
        layer_entry_224({'class_name': 'LSTM', 'config': cfg.lstm_224('lstm_1', units)['config']}, [('sequential_2', 1)]),
        layer_entry_224(dense('dense_3', classes, 'softmax'), [('lstm_1', 0)])], 'dense_3')
    write_text('k2_shared.json', engine.to_json(config))
    emb, k1, b1 = uniform(rng, (vocab, dim), 1.0), uniform(rng, (dim, dim), 0.9), uniform(rng, (dim,), 0.2)
    gamma, beta = (1 + uniform(rng, (dim,), 0.5)), uniform(rng, (dim,), 0.3)
    mean, var = uniform(rng, (dim,), 0.3), (0.5 + rng.uniform(0, 1, (dim,))).astype(np.float32)
    k2, b2 = uniform(rng, (dim, dim), 0.9), uniform(rng, (dim,), 0.2)
    lstm = [uniform(rng, (dim, 4 * units), 0.7), uniform(rng, (units, 4 * units), 0.7), uniform(rng, (4 * units,), 0.3)]
    k3, b3 = uniform(rng, (units, classes), 1.5), uniform(rng, (classes,), 0.2)
    save_224('k2_shared.h5', [
        ('input_1', []),
        ('sequential_1', [('sequential_1/embedding_1/embeddings:0', emb), ('sequential_1/dense_1/kernel:0', k1),
                          ('sequential_1/dense_1/bias:0', b1)]),
        ('sequential_2', [('sequential_2/batch_normalization_1/gamma:0', gamma), ('sequential_2/batch_normalization_1/beta:0', beta),
                          ('sequential_2/dense_2/kernel:0', k2), ('sequential_2/dense_2/bias:0', b2),
                          ('sequential_2/batch_normalization_1/moving_mean:0', mean),
                          ('sequential_2/batch_normalization_1/moving_variance:0', var)]),
        ('lstm_1', [(f'lstm_1/{n}:0', a) for n, a in zip(('kernel', 'recurrent_kernel', 'bias'), lstm)]),
        ('dense_3', [('dense_3/kernel:0', k3), ('dense_3/bias:0', b3)])])
    x = ids(rng, vocab, 4, length, [0, 2, 6, 9])
    model = ref.NestedModel(config, read_back('k2_shared.h5', config), 2)
    write_cases('k2_shared.cases.json', x, check_mask_matters('k2_shared', model, x))


def k2_nested_functional(rng):
    width, hidden, out, classes = 9, 7, 5, 4
    inner = engine.functional('model_1', [
        ('input_2', 'InputLayer', engine.input_config('input_2', (None, width)), []),
        ('dense_1', 'Dense', engine.dense_config('dense_1', hidden, 'relu'), [[('input_2', 0, 0)]]),
        ('dropout_1', 'Dropout', engine.dropout_config('dropout_1', 0.5), [[('dense_1', 0, 0)]]),
        ('dense_2', 'Dense', engine.dense_config('dense_2', out, 'tanh'), [[('dropout_1', 0, 0)]])],
        [('input_2', 0, 0)], [('dense_2', 0, 0)])
    config = engine.functional('model_2', [
        ('input_1', 'InputLayer', engine.input_config('input_1', (None, width)), []),
        ('model_1', 'Model', inner['config'], [[('input_1', 0, 0)]]),
        ('dense_3', 'Dense', engine.dense_config('dense_3', classes, 'softmax'), [[('model_1', 0, 0)]])],
        [('input_1', 0, 0)], [('dense_3', 0, 0)])
    write_text('k2_nested_functional.json', engine.to_json(config))
    k1, b1 = uniform(rng, (width, hidden), 0.8), uniform(rng, (hidden,), 0.2)
    k2, b2 = uniform(rng, (hidden, out), 0.8), uniform(rng, (out,), 0.2)
    k3, b3 = uniform(rng, (out, classes), 1.5), uniform(rng, (classes,), 0.2)
    save_224('k2_nested_functional.h5', [
        ('input_1', []),
        ('model_1', [('dense_1/kernel:0', k1), ('dense_1/bias:0', b1), ('dense_2/kernel:0', k2), ('dense_2/bias:0', b2)]),
        ('dense_3', [('dense_3/kernel:0', k3), ('dense_3/bias:0', b3)])])
    x = np.concatenate([engine.count_vectors(rng, 3, width), rng.standard_normal((2, width))])
    y = ref.NestedModel(config, read_back('k2_nested_functional.h5', config), 2).predict(x)
    write_cases('k2_nested_functional.cases.json', x, y)


def tf_seq(rng):
    vocab, dim, hidden, units, classes, length = 20, 6, 8, 5, 3, 9
    innermost = {'class_name': 'Sequential', 'config': {'name': 'sequential_2', 'layers': [
        input_tf24('input_2', [length, dim]), {'class_name': 'Dense', 'config': _dense_tf24('dense', hidden, 'relu')},
        batch_norm_config('batch_normalization', tf24=True)]}}
    inner = {'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': [
        input_tf24('embedding_input', [length]), embedding_tf24('embedding', vocab, dim, length, True), innermost]}}
    config = {'class_name': 'Sequential', 'config': {'name': 'sequential_1', 'layers': [
        input_tf24('sequential_input', [length]), inner, lstm_tf24('lstm', units),
        {'class_name': 'Dense', 'config': _dense_tf24('dense_1', classes, 'softmax')}]},
        'keras_version': '2.4.0', 'backend': 'tensorflow'}
    emb, k1, b1 = uniform(rng, (vocab, dim), 1.0), uniform(rng, (dim, hidden), 0.9), uniform(rng, (hidden,), 0.2)
    gamma, beta = (1 + uniform(rng, (hidden,), 0.5)), uniform(rng, (hidden,), 0.3)
    mean, var = uniform(rng, (hidden,), 0.3), (0.5 + rng.uniform(0, 1, (hidden,))).astype(np.float32)
    lstm = [uniform(rng, (hidden, 4 * units), 0.6), uniform(rng, (units, 4 * units), 0.6), uniform(rng, (4 * units,), 0.3)]
    k2, b2 = uniform(rng, (units, classes), 1.5), uniform(rng, (classes,), 0.2)
    layers = [
        ('sequential', [('embedding/embeddings:0', emb), ('dense/kernel:0', k1), ('dense/bias:0', b1),
                        ('batch_normalization/gamma:0', gamma), ('batch_normalization/beta:0', beta),
                        ('batch_normalization/moving_mean:0', mean), ('batch_normalization/moving_variance:0', var)]),
        ('lstm', [(f'lstm/lstm_cell/{n}:0', a) for n, a in zip(('kernel', 'recurrent_kernel', 'bias'), lstm)]),
        ('dense_1', [('dense_1/kernel:0', k2), ('dense_1/bias:0', b2)])]
    with h5py.File(path('tf_seq.h5'), 'w') as f:
        f.attrs['keras_version'] = '2.4.0'.encode('utf8')
        f.attrs['backend'] = 'tensorflow'.encode('utf8')
        f.attrs['model_config'] = json.dumps(config).encode('utf8')
        engine.save_weights_to_hdf5_group(f.create_group('model_weights'), layers, keras_version='2.4.0')
    x = ids(rng, vocab, 4, length, [0, 1, 5, 8])
    model = ref.NestedModel(config, read_back('tf_seq.h5', config), 2)
    write_cases('tf_seq.cases.json', x, check_mask_matters('tf_seq', model, x))


def _dense_tf24(name, units, activation):
    config = {'name': name, 'trainable': True, 'dtype': 'float32', 'units': units, 'activation': activation,
              'use_bias': True, 'kernel_initializer': {'class_name': 'GlorotUniform', 'config': {'seed': None}},
              'bias_initializer': {'class_name': 'Zeros', 'config': {}}, 'kernel_regularizer': None,
              'bias_regularizer': None, 'activity_regularizer': None, 'kernel_constraint': None, 'bias_constraint': None}
    return config


def lstm_k3(name, units, return_sequences):
    layer = cfg.gru_k3(name, units)
    config = layer['config']
    layer['class_name'] = 'LSTM'
    config['return_sequences'] = return_sequences
    del config['reset_after']
    config['unit_forget_bias'] = True
    return layer


def k3_tensor(source, shape):
    return {'class_name': '__keras_tensor__', 'config': {'shape': shape, 'dtype': 'float32', 'keras_history': [source, 0, 0]}}


def k3_functional(rng):
    vocab, dim, units, classes, length = 22, 8, 6, 3, 11
    encoder_layers = [cfg.input_k3(length), cfg.embedding_k3('embedding', vocab, dim, mask_zero=True), lstm_k3('lstm', units, True)]
    encoder_layers[0]['config']['name'] = 'input_layer_1'
    encoder_layers[1]['build_config'] = {'input_shape': [None, length]}
    encoder_layers[2]['build_config'] = {'input_shape': [None, length, dim]}
    encoder = {'module': 'keras', 'class_name': 'Sequential', 'config': {
        'name': 'encoder', 'trainable': True, 'dtype': cfg._policy(), 'layers': encoder_layers,
        'build_input_shape': [None, length]}, 'registered_name': None, 'build_config': {'input_shape': [None, length]},
        'name': 'encoder', 'inbound_nodes': [{'args': [k3_tensor('tokens', [None, length])], 'kwargs': {'mask': None}}]}
    tokens = cfg.input_k3(length)
    tokens['config']['name'] = 'tokens'
    tokens.update({'name': 'tokens', 'inbound_nodes': []})
    pool = cfg.global_pool_k3('global_average_pooling1d')
    pool.update({'name': 'global_average_pooling1d',
                 'inbound_nodes': [{'args': [k3_tensor('encoder', [None, length, units])], 'kwargs': {'mask': None}}]})
    head = cfg.dense_k3('dense', classes, 'softmax')
    head.update({'build_config': {'input_shape': [None, units]}, 'name': 'dense',
                 'inbound_nodes': [{'args': [k3_tensor('global_average_pooling1d', [None, units])], 'kwargs': {}}]})
    config = {'module': 'keras.src.models.functional', 'class_name': 'Functional', 'config': {
        'name': 'functional', 'trainable': True, 'layers': [tokens, encoder, pool, head],
        'input_layers': [['tokens', 0, 0]], 'output_layers': [['dense', 0, 0]]},
        'registered_name': 'Functional', 'build_config': {'input_shape': None}}
    write_text('k3_functional.json', engine.to_json(config))
    emb = uniform(rng, (vocab, dim), 1.0)
    lstm = [uniform(rng, (dim, 4 * units), 0.7), uniform(rng, (units, 4 * units), 0.7), uniform(rng, (4 * units,), 0.3)]
    k, b = uniform(rng, (units, classes), 2.0), uniform(rng, (classes,), 0.2)

    def keras3(name, cell):
        """saving_lib H5IOStore: an (empty) vars group for every object, then its children."""
        with h5py.File(path(name), 'w') as f:
            for group in ('layers/input_layer/vars', 'layers/sequential/vars', 'layers/sequential/layers/lstm/vars',
                          'layers/global_average_pooling1d/vars'):
                f.create_group(group)
            for group, arrays in (('layers/sequential/layers/embedding/vars', [emb]),
                                  ('layers/sequential/layers/lstm/cell/vars', cell), ('layers/dense/vars', [k, b])):
                g = f.create_group(group)
                for i, value in enumerate(arrays):
                    g.create_dataset(str(i), data=value)
            f.create_group('optimizer/vars').create_dataset('0', data=np.array(0, dtype=np.int64))
            f.create_group('vars')

    keras3('k3_functional.weights.h5', lstm)
    keras3('k3_functional.missing_bias.weights.h5', lstm[:2])
    with h5py.File(path('k3_functional.legacy.h5'), 'w') as f:
        engine.save_weights_keras3_legacy(f, [
            ('tokens', []),
            ('encoder', [('encoder/embedding/embeddings', emb)] + [(f'encoder/lstm/lstm_cell/{n}', a) for n, a in
                                                                   zip(('kernel', 'recurrent_kernel', 'bias'), lstm)]),
            ('global_average_pooling1d', []), ('dense', [('dense/kernel', k), ('dense/bias', b)])])
    x = ids(rng, vocab, 5, length, [0, 2, 4, 8, 10])
    y = check_mask_matters('k3_functional', ref.NestedModel(config, read_back('k3_functional.weights.h5', config), 3), x)
    legacy = ref.NestedModel(config, read_back('k3_functional.legacy.h5', config), 3).predict(x)
    if np.abs(legacy - y).max() > 1e-12:
        sys.exit('k3_functional: the legacy .h5 and the .weights.h5 disagree')
    write_cases('k3_functional.cases.json', x, y)


if __name__ == '__main__':
    generator = np.random.default_rng(20250107)
    k2_functional(generator)
    k2_shared(generator)
    k2_nested_functional(generator)
    tf_seq(generator)
    k3_functional(generator)
    print('wrote', ', '.join(sorted(n for n in os.listdir(HERE) if not n.endswith('.py'))))
