namespace CarSearch.Core.Embeddings.Images;

/// <summary>A yes-or-no question about a file's bytes that reads structure only and decodes nothing.</summary>
internal delegate bool ImageBytesCheck(ReadOnlySpan<byte> data);
