using CarSearch.Core.Index;

namespace CarSearch.Core.Tests.Index;

/// <summary>Ids made from blob names are recognised as ids; strings no blob name could give are not.</summary>
public sealed class DocumentIdTests
{
    public static TheoryData<string> BlobNames() =>
    [
        "red-car.jpg",
        "cars/2024/red car.jpg",
        "東京の車.png",
        "..",
        ".",
        "a/b\\c?d#e%f",
        new string('x', DocumentId.MaxPlainLength),
        new string('x', DocumentId.MaxPlainLength + 1),
        string.Concat(Enumerable.Repeat("voiture-électrique/", 40)),
    ];

    [Theory]
    [MemberData(nameof(BlobNames))]
    public void EveryIdMadeFromANameIsWellFormed(string blobName)
    {
        var id = DocumentId.FromName(blobName);

        Assert.True(DocumentId.IsWellFormed(id), id);
        Assert.True(id.Length <= DocumentId.MaxLength);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a%2Fb")]
    [InlineData("車")]
    public void StringsNoNameGivesAreNotWellFormed(string? id)
    {
        Assert.False(DocumentId.IsWellFormed(id));
    }

    [Fact]
    public void AnIdLongerThanAnyMadeIsNotWellFormed()
    {
        Assert.False(DocumentId.IsWellFormed(new string('x', DocumentId.MaxLength + 1)));
    }
}
