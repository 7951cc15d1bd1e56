#!/usr/bin/python3
"""Independent reference for the model-level conformance test over ../shared/corpus (issue 4).

    /usr/bin/python3 tests/tools/corpus_reference.py [shared-dir]     (default: ../shared next to the repository)

For every corpus folder that holds a runnable network, it reads the folder's own files with h5py / zipfile and runs
the network with keras_numpy.py (the Keras formulas in float64, no TensorFlow). Inputs are made the way the
folder's original application made them (provenance.json): through the REAL unpickled Tokenizer
(texts_to_sequences + keras_preprocessing pad_sequences with the app's maxlen / padding / truncating) where the
folder has one, else token ids built as the app built them (a word dict in code, word2idx from a .npy file, a
bag of words from words.pkl), else seeded random floats for the non-text models. The hashing-trick (one_hot) and
NLTK / spaCy / stemming steps are not reproduced: those folders get ids or pre-cleaned text directly.

Writes tests/Nlp.Conformance.Tests/Fixtures/corpus_expectations.json: ONLY derived numbers (input ids or floats,
expected outputs) and the sha256 of every file it read. Corpus example texts are referenced by their index in
provenance.json (not copied); probe texts written here are ours. The corpus itself is never committed.
"""
import hashlib
import json
import io
import os
import pickle
import re
import sys
import warnings
from collections import OrderedDict

import h5py
import numpy as np
from keras_preprocessing.sequence import pad_sequences
from keras_preprocessing.text import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import keras_numpy as kn  # noqa: E402

SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(REPO, '..', 'shared'))
if not os.path.isdir(os.path.join(SHARED, 'corpus')):
    SHARED = os.environ.get('NLP_SHARED_DIR', '/work/shared')
CORPUS = os.path.join(SHARED, 'corpus')
OUT = os.path.join(REPO, 'tests', 'Nlp.Conformance.Tests', 'Fixtures', 'corpus_expectations.json')
TOKENIZER_MODULES = {'keras.preprocessing.text', 'keras.src.preprocessing.text', 'keras.src.legacy.preprocessing.text',
                     'keras_preprocessing.text', 'tensorflow.keras.preprocessing.text'}
# Only what the corpus pickles / .npy need; anything else is refused.
ALLOWED = {('collections', 'OrderedDict'), ('collections', 'defaultdict'), ('__builtin__', 'long'), ('builtins', 'int'),
           ('numpy.core.multiarray', '_reconstruct'), ('numpy', 'ndarray'), ('numpy', 'dtype'), ('_codecs', 'encode')}


class RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if name == 'Tokenizer' and module in TOKENIZER_MODULES:
            return Tokenizer
        if (module, name) in ALLOWED:
            return super().find_class(module, name)  # maps Python 2 names (__builtin__.long) itself
        raise pickle.UnpicklingError(f'{module}.{name} is not allowed')


def unpickle(data):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        return RestrictedUnpickler(io.BytesIO(data), encoding='latin1').load()


class Folder:
    def __init__(self, name):
        self.name, self.path, self.read = name, os.path.join(CORPUS, name), {}
        with open(os.path.join(self.path, 'provenance.json'), encoding='utf-8') as f:
            self.provenance = json.load(f)

    def file(self, name):
        path = os.path.join(self.path, name)
        with open(path, 'rb') as f:
            self.read[name] = hashlib.sha256(f.read()).hexdigest()
        return path

    def tokenizer(self, name):
        with open(self.file(name), 'rb') as f:
            tok = unpickle(f.read())
        if not hasattr(tok, 'oov_token'):
            tok.oov_token = None  # Keras 2.0/2.1 pickles: no OOV handling, which oov_token=None reproduces
        return tok

    def example(self, index):
        return self.provenance['example_texts'][index]


def load_network(folder, spec):
    kind = spec[0]
    if kind == 'keras':
        config, weights, major = kn.read_keras_archive(folder.file(spec[1]))
        return kn.Model(config, weights, major)
    with h5py.File(folder.file(spec[-1]), 'r') as h5:
        version = h5.attrs.get('keras_version') or h5.get('model_weights', h5).attrs.get('keras_version')
        if kind == 'full':
            config = json.loads(kn._text(h5.attrs['model_config']))
        else:
            with open(folder.file(spec[1]), encoding='utf-8') as f:
                config = kn.read_config_text(f.read())
            version = version or config.get('keras_version')
        if 'layers' in h5 and 'layer_names' not in h5.attrs:
            return kn.Model(config, kn.keras3_weights(h5, config), 3)
        major = kn.keras_major(kn._text(version)) if version else 2
        return kn.Model(config, kn.legacy_weights(h5), major)


def floats(values):
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def sequence_samples(folder, network, tok, texts, pad):
    """texts: ('example', i) or ('probe', text); pad: pad_sequences keyword arguments (maxlen may be None)."""
    samples = []
    for source, value in texts:
        text = folder.example(value) if source == 'example' else value
        ids = pad_sequences(tok.texts_to_sequences([text]), **pad)
        sample = OrderedDict([('exampleText', value)] if source == 'example' else [('text', value)])
        sample['ids'] = [int(i) for i in ids[0]]
        sample['output'] = floats(network.predict(ids))
        samples.append(sample)
    return samples


def id_samples(network, rows):
    return [OrderedDict([('ids', [int(i) for i in row]), ('output', floats(network.predict(np.array([row]))))])
            for row in rows]


def float_samples(network, arrays):
    return [OrderedDict([('shape', list(a.shape)), ('values', floats(a)), ('output', floats(network.predict(a[None])))])
            for a in arrays]


# ------------------------------------------------------------------------------------------------ per folder

def tokenized(model, tokenizer, pad, texts):
    """A folder served through the loader: Tokenizer + pad_sequences as the original app called them."""
    def build(folder):
        network = load_network(folder, model)
        return 'sequences', sequence_samples(folder, network, folder.tokenizer(tokenizer), texts, pad)
    return build


def examples(folder_name, count):
    return [('example', i) for i in range(count)]


def hashed_ids(model):
    """imdb one_hot folders: Python-hash ids cannot be reproduced; seeded ids in [1, 5000), pre-padded to 500."""
    def build(folder):
        network = load_network(folder, model)
        rng = np.random.default_rng(4)
        rows = [rng.integers(1, 5000, 500)] + [
            pad_sequences([rng.integers(1, 5000, n)], maxlen=500)[0] for n in (137, 12)]
        return 'ids', id_samples(network, rows)
    return build


def toy_dict_ids(folder):
    """train.py: mapping of 6 words, other words 0, sent.split(' '), pad_sequences(maxlen=80)."""
    network = load_network(folder, ('full', 'sentiment_model.h5'))
    mapping = {'terrible': 1, 'great': 2, 'bad': 3, 'good': 4, 'awful': 5, 'awesome': 6}
    texts = [folder.example(i) for i in range(4)] + ['good good great awesome', 'bad awful terrible']
    rows = pad_sequences([[mapping.get(w, 0) for w in t.split(' ')] for t in texts], maxlen=80)
    return 'ids', id_samples(network, rows)


def npy_dict(path):
    with open(path, 'rb') as f:
        data = f.read()
    header_end = data.index(b'\n', 10) + 1  # .npy v1: magic, version, header length, header dict, '\n'
    return unpickle(data[header_end:]).item()


def word_tokenize_like(sentence):
    """nltk.word_tokenize for these sentences: clitics ('ve, n't) and punctuation split off, words kept."""
    sentence = re.sub(r"(\w)n't\b", r"\1 n't", sentence)
    return re.findall(r"n't|'\w+|\w+|[^\w\s]", sentence)


def umich_ids(architecture, weights, config):
    """chen0040 library: lower-cased word_tokenize tokens, word2idx else len(word2idx), pad_sequences(maxlen=42)."""
    def build(folder):
        network = load_network(folder, ('json', architecture, weights))
        word2idx = npy_dict(folder.file(config))['word2idx']
        texts = [folder.example(i) for i in range(3)] + ['a terrible, boring book ; i hated it .']
        rows = pad_sequences([[word2idx.get(w.lower(), len(word2idx)) for w in word_tokenize_like(t)] for t in texts],
                             maxlen=42)
        return 'ids', id_samples(network, rows)
    return build


def shop_bag_of_words(folder):
    """api.py bag_of_words over words.pkl (lemmatiser approximated: a plural 's' dropped when that is a word)."""
    network = load_network(folder, ('json', 'model_architecture.json', 'model.weights.h5'))
    with open(folder.file('words.pkl'), 'rb') as f:
        words = unpickle(f.read())
    rows = []
    for text in [folder.example(i) for i in range(4)]:
        tokens = {t if t in words or not (t.endswith('s') and t[:-1] in words) else t[:-1]
                  for t in re.findall(r'\w+', text.lower())}
        rows.append(np.array([1.0 if w in tokens else 0.0 for w in words]))
    return 'floats', float_samples(network, rows)


def random_floats(model, shapes, scale):
    def build(folder):
        network = load_network(folder, model)
        rng = np.random.default_rng(11)
        arrays = [rng.normal(0, scale, shape).astype(np.float32).astype(np.float64) for shape in shapes]
        return 'floats', float_samples(network, arrays)
    return build


def university(folder):
    """.keras zip; app: pad_sequences(texts_to_sequences([m]), truncating='post', maxlen=20) -> 408 outputs."""
    network = load_network(folder, ('keras', 'chat_model.keras'))
    return 'sequences', sequence_samples(folder, network, folder.tokenizer('tokenizer.pickle'), examples('', 5),
                                         dict(maxlen=20, truncating='post'))


def refused(*files):
    def build(folder):
        for name in files:
            folder.file(name)
        return None, []
    return build


CASES = OrderedDict([
    ('amazon-rating-lstm-k212-checkpoint-hdf5', tokenized(
        ('full', 'weights-improvement-20-0.9417.hdf5'), 'tokenizer.pickle', dict(maxlen=200),
        examples('', 1) + [('probe', 'great phone, the battery works very well'),
                           ('probe', 'the case broke after one day, do not buy it')])),
    ('bug-category-tfidf-json-noweights-negative', refused('generic_model.json', '98eh9h498g4gh.pickle')),
    ('emotion-bilstm-json-weights', tokenized(
        ('json', 'model.json', 'model.h5'), 'tokenizer.pkl', dict(maxlen=62, padding='pre'), examples('', 4))),
    ('epar-sentiment-functional-bilstm-frozen-glove', tokenized(
        ('full', 'epar_sentiment_analysis_lstm.h5'), 'tokenizer.pickle', dict(maxlen=100),
        [('probe', 'safety data study patients efficacy considered acceptable'),
         ('probe', 'adverse events reported clinical study risk'),
         ('probe', 'bioequivalence demonstrated similar reference product')])),
    ('fakebreaker-argument-k216-noext-h5', tokenized(
        ('full', 'trained'), 'tokenizer.pickle', dict(maxlen=50),
        [('probe', 'abort kill babi life human right'), ('probe', 'marijuana legal drug alcohol tax money'),
         ('probe', 'woman right choic bodi')])),
    ('fitness-chatbot-lstm-k3h5', tokenized(
        ('full', 'chatbot_model.h5'), 'tokenizer.pickle', dict(maxlen=10), examples('', 5))),
    ('imdb-bilstm-onehot-hash-k231', hashed_ids(('full', 'sentiment_model.h5'))),
    ('imdb-bilstm-onehot-hash-tf23', hashed_ids(('full', 'senti.h5'))),
    ('mentor-chatbot-gap-tf212', tokenized(
        ('full', 'chat_model.h5'), 'tokenizer.pickle', dict(maxlen=20, truncating='post'), examples('', 4))),
    ('phishing-url-charlevel-bilstm-k3h5', tokenized(
        ('full', 'phishing_lstm.h5'), 'char_tokenizer.pkl', dict(maxlen=150, padding='post', truncating='post'),
        examples('', 2) + [('probe', 'http://secure-login.example-bank.com.verify-account.ru/update/index.php?user=1')])),
    ('shipping-status-cnn-k215-joblib', tokenized(
        ('full', 'cnn_model.h5'), 'tokenizer.joblib', dict(maxlen=None, padding='post'),
        [('probe', 'gate out empty container from terminal'), ('probe', 'loaded on vessel maersk at port of loading'),
         ('probe', 'discharge from rail at departure terminal')])),
    ('shipping-status-transformer-weights-negative', refused('transformer_weights.h5')),
    ('shop-chatbot-bow-keras3-json-weightsh5', shop_bag_of_words),
    ('sqli-charlevel-custom-attention-negative', refused('attention_lstm_model.h5', 'attention_lstm_model.keras')),
    ('sqli-charlevel-functional-lstm-k3h5', tokenized(
        ('full', 'lstm_model.h5'), 'char_tokenizer.pkl', dict(maxlen=200, padding='post'), examples('', 3))),
    ('student-response-gru-nonembedding-k38', random_floats(('full', 'gru_model.h5'), [(386, 1)] * 3, 0.1)),
    ('student-response-simplernn-nonembedding-k38', random_floats(('full', 'rnn_model.h5'), [(386, 1)] * 3, 0.1)),
    ('synthetic-rnn-yaml-cudnnlstm-nontext', random_floats(('yaml', 'model.yaml', 'model.h5'), [(20, 5), (20, 5), (7, 5)], 1.0)),
    ('toy-sentiment-gru-k214-activation', toy_dict_ids),
    ('umich-sentiment-k212-bilstm-json-weights', umich_ids(
        'bidirectional_lstm_softmax_architecture.json', 'bidirectional_lstm_softmax_weights.h5',
        'bidirectional_lstm_softmax_config.npy')),
    ('umich-sentiment-k212-cnn-json-weights', umich_ids(
        'wordvec_cnn_architecture.json', 'wordvec_cnn_weights.h5', 'wordvec_cnn_config.npy')),
    ('umich-sentiment-k212-cnnlstm-json-weights', umich_ids(
        'wordvec_cnn_lstm_architecture.json', 'wordvec_cnn_lstm_weights.h5', 'wordvec_cnn_lstm_config.npy')),
    ('university-chatbot-gap-keras3zip', university),
    ('vietnamese-chatbot-conv1d-lstm', tokenized(
        ('full', 'chat_model.h5'), 'tokenizer.pickle', dict(maxlen=20, truncating='post'), examples('', 3))),
])


def main():
    folders = sorted(n for n in os.listdir(CORPUS) if os.path.isdir(os.path.join(CORPUS, n)))
    if folders != sorted(CASES):
        sys.exit(f'corpus folders changed: {sorted(set(folders) ^ set(CASES))}')
    document = OrderedDict([
        ('generator', 'tests/tools/corpus_reference.py'),
        ('reference', 'tests/tools/keras_numpy.py: the Keras layer formulas in float64 numpy over the files read '
                      'with h5py / zipfile; inputs from the real unpickled Tokenizer + keras_preprocessing '
                      'pad_sequences, or ids / floats as the original application built them'),
        ('tolerance', 1e-4),
        ('folders', OrderedDict()),
    ])
    for name, build in CASES.items():
        folder = Folder(name)
        kind, samples = build(folder)
        entry = OrderedDict([('files', OrderedDict(sorted(folder.read.items()))), ('input', kind)])
        if samples:
            entry['samples'] = samples
        document['folders'][name] = entry
        outputs = [len(s['output']) for s in samples]
        print(f"{name:48} {kind or 'refused':9} samples {len(samples)} outputs {outputs[:1]}")
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump(document, f, indent=1, ensure_ascii=False)
        f.write('\n')
    print('wrote', os.path.relpath(OUT, REPO), os.path.getsize(OUT), 'bytes')


if __name__ == '__main__':
    main()
