using CarSearch.Core.Storage;
using CarSearch.Storage;

namespace CarSearch.Cli.Infrastructure;

/// <summary>
/// What a <c>carsearch</c> user should do about a storage failure, by its kind: the CLI's one mapping, used by serve's
/// start and by <c>index</c>. What happened is <see cref="StorageFailure.Describe"/>'s (CarSearch.Storage's) words;
/// the remedy names this host's options.
/// </summary>
internal static class StorageAdvice
{
    /// <summary>One line: what happened to <paramref name="target"/>, then what to do.</summary>
    /// <param name="target">The storage as the message names it, e.g. "the image storage at http://127.0.0.1:10000/devstoreaccount1".</param>
    /// <param name="endpoint">The account's endpoint, never with a key or SAS token: says whether Azurite is the one to start.</param>
    public static string For(StorageFailure failure, string target, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return $"{failure.Describe(target)} {Remedy(failure.Kind, endpoint)}";
    }

    /// <summary>What to do about a failure of <paramref name="kind"/> on the storage at <paramref name="endpoint"/>.</summary>
    public static string Remedy(StorageFailureKind kind, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return kind switch
        {
            StorageFailureKind.Unreachable when endpoint.IsLoopback =>
                "Is Azurite running? ('carsearch up' starts it; or pass --storage.)",
            StorageFailureKind.Unreachable =>
                "Check the endpoint in --storage (or ImagesStorage) and this machine's network.",
            StorageFailureKind.SignInFailed =>
                "Sign in with 'az login', or pass a connection string with --storage.",
            StorageFailureKind.Refused =>
                "Check the key or SAS token in --storage (or ImagesStorage), or give the signed-in identity the role.",
            StorageFailureKind.NotFound =>
                "Check the account in --storage (or ImagesStorage) and the container name.",
            _ => "Try again; if it persists, check the storage account's health.",
        };
    }
}
