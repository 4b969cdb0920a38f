using CarSearch.Core.Index;

namespace CarSearch.Core.Tests.Index.Embedded;

/// <summary>Whole-document equality, field by field and the embedding bit for bit.</summary>
internal static class DocumentAssert
{
    public static void Same(ImageDocument expected, ImageDocument? actual)
    {
        Assert.NotNull(actual);
        // Records compare arrays and dictionaries by reference: compare those by content, the rest as records.
        Assert.Equal(expected, actual with { Embedding = expected.Embedding, Metadata = expected.Metadata });
        Assert.Equal(expected.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Embedding, actual.Embedding);
    }
}
