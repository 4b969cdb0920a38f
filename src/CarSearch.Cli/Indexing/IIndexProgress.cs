namespace CarSearch.Cli.Indexing;

/// <summary>Shows how an index run is getting on while it runs.</summary>
public interface IIndexProgress
{
    /// <summary>
    /// Runs <paramref name="work"/>, which reports each finished file through the callback it is given, while showing
    /// progress through <paramref name="total"/> files.
    /// </summary>
    Task<T> ShowAsync<T>(int total, Func<Action<IndexOutcome>, Task<T>> work);
}
