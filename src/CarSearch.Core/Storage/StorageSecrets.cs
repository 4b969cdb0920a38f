using System.Text.RegularExpressions;

namespace CarSearch.Core.Storage;

/// <summary>
/// Keeps storage secrets out of what is logged or shown. SDK messages name endpoints, not keys; a secret that slips
/// into one anyway (a connection string echoed by a parser, a SAS URL in a transport error) is not repeated.
/// </summary>
public static partial class StorageSecrets
{
    /// <summary><paramref name="text"/> with every <c>AccountKey=…</c>, <c>SharedAccessSignature=…</c>, <c>sig=…</c> value masked.</summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Secret().Replace(text, "$1=***");
    }

    /// <summary>Connection-string keys and SAS signatures: <c>AccountKey=…</c>, <c>SharedAccessSignature=…</c>, <c>sig=…</c>.</summary>
    [GeneratedRegex(@"\b(AccountKey|SharedAccessKey|SharedAccessSignature|sig|Key)=[^;&\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();
}
