namespace CarSearch.Core.Storage;

/// <summary>
/// The storage could not be reached or used at all (no answer, a failed sign-in, a refusal); what was asked may work
/// later. The message says why, without secrets. Each host words it for its user: the API answers 503, the CLI one line.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>What kind of failure it was, for the advice on what to do; null when the caller could not tell.</summary>
    public StorageFailure? Failure { get; init; }
}
