using System.Text;

namespace CarSearch.Storage;

/// <summary>
/// Blob metadata travels as HTTP headers: names must be C# identifiers (Azure compares them case-insensitively)
/// and values ASCII. We store any text by percent-encoding, on upload, every UTF-8 byte of a character outside
/// printable ASCII, every <c>%</c>, and spaces at either end (HTTP would trim them); reading decodes <c>%XX</c>.
/// Plain ASCII values are stored as they are, so metadata set by other tools (portal, az CLI) reads unchanged
/// unless it happens to contain <c>%</c> followed by two hex digits.
/// </summary>
public static class BlobMetadataCodec
{
    private const string HexDigits = "0123456789ABCDEF";

    /// <summary>Encodes every value for upload; throws when a name is not usable as blob metadata.</summary>
    /// <exception cref="ArgumentException">A name is not an ASCII identifier, or two names differ only in case.</exception>
    public static Dictionary<string, string> Encode(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var encoded = new Dictionary<string, string>(metadata.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in metadata)
        {
            if (!IsValidName(name))
            {
                throw new ArgumentException(
                    $"'{name}' cannot be a blob metadata name: use letters, digits and underscores, not starting with a digit (e.g. 'make', 'body_type').",
                    nameof(metadata));
            }

            if (!encoded.TryAdd(name, EncodeValue(value ?? "")))
            {
                throw new ArgumentException(
                    $"Metadata names '{name}' and '{encoded.Keys.First(key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase))}' " +
                    "differ only in case; blob storage treats them as one.",
                    nameof(metadata));
            }
        }

        return encoded;
    }

    /// <summary>Decodes metadata as read from a blob, into a case-insensitive dictionary (as Azure compares names).</summary>
    public static Dictionary<string, string> Decode(IEnumerable<KeyValuePair<string, string>>? metadata)
    {
        var decoded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (metadata is not null)
        {
            foreach (var (name, value) in metadata)
            {
                decoded[name] = DecodeValue(value);
            }
        }

        return decoded;
    }

    /// <summary>An ASCII identifier: a letter or underscore, then letters, digits and underscores.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    public static string EncodeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var lastInner = value.TrimEnd(' ').Length;
        var firstInner = value.Length - value.TrimStart(' ').Length;
        StringBuilder? encoded = null;
        Span<byte> utf8 = stackalloc byte[4];
        var index = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            var keep = rune.Value is >= 0x20 and <= 0x7E && rune.Value != '%' &&
                !(rune.Value == ' ' && (index < firstInner || index >= lastInner));
            if (!keep)
            {
                encoded ??= new StringBuilder(value, 0, index, value.Length * 3);
                var length = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..length])
                {
                    encoded.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
                }
            }
            else
            {
                encoded?.Append((char)rune.Value);
            }

            index += rune.Utf16SequenceLength;
        }

        return encoded?.ToString() ?? value;
    }

    /// <summary>Decodes <c>%XX</c> sequences (UTF-8); anything else, including a stray <c>%</c>, stays as it is.</summary>
    public static string DecodeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(value) : value;
    }
}
