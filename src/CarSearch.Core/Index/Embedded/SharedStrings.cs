using System.Collections.Concurrent;

namespace CarSearch.Core.Index.Embedded;

/// <summary>
/// One instance for each distinct value of the fields that repeat across documents (format, model id, metadata keys
/// and values, facet version) while a snapshot loads: at a million documents each such field is otherwise a million
/// copies, tens of megabytes and a million objects for the collector to move. Thread-safe. Holds at most
/// <paramref name="capacity"/> distinct values, so a field unique to each document costs one lookup, not a second copy
/// of every value.
/// </summary>
internal sealed class SharedStrings(int capacity = SharedStrings.DefaultCapacity)
{
    public const int DefaultCapacity = 1 << 16;

    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>The instance kept for <paramref name="value"/>'s text: the first one seen, or this one when the pool is full.</summary>
    public string Share(string value)
    {
        if (_values.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (Volatile.Read(ref _count) >= capacity)
        {
            return value;
        }

        shared = _values.GetOrAdd(value, value);
        if (ReferenceEquals(shared, value))
        {
            Interlocked.Increment(ref _count);
        }

        return shared;
    }
}
