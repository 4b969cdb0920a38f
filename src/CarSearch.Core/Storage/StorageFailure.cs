using System.Globalization;

namespace CarSearch.Core.Storage;

/// <summary>
/// A failed storage call, classified by the storage adapter (<c>StorageErrors.Classify</c> in CarSearch.Storage): whether storage answered at all, and if
/// it did, with what. Holds nothing secret: <see cref="Detail"/> is the transport's or the service's first line with
/// any key or signature masked.
/// </summary>
/// <param name="Kind">What went wrong, which decides the remedy.</param>
/// <param name="Status">The HTTP status storage answered with; 0 when it gave no answer.</param>
/// <param name="ErrorCode">The service's error code (<c>AuthorizationFailure</c>, <c>ContainerNotFound</c>, ...), when it sent one.</param>
/// <param name="Detail">The transport's or the service's own words, one line.</param>
public sealed record StorageFailure(StorageFailureKind Kind, int Status, string? ErrorCode, string Detail)
{
    /// <summary>
    /// One sentence saying whether <paramref name="target"/> (e.g. "the image storage at http://127.0.0.1:10000/devstoreaccount1")
    /// could be reached and, when it was, what it refused and why that usually happens. Hosts add what their user
    /// should do (the option or setting to change).
    /// </summary>
    public string Describe(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        return Kind switch
        {
            StorageFailureKind.Unreachable => $"Cannot reach {target}: {Sentence(Detail)}",
            StorageFailureKind.SignInFailed => $"Cannot sign in to {target}: {Sentence(Detail)}",
            StorageFailureKind.Refused =>
                $"Reached {target}, but it refused the request ({Answer}): the account key or SAS token is wrong or expired, " +
                "or the identity lacks a data role on the account (Storage Blob Data Contributor), or the account's firewall does not admit this machine.",
            StorageFailureKind.NotFound =>
                $"Reached {target}, but it answered {Answer}: the storage account or the container does not exist.",
            _ => $"Reached {target}, but it failed the request ({Answer}): {Sentence(Detail)}",
        };
    }

    private string Answer => ErrorCode is null
        ? Status.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Status} {ErrorCode}");

    private static string Sentence(string text) =>
        text.Length == 0 ? "no reason given." : text.EndsWith('.') ? text : text + ".";
}
