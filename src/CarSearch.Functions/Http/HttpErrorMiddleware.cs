using CarSearch.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using CarSearch.Functions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarSearch.Functions.Http;

/// <summary>
/// An HTTP function that throws answers <see cref="ApiProblems.Unexpected"/> (500 problem+json, no internals), as the
/// local host's exception handler does, instead of the host's bare 500. Other triggers' exceptions pass through: the
/// host retries them.
/// </summary>
/// <remarks>
/// Registered after <c>ConfigureFunctionsWebApplication</c>, so it runs inside the ASP.NET Core integration's own
/// middleware, which puts the request in the context first and executes the <see cref="IResult"/> left as the
/// invocation result afterwards. An ASP.NET Core exception handler would never see the exception: the function runs
/// in the worker's invocation pipeline, not in the request's.
/// </remarks>
public sealed class HttpErrorMiddleware(ILogger<HttpErrorMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        InvokeAsync(context, next, static (context, answer) => context.GetInvocationResult().Value = answer);

    /// <summary>
    /// The work of <see cref="Invoke"/>, with the way the answer reaches the host passed in: the worker keeps the
    /// invocation result behind an internal feature that only a running worker provides.
    /// </summary>
    internal async Task InvokeAsync(FunctionContext context, FunctionExecutionDelegate next, Action<FunctionContext, IResult> answer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.GetHttpContext() is { RequestAborted.IsCancellationRequested: false })
        {
            logger.UnhandledHttpError(ex, context.FunctionDefinition.Name);
            answer(context, ApiProblems.Unexpected());
        }
    }
}
