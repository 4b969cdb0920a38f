namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// The rows a search scans. Implemented by structs and used as a generic constraint, so the JIT specialises
/// the scan loops for each and a row lookup is not a virtual call.
/// </summary>
internal interface IRowSet
{
    int Count { get; }

    int RowAt(int index);
}

/// <summary>Every row of the index, in order.</summary>
internal readonly struct AllRows(int count) : IRowSet
{
    public int Count => count;

    public int RowAt(int index) => index;
}

/// <summary>The rows a filter left, ascending so the scan walks memory forward.</summary>
internal readonly struct ListedRows(int[] rows) : IRowSet
{
    public int Count => rows.Length;

    public int RowAt(int index) => rows[index];
}
