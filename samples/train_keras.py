#!/usr/bin/env python3
"""Train the small-talk topic model with real Keras / TensorFlow and save a model folder NlpInference serves.

NOT RUN IN THIS REPOSITORY'S BUILD: it needs TensorFlow or Keras, which the build machines do not have.
The bundled models/keras_small_talk_model/ was produced by make_demo_model.py (numpy only, same data, same
architecture, same file layout). Use this script when you have Keras and want to train your own model:

    pip install tensorflow keras-preprocessing scikit-learn      # or Keras 2.2.4 + keras-preprocessing
    python samples/train_keras.py --out models/my_small_talk_model

Then copy the folder under the service's models root; it is served as modelIdentifier "my_small_talk_model".
The folder holds what the original service's samples saved: tokenizer pickle, label-encoder pickle,
architecture text (model.to_yaml(), or model.to_json() where to_yaml() is gone: JSON is valid YAML) and the
weights written by model.save_weights().
"""
import argparse
import csv
import os
import pickle

import numpy as np
from sklearn.preprocessing import LabelEncoder

try:
    from tensorflow import keras  # tf.keras (TensorFlow 2.x)
except ImportError:
    import keras  # standalone Keras (2.2.4 was the original's)

try:
    from keras_preprocessing.text import Tokenizer  # the class the original service pickled
except ImportError:
    Tokenizer = keras.preprocessing.text.Tokenizer  # Keras 2 / tf.keras <= 2.15

HERE = os.path.dirname(os.path.abspath(__file__))
NUM_WORDS = 1000
PROBES = ['hello there, good morning', 'hey, good evening', 'cheers, that helped a lot',
          'get me a supervisor now', 'see you tomorrow']


def main():
    parser = argparse.ArgumentParser(description='Train the small-talk model with Keras.')
    parser.add_argument('--data', default=os.path.join(HERE, 'smalltalk_intents.csv'))
    parser.add_argument('--out', default=os.path.join(HERE, '..', 'models', 'keras_small_talk_model_keras'))
    parser.add_argument('--epochs', type=int, default=22)
    args = parser.parse_args()

    with open(args.data, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    texts = [r['text'] for r in rows]
    labels = [r['label'] for r in rows]

    tokenizer = Tokenizer(num_words=NUM_WORDS)
    tokenizer.fit_on_texts(texts)
    x = tokenizer.texts_to_matrix(texts, mode='count')  # the service vectorises the same way (default mode)

    encoder = LabelEncoder()
    y_index = encoder.fit_transform(labels)
    y = keras.utils.to_categorical(y_index, num_classes=len(encoder.classes_))

    model = keras.models.Sequential()
    model.add(keras.layers.Dense(1000, activation='relu', input_shape=(NUM_WORDS,)))
    model.add(keras.layers.Dropout(0.2))
    model.add(keras.layers.Dense(1024, activation='relu'))
    model.add(keras.layers.Dropout(0.2))
    model.add(keras.layers.Dense(len(encoder.classes_), activation='sigmoid'))
    try:
        optimizer = keras.optimizers.Adam(learning_rate=0.0001)
    except TypeError:
        optimizer = keras.optimizers.Adam(lr=0.0001)  # Keras <= 2.2
    model.compile(loss='binary_crossentropy', optimizer=optimizer, metrics=['accuracy'])
    model.fit(x, y, batch_size=32, epochs=args.epochs, shuffle=True, verbose=2)

    os.makedirs(args.out, exist_ok=True)
    try:
        architecture = model.to_yaml()
    except (AttributeError, RuntimeError, NotImplementedError):  # removed in TF 2.6+ and Keras 3
        architecture = model.to_json()
    with open(os.path.join(args.out, 'model.yaml'), 'w', encoding='utf-8') as f:
        f.write(architecture)
    keras_major = int(str(getattr(keras, '__version__', '2')).split('.')[0])
    # Keras 3 insists on the ".weights.h5" suffix; NlpInference reads both layouts.
    weights_file = 'keras_smalltalk.weights.h5' if keras_major >= 3 else 'keras_smalltalk_weights.h5'
    model.save_weights(os.path.join(args.out, weights_file))
    with open(os.path.join(args.out, 'keras_smalltalk_tokenizer.pkl'), 'wb') as f:
        pickle.dump(tokenizer, f, protocol=3)
    with open(os.path.join(args.out, 'keras_smalltalk_encoder.pkl'), 'wb') as f:
        pickle.dump(encoder, f, protocol=3)

    scores = model.predict(tokenizer.texts_to_matrix(PROBES, mode='count'))
    for text, row in zip(PROBES, scores):
        best = int(np.argmax(row))
        print(f'{text!r:32} -> {encoder.classes_[best]} {round(float(row[best]), 2)}')
    print('wrote', os.path.abspath(args.out))


if __name__ == '__main__':
    main()
