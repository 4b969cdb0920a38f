using System.Globalization;
using CarSearch.Cli.Infrastructure;
using CarSearch.Storage;

namespace CarSearch.Cli.Indexing;

/// <summary><c>--metadata KEY=VALUE</c>, checked against what blob metadata can hold before anything is uploaded.</summary>
public static class MetadataArguments
{
    public const string Option = "--metadata";

    /// <summary>Blob storage's limit on all of a blob's metadata names and values together.</summary>
    public const int MaxTotalBytes = 8 * 1024;

    /// <exception cref="CommandLineUsageException">A pair is malformed, a name is unusable, or the total is too large.</exception>
    public static Dictionary<string, string> Parse(IEnumerable<string> values)
    {
        var metadata = KeyValueArgument.ParseAll(Option, values);
        foreach (var key in metadata.Keys)
        {
            if (!BlobMetadataCodec.IsValidName(key))
            {
                throw new CommandLineUsageException(
                    $"{Option} name '{key}' cannot be blob metadata: use letters, digits and underscores, not starting with a digit (e.g. make, body_type).");
            }
        }

        // Values are sent percent-encoded (non-ASCII takes up to 12 characters), so the limit applies to that form.
        var total = BlobMetadataCodec.Encode(metadata).Sum(pair => pair.Key.Length + pair.Value.Length);
        return total <= MaxTotalBytes
            ? metadata
            : throw new CommandLineUsageException(string.Create(CultureInfo.InvariantCulture,
                $"{Option} comes to {total:N0} bytes as blob metadata; blob storage allows {MaxTotalBytes:N0}."));
    }
}
