using CarSearch.Functions.Http;
using CarSearch.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CarSearch.Functions.Tests;

/// <summary>An HTTP function that throws answers a 500 problem without internals; other triggers' exceptions reach the host.</summary>
[Collection(WithAzurite.Name)]
public sealed class HttpErrorMiddlewareTests(FunctionsEnvironment environment)
{
    private const string Secret = "connection string AccountKey=do-not-show";

    [Fact]
    public async Task AnHttpFunctionThatThrowsAnswersAProblemWithoutInternals()
    {
        var logger = new CollectingLogger();
        await using var scope = environment.Kit.Services.CreateAsyncScope();
        var http = HttpAnswer.NewContext(scope.ServiceProvider, "GET", "/api/search?q=red", body: null, contentType: null);
        IResult? answer = null;

        await new HttpErrorMiddleware(logger).InvokeAsync(
            new StubFunctionContext("SearchByText", http), _ => throw new InvalidOperationException(Secret), (_, result) => answer = result);

        var response = await HttpAnswer.ExecuteAsync(Assert.IsAssignableFrom<IResult>(answer), http);
        response.AssertProblem(StatusCodes.Status500InternalServerError);
        Assert.DoesNotContain("do-not-show", response.Text, StringComparison.Ordinal);
        var logged = Assert.Single(logger.Errors);
        Assert.IsType<InvalidOperationException>(logged);
    }

    [Fact]
    public async Task AnHttpFunctionThatSucceedsIsLeftAlone()
    {
        var answered = false;
        var http = new DefaultHttpContext();

        await new HttpErrorMiddleware(NullLogger<HttpErrorMiddleware>.Instance).InvokeAsync(
            new StubFunctionContext("SearchByText", http), _ => Task.CompletedTask, (_, _) => answered = true);

        Assert.False(answered);
    }

    /// <summary>A queue or blob trigger must fail so the host retries it and finally parks the message.</summary>
    [Fact]
    public async Task AnotherTriggersExceptionReachesTheHost()
    {
        var middleware = new HttpErrorMiddleware(NullLogger<HttpErrorMiddleware>.Instance);

        await Assert.ThrowsAsync<TimeoutException>(() => middleware.InvokeAsync(
            new StubFunctionContext("IngestImage", httpContext: null), _ => throw new TimeoutException(), (_, _) => Assert.Fail("answered")));
    }

    /// <summary>Nobody is waiting for an answer to a request the caller abandoned.</summary>
    [Fact]
    public async Task AnAbandonedRequestIsNotAnswered()
    {
        using var abandoned = new CancellationTokenSource();
        await abandoned.CancelAsync();
        var http = new DefaultHttpContext { RequestAborted = abandoned.Token };
        var middleware = new HttpErrorMiddleware(NullLogger<HttpErrorMiddleware>.Instance);

        await Assert.ThrowsAsync<OperationCanceledException>(() => middleware.InvokeAsync(
            new StubFunctionContext("SearchByImage", http), _ => throw new OperationCanceledException(abandoned.Token), (_, _) => Assert.Fail("answered")));
    }

    private sealed class CollectingLogger : ILogger<HttpErrorMiddleware>
    {
        public List<Exception> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && exception is not null)
            {
                Errors.Add(exception);
            }
        }
    }
}
