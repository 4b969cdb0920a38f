namespace CarSearch.Cli.Indexing;

/// <summary>What one <c>carsearch index</c> did: every file's outcome, and whether it stopped early.</summary>
/// <param name="Outcomes">Every file dealt with, rejections found from the paths first, then in the order they finished.</param>
/// <param name="Ignored">Files in folders passed over because their names are not image names.</param>
/// <param name="NotAttempted">Files never dealt with because the run stopped.</param>
/// <param name="StorageUnavailable">Why the run stopped early when storage stopped answering; null otherwise.</param>
/// <param name="Interrupted">The user stopped it (Ctrl+C).</param>
public sealed record IndexRun(
    IReadOnlyList<IndexOutcome> Outcomes,
    int Ignored,
    int NotAttempted,
    string? StorageUnavailable,
    bool Interrupted,
    TimeSpan Elapsed)
{
    public int Count(IndexOutcomeKind kind) => Outcomes.Count(outcome => outcome.Kind == kind);

    /// <summary>Everything asked for is in the container: nothing rejected, failed or left undone.</summary>
    public bool Complete => NotAttempted == 0 && StorageUnavailable is null && !Interrupted && !Outcomes.Any(outcome => outcome.IsProblem);
}
