using System.Text;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.Tests.Pickle;

/// <summary>Files that must be refused: foreign classes, calls, broken and non-pickle files.</summary>
public sealed class HostilePickleTests
{
    public static TheoryData<string> HostileFiles => PickleFixtures.Column("hostile.json", "file");

    public static TheoryData<string> ForeignGlobals =>
    [
        "os.system", "posix.system", "nt.system", "subprocess.Popen", "builtins.eval", "builtins.exec",
        "builtins.getattr", "builtins.__import__", "builtins.open", "builtins.list", "builtins.dict",
        "numpy.load", "numpy.testing._private.utils.runstring", "torch._utils._rebuild_tensor",
        "keras_preprocessing.text.text_to_word_sequence", "sklearn.preprocessing._label.LabelBinarizer",
        "collections.Counter", "copyreg.__newobj__", "functools.partial", "pickle.loads", "joblib.load",
    ];

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void Is_refused_with_an_error_naming_the_file_and_the_problem(string file)
    {
        var entry = PickleFixtures.Entry("hostile.json", "file", file);
        var bytes = PickleFixtures.Read(file);
        var fileName = Path.GetFileName(file);

        var error = Assert.Throws<ModelFormatException>(() => Read(entry["reader"]!.GetValue<string>(), bytes, fileName));

        Assert.Equal(fileName, error.FileName);
        foreach (var expected in entry["contains"]!.AsArray())
        {
            Assert.Contains(expected!.GetValue<string>(), error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ForeignGlobals))]
    public void Every_global_outside_the_allow_list_is_refused_by_name(string fullName)
    {
        var dot = fullName.LastIndexOf('.');
        var global = $"c{fullName[..dot]}\n{fullName[(dot + 1)..]}\n";
        byte[] pickle = [0x80, 0x02, .. Encoding.UTF8.GetBytes(global), (byte)')', (byte)'R', (byte)'.'];

        var error = Assert.Throws<ModelFormatException>(() => RestrictedUnpickler.Load(pickle, "model.pkl"));

        Assert.Contains($"class '{fullName}' is not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pickle_over_64_MiB_is_refused_before_reading()
    {
        var pickle = new byte[RestrictedUnpickler.MaxPickleBytes + 1];
        pickle[0] = 0x80;
        pickle[1] = 0x04;

        var error = Assert.Throws<ModelFormatException>(() => KerasTokenizer.Load(pickle, "tokenizer.pkl"));

        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_joblib_wrapper_inside_a_joblib_object_array_is_refused()
    {
        // Outer wrapper (dtype O, shape (1,)) followed by a nested pickle that names the wrapper again.
        var outer = Latin1(
            "\u0080\u0002cjoblib.numpy_pickle\nNumpyArrayWrapper\n)\u0081}(" +
            "X\u0005\u0000\u0000\u0000dtypecnumpy\ndtype\nX\u0002\u0000\u0000\u0000O8\u0089\u0088\u0087R" +
            "(K\u0003X\u0001\u0000\u0000\u0000|NNNJ\u00ff\u00ff\u00ff\u00ffJ\u00ff\u00ff\u00ff\u00ffK?tb" +
            "X\u0005\u0000\u0000\u0000shapeK\u0001\u0085ub");
        var nested = Latin1("\u0080\u0002cjoblib.numpy_pickle\nNumpyArrayWrapper\n)\u0081.");

        var error = Assert.Throws<ModelFormatException>(() => RestrictedUnpickler.Load([.. outer, .. nested], "encoder.joblib"));

        Assert.Contains("not allowed inside a joblib array", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static object Read(string reader, byte[] bytes, string fileName) => reader switch
    {
        "tokenizer" => KerasTokenizer.Load(bytes, fileName),
        "encoder" => LabelFileReader.ReadLabelEncoder(bytes, fileName),
        "list" => LabelFileReader.ReadLabelList(bytes, fileName),
        _ => throw new ArgumentOutOfRangeException(nameof(reader), reader, null),
    };
}
