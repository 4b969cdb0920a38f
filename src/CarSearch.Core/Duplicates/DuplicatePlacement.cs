namespace CarSearch.Core.Duplicates;

/// <summary>
/// Where <see cref="DuplicateGrouping.PlaceAsync"/> put an image: its <see cref="DuplicateOf"/>, to be written with its
/// document. Dispose it once the document is written (or failed to be): until then the grouping compares later
/// images with this one too, so two copies ingested at once still find each other.
/// </summary>
public sealed class DuplicatePlacement : IDisposable
{
    private readonly Action _release;
    private bool _released;

    internal DuplicatePlacement(string? duplicateOf, Action release)
    {
        DuplicateOf = duplicateOf;
        _release = release;
    }

    /// <summary>The representative of the group the image joined; null when it is no one's duplicate.</summary>
    public string? DuplicateOf { get; }

    public void Dispose()
    {
        if (!_released)
        {
            _released = true;
            _release();
        }
    }
}
