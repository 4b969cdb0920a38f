namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>A well-formed file the fuzzer starts from, named as a failure message should name it.</summary>
public sealed record FuzzInput(string Name, byte[] Bytes)
{
    public override string ToString() => Name;
}
