using System.Text.Json.Nodes;
using CarSearch.Infra.Tests.Bicep;

namespace CarSearch.Infra.Tests;

/// <summary>The templates compile cleanly, and azd's parameter file fits them.</summary>
public class TemplateCompilationTests
{
    [Fact]
    public void MainTemplateCompilesWithoutErrorsOrWarnings()
    {
        var build = CompiledInfrastructure.Build;

        // Bicep exits 0 on warnings (type mismatches BCPxxx, linter rules): a clean stderr is the real bar.
        Assert.True(build.ExitCode == 0 && build.Diagnostics.Trim().Length == 0, $"bicep build diagnostics:\n{build.Diagnostics}");
        Assert.Equal("Microsoft.Resources/resourceGroups", CompiledInfrastructure.Defaults.Resources[0].Type);
    }

    [Fact]
    public void ParameterFileSetsOnlyDeclaredParametersAndEveryOneWithoutADefault()
    {
        var declared = CompiledInfrastructure.Defaults.ParameterDeclarations;
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledInfrastructure.InfraDirectory, "main.parameters.json")))!;
        var given = file["parameters"]!.AsObject().Select(p => p.Key).ToHashSet();

        var undeclared = given.Where(name => !declared.ContainsKey(name)).ToList();
        Assert.True(undeclared.Count == 0, $"main.parameters.json sets parameters main.bicep does not declare: {string.Join(", ", undeclared)}");
        var missing = declared.Where(p => !p.Value!.AsObject().ContainsKey("defaultValue") && !given.Contains(p.Key)).Select(p => p.Key).ToList();
        Assert.True(missing.Count == 0, $"main.parameters.json leaves required parameters unset: {string.Join(", ", missing)}");
    }
}
