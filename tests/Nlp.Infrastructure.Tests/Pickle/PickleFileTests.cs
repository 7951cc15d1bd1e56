using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.Tests.Pickle;

public sealed class PickleFileTests
{
    [Fact]
    public void Reads_a_file_within_the_limit()
    {
        var path = Path.Combine(PickleFixtures.Root, "tokenizers", "default.pkl");

        Assert.Equal(File.ReadAllBytes(path), PickleFile.ReadAllBytes(path, "default.pkl"));
    }

    [Fact]
    public void Refuses_a_file_over_the_limit_without_reading_it()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var stream = File.OpenWrite(path))
            {
                stream.SetLength(RestrictedUnpickler.MaxPickleBytes + 1L);
            }

            var error = Assert.Throws<ModelFormatException>(() => PickleFile.ReadAllBytes(path, "tokenizer.pkl"));

            Assert.Equal("tokenizer.pkl", error.FileName);
            Assert.DoesNotContain(Path.GetTempPath(), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
