using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Tests.Inference;
using PureHDF;

namespace Nlp.Infrastructure.Tests.Hdf5;

/// <summary>
/// Weights files whose datasets declare values the file does not hold (<c>hostile_storage()</c> in
/// <c>Fixtures/Engine/make_engine_fixtures.py</c>): storage never written (read as fill values: gigabytes from kilobytes),
/// a virtual dataset and HDF5 external storage (values from other files, by path), an external link. Each is refused
/// before its values are read; a compressed file of real weights still loads.
/// </summary>
public sealed class Hdf5HostileStorageTests
{
    // The absolute paths the fixtures name (EXTERNAL_STORAGE_PROBE and EXTERNAL_LINK_PROBE in the script).
    private const string ExternalStorageProbe = "/tmp/nlp-engine-fixture-external-storage.bin";
    private const string ExternalLinkProbe = "/tmp/nlp-engine-fixture-external-link.h5";
    private const string Kernel = "dense_1/dense_1/kernel:0";

    [Theory]
    [InlineData("hostile.unwritten.h5", "its values were never written")]
    [InlineData("hostile.unwritten_chunked.h5", "chunked datasets")]
    public void Values_the_file_cannot_hold_are_refused_before_they_are_allocated(string name, string reason)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ModelFormatException>(() => EngineFixtures.Weights(name));

        Assert.Equal(name, error.FileName);
        Assert.Contains("weight 'dense_1/kernel:0' of layer 'dense_1'", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 * 1024 * 1024, $"reading the refused file allocated {allocated} bytes");
    }

    [Fact]
    public void Compressed_weights_that_fit_in_eight_times_the_file_load()
    {
        var compressed = EngineFixtures.Weights("seq_dense.gzip.h5");
        var plain = EngineFixtures.Weights("seq_dense.weights.h5");

        using (var file = H5File.OpenRead(EngineFixtures.Path("seq_dense.gzip.h5")))
        {
            Assert.Equal(H5DataLayoutClass.Chunked, file.Dataset(Kernel).Layout.Class);
        }

        Assert.Equal(plain.Layers.Select(l => l.Name), compressed.Layers.Select(l => l.Name));
        for (var i = 0; i < plain.Layers.Count; i++)
        {
            Assert.Equal(plain.Layers[i].Weights.Select(w => w.Shape), compressed.Layers[i].Weights.Select(w => w.Shape));
            Assert.Equal(plain.Layers[i].Weights.Select(w => w.Values), compressed.Layers[i].Weights.Select(w => w.Values));
        }
    }

    [Fact]
    public void A_virtual_dataset_is_refused_although_the_hdf5_reader_would_resolve_it()
    {
        using (var file = H5File.OpenRead(EngineFixtures.Path("hostile.virtual.h5")))
        {
            Assert.Equal([0f, 1, 2, 3, 4, 5], file.Dataset(Kernel).Read<float[]>());
        }

        var error = Assert.Throws<ModelFormatException>(() => EngineFixtures.Weights("hostile.virtual.h5"));

        Assert.Contains("is an HDF5 virtual dataset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void External_storage_is_refused_although_the_hdf5_reader_would_read_the_other_file()
    {
        SkipWithoutTmp();
        float[] secret = [1.5f, -2f, 3.25f, 4f, -5.5f, 6f];
        File.WriteAllBytes(ExternalStorageProbe, [.. secret.SelectMany(BitConverter.GetBytes)]);
        try
        {
            using (var file = H5File.OpenRead(EngineFixtures.Path("hostile.external.h5")))
            {
                Assert.Equal(secret, file.Dataset(Kernel).Read<float[]>());
            }

            var error = Assert.Throws<ModelFormatException>(() => EngineFixtures.Weights("hostile.external.h5"));

            Assert.Contains("uses HDF5 external storage", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(ExternalStorageProbe, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(ExternalStorageProbe);
        }
    }

    [Fact]
    public void An_external_link_is_not_followed_even_to_a_readable_file()
    {
        // PureHDF 2.2 does not resolve this link (the target below is readable, the link is reported missing); pinned
        // here so that a reader that starts following links cannot bring another file's values in unnoticed.
        SkipWithoutTmp();
        new H5File { ["data"] = new H5Dataset(new float[] { 7, 8, 9, 10, 11, 12 }, fileDims: [3, 2]) }.Write(ExternalLinkProbe);
        try
        {
            using (var target = H5File.OpenRead(ExternalLinkProbe))
            {
                Assert.Equal([7f, 8, 9, 10, 11, 12], target.Dataset("data").Read<float[]>());
            }

            var error = Assert.Throws<ModelFormatException>(() => EngineFixtures.Weights("hostile.external_link.h5"));

            Assert.Contains("weight 'dense_1/kernel:0' of layer 'dense_1' is listed in weight_names but is not in the file", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(ExternalLinkProbe);
        }
    }

    private static void SkipWithoutTmp()
    {
        if (!Directory.Exists("/tmp"))
        {
            Assert.Skip("the external-file fixtures name files under /tmp, which this machine does not have");
        }
    }
}
