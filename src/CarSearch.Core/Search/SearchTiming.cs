namespace CarSearch.Core.Search;

/// <summary>
/// Where one search's time went, as hosts report it in the <c>Server-Timing</c> response header: making the query's
/// vector (<see cref="Embedding"/>: the text tower, or a photo's decode and image tower, or reading a stored image's
/// embedding; near zero for a text served from the cache) and the index's top-k query (<see cref="Index"/>, every
/// page a collapsed search reads included).
/// </summary>
public sealed record SearchTiming(TimeSpan Embedding, TimeSpan Index);
