using System.Text;

namespace CarSearch.Cli.Tests;

/// <summary>What serve (or a child process) printed, line by line, readable while it is still being written.</summary>
internal sealed class LogCapture : TextWriter
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
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
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

            await Task.Delay(50);
        }
    }

    public override string ToString() => string.Join('\n', Lines);
}
