using System.IO.Compression;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;
using Nlp.Infrastructure.Tests.Inference;

namespace Nlp.Infrastructure.Tests.Keras;

/// <summary>Keras 3 <c>.keras</c> archives: read as Keras writes them, and bounded against damaged or hostile zips.</summary>
public sealed class KerasArchiveReaderTests
{
    [Fact]
    public void An_archive_holds_config_and_weights_and_builds_the_same_network_as_its_parts()
    {
        var archive = KerasArchiveReader.Read(EngineFixtures.Path("seq_k3.keras"), "seq_k3.keras");

        Assert.Equal("seq_k3.keras", archive.FileName);
        Assert.Equal(KerasWeightsLayout.Keras3, archive.Layout);
        Assert.Equal("3.4.1", archive.KerasVersion);
        Assert.Equal(File.ReadAllText(EngineFixtures.Path("seq_k3.json")), archive.ModelConfigJson);
        var network = NetworkBuilder.Default.Build(ArchitectureReader.Parse(archive.ModelConfigJson!, "seq_k3.keras"), archive, "seq_k3.keras");
        foreach (var item in EngineFixtures.Json("func_k3.cases.json")["cases"]!.AsArray())
        {
            var output = network.Forward(EngineFixtures.Floats(item!["input"]), item["batch"]!.GetValue<int>());
            EngineFixtures.AssertClose(EngineFixtures.Floats(item["expected"]), output, 1e-5);
        }
    }

    [Fact]
    public void Deflated_entries_read_the_same_as_stored_ones()
    {
        var stored = KerasArchiveReader.Read(EngineFixtures.Path("seq_k3.keras"), "a.keras");
        var deflated = Read(ZipBytes.Create(Parts(), CompressionLevel.Optimal));

        Assert.Equal(stored.Layers.SelectMany(l => l.Weights).Select(w => w.Values), deflated.Layers.SelectMany(l => l.Weights).Select(w => w.Values));
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        var error = Assert.Throws<ModelFormatException>(() => Read(File.ReadAllBytes(EngineFixtures.Path("seq_k3.json"))));

        Assert.Equal("m.keras", error.FileName);
        Assert.Contains("not a zip archive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_archive_with_more_than_64_entries_is_refused_before_it_is_opened()
    {
        var entries = Parts().Concat(Enumerable.Range(0, 62).Select(i => ($"assets/{i}.txt", new byte[] { 1 })));

        var error = Assert.Throws<ModelFormatException>(() => Read(ZipBytes.Create(entries)));

        Assert.Equal("the archive has 65 entries; a Keras archive has 3 and at most 64 are read.", error.Message);
    }

    [Fact]
    public void An_archive_without_weights_is_refused_naming_the_missing_entry()
    {
        var error = Assert.Throws<ModelFormatException>(() => Read(ZipBytes.Create(Parts().Where(p => p.Name != "model.weights.h5"))));

        Assert.StartsWith("the archive has no 'model.weights.h5' entry", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CompressionLevel.Optimal)]
    [InlineData(CompressionLevel.NoCompression)]
    public void An_entry_holding_more_than_it_declares_is_refused_as_a_zip_bomb(CompressionLevel level)
    {
        var bomb = ZipBytes.WithDeclaredSize(ZipBytes.Create(Parts(), level), "model.weights.h5", 100);

        var error = Assert.Throws<ModelFormatException>(() => Read(bomb));

        Assert.Equal("m.keras", error.FileName);
        Assert.StartsWith("entry 'model.weights.h5' declares 100 bytes but stores ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_declaring_more_than_it_holds_is_refused()
    {
        var size = (uint)File.ReadAllBytes(EngineFixtures.Path("seq_k3.weights.h5")).Length;
        var truncated = ZipBytes.WithDeclaredSize(ZipBytes.Create(Parts(), CompressionLevel.Optimal), "model.weights.h5", size + 100);

        var error = Assert.Throws<ModelFormatException>(() => Read(truncated));

        Assert.True(error.Message.Contains($"declares {size + 100} bytes but holds only {size}", StringComparison.Ordinal)
            || error.Message.StartsWith("the archive is damaged", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void Damaged_weights_inside_name_the_entry()
    {
        var parts = Parts().Select(p => p.Name == "model.weights.h5" ? (p.Name, p.Data[..(p.Data.Length / 2)]) : p);

        var error = Assert.Throws<ModelFormatException>(() => Read(ZipBytes.Create(parts)));

        Assert.Equal("m.keras/model.weights.h5", error.FileName);
    }

    private static KerasWeightsFile Read(byte[] zip)
    {
        using var stream = new MemoryStream(zip);
        return KerasArchiveReader.Read(stream, "m.keras");
    }

    private static IEnumerable<(string Name, byte[] Data)> Parts() =>
    [
        ("metadata.json", """{"keras_version": "3.4.1", "date_saved": "2024-08-05@15:56:57"}"""u8.ToArray()),
        ("config.json", File.ReadAllBytes(EngineFixtures.Path("seq_k3.json"))),
        ("model.weights.h5", File.ReadAllBytes(EngineFixtures.Path("seq_k3.weights.h5"))),
    ];
}
