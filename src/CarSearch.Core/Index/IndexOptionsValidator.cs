using Microsoft.Extensions.Options;

namespace CarSearch.Core.Index;

/// <summary>
/// Rejects, at start, an <see cref="IndexOptions"/> no index can work with, naming the setting to fix. Each index's
/// registration adds it; an index with settings of its own adds a validator for those beside it.
/// </summary>
public sealed class IndexOptionsValidator : IValidateOptions<IndexOptions>
{
    public ValidateOptionsResult Validate(string? name, IndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Dimensions < 1
            ? ValidateOptionsResult.Fail(
                $"{IndexOptions.SectionName}:{nameof(IndexOptions.Dimensions)} is {options.Dimensions}; it must be positive (512 for CLIP ViT-B/32).")
            : ValidateOptionsResult.Success;
    }
}
