namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// One query of an <see cref="ExactSearcher"/> scan: the best <paramref name="Depth"/> rows, except
/// <paramref name="ExcludedRows"/>, that rank after <paramref name="After"/> (every row when null).
/// </summary>
internal sealed record ScanRequest(float[] Vector, int Depth, int[] ExcludedRows, ContinuationKey? After);
