using System.Text.Json.Nodes;
using CarSearch.Infra.Tests.Arm;
using CarSearch.Tests;

namespace CarSearch.Infra.Tests.Bicep;

/// <summary>infra/main.bicep compiled once per test run, read with chosen parameter values.</summary>
internal static class CompiledInfrastructure
{
    /// <summary>Parameters azd always passes; every other one takes its default unless a test overrides it.</summary>
    private static readonly Dictionary<string, JsonNode?> RequiredParameters = new()
    {
        ["environmentName"] = "carsearch-test",
        ["location"] = "swedencentral",
    };

    private static readonly Lazy<BicepBuild> MainBuild = new(() => BicepCli.Build(MainBicepPath));

    private static readonly Lazy<ArmTemplate> DefaultDeployment = new(() => With());

    public static string InfraDirectory => Path.Combine(RepositoryRoot.Directory, "infra");

    public static string MainBicepPath => Path.Combine(InfraDirectory, "main.bicep");

    public static BicepBuild Build => MainBuild.Value;

    /// <summary>The deployment with azd's required parameters and the given overrides (by parameter name).</summary>
    public static ArmTemplate With(params (string Name, JsonNode? Value)[] overrides)
    {
        Assert.True(Build.ExitCode == 0, $"bicep build failed:\n{Build.Diagnostics}");
        var parameters = new Dictionary<string, JsonNode?>(RequiredParameters);
        foreach (var (name, value) in overrides)
        {
            parameters[name] = value;
        }

        return new ArmTemplate(JsonNode.Parse(Build.Template)!.AsObject(), parameters);
    }

    /// <summary>The deployment as `azd up` makes it with no CARSEARCH_* variables set.</summary>
    public static ArmTemplate Defaults => DefaultDeployment.Value;
}
