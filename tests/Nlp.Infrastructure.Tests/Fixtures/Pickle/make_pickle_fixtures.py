#!/usr/bin/python3
"""Writes the pickle fixtures of Nlp.Infrastructure.Tests (run with Debian's /usr/bin/python3).

Everything here is produced by the real classes: keras_preprocessing 1.1 ``Tokenizer`` (the semantics Keras 2.x
and Keras 3's ``keras.src.legacy.preprocessing.text`` share), scikit-learn's ``LabelEncoder``, numpy's and
joblib's own picklers. Expected vectors are ``texts_to_matrix`` / ``texts_to_sequences`` of the same objects.

Module paths we cannot install here (``keras.preprocessing.text``, ``keras.src.legacy.preprocessing.text``,
``tensorflow.keras...``, ``sklearn.preprocessing.label``, numpy 2's ``numpy._core.*``) are emulated by
*regenerating* the pickle with the real pickler while the class (or function) is registered under that module
name (``module_alias`` / ``NumpyAliasPickler`` below): the pickler then writes exactly the GLOBAL /
STACK_GLOBAL (with correct frames and memo) that the real package would, instead of patching bytes.
Old (2018, Keras 2.1) tokenizers are emulated by deleting ``oov_token``/``index_word`` and turning
``word_docs`` into a plain dict after the expected vectors were computed.

Hostile files are written as raw bytes (never loaded) or by pickling harmless objects of unknown classes.

Usage: /usr/bin/python3 make_pickle_fixtures.py   (writes next to this script)
"""
import contextlib
import io
import json
import os
import pickle
import sys
import types
import unicodedata
import warnings
from collections import OrderedDict

if os.environ.get("PYTHONHASHSEED") != "0":
    # fit_on_texts iterates set(seq): a fixed hash seed makes the pickles byte-for-byte reproducible.
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})

import joblib
import numpy as np
import numpy.core.multiarray
import numpy.core.numeric
from keras_preprocessing import text as kp_text
from keras_preprocessing.text import Tokenizer
from sklearn.preprocessing import LabelBinarizer, LabelEncoder

HERE = os.path.dirname(os.path.abspath(__file__))
MODES = ["binary", "count", "tfidf", "freq"]

CORPUS = [
    "Hello world! Hello again, world.",
    "The cat sat on the mat.",
    "the dog chased the cat; the cat ran up a tree",
    "Good morning, how are you today?",
    "I'm fine, thanks - and you?",
    "It's a beautiful day in the neighbourhood",
    "Don't panic: it's only a test.",
    "café CAFÉ Café au lait",
    "İstanbul was Constantinople",
    "ΟΔΟΣ ΟΔΟΣ οδός: Greek words with ΣΑΣ",
    "Emoji time 😀 😀 party 🎉",
    "numbers 123 4567 and 123 again",
    "tab\tseparated\tvalues\nand a newline",
    "comma,separated,values,here",
    "dash--separated--words--too",
    "UPPER CASE SHOUTING",
    "MiXeD cAsE wOrDs",
    "repeated repeated repeated repeated words",
    "email me at someone@example.com",
    "URL https://example.org/path?q=1&x=2",
    "Straße STRASSE strasse ß",
    "naïve coöperation résumé",
    "ǅemal titlecase letter",
    "bird, dog; cat: mouse",
    "the quick brown fox jumps over the lazy dog",
    "a b c d e f g",
    "hello hello world",
    "weather is nice today",
    "what is your name",
    "tell me a joke please",
    "goodbye and good night",
    "thank you very much",
    "see you later alligator",
    "in a while crocodile",
    "x-ray y_axis z/axis",
    "quotes 'single' and \"double\"",
    "brackets [square] {curly} (round) <angle>",
    "zero 0 one 1 two 2",
    "oov OOV <OOV>",
    "last text of the corpus",
]

PROBES = [
    "hello world",
    "Hello, World!",
    "the cat sat on the mat",
    "THE CAT",
    "unseen zebra words",
    "",
    "   ",
    "!!!",
    "?!.,;:",
    "cat cat cat cat",
    "dog,cat;bird",
    "tab\tseparated\nnewline",
    "café CAFÉ cafe",
    "İstanbul",
    "ΟΔΟΣ ΟΔΟΣ. ΣΑΣ",
    "emoji 😀 party 🎉",
    "numbers 123 4567 123",
    "it's don't I'm",
    "a-b_c/d",
    "MiXeD Case mixed case",
    "  leading and trailing  ",
    "multiple   spaces   here",
    "repeated repeated repeated words words",
    "<OOV> oov",
    "the",
    "comma,separated,values",
    "dash--separated--words",
    "with\u00a0nbsp",
    "Straße STRASSE",
    "ǅemal",
    "the quick brown fox jumps over the lazy dog again and again",
    "zebra giraffe hello",
]


@contextlib.contextmanager
def module_alias(obj, module_name):
    """Registers obj (class or function) under module_name so that pickle writes that GLOBAL."""
    saved_module = obj.__module__
    created = []
    parts = module_name.split(".")
    for i in range(1, len(parts) + 1):
        name = ".".join(parts[:i])
        if name not in sys.modules:
            sys.modules[name] = types.ModuleType(name)
            created.append(name)
    setattr(sys.modules[module_name], obj.__name__, obj)
    obj.__module__ = module_name
    try:
        yield
    finally:
        obj.__module__ = saved_module
        for name in created:
            del sys.modules[name]


def numpy2_function(name, real, module):
    """A stand-in for numpy 2's numpy._core.<module>.<name>, registered so pickle can name it."""
    def stand_in(*args):
        return real(*args)
    stand_in.__name__ = stand_in.__qualname__ = name
    for mod in ["numpy._core", module]:
        sys.modules.setdefault(mod, types.ModuleType(mod))
    setattr(sys.modules[module], name, stand_in)
    stand_in.__module__ = module
    return stand_in


NUMPY2 = {
    numpy.core.multiarray._reconstruct:
        numpy2_function("_reconstruct", numpy.core.multiarray._reconstruct, "numpy._core.multiarray"),
    numpy.core.numeric._frombuffer:
        numpy2_function("_frombuffer", numpy.core.numeric._frombuffer, "numpy._core.numeric"),
}


class NumpyAliasPickler(pickle.Pickler):
    """Pickles numpy arrays exactly as numpy 1.24 does, but naming numpy 2's numpy._core functions."""

    def __init__(self, file, protocol):
        super().__init__(file, protocol=protocol)
        self.protocol_version = protocol

    def reducer_override(self, obj):
        if type(obj) is np.ndarray:
            reduced = obj.__reduce_ex__(self.protocol_version)
            return (NUMPY2[reduced[0]],) + tuple(reduced[1:])
        return NotImplemented


def dumps(obj, protocol, numpy2=False):
    buffer = io.BytesIO()
    (NumpyAliasPickler if numpy2 else pickle.Pickler)(buffer, protocol=protocol).dump(obj)
    return buffer.getvalue()


def write(relative, data):
    path = os.path.join(HERE, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb" if isinstance(data, bytes) else "w", **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as f:
        f.write(data)


def sparse(row):
    return [[int(j), float(row[j])] for j in np.nonzero(row)[0]]


def expectations(tok):
    probes = []
    for text in PROBES:
        entry = {"text": text, "sequence": [int(i) for i in tok.texts_to_sequences([text])[0]]}
        for mode in MODES:
            entry[mode] = sparse(tok.texts_to_matrix([text], mode=mode)[0])
        probes.append(entry)
    width = tok.num_words if tok.num_words else len(tok.word_index) + 1
    # The largest id texts_to_sequences gives for any word of the vocabulary (each word fed back through the tokenizer).
    largest = max([0] + [i for seq in tok.texts_to_sequences(list(tok.word_index)) for i in seq])
    return {
        "num_words": tok.num_words,
        "oov_token": tok.oov_token,
        "char_level": tok.char_level,
        "lower": tok.lower,
        "document_count": tok.document_count,
        "word_index_size": len(tok.word_index),
        "matrix_width": width,
        "largest_id": largest,
        "probes": probes,
    }


def fitted(**kwargs):
    tok = Tokenizer(**kwargs)
    tok.fit_on_texts(CORPUS)
    return tok


def make_tokenizers():
    manifest = []

    def add(name, tok, protocol, module=None, how="pickle", prepare=None):
        expected = expectations(tok)
        if prepare:
            prepare(tok)
        file = f"tokenizers/{name}.{'joblib' if how == 'joblib' else 'pkl'}"
        with module_alias(Tokenizer, module) if module else contextlib.nullcontext():
            if how == "joblib":
                buffer = io.BytesIO()
                joblib.dump(tok, buffer, protocol=protocol)
                data = buffer.getvalue()
            else:
                data = dumps(tok, protocol)
        write(file, data)
        write(f"tokenizers/{name}.expected.json", json.dumps(expected, ensure_ascii=False, indent=1))
        manifest.append({"name": name, "file": file, "expected": f"tokenizers/{name}.expected.json",
                         "module": module or "keras_preprocessing.text", "protocol": protocol, "how": how})

    def old_2018(tok):
        del tok.oov_token
        del tok.index_word
        tok.word_docs = dict(tok.word_docs)

    def keras3_attributes(tok):
        tok.analyzer = None

    def string_index_docs(tok):
        tok.index_docs = {str(k): v for k, v in tok.index_docs.items()}

    add("default", fitted(), 3)
    add("num_words_20", fitted(num_words=20), 4)
    add("oov", fitted(oov_token="<OOV>"), 4)
    add("oov_num_words_15", fitted(num_words=15, oov_token="<OOV>"), 5)
    add("char_level", fitted(char_level=True), 4)
    add("char_level_oov_num_words", fitted(char_level=True, num_words=25, oov_token="~"), 2)
    add("no_lower", fitted(lower=False), 4)
    add("filters_space", fitted(filters="!?.", split=" "), 4)
    add("filters_comma", fitted(filters="!?.\t\n", split=","), 4)
    add("split_multichar", fitted(filters="!?", split="--"), 4)
    add("protocol0", fitted(num_words=30), 0)
    add("protocol1", fitted(oov_token="<OOV>"), 1)
    add("keras_2018_old_attributes", fitted(num_words=25), 2, module="keras.preprocessing.text", prepare=old_2018)
    add("keras3_legacy", fitted(num_words=40, oov_token="<OOV>"), 5,
        module="keras.src.legacy.preprocessing.text", prepare=keras3_attributes)
    add("keras215_joblib", fitted(num_words=50, oov_token="OOV"), 4,
        module="keras.src.preprocessing.text", how="joblib", prepare=keras3_attributes)
    add("tf_keras", fitted(), 3, module="tensorflow.keras.preprocessing.text")
    # index_docs with str keys (an old tokenizer_from_json left them): Keras's int look-up never matches them.
    string_keys = fitted()
    string_index_docs(string_keys)
    add("string_index_docs", string_keys, 4)
    write("tokenizers.json", json.dumps(manifest, indent=1))


LABELS = ["action > greeting", "action > goodbye", "café", "zebra", "Ärger", "😀 emoji", "b", "a"]


def make_label_files():
    manifest = []

    def add(name, data, reader, expected, note):
        file = f"labels/{name}"
        write(file, data)
        manifest.append({"file": file, "reader": reader, "expected": [str(x) for x in expected], "note": note})

    def encoder(values):
        return LabelEncoder().fit(values)

    obj = encoder(np.array(LABELS, dtype=object))
    uni = encoder(LABELS)
    assert obj.classes_.dtype == object and uni.classes_.dtype.kind == "U"
    for protocol in [0, 1, 2, 3, 4, 5]:
        add(f"encoder_object_p{protocol}.pkl", dumps(obj, protocol), "encoder", obj.classes_, "object dtype")
    for protocol in [2, 3, 4, 5]:
        add(f"encoder_unicode_p{protocol}.pkl", dumps(uni, protocol), "encoder", uni.classes_, "<U dtype")
    ints = encoder([3, 1, 2, 10, -5, 1])
    assert ints.classes_.dtype == np.int64
    add("encoder_int64_p3.pkl", dumps(ints, 3), "encoder", ints.classes_, "int64 classes")
    add("encoder_int64_p5.pkl", dumps(ints, 5), "encoder", ints.classes_, "int64 classes, _frombuffer")
    int32 = encoder(np.array([7, 0, 205, 3], dtype=np.int32))
    assert int32.classes_.dtype == np.int32
    add("encoder_int32_p4.pkl", dumps(int32, 4), "encoder", int32.classes_, "int32 classes")
    floats = encoder([0.5, 1.0, 2.5, 1e-05, 1e16, 123456.789])
    add("encoder_float64_p4.pkl", dumps(floats, 4), "encoder", floats.classes_, "float64 classes, str(x)")
    big_endian = encoder(np.array(["b", "a", "ç"], dtype=">U3"))
    assert big_endian.classes_.dtype.byteorder == ">"
    add("encoder_unicode_bigendian_p4.pkl", dumps(big_endian, 4), "encoder", big_endian.classes_, ">U dtype")
    add("encoder_numpy2_unicode_p4.pkl", dumps(uni, 4, numpy2=True), "encoder", uni.classes_,
        "numpy._core.multiarray._reconstruct")
    add("encoder_numpy2_object_p4.pkl", dumps(obj, 4, numpy2=True), "encoder", obj.classes_,
        "numpy._core.multiarray._reconstruct, object dtype")
    add("encoder_numpy2_frombuffer_p5.pkl", dumps(uni, 5, numpy2=True), "encoder", uni.classes_,
        "numpy._core.numeric._frombuffer")
    with module_alias(LabelEncoder, "sklearn.preprocessing.label"):
        add("encoder_old_sklearn_path_p3.pkl", dumps(obj, 3), "encoder", obj.classes_,
            "sklearn.preprocessing.label.LabelEncoder (old sklearn, like the seed)")
    for name, enc in [("object", obj), ("unicode", uni), ("int64", ints)]:
        buffer = io.BytesIO()
        joblib.dump(enc, buffer, protocol=4)
        add(f"encoder_joblib_{name}.joblib", buffer.getvalue(), "encoder", enc.classes_,
            "joblib.dump: NumpyArrayWrapper + array bytes after the pickle opcodes")

    names = ["greeting", "goodbye", "thanks", "café", "😀"]
    add("list_p4.pkl", dumps(names, 4), "list", names, "pickled list of str")
    add("tuple_p2.pkl", dumps(tuple(names), 2), "list", names, "pickled tuple of str")
    add("list_ints_p3.pkl", dumps([2, 0, 1], 3), "list", [2, 0, 1], "pickled list of int")
    add("list_array_p4.pkl", dumps(np.array(names), 4), "list", names, "pickled numpy <U array")
    add("list.json", json.dumps(names, ensure_ascii=False).encode("utf-8"), "list", names, "JSON array")
    add("list_spaced.json", ("  \n" + json.dumps(names, indent=2)).encode("utf-8"), "list", names,
        "JSON array with leading whitespace and escapes")
    write("labels.json", json.dumps(manifest, ensure_ascii=False, indent=1))


class Unknown:
    """A harmless class of a module that is not allow-listed (pickled, never loaded)."""


def make_hostile_files():
    manifest = []

    def add(name, data, reader, contains, note):
        write(f"hostile/{name}", data)
        manifest.append({"file": f"hostile/{name}", "reader": reader, "contains": contains, "note": note})

    add("os_system.pkl", b"\x80\x02cos\nsystem\nX\x04\x00\x00\x00echo\x85R.", "tokenizer", ["os.system", "not allowed"],
        "GLOBAL os.system + REDUCE (hand-written bytes)")
    add("posix_system_p0.pkl", b"cposix\nsystem\n(S'echo'\ntR.", "encoder", ["posix.system", "not allowed"],
        "protocol 0 GLOBAL posix.system")
    add("builtins_eval_stack_global.pkl",
        b"\x80\x04\x8c\x08builtins\x94\x8c\x04eval\x94\x93\x8c\x031+1\x94\x85\x94R\x94.", "list",
        ["builtins.eval", "not allowed"], "protocol 4 STACK_GLOBAL builtins.eval")
    add("unknown_class.pkl", dumps(Unknown(), 2), "tokenizer", ["__main__.Unknown", "not allowed"],
        "an object of a class outside the allow-list")
    add("label_binarizer.pkl", dumps(LabelBinarizer().fit(["a", "b", "c"]), 4), "encoder",
        ["sklearn.preprocessing._label.LabelBinarizer", "not allowed"], "a scikit-learn class that is not LabelEncoder")
    with_function = fitted()
    with_function.analyzer = kp_text.text_to_word_sequence
    add("tokenizer_with_function.pkl", dumps(with_function, 4), "tokenizer",
        ["keras_preprocessing.text.text_to_word_sequence", "not allowed"], "a Tokenizer holding a function")
    add("int_called.pkl", b"\x80\x02cbuiltins\nint\nX\x02\x00\x00\x0042\x85R.", "list", ["builtins.int", "may not be called"],
        "builtins.int called instead of used as a defaultdict factory")
    list_factory = b"\x80\x02ccollections\ndefaultdict\ncbuiltins\nlist\n\x85R."
    add("defaultdict_list.pkl", list_factory, "list", ["builtins.list", "not allowed"], "defaultdict(list)")
    add("reconstructor_other.pkl", b"ccopy_reg\n_reconstructor\n(ccollections\nOrderedDict\nc__builtin__\nobject\nNtR.",
        "list", ["copyreg._reconstructor"], "copyreg._reconstructor on a class that is not an allowed object class")
    default_bytes = dumps(fitted(), 3)
    add("truncated.pkl", default_bytes[: len(default_bytes) // 2], "tokenizer", ["truncated"], "first half of a tokenizer")
    add("huge_length.pkl", b"\x80\x04X\xf0\xff\xff\xffabc", "list", ["truncated"], "BINUNICODE claiming 4 GiB")
    add("not_a_pickle.txt", b"hello, this is not a pickle\n", "tokenizer", ["not a pickle", "0x68"], "plain text")
    add("empty.pkl", b"", "encoder", ["empty"], "empty file")
    add("tokenizer.json.pkl", fitted().to_json().encode("utf-8"), "tokenizer", ["not a pickle"], "Tokenizer.to_json()")
    add("protocol6.pkl", b"\x80\x06N.", "list", ["protocol 6"], "a future protocol")
    buffer = io.BytesIO()
    joblib.dump(LabelEncoder().fit(["a", "b"]), buffer, compress=3)
    add("compressed.joblib", buffer.getvalue(), "encoder", ["zlib-compressed"], "joblib.dump(..., compress=3)")
    add("dict_as_tokenizer.pkl", dumps({"word_index": {"a": 1}}, 4), "tokenizer", ["expected a pickled Keras Tokenizer", "dict"],
        "a plain dict where a Tokenizer is expected")
    add("tokenizer_as_encoder.pkl", default_bytes, "encoder", ["expected a pickled scikit-learn LabelEncoder"],
        "a Tokenizer where a LabelEncoder is expected")
    add("unfitted_encoder.pkl", dumps(LabelEncoder(), 4), "encoder", ["never fitted"], "LabelEncoder() without fit")
    add("dict_as_list.pkl", dumps({"a": 1}, 4), "list", ["expected a pickled list of labels", "dict"], "a dict")
    add("nested_list_labels.pkl", dumps([["a"], ["b"]], 4), "list", ["label 0", "list"], "labels that are lists")
    write("hostile.json", json.dumps(manifest, indent=1))


def make_lowercase():
    lower = {}
    unassigned = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if unicodedata.category(c) == "Cn":
            if unassigned and unassigned[-1][1] == cp - 1:
                unassigned[-1][1] = cp
            else:
                unassigned.append([cp, cp])
        if c.lower() != c:
            lower[str(cp)] = c.lower()
    strings = ["ΟΔΟΣ", "ΟΔΟΣ ΟΔΟΣ.", "Σ", "ΑΣ'", "ΑΣ'Α", "ΑΣ\u0301", "ΣΑΣ ΣΑΣ", "aΣb", "AΣ.B", "İstanbul",
               "Iİı", "ǅ ǈ ǋ", "ΑΣ😀", "x\u00aaΣ", "\u2160Σ", "ΑΣ\u00ad"]
    write("lowercase.json", json.dumps({
        "python": sys.version.split()[0],
        "unidata_version": unicodedata.unidata_version,
        "lower": lower,
        "unassigned": unassigned,
        "strings": [[s, s.lower()] for s in strings],
    }, ensure_ascii=True))


def canonical(value):
    """The unpickled value as JSON the C# test rebuilds from its own result (types kept apart)."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return None if value is None else bool(value)
    if isinstance(value, (int, np.integer)):
        return {"int": str(int(value))}
    if isinstance(value, np.floating):
        return {"float": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": bytes(value).hex()}
    if isinstance(value, list):
        return {"list": [canonical(v) for v in value]}
    if isinstance(value, tuple):
        return {"tuple": [canonical(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": [[canonical(k), canonical(v)] for k, v in value.items()]}
    raise TypeError(type(value))


def make_values():
    shared = [1]
    values = {
        "ints": [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31, 2**63 - 1, -2**63, 2**64, -2**100, 10**30],
        "floats": [0.0, -0.0, 1.5, 0.1, 1e-300, 1e300, float("inf"), float("-inf"), 123456.789, 1e16, 1e-5],
        "strings": ["", "ascii", "quote ' \" backslash \\ newline \n tab \t", "café 😀 İ", "\x00\x1a\r\u2028"],
        "bytes": [b"", b"\x00\xff raw \n bytes"],
        "containers": [[1, [2, 3], (4, 5)], {"a": 1, "b": [1, 2]}, (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
        "shared": [shared, shared, {"x": shared}],
        "ordered_dict": OrderedDict([("z", 1), ("a", 2)]),
        "defaultdict": __import__("collections").defaultdict(int, {"k": 3, 5: 7}),
        "big_list": list(range(1100)),  # more than one APPENDS / SETITEMS batch (1000)
        "big_dict": {f"w{i}": i for i in range(1100)},
        "numpy_scalars": [np.int64(-5), np.int32(7), np.uint8(200), np.float64(0.1), np.float32(0.1), np.bool_(True),
                          np.str_("ünï")],
        "bools_none": [True, False, None],
    }
    cases = []
    for name, value in values.items():
        for protocol in ([1, 2, 4] if name.startswith("big_") else range(6)):
            data = dumps(value, protocol)
            cases.append({"name": f"{name}_p{protocol}", "hex": data.hex(),
                          "expected": canonical(pickle.loads(data, encoding="latin1"))})
    cases.append({"name": "bytearray_p5", "hex": dumps(bytearray(b"xy\x00"), 5).hex(),
                  "expected": canonical(pickle.loads(dumps(bytearray(b"xy\x00"), 5)))})
    # Protocol 0 as Python 2 wrote it: STRING with escapes, INT bools, LONG, FLOAT text, py2 str as latin1.
    for name, raw in [
        ("py2_string_escapes", b"S'a\\'b\\x41\\n\\\\ \\101\\t\\q'\np0\n."),
        ("py2_double_quoted", b'S"it\'s"\np0\n.'),
        ("py2_latin1_bytes", b"S'caf\\xe9'\np0\n."),
        ("py2_int_bools", b"(I01\nI00\nI-42\nL123456789012345678901234567890L\nF1.25\nF-inf\ntp0\n."),
        ("py2_unicode_escape", b"Vcaf\\u00e9 \\U0001f600 back\\\\slash\np0\n."),
        ("memo_text_get", b"(lp0\nI7\na(lp1\ng0\na."),
        ("pop_mark", b"(I1\nI2\n1I3\n."),
        ("pop_empty_mark", b"I5\n(0."),
    ]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # '\\q' is kept as is, as CPython does
            cases.append({"name": name, "hex": raw.hex(), "expected": canonical(pickle.loads(raw, encoding="latin1"))})
    write("values.json", json.dumps(cases, ensure_ascii=True, indent=0))


if __name__ == "__main__":
    make_values()
    make_tokenizers()
    make_label_files()
    make_hostile_files()
    make_lowercase()
    print("fixtures written to", HERE)
