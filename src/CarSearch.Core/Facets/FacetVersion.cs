using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace CarSearch.Core.Facets;

/// <summary>
/// Names what produced an image's facets: a short hash of the model id and every set's name, prompt and labels in
/// order. A document made under another version (or none, indexed before facets) is recomputed by a re-index.
/// </summary>
public static class FacetVersion
{
    /// <summary>16 hex digits of XxHash64: short enough to store with every document, far too wide to collide by chance.</summary>
    public static string Of(string modelId, FacetOptions options)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        ArgumentNullException.ThrowIfNull(options);

        // Unit separators between fields, so "a,b" + "c" and "a" + "b,c" cannot hash alike.
        var text = new StringBuilder(modelId);
        foreach (var set in FacetSet.All)
        {
            var settings = set.Settings(options);
            text.Append('\u001e').Append(set.Name).Append('\u001f').Append(settings.Prompt);
            foreach (var label in settings.LabelList())
            {
                text.Append('\u001f').Append(label);
            }
        }

        return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text.ToString())).ToString("x16", CultureInfo.InvariantCulture);
    }
}
