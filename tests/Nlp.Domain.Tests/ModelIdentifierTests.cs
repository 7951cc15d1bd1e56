using Nlp.Domain;

namespace Nlp.Domain.Tests;

public sealed class ModelIdentifierTests
{
    [Theory]
    [InlineData("keras_small_talk_model")]
    [InlineData("a")]
    [InlineData("Model-1.2_b")]
    [InlineData("..a")]
    [InlineData("a..")]
    public void Accepts_plain_folder_names(string value) => Assert.Equal(value, ModelIdentifier.Parse(value).Value);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a b")]
    [InlineData("café")]
    [InlineData("a\0b")]
    [InlineData("C:")]
    public void Refuses_anything_else(string? value)
    {
        Assert.False(ModelIdentifier.IsValid(value));
        Assert.Throws<DomainException>(() => ModelIdentifier.Parse(value));
    }

    [Fact]
    public void Length_limit_is_128()
    {
        Assert.True(ModelIdentifier.IsValid(new string('a', 128)));
        Assert.False(ModelIdentifier.IsValid(new string('a', 129)));
    }
}
