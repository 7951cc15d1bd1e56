using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.Tests.Pickle;

/// <summary>Damaged copies of every fixture pickle: each either loads or fails with a <see cref="ModelFormatException"/>.</summary>
public sealed class PickleFuzzTests
{
    public static TheoryData<string> Files =>
    [
        .. PickleFixtures.Manifest("tokenizers.json").Select(entry => entry!["file"]!.GetValue<string>()),
        .. PickleFixtures.Manifest("labels.json").Select(entry => entry!["file"]!.GetValue<string>()),
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Damaged_files_fail_only_with_model_format_errors(string file)
    {
        var original = PickleFixtures.Read(file);
        var random = new Random(file.Length * 7919);
        var unexpected = new List<string>();

        for (var attempt = 0; attempt < 300; attempt++)
        {
            var damaged = Damage(original, random, attempt);
            foreach (var read in Readers)
            {
                try
                {
                    read(damaged);
                }
                catch (ModelFormatException ex) when (ex.FileName == "damaged.pkl")
                {
                }
                catch (Exception ex)
                {
                    unexpected.Add($"attempt {attempt}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        Assert.Empty(unexpected);
    }

    private static readonly Action<byte[]>[] Readers =
    [
        bytes => KerasTokenizer.Load(bytes, "damaged.pkl"),
        bytes => LabelFileReader.ReadLabelEncoder(bytes, "damaged.pkl"),
        bytes => LabelFileReader.ReadLabelList(bytes, "damaged.pkl"),
    ];

    private static byte[] Damage(byte[] original, Random random, int attempt)
    {
        if (attempt % 3 == 0)
        {
            return original[..random.Next(original.Length)];
        }

        var copy = (byte[])original.Clone();
        for (var flips = 1 + random.Next(4); flips > 0; flips--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }
}
