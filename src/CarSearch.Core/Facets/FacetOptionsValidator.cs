using CarSearch.Core.Search;
using Microsoft.Extensions.Options;

namespace CarSearch.Core.Facets;

/// <summary>Rejects, at start, label sets the classifier cannot work with, naming the setting to fix.</summary>
public sealed class FacetOptionsValidator : IValidateOptions<FacetOptions>
{
    /// <summary>Most labels one set may have: every one is a prompt the text tower runs once per model.</summary>
    public const int MaxLabels = 64;

    /// <summary>Longest label: a label is a word or two put into a prompt.</summary>
    public const int MaxLabelLength = 100;

    public ValidateOptionsResult Validate(string? name, FacetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = FacetSet.All.SelectMany(set => Problems(set, set.Settings(options))).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Problems(FacetSet set, FacetLabelSetOptions? settings)
    {
        if (settings is null)
        {
            yield return $"{set.SettingName} is missing.";
            yield break;
        }

        var prompt = $"{set.SettingName}:{nameof(FacetLabelSetOptions.Prompt)}";
        if (settings.Prompt is null || !settings.Prompt.Contains(FacetOptions.LabelPlaceholder, StringComparison.Ordinal))
        {
            yield return $"{prompt} is \"{settings.Prompt}\"; it must contain {FacetOptions.LabelPlaceholder} where the label goes.";
        }
        else if (settings.Prompt.Length > SearchService.MaxTextLength)
        {
            yield return $"{prompt} is longer than {SearchService.MaxTextLength} characters.";
        }

        var labelsSetting = $"{set.SettingName}:{nameof(FacetLabelSetOptions.Labels)}";
        var labels = (settings.Labels ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length is < 2 or > MaxLabels)
        {
            yield return
                $"{labelsSetting} has {labels.Length} labels; it needs 2 to {MaxLabels}, comma-separated (a margin needs a runner-up).";
        }

        foreach (var duplicate in labels.GroupBy(label => label, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1))
        {
            yield return $"{labelsSetting} lists \"{duplicate.Key}\" more than once.";
        }

        foreach (var tooLong in labels.Where(label => label.Length > MaxLabelLength))
        {
            yield return $"{labelsSetting}: \"{tooLong[..20]}...\" is longer than {MaxLabelLength} characters.";
        }
    }
}
