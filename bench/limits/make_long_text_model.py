"""A model folder whose forward pass costs seconds on long texts, to measure Prediction:MaxComputeTime.

    /usr/bin/python3 bench/limits/make_long_text_model.py [MODELS_DIR]   (default: bench/out/limit_models)

MODELS_DIR/long_lstm: Embedding(5000, 64) on open steps (no input_length, no maxlen: one step per token of the whole
text) - LSTM(256) - Dense(6, softmax); the bench models' tokenizer and labels (bench/models/make_bench_models.py).
Random weights: the scores mean nothing, the cost is what is measured.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models"))
import make_bench_models as bench  # noqa: E402

UNITS = 256


def main():
    models_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join("bench", "out", "limit_models"))
    folder = os.path.join(models_dir, "long_lstm")
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(20240601)
    corpus = bench.sentences(rng, bench.vocabulary(rng, 7000), 4000)
    tokenizer = bench.fit_tokenizer(corpus, num_words=bench.LSTM_VOCAB)
    bench.write_pickles(folder, tokenizer)
    u, dim = UNITS, bench.LSTM_DIM
    weights = np.random.default_rng(3)
    layers = [bench.embedding_config("embedding_1", bench.LSTM_VOCAB, dim, None), bench.lstm_config("lstm_1", u),
              bench.dense_config("dense_1", 6, "softmax")]
    with open(os.path.join(folder, "model.yaml"), "w") as f:
        f.write(bench.sequential_json(layers))
    bench.save_weights(os.path.join(folder, "weights.h5"), [
        ("embedding_1", [("embedding_1/embeddings:0", weights.uniform(-0.05, 0.05, (bench.LSTM_VOCAB, dim)).astype(np.float32))]),
        ("lstm_1", [("lstm_1/kernel:0", bench.glorot_uniform(weights, dim, 4 * u)),
                    ("lstm_1/recurrent_kernel:0", np.concatenate([bench.orthogonal(weights, u, u) for _ in range(4)], axis=1)),
                    ("lstm_1/bias:0", np.zeros(4 * u, np.float32))]),
        ("dense_1", [("dense_1/kernel:0", bench.glorot_uniform(weights, u, 6)), ("dense_1/bias:0", np.zeros(6, np.float32))]),
    ])
    with open(os.path.join(folder, "serving.yaml"), "w") as f:
        f.write("# Written by bench/limits/make_long_text_model.py: open steps, every token of a text is a step.\n"
                "input:\n  mode: sequences\n")
    print(folder)


if __name__ == "__main__":
    main()
