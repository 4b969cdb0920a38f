using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace CarSearch.Tests;

/// <summary>What serve (or a child process) printed, line by line, readable while it is still being written.</summary>
public sealed partial class LogCapture : TextWriter
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _partial = new();

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                _lines.Add(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
            }
            else
            {
                _partial.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            foreach (var c in value ?? "")
            {
                Write(c);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            Write(value);
            Write('\n');
        }
    }

    /// <summary>The first line matching <paramref name="match"/>, waiting for it with a generous deadline.</summary>
    /// <param name="cancellationToken">Stops waiting early (e.g. the process writing the lines has exited).</param>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (true)
        {
            if (Lines.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"No line {what} within {Deadline.TotalSeconds:0} s. Output so far:\n{this}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>The address <c>carsearch serve</c> (or <c>up</c>) says it listens on, once it says so.</summary>
    public async Task<Uri> WaitForListeningUrlAsync(CancellationToken cancellationToken = default)
    {
        var line = await WaitForLineAsync(text => ListeningLine().IsMatch(text), "saying where serve listens", cancellationToken);
        return new Uri(ListeningLine().Match(line).Groups["url"].Value);
    }

    public override string ToString() => string.Join('\n', Lines);

    [GeneratedRegex(@"Listening on (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
