using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Tests.Inference;
using PureHDF;

namespace Nlp.Infrastructure.Tests.Hdf5;

/// <summary>
/// The direct read of contiguous float32 weights: with this PureHDF it finds every weight Keras writes and reads the
/// same values as PureHDF, bit for bit; it leaves to PureHDF (returns null) what it must not read itself: chunked
/// (compressed) data, storage never written, values that would end past the file; it reads from any seekable stream
/// and leaves the stream where it was; and big-endian weights (which PureHDF 2.2 refuses) load as the same numbers.
/// </summary>
public sealed class Hdf5ContiguousFloatsTests
{
    public static TheoryData<string> KerasFiles() =>
    [
        "seq_dense.weights.h5", "seq_dense.full.h5", "seq_k3.legacy.h5", "seq_k3.weights.h5",
        "func_k3.legacy.h5", "func_k3.weights.h5", "many_layers.h5", "seq_long.h5",
    ];

    [Fact]
    public void This_PureHDF_exposes_what_the_direct_read_needs()
    {
        // An update of PureHDF that renames one of its internal members turns the direct read off (every load then
        // takes the slower path): this test is how that is noticed.
        Assert.True(Hdf5ContiguousFloats.Supported);
    }

    [Theory]
    [MemberData(nameof(KerasFiles))]
    public void Every_float32_weight_Keras_writes_is_read_directly_with_PureHDFs_values(string name)
    {
        using var stream = File.OpenRead(EngineFixtures.Path(name));
        using var file = H5File.Open(stream, leaveOpen: true);
        var direct = new Hdf5ContiguousFloats(stream, 0);
        var seen = 0;
        foreach (var dataset in Float32Datasets(file))
        {
            var expected = dataset.Read<float[]>();
            var actual = direct.TryRead(dataset, expected.Length);

            Assert.NotNull(actual);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            seen++;
        }

        Assert.True(seen > 0, $"{name}: no float32 weight");
    }

    [Theory]
    [InlineData("seq_dense.gzip.h5", null)] // chunked and compressed: every weight
    [InlineData("hostile.unwritten.h5", "kernel:0")] // storage never written (its values would be the fill value)
    public void What_is_not_stored_as_it_is_used_is_left_to_PureHDF(string name, string? only)
    {
        using var stream = File.OpenRead(EngineFixtures.Path(name));
        using var file = H5File.Open(stream, leaveOpen: true);
        var direct = new Hdf5ContiguousFloats(stream, 0);
        var datasets = Float32Datasets(file).Where(d => only is null || d.Name == only).ToList();

        Assert.NotEmpty(datasets);
        Assert.All(datasets, d => Assert.Null(direct.TryRead(d, (long)d.Space.Dimensions.Aggregate(1UL, (a, b) => a * b))));
    }

    [Fact]
    public void Big_endian_weights_read_as_the_same_numbers()
    {
        // seq_dense.big_endian.h5 (make_big_endian_fixture.py): the seq_dense weights stored as '>f4'.
        var little = EngineFixtures.Weights("seq_dense.weights.h5").Layers.SelectMany(l => l.Weights).ToList();
        var big = EngineFixtures.Weights("seq_dense.big_endian.h5").Layers.SelectMany(l => l.Weights).ToList();

        Assert.Equal(little.Select(w => w.Name), big.Select(w => w.Name));
        for (var i = 0; i < little.Count; i++)
        {
            Assert.Equal(little[i].Values, big[i].Values);
        }
    }

    [Fact]
    public void A_memory_stream_is_read_from_and_left_where_it_was()
    {
        using var stream = new MemoryStream(File.ReadAllBytes(EngineFixtures.Path("seq_k3.weights.h5")));
        using var file = H5File.Open(stream, leaveOpen: true);
        var direct = new Hdf5ContiguousFloats(stream, 0);
        var dataset = Float32Datasets(file).First();
        var expected = dataset.Read<float[]>();
        stream.Position = 123;

        var actual = direct.TryRead(dataset, expected.Length);

        Assert.Equal(expected, actual);
        Assert.Equal(123, stream.Position);
    }

    [Fact]
    public void A_dataset_that_would_end_past_the_file_is_left_to_PureHDF()
    {
        // The same bytes seen through a base address that pushes the values past the end of the stream.
        using var stream = File.OpenRead(EngineFixtures.Path("seq_dense.weights.h5"));
        using var file = H5File.Open(stream, leaveOpen: true);
        var shifted = new Hdf5ContiguousFloats(stream, stream.Length);

        Assert.All(Float32Datasets(file), d => Assert.Null(shifted.TryRead(d, d.Read<float[]>().Length)));
    }

    private static IEnumerable<IH5Dataset> Float32Datasets(IH5Group group)
    {
        foreach (var child in group.Children())
        {
            if (child is IH5Group inner)
            {
                foreach (var dataset in Float32Datasets(inner))
                {
                    yield return dataset;
                }
            }
            else if (child is IH5Dataset dataset && dataset.Type.Class == H5DataTypeClass.FloatingPoint && dataset.Type.Size == 4
                && dataset.Space.Dimensions.Aggregate(1UL, (a, b) => a * b) > 0)
            {
                yield return dataset;
            }
        }
    }
}
