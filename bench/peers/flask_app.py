"""The Flask peer: the seed's Python service without TensorFlow (bench/peers/run_flask.sh starts it).

Like the original (pegasystems/nlp-model-containers, deep-learning-nlp-container/website/app.py): Flask, the real
unpickled Keras Tokenizer and sklearn LabelEncoder, texts split on ';', tokenizer.texts_to_matrix(mode='count'),
label = encoder.classes_[argmax], score = str(round(score, 2)), answered with jsonify(text=..., topic={...}).
Unlike the original it does not rebuild the network per request: the model folder is loaded once per worker at
start (FLASK_PEER_MODEL), the forward pass is numpy (bench/peers/keras_numpy.py), and it logs nothing per request.
It is a deliberately strong peer: the fastest honest form of the original stack.
"""
import os

import numpy as np
from flask import Flask, jsonify, request

import keras_numpy

MODEL_FOLDER = os.environ["FLASK_PEER_MODEL"]
MODEL_NAME = os.path.basename(os.path.normpath(MODEL_FOLDER))
MODEL = keras_numpy.load_model(MODEL_FOLDER)
LABELS = MODEL.encoder.classes_

app = Flask(__name__)


def predict(data):
    testdata = data["text"]
    model_name = data["modelIdentifier"]
    if model_name != MODEL_NAME:
        raise KeyError(model_name)
    rows = str(testdata).split(";")
    prediction = MODEL.forward(MODEL.vectorize(rows))
    best = np.argmax(prediction)
    label = LABELS[best]
    score = prediction[0][best]
    return testdata, label, str(round(score, 2))


@app.post("/noauth/predict")
def noauth_predict():
    try:
        testdata, label, score = predict(request.get_json())
    except KeyError as e:
        return jsonify(message=e.__doc__, status="Error Accessing Keys", statusCode="500"), 500
    except Exception as e:  # noqa: BLE001  (the original answered every other failure with 400)
        return jsonify(message=e.__doc__, status="Unknown Error", statusCode="400"), 400
    return jsonify(text=testdata, topic={"name": label, "score": score})
