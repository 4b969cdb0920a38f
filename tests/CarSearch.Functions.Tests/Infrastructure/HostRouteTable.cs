using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>The function a request reaches, and the route values it is invoked with.</summary>
public sealed record RoutedRequest(string Function, RouteValueDictionary Values);

/// <summary>
/// The HTTP functions routed as the Functions host routes them, from the functions.metadata and host.json that ship:
/// one ASP.NET Core <see cref="Route"/> per function (template prefixed with host.json's <c>routePrefix</c>, the
/// <see cref="DefaultInlineConstraintResolver"/>, an <see cref="HttpMethodRouteConstraint"/> of its methods), in one
/// <see cref="RouteCollection"/> ordered by function name, ordinal ignoring case; the first match wins. See
/// <c>FunctionRoutes</c> for where in the host each of these comes from. The host's own early answer for
/// <c>/admin/...</c> is left out on purpose, so the tests see whether the functions' routes keep out of it themselves.
/// </summary>
public sealed class HostRouteTable : IAsyncDisposable
{
    /// <summary>The route data token naming the function (the host keeps the name in a data token too).</summary>
    private const string FunctionToken = "CarSearch.Tests.Function";

    /// <summary>What the host uses when host.json names no prefix (<c>HttpOptions.RoutePrefix</c>).</summary>
    private const string HostDefaultRoutePrefix = "api";

    private readonly ServiceProvider _services;
    private readonly RouteCollection _routes = new();

    private HostRouteTable(IEnumerable<FunctionBinding> httpTriggers, string routePrefix)
    {
        _services = new ServiceCollection().AddLogging().AddRouting().BuildServiceProvider();
        var resolver = _services.GetRequiredService<IInlineConstraintResolver>();
        var handler = new RouteHandler(_ => Task.CompletedTask);
        foreach (var trigger in httpTriggers.OrderBy(trigger => trigger.Function, StringComparer.OrdinalIgnoreCase))
        {
            var route = trigger["route"] ?? trigger.Function;
            var methods = trigger.Json.GetProperty("methods").EnumerateArray().Select(method => method.GetString()!).ToArray();
            _routes.Add(new Route(
                handler,
                trigger.Function,
                routePrefix.Length == 0 ? route : routePrefix + "/" + route,
                defaults: null,
                constraints: new Dictionary<string, object> { ["httpMethod"] = new HttpMethodRouteConstraint(methods) },
                dataTokens: new RouteValueDictionary { [FunctionToken] = trigger.Function },
                resolver));
        }
    }

    /// <summary>Every HTTP function of the app, as the host would load it.</summary>
    public static HostRouteTable OfTheApp() => Of(FunctionsMetadata.OfType("httpTrigger"));

    /// <summary>Only <paramref name="httpTriggers"/>, under the app's route prefix.</summary>
    public static HostRouteTable Of(IEnumerable<FunctionBinding> httpTriggers) => new(httpTriggers, ShippedRoutePrefix());

    /// <summary>The function the host invokes for <paramref name="method"/> <paramref name="path"/>; null when none matches.</summary>
    public async Task<RoutedRequest?> RouteAsync(string method, string path)
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        http.Request.Method = method;
        http.Request.Path = path;
        var context = new RouteContext(http);

        await _routes.RouteAsync(context);

        return context.Handler is null
            ? null
            : new RoutedRequest((string)context.RouteData.DataTokens[FunctionToken]!, context.RouteData.Values);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>host.json's <c>extensions.http.routePrefix</c>, from the host.json copied beside the app's build output.</summary>
    private static string ShippedRoutePrefix()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "host.json")));
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString() ?? ""
            : HostDefaultRoutePrefix;
    }
}
