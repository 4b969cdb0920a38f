using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CarSearch.Cli.Serve;

/// <summary>
/// Writes each log entry as one line (<c>12:00:01 info  Indexed 'red-tesla.jpg' ...</c>) to the command's output.
/// The framework's console logger writes to <see cref="Console.Out"/> only, and <c>carsearch</c> writes through the
/// <see cref="Infrastructure.CliConsole"/> so that tests run it in-process and read what a user would see.
/// Expects a synchronized writer (<see cref="TextWriter.Synchronized"/>), as <see cref="CarSearchCli"/> passes.
/// </summary>
internal sealed class LineLoggerProvider(TextWriter output, TimeProvider time) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LineLogger(this);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var line = new StringBuilder()
            .Append(time.GetLocalNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(LevelName(level))
            .Append(' ')
            .Append(OneLine(message));
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            // The chain of messages says what went wrong; the stack would bury the next log line.
            line.Append(inner == exception ? " | " : " ---> ").Append(inner.GetType().Name).Append(": ").Append(OneLine(inner.Message));
        }

        // One call per line: the CLI's writers are synchronized, so lines from concurrent loggers never mix.
        output.WriteLine(line.ToString());
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) ? text.ReplaceLineEndings(" ") : text;

    private sealed class LineLogger(LineLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Some libraries log entries with no message, as data for telemetry sinks: nothing to show.
            if (IsEnabled(logLevel) && formatter(state, exception) is { Length: > 0 } message)
            {
                provider.Write(logLevel, message, exception);
            }
        }
    }
}
