"""Layer and model configs as Keras writes them (get_config() key order), for make_sequence_fixtures.py.

Keras 2.2.4 standalone (*_224), tf.keras 2.4 (*_tf24) and Keras 3.4 (*_k3, with module / registered_name /
DTypePolicy), checked against the files of the shared corpus written by those versions.
"""
from collections import OrderedDict as D


def _init(name, **config):
    return D([('class_name', name), ('config', D(config))])


def _regularizers(*names):
    return [(n, None) for n in names]


# ------------------------------------------------------------------------------------------------ Keras 2.2.4

def sequential_224(layers):
    return D([('class_name', 'Sequential'), ('config', D([('name', 'sequential_1'), ('layers', layers)])),
              ('keras_version', '2.2.4'), ('backend', 'tensorflow')])


def embedding_224(name, input_dim, output_dim, length, mask_zero=False):
    return D([('class_name', 'Embedding'), ('config', D([
        ('name', name), ('trainable', True), ('batch_input_shape', [None, length]), ('dtype', 'float32'),
        ('input_dim', input_dim), ('output_dim', output_dim),
        ('embeddings_initializer', _init('RandomUniform', minval=-0.05, maxval=0.05, seed=None))]
        + _regularizers('embeddings_regularizer', 'activity_regularizer', 'embeddings_constraint')
        + [('mask_zero', mask_zero), ('input_length', length)]))])


def lstm_224(name, units):
    """Keras 2 defaults: recurrent_activation hard_sigmoid, implementation 1."""
    return D([('class_name', 'LSTM'), ('config', D([
        ('name', name), ('trainable', True), ('return_sequences', False), ('return_state', False),
        ('go_backwards', False), ('stateful', False), ('unroll', False), ('units', units), ('activation', 'tanh'),
        ('recurrent_activation', 'hard_sigmoid'), ('use_bias', True),
        ('kernel_initializer', _init('VarianceScaling', scale=1.0, mode='fan_avg', distribution='uniform', seed=None)),
        ('recurrent_initializer', _init('Orthogonal', gain=1.0, seed=None)), ('bias_initializer', _init('Zeros')),
        ('unit_forget_bias', True)]
        + _regularizers('kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer',
                        'kernel_constraint', 'recurrent_constraint', 'bias_constraint')
        + [('dropout', 0.0), ('recurrent_dropout', 0.0), ('implementation', 1)]))])


def bidirectional_224(name, layer, merge_mode='concat'):
    return D([('class_name', 'Bidirectional'), ('config', D([
        ('name', name), ('trainable', True), ('layer', layer), ('merge_mode', merge_mode)]))])


def functional_224(name, input_name, width, calls, outputs):
    """Keras 2.2.4 Model.get_config(): layers with inbound_nodes [[[name, 0, 0, {}]]], input/output_layers."""
    layers = [D([('name', input_name), ('class_name', 'InputLayer'), ('config', D([
        ('batch_input_shape', [None, width]), ('dtype', 'float32'), ('sparse', False), ('name', input_name)])),
        ('inbound_nodes', [])])]
    for layer, source in calls:
        layers.append(D([('name', layer['config']['name']), ('class_name', layer['class_name']),
                         ('config', layer['config']), ('inbound_nodes', [[[source, 0, 0, D()]]])]))
    return D([('class_name', 'Model'), ('config', D([
        ('name', name), ('layers', layers), ('input_layers', [[input_name, 0, 0]]),
        ('output_layers', [[o, 0, 0] for o in outputs])])), ('keras_version', '2.2.4'), ('backend', 'tensorflow')])


# ------------------------------------------------------------------------------------------------ tf.keras 2.4

def sequential_tf24(layers):
    return D([('class_name', 'Sequential'), ('config', D([('name', 'sequential'), ('layers', layers)])),
              ('keras_version', '2.4.0'), ('backend', 'tensorflow')])


def input_tf24(name, length):
    return D([('class_name', 'InputLayer'), ('config', D([
        ('batch_input_shape', [None, length]), ('dtype', 'float32'), ('sparse', False), ('ragged', False),
        ('name', name)]))])


def embedding_tf24(name, input_dim, output_dim, length):
    return D([('class_name', 'Embedding'), ('config', D([
        ('name', name), ('trainable', True), ('batch_input_shape', [None, length]), ('dtype', 'float32'),
        ('input_dim', input_dim), ('output_dim', output_dim),
        ('embeddings_initializer', _init('RandomUniform', minval=-0.05, maxval=0.05, seed=None))]
        + _regularizers('embeddings_regularizer', 'activity_regularizer', 'embeddings_constraint')
        + [('mask_zero', False), ('input_length', length)]))])


def conv1d_tf24(name, filters, kernel_size):
    return D([('class_name', 'Conv1D'), ('config', D([
        ('name', name), ('trainable', True), ('dtype', 'float32'), ('filters', filters), ('kernel_size', [kernel_size]),
        ('strides', [1]), ('padding', 'valid'), ('data_format', 'channels_last'), ('dilation_rate', [1]),
        ('groups', 1), ('activation', 'relu'), ('use_bias', True),
        ('kernel_initializer', _init('GlorotUniform', seed=None)), ('bias_initializer', _init('Zeros'))]
        + _regularizers('kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint',
                        'bias_constraint')))])


def global_pool_tf24(name, class_name):
    return D([('class_name', class_name), ('config', D([
        ('name', name), ('trainable', True), ('dtype', 'float32'), ('data_format', 'channels_last')]))])


# ------------------------------------------------------------------------------------------------ Keras 3.4

def _policy():
    return D([('module', 'keras'), ('class_name', 'DTypePolicy'), ('config', D([('name', 'float32')])),
              ('registered_name', None)])


def _k3_init(name, **config):
    return D([('module', 'keras.initializers'), ('class_name', name), ('config', D(config)), ('registered_name', None)])


def _k3_layer(class_name, config, input_shape=None):
    layer = D([('module', 'keras.layers'), ('class_name', class_name), ('config', config), ('registered_name', None)])
    if input_shape is not None:
        layer['build_config'] = D([('input_shape', input_shape)])
    return layer


def sequential_k3(layers, length):
    """Keras 3 Sequential.get_config() as to_json() / the .keras config.json write it."""
    layers[1]['build_config'] = D([('input_shape', [None, length])])
    return D([('module', 'keras'), ('class_name', 'Sequential'), ('config', D([
        ('name', 'sequential'), ('trainable', True), ('dtype', _policy()), ('layers', layers)])),
        ('registered_name', None), ('build_config', D([('input_shape', [None, length])]))])


def input_k3(length):
    return _k3_layer('InputLayer', D([('batch_shape', [None, length]), ('dtype', 'float32'), ('sparse', False),
                                      ('name', 'input_layer')]))


def embedding_k3(name, input_dim, output_dim, mask_zero=False):
    return _k3_layer('Embedding', D([
        ('name', name), ('trainable', True), ('dtype', _policy()), ('input_dim', input_dim), ('output_dim', output_dim),
        ('embeddings_initializer', _k3_init('RandomUniform', minval=-0.05, maxval=0.05, seed=None)),
        ('embeddings_regularizer', None), ('activity_regularizer', None), ('embeddings_constraint', None),
        ('mask_zero', mask_zero)]))


def gru_k3(name, units):
    return _k3_layer('GRU', D([
        ('name', name), ('trainable', True), ('dtype', _policy()), ('return_sequences', False), ('return_state', False),
        ('go_backwards', False), ('stateful', False), ('unroll', False), ('zero_output_for_mask', False),
        ('units', units), ('activation', 'tanh'), ('recurrent_activation', 'sigmoid'), ('use_bias', True),
        ('kernel_initializer', _k3_init('GlorotUniform', seed=None)),
        ('recurrent_initializer', _k3_init('OrthogonalInitializer', gain=1.0, seed=None)),
        ('bias_initializer', _k3_init('Zeros')), ('kernel_regularizer', None), ('recurrent_regularizer', None),
        ('bias_regularizer', None), ('activity_regularizer', None), ('kernel_constraint', None),
        ('recurrent_constraint', None), ('bias_constraint', None), ('dropout', 0.0), ('recurrent_dropout', 0.0),
        ('reset_after', True), ('seed', None)]))


def dense_k3(name, units, activation):
    return _k3_layer('Dense', D([
        ('name', name), ('trainable', True), ('dtype', _policy()), ('units', units), ('activation', activation),
        ('use_bias', True), ('kernel_initializer', _k3_init('GlorotUniform', seed=None)),
        ('bias_initializer', _k3_init('Zeros')), ('kernel_regularizer', None), ('bias_regularizer', None),
        ('kernel_constraint', None), ('bias_constraint', None)]))


def global_pool_k3(name):
    return _k3_layer('GlobalAveragePooling1D', D([
        ('name', name), ('trainable', True), ('dtype', _policy()), ('data_format', 'channels_last'), ('keepdims', False)]))
