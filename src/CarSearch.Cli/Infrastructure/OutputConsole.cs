using Spectre.Console;

namespace CarSearch.Cli.Infrastructure;

/// <summary>
/// Spectre consoles over the CLI's output streams: colours, live progress and the terminal's width when the stream is
/// the process's own terminal; otherwise plain text, no escape codes, and lines wide enough that table cells never wrap,
/// so files, pipes and the in-process tests read every row on one line.
/// </summary>
public static class OutputConsole
{
    /// <summary>Wide enough for any table row we print (long names, metadata, reasons) without wrapping.</summary>
    public const int RedirectedWidth = 4096;

    /// <summary>Whether <paramref name="writer"/> is the process's standard output or error and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected) ||
        (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>A console writing to <paramref name="writer"/>, interactive only when it is a terminal.</summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var terminal = IsTerminal(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
