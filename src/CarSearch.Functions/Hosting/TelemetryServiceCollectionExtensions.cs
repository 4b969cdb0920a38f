using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarSearch.Functions.Hosting;

/// <summary>Application Insights for the worker's own logs and dependencies.</summary>
public static class TelemetryServiceCollectionExtensions
{
    private const string ApplicationInsightsProvider =
        "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// Sends the worker's telemetry to Application Insights (<c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>, signed in
    /// with Entra ID when <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> says so), at the levels the logging
    /// configuration sets rather than the SDK's default of warnings only: "Indexed ..." and "Rejected ..." are what
    /// operators look for.
    /// </summary>
    public static IServiceCollection AddCarSearchTelemetry(this IServiceCollection services)
    {
        services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
        services.Configure<LoggerFilterOptions>(options =>
        {
            var warningsOnly = options.Rules.FirstOrDefault(rule => rule.ProviderName == ApplicationInsightsProvider);
            if (warningsOnly is not null)
            {
                options.Rules.Remove(warningsOnly);
            }
        });
        return services;
    }
}
