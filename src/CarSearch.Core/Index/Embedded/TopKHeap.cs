namespace CarSearch.Core.Index.Embedded;

/// <summary>A row and its score.</summary>
internal readonly record struct ScoredRow(float Score, int Row);

/// <summary>
/// Keeps the best <see cref="Capacity"/> rows offered: a min-heap whose root is the worst kept row, so a row
/// that cannot make it costs one comparison. Higher score wins; equal scores go to the lower document id (ordinal),
/// the <see cref="SearchOrder"/> pages are keyed on. Row numbers would not do: a delete moves rows, so two equal
/// scores could swap between pages. Ids are looked up only on an exact tie, so the hot path stays a float comparison.
/// </summary>
internal sealed class TopKHeap
{
    private readonly ScoredRow[] _items;
    private readonly Func<int, string> _idOf;

    /// <param name="capacity">How many rows to keep.</param>
    /// <param name="idOf">The document id of a row.</param>
    public TopKHeap(int capacity, Func<int, string> idOf)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new ScoredRow[capacity];
        _idOf = idOf;
    }

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    /// <summary>The score a row must beat to get in; negative infinity until the heap is full.</summary>
    public float Threshold => Count < _items.Length ? float.NegativeInfinity : _items[0].Score;

    public void Offer(float score, int row)
    {
        var candidate = new ScoredRow(score, row);
        if (Count < _items.Length)
        {
            _items[Count] = candidate;
            SiftUp(Count++);
        }
        else if (IsBetter(candidate, _items[0]))
        {
            _items[0] = candidate;
            SiftDown(0);
        }
    }

    public void OfferAll(TopKHeap other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            Offer(other._items[i].Score, other._items[i].Row);
        }
    }

    /// <summary>The kept rows, best first.</summary>
    public ScoredRow[] ToSortedDescending()
    {
        var result = _items.AsSpan(0, Count).ToArray();
        Array.Sort(result, (a, b) => IsBetter(a, b) ? -1 : IsBetter(b, a) ? 1 : 0);
        return result;
    }

    private bool IsBetter(ScoredRow a, ScoredRow b) =>
        a.Score > b.Score || (a.Score == b.Score && string.CompareOrdinal(_idOf(a.Row), _idOf(b.Row)) < 0);

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!IsBetter(_items[parent], _items[index]))
            {
                return;
            }

            (_items[parent], _items[index]) = (_items[index], _items[parent]);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var worst = index;
            var left = (2 * index) + 1;
            var right = left + 1;
            if (left < Count && IsBetter(_items[worst], _items[left]))
            {
                worst = left;
            }

            if (right < Count && IsBetter(_items[worst], _items[right]))
            {
                worst = right;
            }

            if (worst == index)
            {
                return;
            }

            (_items[worst], _items[index]) = (_items[index], _items[worst]);
            index = worst;
        }
    }
}
