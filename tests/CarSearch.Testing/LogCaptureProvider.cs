using Microsoft.Extensions.Logging;

namespace CarSearch.Tests;

/// <summary>
/// Logs every entry of an in-process host, message and exception messages, as one line each into a
/// <see cref="LogCapture"/>, so tests can read what an operator's log would hold (and what it must never hold).
/// </summary>
public sealed class LogCaptureProvider(LogCapture capture) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(capture, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}";
            for (var inner = exception; inner is not null; inner = inner.InnerException)
            {
                line += $" | {inner.GetType().Name}: {inner.Message}";
            }

            capture.WriteLine(line.ReplaceLineEndings(" "));
        }
    }
}
