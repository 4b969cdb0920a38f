using CarSearch.Core.Facets;
using Microsoft.Extensions.Configuration;

namespace CarSearch.Core.Tests.Facets;

/// <summary>The label sets come from configuration with the issue's defaults; unusable ones stop the app naming the setting.</summary>
public sealed class FacetOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreTheIssuesLabelSetsAndPromptsAndAreValid()
    {
        var options = new FacetOptions();

        Assert.Equal(["red", "blue", "black", "white", "silver", "grey", "green", "yellow", "orange", "brown"], options.Colour.LabelList());
        Assert.Equal(["sedan", "SUV", "hatchback", "pickup truck", "van", "convertible", "coupe", "wagon"], options.Body.LabelList());
        Assert.Equal(["front", "side", "rear"], options.View.LabelList());
        Assert.Equal("a photo of a red car", options.Colour.PromptFor("red"));
        Assert.Equal("a photo of a van car", options.Body.PromptFor("van"));
        Assert.Equal("a photo of a car from the rear", options.View.PromptFor("rear"));
        Assert.True(new FacetOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void AConfiguredSetReplacesTheDefaultOneAndLeavesTheOthers()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CarSearch:Facets:View:Labels"] = "front, rear",
            ["CarSearch:Facets:Colour:Prompt"] = "a {label} vehicle",
        }).Build();
        var options = new FacetOptions();

        configuration.GetSection(FacetOptions.SectionName).Bind(options);

        Assert.Equal(["front", "rear"], options.View.LabelList());
        Assert.Equal("a {label} vehicle", options.Colour.Prompt);
        Assert.Equal(10, options.Colour.LabelList().Count);
    }

    [Theory]
    [InlineData("a photo of a car", "red, blue", "CarSearch:Facets:Colour:Prompt")]
    [InlineData("a photo of a {label} car", "red", "CarSearch:Facets:Colour:Labels has 1 labels")]
    [InlineData("a photo of a {label} car", " , ", "CarSearch:Facets:Colour:Labels has 0 labels")]
    [InlineData("a photo of a {label} car", "red, blue, Red", "CarSearch:Facets:Colour:Labels lists \"red\" more than once")]
    public void AnUnusableSetIsRefusedNamingItsSetting(string prompt, string labels, string expected)
    {
        var options = new FacetOptions { Colour = new() { Prompt = prompt, Labels = labels } };

        var result = new FacetOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }
}
