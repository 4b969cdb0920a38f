using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CarSearch.Functions.Tests.Infrastructure;

/// <summary>
/// The little of an invocation a worker middleware reads: the function's name and, for an HTTP trigger, the request
/// that the ASP.NET Core integration puts in <see cref="FunctionContext.Items"/>. The worker offers no public factory.
/// </summary>
public sealed class StubFunctionContext : FunctionContext
{
    /// <summary>The key under which the ASP.NET Core integration stores the request (<c>GetHttpContext</c> reads it).</summary>
    private const string HttpContextKey = "HttpRequestContext";

    public StubFunctionContext(string functionName, HttpContext? httpContext)
    {
        FunctionDefinition = new StubFunctionDefinition(functionName);
        if (httpContext is not null)
        {
            Items[HttpContextKey] = httpContext;
        }
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = EmptyServices.Instance;

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();

    private sealed class StubFunctionDefinition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => typeof(StubFunctionDefinition).Assembly.Location;

        public override string EntryPoint => name;

        public override string Id { get; } = Guid.NewGuid().ToString();

        public override string Name => name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
