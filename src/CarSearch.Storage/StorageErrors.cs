using Azure;
using Azure.Identity;
using CarSearch.Core.Storage;

namespace CarSearch.Storage;

/// <summary>
/// The one place that tells what a failed Azure Storage call means: no answer ("cannot reach": down, wrong endpoint,
/// timed out) apart from an answer that refuses (wrong key, missing role, missing container). Every host words its
/// advice from the <see cref="StorageFailure"/> this returns, so the same failure reads the same everywhere.
/// </summary>
public static class StorageErrors
{
    /// <summary>Longest <see cref="StorageFailure.Detail"/> kept: the transport's reason, not a page of diagnostics.</summary>
    private const int MaxDetailLength = 300;

    /// <summary>
    /// <paramref name="error"/> as a <see cref="StorageUnavailableException"/> when storage did not answer, refused the
    /// sign-in or refused the request (401/403): what a caller cannot fix by asking again at once, but may later. Null
    /// for a missing blob or container, any other failure, and when <paramref name="cancellationToken"/> was cancelled
    /// (the caller gave up; storage did not fail). <paramref name="target"/> names what was asked (for the message).
    /// </summary>
    public static StorageUnavailableException? AsUnavailable(Exception error, string target, CancellationToken cancellationToken = default) =>
        !cancellationToken.IsCancellationRequested
        && error is not StorageUnavailableException
        && Classify(error) is { Kind: StorageFailureKind.Unreachable or StorageFailureKind.SignInFailed or StorageFailureKind.Refused } failure
            ? new StorageUnavailableException(failure.Describe(target), error) { Failure = failure }
            : null;

    /// <summary>
    /// The failure <paramref name="error"/> stands for; null when it is not a storage failure (a bug, a bad argument).
    /// A cancellation counts as no answer in time: call this only when the caller did not cancel.
    /// </summary>
    public static StorageFailure? Classify(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            // Already classified by an adapter below (AsUnavailable).
            StorageUnavailableException { Failure: { } known } => known,
            StorageUnavailableException { InnerException: { } inner } => Classify(inner),
            // The SDK's retry policy gives up with every try's exception; the last says most about now. A host that
            // failed to start wraps its one failure the same way.
            AggregateException { InnerExceptions.Count: > 0 } all => Classify(all.InnerExceptions[^1]),
            RequestFailedException { Status: 0 } transport => Unreachable(transport),
            RequestFailedException { Status: 401 or 403 } refused => Answered(StorageFailureKind.Refused, refused),
            RequestFailedException { Status: 404 } missing => Answered(StorageFailureKind.NotFound, missing),
            RequestFailedException other => Answered(StorageFailureKind.Failed, other),
            AuthenticationFailedException signIn => new StorageFailure(StorageFailureKind.SignInFailed, 0, null, FirstLine(signIn.Message)),
            HttpRequestException or TimeoutException => Unreachable(error),
            OperationCanceledException => new StorageFailure(StorageFailureKind.Unreachable, 0, null, "No answer in time."),
            _ => null,
        };
    }

    private static StorageFailure Unreachable(Exception transport) =>
        // The SDK puts the transport's words ("Connection refused (127.0.0.1:10000)") in its own message.
        new(StorageFailureKind.Unreachable, 0, null, FirstLine(transport.Message));

    private static StorageFailure Answered(StorageFailureKind kind, RequestFailedException answer) =>
        new(kind, answer.Status, string.IsNullOrEmpty(answer.ErrorCode) ? null : answer.ErrorCode, FirstLine(answer.Message));

    private static string FirstLine(string message)
    {
        var line = StorageSecrets.Mask(message.Split(['\r', '\n'], 2, StringSplitOptions.TrimEntries)[0]);
        return line.Length <= MaxDetailLength ? line : line[..MaxDetailLength] + "…";
    }
}
