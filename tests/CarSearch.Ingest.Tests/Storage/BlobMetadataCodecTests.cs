using CarSearch.Storage;

namespace CarSearch.Ingest.Tests.Storage;

/// <summary>What goes on the wire: header-safe ASCII that decodes back to the text given.</summary>
public sealed class BlobMetadataCodecTests
{
    public static TheoryData<string> Values => new()
    {
        "Alfa Romeo", "Citroën", "トヨタ", "emoji 🚗", " lead", "trail ", "50%", "%41", "tab\there", "",
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void EveryValueIsPrintableAsciiWithoutEdgeSpacesAndDecodesBack(string value)
    {
        var encoded = BlobMetadataCodec.EncodeValue(value);

        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(encoded.Trim(' '), encoded);
        Assert.Equal(value, BlobMetadataCodec.DecodeValue(encoded));
    }

    [Theory]
    [InlineData("Mercedes-Benz")]
    [InlineData("1999")]
    [InlineData("dark blue (metallic)")]
    public void PlainAsciiIsStoredAsIs(string value) => Assert.Equal(value, BlobMetadataCodec.EncodeValue(value));

    [Fact]
    public void NamesDifferingOnlyInCaseAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(
            () => BlobMetadataCodec.Encode(new Dictionary<string, string>(StringComparer.Ordinal) { ["Make"] = "a", ["make"] = "b" }));

        Assert.Contains("differ only in case", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodedMetadataLooksNamesUpCaseInsensitively()
    {
        var decoded = BlobMetadataCodec.Decode(new Dictionary<string, string> { ["Colour"] = "gris%20m%C3%A9tal" });

        Assert.Equal("gris métal", decoded["colour"]);
    }
}
