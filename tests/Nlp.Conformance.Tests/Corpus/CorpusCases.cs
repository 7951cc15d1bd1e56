namespace Nlp.Conformance.Tests.Corpus;

/// <summary>
/// The 24 folders of <c>shared/corpus</c> and what each must do (docs/conformance.md lists the same). The serving.yaml
/// texts follow each folder's provenance.json: the original application's maxlen / padding / truncating, and labels
/// from its code where no label file was saved.
/// </summary>
internal static class CorpusCases
{
    private const string NoLabels = "serving.yaml: no labels: the folder has no *enc*.pkl label encoder and serving.yaml gives no 'labels'.";
    private const string NoTokenizer = "serving.yaml: no tokenizer: the folder has no *tok*.pkl file and serving.yaml names none.";
    private const string NotAModelConfig = "the architecture is not a Keras model config (no top-level 'class_name')";

    public static IReadOnlyList<CorpusCase> All { get; } =
    [
        new("amazon-rating-lstm-k212-checkpoint-hdf5", CorpusOutcome.Served, NoLabels)
        {
            ServingYaml = "labels: ['1', '2', '3', '4', '5']\ninput: {mode: sequences, maxlen: 200}\n",
        },
        new("bug-category-tfidf-json-noweights-negative", CorpusOutcome.Refused,
            "serving.yaml: no weights file: the folder has no *.h5, *.hdf5 or *.keras file and serving.yaml names none."),
        new("emotion-bilstm-json-weights", CorpusOutcome.Served, NoLabels)
        {
            ServingYaml = "labels: [anger, fear, joy, love, sadness, surprise]\ninput: {mode: sequences, maxlen: 62, padding: pre}\n",
        },
        new("epar-sentiment-functional-bilstm-frozen-glove", CorpusOutcome.Served, NoLabels)
        {
            ServingYaml = "labels: [Positive, Negative, Neutral]\ninput: {mode: sequences, maxlen: 100}\n",
        },
        new("fakebreaker-argument-k216-noext-h5", CorpusOutcome.Served,
            "serving.yaml: no weights file: the folder has no *.h5, *.hdf5 or *.keras file and serving.yaml names none.")
        {
            ServingYaml = "weights: trained\nlabels: [score]\ninput: {mode: sequences, maxlen: 50}\n",
        },
        new("fitness-chatbot-lstm-k3h5", CorpusOutcome.Served, "intents.json: " + NotAModelConfig)
        {
            LeaveOut = ["intents.json"],
            ServingYaml = "input: {mode: sequences, maxlen: 10}\n",
        },
        new("imdb-bilstm-onehot-hash-k231", CorpusOutcome.Engine, NoLabels) { Weights = "sentiment_model.h5" },
        new("imdb-bilstm-onehot-hash-tf23", CorpusOutcome.Engine, NoLabels) { Weights = "senti.h5" },
        new("mentor-chatbot-gap-tf212", CorpusOutcome.Served, "intents.json: " + NotAModelConfig)
        {
            LeaveOut = ["intents.json"],
            ServingYaml = "input: {mode: sequences, maxlen: 20, truncating: post}\n",
        },
        new("phishing-url-charlevel-bilstm-k3h5", CorpusOutcome.Served, NoLabels)
        {
            ServingYaml = "labels: [phishing]\ninput: {mode: sequences, maxlen: 150, padding: post, truncating: post}\n",
        },
        new("shipping-status-cnn-k215-joblib", CorpusOutcome.Served, NoLabels)
        {
            ServingYaml = "tokenizer: tokenizer.joblib\nencoder: encoder.joblib\ninput: {mode: sequences, padding: post}\n",
        },
        new("shipping-status-transformer-weights-negative", CorpusOutcome.Refused,
            "transformer_weights.h5: no architecture: the folder has no *.yaml, *.yml or *.json file and the weights file holds no model_config."),
        new("shop-chatbot-bow-keras3-json-weightsh5", CorpusOutcome.Engine,
            "serving.yaml: several architecture files (intent.json, model_architecture.json): name the one to use in serving.yaml.")
        {
            Architecture = "model_architecture.json",
            Weights = "model.weights.h5",
            Prepared = [("architecture: model_architecture.json\nlabels: classes.pkl\n", NoTokenizer)],
        },
        new("sqli-charlevel-custom-attention-negative", CorpusOutcome.Refused,
            "serving.yaml: several weights files (attention_lstm_model.h5, attention_lstm_model.keras): name the one to use in serving.yaml.")
        {
            Prepared =
            [
                ("weights: attention_lstm_model.keras\nlabels: [injection]\n",
                    "attention_lstm_model.keras: layer 'attention' has class 'AttentionLayer', which is not supported"),
                ("weights: attention_lstm_model.h5\nlabels: [injection]\n",
                    "attention_lstm_model.h5: layer 'attention' has class 'AttentionLayer', which is not supported"),
            ],
        },
        new("sqli-charlevel-functional-lstm-k3h5", CorpusOutcome.Served, NoLabels)
        {
            ServingYaml = "labels: [injection]\ninput: {mode: sequences, maxlen: 200, padding: post}\n",
        },
        new("student-response-gru-nonembedding-k38", CorpusOutcome.Engine, NoTokenizer) { Weights = "gru_model.h5" },
        new("student-response-simplernn-nonembedding-k38", CorpusOutcome.Engine, NoTokenizer) { Weights = "rnn_model.h5" },
        new("synthetic-rnn-yaml-cudnnlstm-nontext", CorpusOutcome.Engine, NoLabels) { Architecture = "model.yaml", Weights = "model.h5" },
        new("toy-sentiment-gru-k214-activation", CorpusOutcome.Engine, NoLabels) { Weights = "sentiment_model.h5" },
        new("umich-sentiment-k212-bilstm-json-weights", CorpusOutcome.Engine, NoLabels)
        {
            Architecture = "bidirectional_lstm_softmax_architecture.json",
            Weights = "bidirectional_lstm_softmax_weights.h5",
        },
        new("umich-sentiment-k212-cnn-json-weights", CorpusOutcome.Engine, NoLabels)
        {
            Architecture = "wordvec_cnn_architecture.json",
            Weights = "wordvec_cnn_weights.h5",
        },
        new("umich-sentiment-k212-cnnlstm-json-weights", CorpusOutcome.Engine, NoLabels)
        {
            Architecture = "wordvec_cnn_lstm_architecture.json",
            Weights = "wordvec_cnn_lstm_weights.h5",
        },
        new("university-chatbot-gap-keras3zip", CorpusOutcome.Engine,
            "label_encoder.pickle: 37 labels, but the network's output has 408 values.")
        {
            Weights = "chat_model.keras",
            ServingYaml = "input: {mode: sequences, maxlen: 20, truncating: post}\n",
            Prepared = [("input: {mode: sequences, maxlen: 20, truncating: post}\n",
                "label_encoder.pickle: 37 labels, but the network's output has 408 values.")],
        },
        new("vietnamese-chatbot-conv1d-lstm", CorpusOutcome.Served,
            "tokenizer.pickle: texts_to_matrix gives 2000 columns but the network expects input [20].")
        {
            ServingYaml = "input: {mode: sequences, maxlen: 20, truncating: post}\n",
        },
    ];

    public static CorpusCase Get(string folder) => All.Single(c => c.Folder == folder);

    public static TheoryData<string> Of(CorpusOutcome outcome) => [.. All.Where(c => c.Outcome == outcome).Select(c => c.Folder)];

    public static TheoryData<string> Folders() => [.. All.Select(c => c.Folder)];
}
