#!/usr/bin/python3
"""Write the nested-model folder the API integration tests serve, and its expected topics.

    /usr/bin/python3 tests/tools/make_nested_api_fixture.py

Needs Debian's python3 with numpy, h5py, scikit-learn, keras_preprocessing and PyYAML (no TensorFlow). Writes

  tests/Nlp.Api.IntegrationTests/Fixtures/models/nested_encoder_k2/   Keras 2.2.4 to_json() + save_weights() of a
        functional Model whose encoder is a nested Sequential: Input(12) -> 'encoder' [Embedding(mask_zero=True,
        trainable=False), LSTM(8)] -> Dense(softmax); the real pickled Tokenizer and LabelEncoder; serving.yaml
        input mode 'sequences' (maxlen from the model, pre padding and truncating)
  tests/Nlp.Api.IntegrationTests/Fixtures/expected_nested_topics.json
        the scores of the reference (folder_reference.py's vectorising: the real Tokenizer + keras_preprocessing
        pad_sequences; the network in nested_reference.py, Keras formulas in float64) for the UNPADDED sequences,
        which is what Keras gives the padded, masked input; the script checks that padded == unpadded and that
        ignoring the mask would change the scores.

The weights file has ONE group for the encoder, its weights in model.trainable_weights + non_trainable_weights
order: the LSTM's kernel, recurrent kernel and bias, then the frozen embeddings (Keras 2.2.4 names them
'encoder/lstm_1/kernel:0', ...). Weights are random with a fixed seed, scaled so that the scores spread.
"""
import json
import os
import shutil
import sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# Imported first: it pins PYTHONHASHSEED / BLAS threads and restarts, so the pickles are byte-for-byte reproducible.
from make_api_fixtures import dense_224, dump_pickle, label_encoder, write_save_weights_file  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402
from keras_preprocessing.text import Tokenizer  # noqa: E402

import nested_reference as ref  # noqa: E402
import sequence_configs as cfg  # noqa: E402
from fixture_data import SENTIMENT  # noqa: E402
from folder_reference import FolderReference  # noqa: E402
from make_sequence_fixtures import data, expected_entry, uniform, write_text  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, 'tests', 'Nlp.Api.IntegrationTests', 'Fixtures')
NAME = 'nested_encoder_k2'
FOLDER = os.path.join(FIXTURES, 'models', NAME)
OUT = os.path.join(FIXTURES, 'expected_nested_topics.json')
EXERCISES = ('Keras 2.2.4 to_json() + save_weights() of a functional Model with a nested Sequential encoder: Input(12) '
             '-> encoder [Embedding(mask_zero=True, trainable=False), LSTM(8)] -> Dense(softmax); one weights group '
             'for the encoder (LSTM weights first, then the frozen embeddings); mode sequences, maxlen from the model; '
             'expected = the unpadded sequence (the mask made inside the nested model)')
PROBES = ['I love it, works perfectly', 'terrible product, it broke after one day', 'it arrived on monday', 'great',
          'not bad, not great', 'qwerty zxcvb', 'awful', 'very happy with the quality', 'the product is okay I guess',
          'the delivery was late and the box was damaged but the staff were friendly and helpful and I love the design']


def functional_224(length, encoder, head):
    def entry(layer, source):
        return OrderedDict([('name', layer['config']['name']), ('class_name', layer['class_name']),
                            ('config', layer['config']), ('inbound_nodes', [[[source, 0, 0, OrderedDict()]]])])
    return OrderedDict([('class_name', 'Model'), ('config', OrderedDict([
        ('name', 'model_1'), ('layers', [
            OrderedDict([('name', 'input_1'), ('class_name', 'InputLayer'), ('config', OrderedDict([
                ('batch_input_shape', [None, length]), ('dtype', 'float32'), ('sparse', False), ('name', 'input_1')])),
                ('inbound_nodes', [])]),
            entry(encoder, 'input_1'), entry(head, 'encoder')]),
        ('input_layers', [['input_1', 0, 0]]), ('output_layers', [['dense_1', 0, 0]])])),
        ('keras_version', '2.2.4'), ('backend', 'tensorflow')])


def make(rng):
    texts, labels = data(SENTIMENT)
    tok = Tokenizer()
    tok.fit_on_texts(texts)
    vocab, dim, units, length, classes = len(tok.word_index) + 1, 8, 8, 12, sorted(set(labels))
    embedding = cfg.embedding_224('embedding_1', vocab, dim, length, mask_zero=True)
    embedding['config']['trainable'] = False
    del embedding['config']['batch_input_shape']  # the encoder was built by its call: Keras 2.2.4 keeps no shape
    encoder = OrderedDict([('class_name', 'Sequential'), ('config', OrderedDict([
        ('name', 'encoder'), ('layers', [embedding, cfg.lstm_224('lstm_1', units)]), ('build_input_shape', [None, length])]))])
    config = functional_224(length, encoder, dense_224('dense_1', len(classes), 'softmax'))
    write_text(FOLDER, 'model.json', json.dumps(config))
    emb = uniform(rng, (vocab, dim), 1.0)
    lstm = [uniform(rng, (dim, 4 * units), 0.8), uniform(rng, (units, 4 * units), 0.8), uniform(rng, (4 * units,), 0.3)]
    write_save_weights_file(os.path.join(FOLDER, 'weights.h5'), ['input_1', 'encoder', 'dense_1'], {
        'encoder': [(f'lstm_1/{n}:0', a) for n, a in zip(('kernel', 'recurrent_kernel', 'bias'), lstm)]
        + [('embedding_1/embeddings:0', emb)],
        'dense_1': [('kernel:0', uniform(rng, (units, len(classes)), 2.0)), ('bias:0', uniform(rng, (len(classes),), 0.2))]},
        '2.2.4')
    dump_pickle(tok, os.path.join(FOLDER, 'tokenizer.pkl'), 4)
    dump_pickle(label_encoder(labels, object_dtype=False), os.path.join(FOLDER, 'label_encoder.pkl'), 4)
    write_text(FOLDER, 'serving.yaml', '# maxlen from the model (12); pre padding and truncating (Keras defaults)\n'
                                       'input:\n  mode: sequences\n')


class _Network:
    """folder_reference's network slot, filled with the nested-model reference."""

    def __init__(self, config, weights):
        self.config, self.model = config, ref.NestedModel(config, weights, 2)

    def predict(self, x, output=None):
        return self.model.predict(x)


def reference():
    folder = FolderReference(FOLDER)
    config = folder.network.config
    with h5py.File(os.path.join(FOLDER, 'weights.h5'), 'r') as h5:
        folder.network = _Network(config, ref.legacy_weights(h5, config))
    return folder


def main():
    shutil.rmtree(FOLDER, ignore_errors=True)
    os.makedirs(FOLDER)
    make(np.random.default_rng(4242))
    folder = reference()
    unpadded, padded = folder.scores(PROBES, unpadded=True), folder.scores(PROBES)
    encoder = folder.network.config['config']['layers'][1]['config']['layers'][0]['config']
    encoder['mask_zero'] = False
    unmasked = float(np.abs(folder.scores(PROBES) - unpadded).max())
    encoder['mask_zero'] = True
    if float(np.abs(unpadded - padded).max()) > 1e-9 or unmasked < 0.01:
        sys.exit(f'masking: padded vs unpadded {np.abs(unpadded - padded).max()}, unmasked vs unpadded {unmasked}')
    scores = folder.predict(PROBES, unpadded=True)
    spread = max(max(s.values()) - min(s.values()) for s in scores)
    ties = [t for t, row in zip(PROBES, scores) if abs(max(row.values()) * 100 % 1 - 0.5) < 1e-2]
    if spread < 0.2 or ties:
        sys.exit(f'scores too flat ({spread:.3f}) or near a rounding tie ({ties}); change the seed')
    document = OrderedDict([
        ('generator', 'tests/tools/make_nested_api_fixture.py'),
        ('reference', 'tests/tools/nested_reference.py (Keras formulas in float64, nested weights split as Keras 2 '
                      'load_weights does) fed by folder_reference.py (the real unpickled Tokenizer + pad_sequences); '
                      'the unpadded sequence'),
        ('scoreFormat', 'topic.score = str(round(x, 2)) of the highest output; topics sorted by score, highest first'),
        ('models', OrderedDict([(NAME, OrderedDict([
            ('exercises', EXERCISES), ('labels', folder.labels), ('files', sorted(os.listdir(FOLDER))),
            ('probes', expected_entry(scores, PROBES))]))]))])
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump(document, f, indent=2)
        f.write('\n')
    print(f'{NAME}: labels {len(folder.labels)}, top-score spread {spread:.2f}, mask moves scores by up to {unmasked:.3f}')
    print('wrote', os.path.relpath(OUT, REPO))


if __name__ == '__main__':
    main()
