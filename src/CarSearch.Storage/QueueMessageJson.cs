using System.Text;
using System.Text.Json;

namespace CarSearch.Storage;

/// <summary>The JSON body of a storage queue message, whether the host handed it over decoded or still base64.</summary>
public static class QueueMessageJson
{
    /// <summary>
    /// Parses <paramref name="message"/> as JSON, or as base64 of JSON: Event Grid writes base64, which the host
    /// decodes by default (<c>extensions.queues.messageEncoding</c>), but with <c>none</c>, or for a message written by
    /// a tool, the text may arrive either way. Throws <see cref="FormatException"/> saying what is wrong.
    /// </summary>
    public static JsonDocument Parse(string? message)
    {
        var text = message?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new FormatException("the message is empty");
        }

        try
        {
            if (text[0] is '{' or '[')
            {
                return JsonDocument.Parse(text);
            }

            var bytes = new byte[text.Length];
            return Convert.TryFromBase64String(text, bytes, out var written)
                ? JsonDocument.Parse(bytes.AsMemory(0, written))
                : throw new FormatException("the message is neither JSON nor base64");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the message is not valid JSON ({ex.Message})", ex);
        }
    }

    /// <summary>The string property <paramref name="name"/> of <paramref name="element"/>, or null.</summary>
    public static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>A short, printable excerpt of a message for the log: never the whole of a large or binary body.</summary>
    public static string Excerpt(string? message)
    {
        const int maxLength = 200;
        var text = message ?? "";
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 1);
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, maxLength)))
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return text.Length > maxLength ? builder.Append('…').ToString() : builder.ToString();
    }
}
