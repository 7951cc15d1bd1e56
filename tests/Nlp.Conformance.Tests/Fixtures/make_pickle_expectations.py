#!/usr/bin/python3
"""Expected numbers for the conformance tests of the seed's and the corpus's pickles (run with /usr/bin/python3).

Reads ../shared/seed/keras_small_talk_model/*.pkl and ../shared/corpus/*/ (never copied into the repository) and
writes only numbers and hashes: word-index sizes, settings, texts_to_sequences / texts_to_matrix results computed
by the real keras_preprocessing 1.1 Tokenizer, label counts and the sha256 of the labels joined with '\\n'.

Pickles naming modules that are not installed here (keras.preprocessing.text, keras.src.*, numpy._core.*,
sklearn.preprocessing.label) are loaded with a find_class that maps them to keras_preprocessing.text /
numpy.core / sklearn.preprocessing._label: Keras 2.x, Keras 3's legacy module and keras_preprocessing share the
same Tokenizer code for texts_to_sequences / texts_to_matrix. joblib files are read with joblib.load.

Corpus example texts are referenced by their index in provenance.json (not copied); our own probe texts are
written here.

Usage: /usr/bin/python3 make_pickle_expectations.py [shared-dir]   (default: ../../../../shared from here)
"""
import hashlib
import json
import os
import pickle
import sys
import warnings

import joblib
import numpy as np
from keras_preprocessing.text import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared"))
MODES = ["binary", "count", "tfidf", "freq"]
TOKENIZER_MODULES = {"keras.preprocessing.text", "keras.src.preprocessing.text", "keras.src.legacy.preprocessing.text",
                     "keras_preprocessing.text", "tensorflow.keras.preprocessing.text"}

SEED_TEXTS = [
    "hi there, good morning",
    "Hello!",
    "how are you?",
    "what is your name",
    "bye bye, see you later",
    "thanks a lot",
    "Thank you so much!!!",
    "tell me a joke",
    "are you a robot?",
    "I am feeling sad today",
    "good night",
    "what can you do for me",
    "hi; bye",
    "",
    "zzzz qqqq unknownword",
]

CORPUS_PROBES = ["hello there", "I feel happy today", "PORT OUT", "http://example.com/login.php?id=1", "' OR 1=1 --",
                 "what is the admission process", "xin chào bạn", ""]


class MappingUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if name == "Tokenizer" and module in TOKENIZER_MODULES:
            return Tokenizer
        if module.startswith("numpy._core"):
            module = "numpy.core" + module[len("numpy._core"):]
        if module == "sklearn.preprocessing.label":
            module = "sklearn.preprocessing._label"
        return super().find_class(module, name)


def load(path):
    if path.endswith(".joblib"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return joblib.load(path)
            except ModuleNotFoundError:
                pass
    with open(path, "rb") as f, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return MappingUnpickler(f).load()


def sparse(row):
    return [[int(j), float(row[j])] for j in np.nonzero(row)[0]]


def tokenizer_entry(tok, texts, all_modes):
    if not hasattr(tok, "oov_token"):
        tok.oov_token = None  # Keras 2.0/2.1 pickles: no OOV handling, which oov_token=None reproduces
    probes = []
    for text in texts:
        entry = {"sequence": [int(i) for i in tok.texts_to_sequences([text])[0]]}
        for mode in MODES if all_modes else ["count"]:
            entry[mode] = sparse(tok.texts_to_matrix([text], mode=mode)[0])
        probes.append(entry)
    return {
        "word_index_size": len(tok.word_index),
        "num_words": tok.num_words,
        "oov_token": getattr(tok, "oov_token", None),
        "char_level": tok.char_level,
        "lower": tok.lower,
        "document_count": tok.document_count,
        "matrix_width": tok.num_words if tok.num_words else len(tok.word_index) + 1,
        "probes": probes,
    }


def labels_entry(labels):
    labels = [str(x) for x in labels]
    return {"count": len(labels), "sha256": hashlib.sha256("\n".join(labels).encode("utf-8")).hexdigest()}


def seed():
    folder = os.path.join(SHARED, "seed", "keras_small_talk_model")
    tok = load(os.path.join(folder, "keras_smalltalk_tokenizer.pkl"))
    enc = load(os.path.join(folder, "keras_smalltalk_encoder.pkl"))
    entry = tokenizer_entry(tok, SEED_TEXTS, all_modes=True)
    for probe, text in zip(entry["probes"], SEED_TEXTS):
        probe["text"] = text
    return {"tokenizer": entry, "encoder": labels_entry(enc.classes_)}


def corpus():
    entries = []
    root = os.path.join(SHARED, "corpus")
    for folder in sorted(os.listdir(root)):
        provenance_path = os.path.join(root, folder, "provenance.json")
        if not os.path.isfile(provenance_path):
            continue
        with open(provenance_path, encoding="utf-8") as f:
            provenance = json.load(f)
        examples = provenance.get("example_texts", [])
        for file in sorted(os.listdir(os.path.join(root, folder))):
            if not file.endswith((".pkl", ".pickle", ".joblib")):
                continue
            obj = load(os.path.join(root, folder, file))
            entry = {"folder": folder, "file": file}
            if isinstance(obj, Tokenizer):
                entry["kind"] = "tokenizer"
                entry.update(tokenizer_entry(obj, list(examples) + CORPUS_PROBES, all_modes=False))
                for i, probe in enumerate(entry["probes"]):
                    if i < len(examples):
                        probe["example_text"] = i
                    else:
                        probe["text"] = CORPUS_PROBES[i - len(examples)]
            elif type(obj).__name__ == "LabelEncoder":
                entry["kind"] = "encoder"
                entry.update(labels_entry(obj.classes_))
            elif isinstance(obj, (list, tuple)) and "class" in file:
                entry["kind"] = "list"
                entry.update(labels_entry(obj))
            else:
                continue
            entries.append(entry)
    return entries


if __name__ == "__main__":
    result = {"seed": seed(), "corpus": corpus()}
    with open(os.path.join(HERE, "pickle_expectations.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
    print(len(result["corpus"]), "corpus pickles;", "written to", HERE)
