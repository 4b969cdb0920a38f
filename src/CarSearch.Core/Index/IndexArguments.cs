namespace CarSearch.Core.Index;

/// <summary>
/// The argument checks every <see cref="IVectorIndex"/> makes the same way, so both implementations reject the
/// same documents and queries with the same exceptions.
/// </summary>
public static class IndexArguments
{
    /// <summary>Rejects a document the index could not store or score: no id or name, or a bad embedding.</summary>
    public static void ThrowIfInvalid(ImageDocument document, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrEmpty(document.Id, nameof(document));
        ArgumentException.ThrowIfNullOrEmpty(document.Name, nameof(document));
        ArgumentNullException.ThrowIfNull(document.Metadata, nameof(document));
        ThrowIfInvalidVector(document.Embedding, dimensions, nameof(document));
    }

    /// <summary>
    /// Rejects a query with k outside 1..<see cref="VectorQuery.MaxTop"/>, a bad vector, more than
    /// <see cref="VectorQuery.MaxExcludedIds"/> excluded ids or an empty one, or a cut-off that is not a finite number.
    /// </summary>
    public static void ThrowIfInvalid(VectorQuery query, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Top, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Top, VectorQuery.MaxTop, nameof(query));
        ThrowIfInvalidVector(query.Vector, dimensions, nameof(query));
        if (query.ExcludeIds is { } excluded
            && (excluded.Count > VectorQuery.MaxExcludedIds || excluded.Any(string.IsNullOrEmpty)))
        {
            throw new ArgumentException(
                $"A query may leave out at most {VectorQuery.MaxExcludedIds} documents, each by a non-empty id.", nameof(query));
        }

        if (query.MinScore is { } min && !double.IsFinite(min))
        {
            throw new ArgumentException("The minimum score must be a finite number.", nameof(query));
        }
    }

    /// <summary>Rejects a listing of more than <see cref="VectorQuery.MaxTop"/> groups, or one naming an empty id.</summary>
    public static void ThrowIfInvalid(IReadOnlyCollection<string> representativeIds)
    {
        ArgumentNullException.ThrowIfNull(representativeIds);
        if (representativeIds.Count > VectorQuery.MaxTop || representativeIds.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException(
                $"A listing may name at most {VectorQuery.MaxTop} groups, each by a non-empty id.", nameof(representativeIds));
        }
    }

    /// <summary>
    /// A vector of the wrong length, with NaN or infinity, or of length zero has no cosine with anything; storing one
    /// would poison every later search, so it is refused at the door.
    /// </summary>
    private static void ThrowIfInvalidVector(float[]? vector, int dimensions, string parameterName)
    {
        if (vector is null)
        {
            throw new ArgumentNullException(parameterName, "The vector is missing.");
        }

        if (vector.Length != dimensions)
        {
            throw new ArgumentException(
                $"The vector has {vector.Length} dimensions; the index holds {dimensions}.", parameterName);
        }

        double squares = 0;
        foreach (var value in vector)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException("The vector contains NaN or infinity.", parameterName);
            }

            squares += (double)value * value;
        }

        if (squares == 0)
        {
            throw new ArgumentException("The vector is all zeros and has no direction.", parameterName);
        }
    }
}
