#!/usr/bin/python3
"""Write the "new version" of a served model that the hot-reload tests swap in while the Api serves.

    /usr/bin/python3 tests/tools/make_reload_fixture.py

Needs Debian's python3 with numpy and h5py (no TensorFlow). Reads the fixture folder
tests/Nlp.Api.IntegrationTests/Fixtures/models/count_yaml_sigmoid (version 1) and writes

  tests/Nlp.Api.IntegrationTests/Fixtures/reload/weights_v2.h5
        a copy of its weights.h5 (Keras 2 save_weights() layout) whose last Dense layer (dense_2: kernel 32x3,
        bias 3) holds other values: the output columns rotated by one (each label gets another label's weights)
        plus seeded noise. Same layout, names, shapes and dtypes; only the dataset values differ, written in
        place with h5py, so the file keeps its exact structure (and its size).
  tests/Nlp.Api.IntegrationTests/Fixtures/reload/expected_v2.json
        for a few probe texts the scores of tests/tools/numpy_reference.py (the independent float32 numpy
        forward pass) of the v1 folder and of a folder holding v2, as {label: score}.

The script checks that v2 changes the best label of at least three probes and moves every probe's scores by
more than 0.05, so a test that still sees v1 after the swap cannot pass. Deterministic: the same inputs give
the same bytes.
"""
import json
import os
import shutil
import sys
import tempfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, 'tests', 'Nlp.Api.IntegrationTests', 'Fixtures')
SOURCE = os.path.join(FIXTURES, 'models', 'count_yaml_sigmoid')
OUT = os.path.join(FIXTURES, 'reload')
sys.path.insert(0, HERE)
from numpy_reference import ReferenceModel  # noqa: E402  (the independent forward pass)

SEED = 20240505
LAYER = 'dense_2'
PROBES = [
    'hi there, good morning',
    'thank you so much',
    'bye, see you later',
    'what is your name',
    'tell me a joke',
]


def write_v2(target):
    shutil.copyfile(os.path.join(SOURCE, 'weights.h5'), target)
    rng = np.random.default_rng(SEED)
    with h5py.File(target, 'r+') as h5:
        group = h5[LAYER]
        names = [n.decode('utf8') for n in group.attrs['weight_names']]
        kernel, bias = (group[n] for n in names)
        old_kernel, old_bias = kernel[()], bias[()]
        new_kernel = np.roll(old_kernel, 1, axis=1) + rng.normal(0, 0.1 * old_kernel.std(), old_kernel.shape)
        new_bias = np.roll(old_bias, 1) + rng.normal(0, 0.05, old_bias.shape)
        kernel[...] = new_kernel.astype(old_kernel.dtype)
        bias[...] = new_bias.astype(old_bias.dtype)


def main():
    os.makedirs(OUT, exist_ok=True)
    v2_path = os.path.join(OUT, 'weights_v2.h5')
    write_v2(v2_path)
    if os.path.getsize(v2_path) != os.path.getsize(os.path.join(SOURCE, 'weights.h5')):
        sys.exit('weights_v2.h5 does not have the size of the original: the layout changed')

    v1 = ReferenceModel(SOURCE).predict(PROBES)
    with tempfile.TemporaryDirectory() as folder:
        for name in os.listdir(SOURCE):
            shutil.copyfile(os.path.join(SOURCE, name), os.path.join(folder, name))
        shutil.copyfile(v2_path, os.path.join(folder, 'weights.h5'))
        v2 = ReferenceModel(folder).predict(PROBES)

    best = lambda scores: max(scores, key=scores.get)  # noqa: E731
    changed_best = sum(best(a) != best(b) for a, b in zip(v1, v2))
    smallest_move = min(max(abs(a[k] - b[k]) for k in a) for a, b in zip(v1, v2))
    if changed_best < 3 or smallest_move <= 0.05:
        sys.exit(f'v2 is too close to v1: best label changed for {changed_best} probes, smallest move {smallest_move}')

    expected = {
        'generator': 'tests/tools/make_reload_fixture.py',
        'reference': 'tests/tools/numpy_reference.py (float32 numpy forward pass over the folder files)',
        'model': 'count_yaml_sigmoid; v2 = its weights.h5 replaced by reload/weights_v2.h5',
        'probes': [{'text': t, 'v1': a, 'v2': b} for t, a, b in zip(PROBES, v1, v2)],
    }
    with open(os.path.join(OUT, 'expected_v2.json'), 'w', encoding='utf-8') as f:
        json.dump(expected, f, indent=2)
        f.write('\n')
    print(f'wrote {v2_path} and expected_v2.json: best label changed for {changed_best}/{len(PROBES)} probes, '
          f'smallest per-probe move {smallest_move:.3f}')


if __name__ == '__main__':
    main()
