using System.Reflection;
using CarSearch.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CarSearch.Api.Tests;

/// <summary>The route table is complete, and every route the Functions app maps can load there.</summary>
[Collection(KitApi.Name)]
public sealed class RouteTableTests(KitApiFixture fixture)
{
    /// <summary>The Functions host keeps these for itself and refuses to load a function whose route starts with one.</summary>
    private static readonly string[] FunctionsReservedPrefixes = ["admin", "runtime"];

    public static TheoryData<string> Routes() =>
        [.. typeof(ApiRoutes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.Name is not nameof(ApiRoutes.Prefix) and not nameof(ApiRoutes.IdParameter))
            .Select(field => (string)field.GetRawConstantValue()!)];

    [Theory]
    [MemberData(nameof(Routes))]
    public void EveryRouteIsMappedUnderTheApiPrefixWithANameAndSummary(string route)
    {
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        // One endpoint per method (GET and POST share search).
        var mapped = endpoints.Where(e => e.RoutePattern.RawText == $"/{ApiRoutes.Prefix}/{route}").ToList();

        Assert.NotEmpty(mapped);
        Assert.Distinct(mapped.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []));
        foreach (var endpoint in mapped)
        {
            Assert.NotNull(endpoint.Metadata.GetMetadata<IEndpointNameMetadata>());
            if (route != ApiRoutes.LocalReindexAlias)
            {
                Assert.False(string.IsNullOrWhiteSpace(endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void RoutesTheFunctionsAppMapsAvoidItsReservedPrefixes(string route)
    {
        Assert.False(route.StartsWith('/'), "The Functions host adds the prefix; a leading slash would double it.");
        if (route != ApiRoutes.LocalReindexAlias)
        {
            Assert.DoesNotContain(FunctionsReservedPrefixes, prefix => route.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The local-only alias is the reserved spelling of the re-index route, and the same handler answers both.</summary>
    [Fact]
    public void TheLocalReindexAliasIsTheSameRouteUnderAdmin()
    {
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var reindex = Assert.Single(endpoints, e => e.RoutePattern.RawText == $"/{ApiRoutes.Prefix}/{ApiRoutes.Reindex}");
        var alias = Assert.Single(endpoints, e => e.RoutePattern.RawText == $"/{ApiRoutes.Prefix}/{ApiRoutes.LocalReindexAlias}");

        Assert.StartsWith("admin/", ApiRoutes.LocalReindexAlias, StringComparison.Ordinal);
        Assert.Equal(ApiRoutes.Reindex.Split('/')[^1], ApiRoutes.LocalReindexAlias.Split('/')[^1]);
        Assert.Equal(
            reindex.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods,
            alias.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods);
        Assert.Equal(Assert.IsAssignableFrom<MethodInfo>(reindex.Metadata.GetMetadata<MethodInfo>()), alias.Metadata.GetMetadata<MethodInfo>());
    }
}
