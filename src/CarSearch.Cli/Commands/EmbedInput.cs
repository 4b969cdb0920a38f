using CarSearch.Cli.Infrastructure;

namespace CarSearch.Cli.Commands;

/// <summary>One <c>--text</c> or <c>--image</c> of <c>carsearch embed</c>, in command-line order.</summary>
public sealed record EmbedInput(EmbedInputKind Kind, string Value)
{
    public const string TextOption = "--text";
    public const string ImageOption = "--image";

    private static readonly (string Option, EmbedInputKind Kind)[] Options =
        [(TextOption, EmbedInputKind.Text), (ImageOption, EmbedInputKind.Image)];

    /// <summary>
    /// Recovers the order of the inputs from the raw arguments: the parser collects <c>--text</c> and
    /// <c>--image</c> into two separate lists, but the output must follow the order they were given in.
    /// </summary>
    public static IReadOnlyList<EmbedInput> InOrder(IReadOnlyList<string> arguments)
    {
        var inputs = new List<EmbedInput>();
        for (var i = 0; i < arguments.Count; i++)
        {
            foreach (var (option, kind) in Options)
            {
                if (arguments[i] == option)
                {
                    inputs.Add(i + 1 < arguments.Count
                        ? new EmbedInput(kind, arguments[++i])
                        : throw new CommandLineUsageException($"Option '{option}' needs a value."));
                    break;
                }

                if (arguments[i].StartsWith(option + "=", StringComparison.Ordinal))
                {
                    inputs.Add(new EmbedInput(kind, arguments[i][(option.Length + 1)..]));
                    break;
                }
            }
        }

        return inputs;
    }
}

public enum EmbedInputKind
{
    Text,
    Image,
}
