namespace CarSearch.Cli.Infrastructure;

/// <summary>
/// The arguments after the first <c>--</c>, taken verbatim. The command-line parser does not keep these
/// verbatim (it reads "-5 degrees" after <c>--</c> as an option), so they are split off before parsing.
/// </summary>
public sealed class ArgumentsAfterSeparator(IReadOnlyList<string> values)
{
    public const string Separator = "--";

    public IReadOnlyList<string> Values { get; } = values;

    /// <summary>Splits <paramref name="args"/> at the first <c>--</c>.</summary>
    public static (string[] BeforeSeparator, ArgumentsAfterSeparator After) Split(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == Separator)
            {
                return (args.Take(i).ToArray(), new ArgumentsAfterSeparator(args.Skip(i + 1).ToArray()));
            }
        }

        return (args.ToArray(), new ArgumentsAfterSeparator([]));
    }
}
