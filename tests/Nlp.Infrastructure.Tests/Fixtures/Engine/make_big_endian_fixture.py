#!/usr/bin/env python3
"""seq_dense.big_endian.h5: seq_dense.weights.h5 with every weight stored as big-endian float32 ('>f4'), the same
groups and attributes. h5py keeps the byte order it is given, so the values are the same numbers in the other byte
order; a reader that took the bytes as little-endian would get different weights (Hdf5ContiguousFloatsTests).

    /usr/bin/python3 tests/Nlp.Infrastructure.Tests/Fixtures/Engine/make_big_endian_fixture.py
"""
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def copy(source, target):
    for key, value in source.attrs.items():
        target.attrs[key] = value
    for name, item in source.items():
        if isinstance(item, h5py.Group):
            copy(item, target.create_group(name))
        else:
            target.create_dataset(name, data=np.asarray(item[()], dtype='>f4'))


with h5py.File(os.path.join(HERE, 'seq_dense.weights.h5'), 'r') as source, \
        h5py.File(os.path.join(HERE, 'seq_dense.big_endian.h5'), 'w') as target:
    copy(source, target)
