#!/usr/bin/python3
"""Write seq_k3.keras: the Keras 3 model archive of the seq_k3 fixture, zipped as keras.src.saving.saving_lib
save_model() writes it (zipfile.ZipFile(path, "w"): stored entries metadata.json, config.json, model.weights.h5
in that order). config.json is seq_k3.json (model.to_json() and the archive config serialise the same
serialize_keras_object dict), model.weights.h5 is seq_k3.weights.h5. Run: /usr/bin/python3 make_keras_archive.py
"""
import json
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
# A fixed timestamp keeps the archive byte-for-byte reproducible.
STAMP = (2024, 8, 5, 15, 56, 56)


def main():
    with open(os.path.join(HERE, 'seq_k3.json'), 'rb') as f:
        config = f.read()
    with open(os.path.join(HERE, 'seq_k3.weights.h5'), 'rb') as f:
        weights = f.read()
    metadata = json.dumps({'keras_version': '3.4.1', 'date_saved': '2024-08-05@15:56:57'}).encode()
    with zipfile.ZipFile(os.path.join(HERE, 'seq_k3.keras'), 'w') as archive:
        for name, data in (('metadata.json', metadata), ('config.json', config), ('model.weights.h5', weights)):
            archive.writestr(zipfile.ZipInfo(name, STAMP), data)
    print('wrote seq_k3.keras')


if __name__ == '__main__':
    main()
