using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.Tests.Pickle;

/// <summary>Label encoders and label lists written by scikit-learn, numpy, joblib and json (see the fixture script).</summary>
public sealed class LabelFileReaderTests
{
    public static TheoryData<string> LabelFiles => PickleFixtures.Column("labels.json", "file");

    [Theory]
    [MemberData(nameof(LabelFiles))]
    public void Reads_the_labels_Python_wrote(string file)
    {
        var entry = PickleFixtures.Entry("labels.json", "file", file);
        var expected = entry["expected"]!.AsArray().Select(label => label!.GetValue<string>()).ToArray();
        var bytes = PickleFixtures.Read(file);

        var labels = entry["reader"]!.GetValue<string>() == "encoder"
            ? LabelFileReader.ReadLabelEncoder(bytes, file)
            : LabelFileReader.ReadLabelList(bytes, file);

        Assert.Equal(expected, labels);
    }

    [Fact]
    public void A_label_encoder_is_not_read_as_a_label_list_and_vice_versa()
    {
        var encoder = PickleFixtures.Read("labels/encoder_object_p4.pkl");
        var list = PickleFixtures.Read("labels/list_p4.pkl");

        var asList = Assert.Throws<Common.ModelFormatException>(() => LabelFileReader.ReadLabelList(encoder, "classes.pkl"));
        var asEncoder = Assert.Throws<Common.ModelFormatException>(() => LabelFileReader.ReadLabelEncoder(list, "encoder.pkl"));

        Assert.Contains("LabelEncoder", asList.Message, StringComparison.Ordinal);
        Assert.Equal("classes.pkl", asList.FileName);
        Assert.Contains("found list", asEncoder.Message, StringComparison.Ordinal);
        Assert.Equal("encoder.pkl", asEncoder.FileName);
    }

    [Fact]
    public void A_json_label_list_with_a_non_string_is_refused_naming_the_position()
    {
        var error = Assert.Throws<Common.ModelFormatException>(
            () => LabelFileReader.ReadLabelList("[\"a\", {\"b\": 1}]"u8.ToArray(), "labels.json"));

        Assert.Equal("labels.json", error.FileName);
        Assert.Contains("label 1", error.Message, StringComparison.Ordinal);
    }
}
