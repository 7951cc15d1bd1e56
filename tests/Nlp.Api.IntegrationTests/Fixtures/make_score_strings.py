#!/usr/bin/python3
"""Writes score_strings.json: float32 values (as float.hex()) and CPython's str(round(float(x), 2)) of each.

Run with Debian's python3 + numpy: /usr/bin/python3 make_score_strings.py > score_strings.json
"""
import json

import numpy as np

rng = np.random.default_rng(1)
values = [0.0, 1.0, 0.93, 0.125, 0.375, 0.625, 0.875, 0.005, 0.015, 0.025, 0.135, 0.145, 0.995, 0.994999,
          0.9999, 0.00001, 0.5, 0.05, 0.055, 0.965, 0.97, 0.1, 0.9, -0.125, -0.3, 12.345, 1234.5678, 1e15,
          1e16, 3e20, -1e17]
values += list(rng.random(30))
print(json.dumps([[float(np.float32(v)).hex(), str(round(float(np.float32(v)), 2))] for v in values]))
