namespace CarSearch.Cli.Infrastructure;

/// <summary>Reads a <c>KEY=VALUE</c> option value (<c>--metadata make=Tesla</c>, <c>--filter colour=red</c>).</summary>
public static class KeyValueArgument
{
    /// <summary>
    /// Splits at the first <c>=</c>, so a value may itself hold <c>=</c>; the key is trimmed, the value kept as given.
    /// </summary>
    /// <exception cref="CommandLineUsageException">There is no <c>=</c>, or the key or the value is empty.</exception>
    public static KeyValuePair<string, string> Parse(string option, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        if (separator < 0)
        {
            throw new CommandLineUsageException($"{option} '{text}' is not KEY=VALUE, e.g. {option} make=Tesla.");
        }

        var key = text[..separator].Trim();
        var value = text[(separator + 1)..];
        if (key.Length == 0)
        {
            throw new CommandLineUsageException($"{option} '{text}' has no key before '=', e.g. {option} make=Tesla.");
        }

        if (value.Length == 0)
        {
            throw new CommandLineUsageException($"{option} '{text}' has no value after '=', e.g. {option} {key}=Tesla.");
        }

        return new KeyValuePair<string, string>(key, value);
    }

    /// <summary>
    /// Parses every value into one dictionary with case-insensitive keys, as blob metadata and the API's filters
    /// compare them; a key given twice is a usage error (with the same value it is harmless and kept once).
    /// </summary>
    public static Dictionary<string, string> ParseAll(string option, IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var text in texts)
        {
            var (key, value) = Parse(option, text);
            if (pairs.TryGetValue(key, out var earlier) && earlier != value)
            {
                throw new CommandLineUsageException($"{option} gives '{key}' twice, as '{earlier}' and as '{value}'; give it once.");
            }

            pairs[key] = value;
        }

        return pairs;
    }
}
