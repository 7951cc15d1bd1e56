using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Tests.Inference;
using PureHDF;

namespace Nlp.Infrastructure.Tests.Hdf5;

/// <summary>
/// Variable-length string attributes live in HDF5 global heaps (<c>hostile_heaps()</c> in
/// <c>Fixtures/Engine/make_engine_fixtures.py</c>): a file whose names are stored so loads; a heap object or a heap
/// collection declaring more bytes than the file holds is refused before PureHDF allocates them.
/// </summary>
public sealed class Hdf5GlobalHeapTests
{
    private const long Refusal = 16 * 1024 * 1024;

    [Fact]
    public void Names_stored_as_variable_length_strings_load()
    {
        var weights = EngineFixtures.Weights("heap_strings.h5");

        var layer = Assert.Single(weights.Layers);
        Assert.Equal("dense_1", layer.Name);
        Assert.Equal([[3, 2], [2]], layer.Weights.Select(w => w.Shape));
        Assert.Equal([0f, 1, 2, 3, 4, 5], layer.Weights[0].Values);
        Assert.Equal("2.12.0", weights.KerasVersion);
    }

    [Fact]
    public void A_heap_object_larger_than_the_file_is_refused_before_the_hdf5_reader_allocates_it()
    {
        // PureHDF alone allocates the object's declared 1.9 GB (untouched pages) before it finds the file too short.
        var before = GC.GetAllocatedBytesForCurrentThread();
        using (var file = H5File.OpenRead(EngineFixtures.Path("hostile.heap_object.h5")))
        {
            Assert.ThrowsAny<Exception>(() => file.Attribute("layer_names").Read<string[]>());
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before > 1_000_000_000, "PureHDF no longer allocates the declared size: the fixture no longer shows the hazard");

        var error = AssertRefused("hostile.heap_object.h5");

        Assert.Contains("the global heap collection at offset", error.Message, StringComparison.Ordinal);
        Assert.Contains("holds an object of 1879048192 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heap_collection_larger_than_the_file_is_refused()
    {
        var error = AssertRefused("hostile.heap_collection.h5");

        Assert.Contains("declares 1099511627776 bytes, past the end of the 10512-byte file", error.Message, StringComparison.Ordinal);
    }

    private static ModelFormatException AssertRefused(string name)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ModelFormatException>(() => EngineFixtures.Weights(name));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Refusal, $"reading the refused file allocated {allocated} bytes");
        Assert.Equal(name, error.FileName);
        Assert.StartsWith($"'{name}' cannot be read as HDF5: ", error.Message, StringComparison.Ordinal);
        return error;
    }
}
