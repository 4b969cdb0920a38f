using CarSearch.Storage;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Infrastructure;

/// <summary>
/// Storage that answers and refuses: a real Azurite reached with a connection string signed by a key it does not hold,
/// which it answers with 403 AuthorizationFailure, as Azure does for a wrong or rotated key.
/// </summary>
internal static class RefusingStorage
{
    /// <summary>A well-formed account key that is not Azurite's.</summary>
    public static readonly string WrongKey = Convert.ToBase64String("not the account key of Azurite!!"u8);

    public static string ConnectionString(AzuriteServer azurite) =>
        azurite.ConnectionString.Replace(AzuriteAccount.Key, WrongKey, StringComparison.Ordinal);

    /// <summary>
    /// The one line a refusal must be: <paramref name="target"/> was reached and refused with 403, the key and the role
    /// are named, it does not claim storage cannot be reached, and it does not repeat the key.
    /// </summary>
    public static void AssertRefusalLine(string line, string target)
    {
        Assert.Contains($"Reached {target}", line, StringComparison.Ordinal);
        Assert.Contains("refused the request (403", line, StringComparison.Ordinal);
        Assert.Contains("key", line, StringComparison.Ordinal);
        Assert.Contains("role", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot reach", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Is Azurite running?", line, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, line, StringComparison.Ordinal);
    }
}
