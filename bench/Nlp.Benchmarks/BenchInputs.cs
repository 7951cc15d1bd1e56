using System.Globalization;
using System.Runtime.InteropServices;

namespace Nlp.Benchmarks;

/// <summary>
/// The inputs every peer uses (raw little-endian arrays written by make_bench_models.py: the real tokenizer's count
/// matrix and padded id sequences of the same sample texts) and the numpy peer's outputs for them.
/// </summary>
internal static class BenchInputs
{
    public const int DenseWidth = 1000;
    public const int Steps = 50;
    public const int Labels = 6;
    public const int Rows = 256;

    public static float[] DenseCounts(int batch) => Floats("seed_dense_counts_256x1000.f32", batch * DenseWidth);

    public static float[] DenseExpected(int batch) => Floats("seed_dense_outputs_256x6.f32", batch * Labels);

    public static long[] LstmIds(int batch) => Longs("embed_lstm_ids_256x50.i64", batch * Steps);

    public static float[] LstmExpected(int batch) => Floats("embed_lstm_outputs_256x6.f32", batch * Labels);

    /// <summary>One text that fills the 50 steps (no padding): every step of the recurrence is a real token.</summary>
    public static long[] LstmFullIds() => Longs("embed_lstm_full_ids_1x50.i64", Steps);

    public static float[] LstmFullExpected() => Floats("embed_lstm_full_outputs_1x6.f32", Labels);

    /// <summary>Throws when <paramref name="actual"/> differs from the numpy peer by more than <paramref name="tolerance"/>.</summary>
    public static void Check(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, float tolerance, string what)
    {
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(actual[i] - expected[i]);
            worst = float.IsNaN(difference) ? float.PositiveInfinity : Math.Max(worst, difference);
        }

        if (!(worst <= tolerance))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: outputs differ from the numpy peer by {worst:G3} (tolerance {tolerance:G3})."));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {what}: max |difference to numpy| = {worst:G3}"));
    }

    private static float[] Floats(string file, int count) => MemoryMarshal.Cast<byte, float>(Bytes(file, count * sizeof(float))).ToArray();

    private static long[] Longs(string file, int count) => MemoryMarshal.Cast<byte, long>(Bytes(file, count * sizeof(long))).ToArray();

    private static ReadOnlySpan<byte> Bytes(string file, int length)
    {
        var bytes = File.ReadAllBytes(BenchPaths.Input(file));
        return bytes.Length >= length
            ? bytes.AsSpan(0, length)
            : throw new InvalidDataException($"{file} has {bytes.Length} bytes, fewer than {length}.");
    }
}
