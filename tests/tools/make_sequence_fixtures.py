#!/usr/bin/python3
"""Write the sequence / mixed-layer model folders the API integration tests serve, and their expected topics.

    /usr/bin/python3 tests/tools/make_sequence_fixtures.py

Needs Debian's python3 with numpy, h5py, scikit-learn, keras_preprocessing and PyYAML (no TensorFlow). Writes

  tests/Nlp.Api.IntegrationTests/Fixtures/models/<folder>/      model folders "the team has never seen": layer mixes
                                                                 (Embedding, Bidirectional LSTM, GRU, Conv1D,
                                                                 pooling, two-output functional) in Keras 2
                                                                 save_weights(), tf.keras model.save(), Keras 3 JSON +
                                                                 .weights.h5 and Keras 3 .keras layouts
  tests/Nlp.Api.IntegrationTests/Fixtures/expected_sequence_topics.json
                                                                 the scores of folder_reference.py (reads only the
                                                                 written files; Keras formulas in keras_numpy.py)

Tokenizers and label encoders are the real Python classes, pickled. Weights are random with a fixed seed (scaled
so that the scores spread): what is tested is that the service computes what Keras computes from those files.
For the mask_zero folders the expected scores are those of the UNPADDED sequence (what Keras gives a masked,
padded input); the generator checks the padded + masked reference equals it and that ignoring the mask would not.
"""
import json
import os
import shutil
import sys
import zipfile
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# Imported first: it pins PYTHONHASHSEED / BLAS threads and restarts, so the pickles are byte-for-byte reproducible.
from make_api_fixtures import (  # noqa: E402
    dense_224, dense_tf24, dropout_224, dump_pickle, label_encoder, smalltalk_rows, write_layer_weights,
    write_save_weights_file)

import h5py  # noqa: E402
import numpy as np  # noqa: E402
from keras_preprocessing.text import Tokenizer  # noqa: E402

import keras_numpy as kn  # noqa: E402
from fixture_data import SENTIMENT, SUPPORT_TOPICS  # noqa: E402
from folder_reference import FolderReference  # noqa: E402
import sequence_configs as cfg  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, 'tests', 'Nlp.Api.IntegrationTests', 'Fixtures')
MODELS = os.path.join(FIXTURES, 'models')
OUT = os.path.join(FIXTURES, 'expected_sequence_topics.json')


def uniform(rng, shape, scale):
    return rng.uniform(-scale, scale, shape).astype(np.float32)


def data(pairs):
    return [t for _, items in pairs for t in items], [label for label, items in pairs for _ in items]


def write_text(folder, name, text):
    with open(os.path.join(folder, name), 'w', encoding='utf-8') as f:
        f.write(text)


# ------------------------------------------------------------------------------------------------ folders

def bilstm_masked_k2(folder, rng):
    """Keras 2.2.4 standalone: Embedding(mask_zero) -> Bidirectional(LSTM, hard_sigmoid) -> Dense; save_weights()."""
    texts, labels = data(SENTIMENT)
    tok = Tokenizer()
    tok.fit_on_texts(texts)
    vocab, units, classes = len(tok.word_index) + 1, 6, sorted(set(labels))
    config = cfg.sequential_224([
        cfg.embedding_224('embedding_1', vocab, 8, 12, mask_zero=True),
        cfg.bidirectional_224('bidirectional_1', cfg.lstm_224('lstm_1', units)),
        dense_224('dense_1', len(classes), 'softmax')])
    write_text(folder, 'model.json', json.dumps(config))
    lstm = lambda: [uniform(rng, (8, 4 * units), 0.7), uniform(rng, (units, 4 * units), 0.7), uniform(rng, (4 * units,), 0.3)]  # noqa: E731
    forward, backward = lstm(), lstm()
    write_save_weights_file(os.path.join(folder, 'weights.h5'), ['embedding_1', 'bidirectional_1', 'dense_1'], {
        'embedding_1': [('embeddings:0', uniform(rng, (vocab, 8), 1.0))],
        'bidirectional_1': [(f'{d}_lstm_1/{w}:0', a) for d, ws in (('forward', forward), ('backward', backward))
                            for w, a in zip(('kernel', 'recurrent_kernel', 'bias'), ws)],
        'dense_1': [('kernel:0', uniform(rng, (2 * units, len(classes)), 1.5)), ('bias:0', uniform(rng, (len(classes),), 0.2))]},
        '2.2.4')
    dump_pickle(tok, os.path.join(folder, 'tokenizer.pkl'), 4)
    dump_pickle(label_encoder(labels, object_dtype=False), os.path.join(folder, 'label_encoder.pkl'), 4)
    write_text(folder, 'serving.yaml', '# maxlen from the model (12); pre padding and truncating (Keras defaults)\n'
                                       'input:\n  mode: sequences\n')


def conv_gmp_tfkeras(folder, rng):
    """tf.keras 2.4 model.save(): InputLayer -> Embedding -> Conv1D(valid, relu) -> GlobalMaxPooling1D -> Dense."""
    texts, labels = data(SUPPORT_TOPICS)
    tok = Tokenizer(num_words=60, oov_token='<OOV>')
    tok.fit_on_texts(texts)
    classes = [label for label, _ in SUPPORT_TOPICS]
    config = cfg.sequential_tf24([
        cfg.input_tf24('embedding_input', 15), cfg.embedding_tf24('embedding', 60, 8, 15),
        cfg.conv1d_tf24('conv1d', 10, 3), cfg.global_pool_tf24('global_max_pooling1d', 'GlobalMaxPooling1D'),
        dense_tf24('dense', len(classes), 'softmax')])
    weights = {'embedding': [('embeddings:0', uniform(rng, (60, 8), 1.0))],
               'conv1d': [('kernel:0', uniform(rng, (3, 8, 10), 0.6)), ('bias:0', uniform(rng, (10,), 0.2))],
               'dense': [('kernel:0', uniform(rng, (10, len(classes)), 1.2)), ('bias:0', uniform(rng, (len(classes),), 0.2))]}
    with h5py.File(os.path.join(folder, 'support_cnn.h5'), 'w') as f:
        f.attrs['backend'] = b'tensorflow'
        f.attrs['keras_version'] = b'2.4.0'
        f.attrs['model_config'] = json.dumps(config).encode('utf8')
        write_layer_weights(f.create_group('model_weights'), ['embedding', 'conv1d', 'global_max_pooling1d', 'dense'],
                            weights, '2.4.0')
    dump_pickle(tok, os.path.join(folder, 'support_tokenizer.pickle'), 4)
    write_text(folder, 'serving.yaml', f'labels: [{", ".join(classes)}]\n'
                                       'input:\n  mode: sequences\n  maxlen: 15\n  padding: post\n  truncating: post\n')


def keras3_gru(rng, texts, labels):
    tok = Tokenizer(oov_token='<OOV>')
    tok.fit_on_texts(texts)
    vocab, units, classes = len(tok.word_index) + 1, 8, sorted(set(labels))
    config = cfg.sequential_k3([cfg.input_k3(10), cfg.embedding_k3('embedding', vocab, 8), cfg.gru_k3('gru', units),
                                cfg.dense_k3('dense', len(classes), 'softmax')], 10)
    variables = {'embedding': [uniform(rng, (vocab, 8), 1.0)],
                 'gru/cell': [uniform(rng, (8, 3 * units), 0.7), uniform(rng, (units, 3 * units), 0.7),
                              uniform(rng, (2, 3 * units), 0.3)],
                 'dense': [uniform(rng, (units, len(classes)), 1.5), uniform(rng, (len(classes),), 0.2)]}
    return tok, classes, config, variables


def write_keras3_weights(h5, variables, keys):
    """Keras 3 H5IOStore: layers/<key>[/<sub>]/vars/<i>, an empty vars group per object, optimizer/vars, vars."""
    for key in keys:
        h5.create_group(f'layers/{key}/vars')
    for path, arrays in variables.items():
        group = h5.require_group(f'layers/{path}/vars')
        for i, value in enumerate(arrays):
            group.create_dataset(str(i), data=value)
    h5.create_group('optimizer/vars').create_dataset('0', data=np.array(0, dtype=np.int64))
    h5.create_group('vars')


def gru_keras3_json(folder, rng):
    """Keras 3 model.to_json() + save_weights('model.weights.h5'): Embedding -> GRU(reset_after) -> Dense."""
    rows = smalltalk_rows({'action > greeting', 'action > goodbye', 'action > thanks', 'action > affirm'})
    tok, classes, config, variables = keras3_gru(rng, [r[0] for r in rows], [r[1] for r in rows])
    write_text(folder, 'model.json', json.dumps(config))
    with h5py.File(os.path.join(folder, 'model.weights.h5'), 'w') as h5:
        write_keras3_weights(h5, variables, ['embedding', 'gru', 'dense'])
    dump_pickle(tok, os.path.join(folder, 'tokenizer.pickle'), 5)
    dump_pickle(label_encoder([r[1] for r in rows], object_dtype=True), os.path.join(folder, 'label_encoder.pickle'), 5)
    write_text(folder, 'serving.yaml', 'input:\n  mode: sequences\n  maxlen: 10\n  padding: post\n')


def keras3_archive(folder, rng):
    """Keras 3 .keras zip: char-level Embedding(mask_zero) -> GlobalAveragePooling1D (masked) -> Dense -> Dense."""
    texts, labels = data(SENTIMENT)
    tok = Tokenizer(char_level=True)
    tok.fit_on_texts(texts)
    vocab, classes = len(tok.word_index) + 1, [label for label, _ in SENTIMENT]
    config = cfg.sequential_k3([cfg.input_k3(40), cfg.embedding_k3('embedding', vocab, 12, mask_zero=True),
                                cfg.global_pool_k3('global_average_pooling1d'), cfg.dense_k3('dense', 16, 'relu'),
                                cfg.dense_k3('dense_1', len(classes), 'softmax')], 40)
    variables = {'embedding': [uniform(rng, (vocab, 12), 1.5)],
                 'dense': [uniform(rng, (12, 16), 1.0), uniform(rng, (16,), 0.3)],
                 'dense_1': [uniform(rng, (16, len(classes)), 1.5), uniform(rng, (len(classes),), 0.2)]}
    stamp = (2024, 8, 5, 15, 56, 56)
    weights_path = os.path.join(folder, 'model.weights.h5.tmp')
    with h5py.File(weights_path, 'w') as h5:
        write_keras3_weights(h5, variables, ['embedding', 'global_average_pooling1d', 'dense', 'dense_1'])
    with open(weights_path, 'rb') as f:
        weights = f.read()
    os.remove(weights_path)
    with zipfile.ZipFile(os.path.join(folder, 'sentiment.keras'), 'w') as archive:
        for name, payload in (('metadata.json', json.dumps({'keras_version': '3.4.1', 'date_saved': '2024-08-05@15:56:57'})),
                              ('config.json', json.dumps(config)), ('model.weights.h5', weights)):
            archive.writestr(zipfile.ZipInfo(name, stamp), payload)
    dump_pickle(tok, os.path.join(folder, 'char_tokenizer.pkl'), 4)
    write_text(folder, 'classes.json', json.dumps(classes))
    write_text(folder, 'responses.json', json.dumps({c: f'Thanks for your {c} feedback.' for c in classes}))
    write_text(folder, 'serving.yaml', '# the .keras archive holds the architecture: responses.json is not one\n'
                                       'labels: classes.json\ninput:\n  mode: sequences\n  maxlen: 40\n  padding: post\n')


def two_outputs(output):
    """Keras 2.2.4 functional Model with two heads, save_weights(); binary matrix input."""
    def make(folder, rng):
        texts, labels = data(SUPPORT_TOPICS)
        tok = Tokenizer(num_words=80)
        tok.fit_on_texts(texts)
        topics = [label for label, _ in SUPPORT_TOPICS]
        urgency = ['low', 'normal', 'urgent']
        config = cfg.functional_224('model_1', 'text_input', 80, [
            (dense_224('shared_dense', 16, 'relu'), 'text_input'), (dropout_224('dropout_1', 0.3), 'shared_dense'),
            (dense_224('urgency', len(urgency), 'softmax'), 'dropout_1'), (dense_224('topic', len(topics), 'softmax'), 'dropout_1')],
            ['urgency', 'topic'])
        write_text(folder, 'model.json', json.dumps(config))
        write_save_weights_file(os.path.join(folder, 'weights.h5'), ['text_input', 'shared_dense', 'dropout_1', 'urgency', 'topic'], {
            'shared_dense': [('kernel:0', uniform(rng, (80, 16), 0.8)), ('bias:0', uniform(rng, (16,), 0.2))],
            'urgency': [('kernel:0', uniform(rng, (16, 3), 1.2)), ('bias:0', uniform(rng, (3,), 0.2))],
            'topic': [('kernel:0', uniform(rng, (16, 4), 1.2)), ('bias:0', uniform(rng, (4,), 0.2))]}, '2.2.4')
        dump_pickle(tok, os.path.join(folder, 'tokenizer.pkl'), 4)
        served = topics if output == 'topic' else urgency
        write_text(folder, 'serving.yaml', (f'output: {output}\n' if output == 'topic' else '# no output: the first (urgency)\n')
                   + f'labels: [{", ".join(served)}]\ninput:\n  mode: binary\n')
    return make


# ------------------------------------------------------------------------------------------------ expected

FOLDERS = [
    ('seq_bilstm_masked_k2', bilstm_masked_k2, True,
     'Keras 2.2.4 to_json() + save_weights(): Embedding(mask_zero=True, input_length 12) -> Bidirectional(LSTM(6), '
     'hard_sigmoid, concat) -> Dense(softmax); mode sequences with maxlen from the model, pre padding / truncating; '
     'expected = the unpadded sequence (masking end to end)'),
    ('seq_conv_gmp_tfkeras', conv_gmp_tfkeras, False,
     'tf.keras 2.4 model.save() (model_config + model_weights): InputLayer -> Embedding -> Conv1D(10, 3, valid, relu) '
     '-> GlobalMaxPooling1D -> Dense(softmax); Tokenizer(num_words=60, oov_token); maxlen 15, post padding and '
     'truncating; labels in serving.yaml'),
    ('seq_gru_keras3_json', gru_keras3_json, False,
     'Keras 3 to_json() + model.weights.h5 (layers/gru/cell/vars): Embedding -> GRU(8, reset_after) -> '
     'Dense(softmax); maxlen 10, post padding; LabelEncoder with object classes_ (protocol 5)'),
    ('seq_keras3_archive', keras3_archive, True,
     'Keras 3 .keras zip (config.json, model.weights.h5, metadata.json) beside another JSON file: char-level '
     'Tokenizer -> Embedding(mask_zero=True) -> GlobalAveragePooling1D (masked mean) -> Dense(relu) -> '
     'Dense(softmax); maxlen 40, post padding; labels from classes.json; expected = the unpadded sequence'),
    ('two_outputs_named', two_outputs('topic'), False,
     'Keras 2.2.4 functional Model with two outputs (urgency, topic), save_weights(); serving.yaml output: topic '
     '(the second); mode binary'),
    ('two_outputs_default', two_outputs(None), False,
     'the same two-output model with no output: in serving.yaml: the first output (urgency) is served'),
]

PROBES = {
    'seq_bilstm_masked_k2': [
        'I love it, works perfectly', 'terrible product, it broke after one day', 'it arrived on monday',
        'great', 'not bad, not great', 'qwerty zxcvb',
        'the delivery was late and the box was damaged but the staff were friendly and helpful and I love the design',
        'awful', 'very happy with the quality', 'the product is okay I guess'],
    'seq_conv_gmp_tfkeras': [
        'I forgot my password', 'I was charged twice on my invoice', 'where is my package', 'the app crashes on startup',
        'my parcel is late and the invoice is wrong too, please refund the payment and reset my password today',
        'qwerty zxcvb asdf hjkl', 'track my order please', 'error 500', 'cannot log in to my account', 'refund'],
    'seq_gru_keras3_json': [
        'hello there', 'thanks a lot', 'bye bye', 'yes please', 'good morning my friend', 'qwerty',
        'see you later, thank you', 'sure', 'hi', 'that works for me, thanks and goodbye my friend'],
    'seq_keras3_archive': [
        'I love it', 'terrible, terrible', 'it arrived on monday', 'ok', 'awful quality, broken',
        'the staff were friendly and helpful, great value', 'meh', 'bad bad bad', 'wonderful', 'so-so, fine'],
    'two_outputs_named': [
        'I forgot my password', 'I was charged twice', 'where is my package', 'the app crashes',
        'qwerty', 'refund my payment', 'my parcel is late', 'error message', 'reset password', 'invoice'],
}
PROBES['two_outputs_default'] = PROBES['two_outputs_named']


def expected_entry(scores, texts):
    probes = []
    for text, row in zip(texts, scores):
        ranked = sorted(row.items(), key=lambda kv: -kv[1])  # stable: ties keep label order
        name, score = ranked[0]
        cents = score * 100
        probes.append(OrderedDict([
            ('text', text), ('topic', OrderedDict([('name', name), ('score', str(round(score, 2)))])),
            ('scoreNearRoundingTie', bool(abs(cents - np.floor(cents) - 0.5) < 1e-2)),
            ('topics', [OrderedDict([('name', n), ('score', s)]) for n, s in ranked])]))
    return probes


def check_masking(name, reference, texts):
    """Padded + masked == unpadded, and dropping the mask would change the scores (so the test can fail)."""
    unpadded, padded = reference.scores(texts, unpadded=True), reference.scores(texts)
    same = float(np.abs(unpadded - padded).max())
    layers, _ = kn.config_layers(reference.network.config)
    embedding = next(l for l in layers if l['class_name'] == 'Embedding')['config']
    embedding['mask_zero'] = False
    unmasked = float(np.abs(reference.scores(texts) - unpadded).max())
    embedding['mask_zero'] = True
    if same > 1e-9 or unmasked < 0.01:
        sys.exit(f'{name}: masked vs unpadded {same}, unmasked vs unpadded {unmasked}')
    return unmasked


def main():
    rng = np.random.default_rng(2024)
    document = OrderedDict([
        ('generator', 'tests/tools/make_sequence_fixtures.py'),
        ('reference', 'tests/tools/folder_reference.py: reads only the folder files (h5py / zipfile / the real '
                      'unpickled Tokenizer + keras_preprocessing pad_sequences) and runs the Keras formulas of '
                      'keras_numpy.py in float64; masked folders: the unpadded sequence'),
        ('scoreFormat', 'topic.score = str(round(x, 2)) of the highest output; topics sorted by score, highest first'),
        ('models', OrderedDict()),
    ])
    for name, make, masked, exercises in FOLDERS:
        folder = os.path.join(MODELS, name)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        make(folder, rng)
        reference = FolderReference(folder)
        texts = PROBES[name]
        note = ''
        if masked:
            note = f'  mask moves scores by up to {check_masking(name, reference, texts):.3f}'
        scores = reference.predict(texts, unpadded=masked)
        spread = max(max(s.values()) - min(s.values()) for s in scores)
        ties = [t for t, row in zip(texts, scores) if abs(max(row.values()) * 100 % 1 - 0.5) < 1e-2]
        if spread < 0.2 or ties:
            sys.exit(f'{name}: scores too flat ({spread:.3f}) or near a rounding tie ({ties}); change the seed')
        size = sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder))
        document['models'][name] = OrderedDict([
            ('exercises', exercises), ('labels', reference.labels), ('files', sorted(os.listdir(folder))),
            ('probes', expected_entry(scores, texts))])
        print(f'{name:22} {size:7d} bytes  labels {len(reference.labels)}  top-score spread {spread:.2f}{note}')
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump(document, f, indent=2)
        f.write('\n')
    print('wrote', os.path.relpath(OUT, REPO))


if __name__ == '__main__':
    main()
