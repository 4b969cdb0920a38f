using System.ComponentModel;
using System.Text.Json;
using CarSearch.Cli.Infrastructure;
using CarSearch.Core.Embeddings.Tokenization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarSearch.Cli.Commands;

/// <summary><c>carsearch tokenize [--model DIR] [--] TEXT...</c>: one JSON array of token ids per TEXT, in order.</summary>
public sealed class TokenizeCommand(CliConsole console, ArgumentsAfterSeparator afterSeparator)
    : Command<TokenizeCommand.Settings>
{
    public sealed class Settings : ModelSettings
    {
        [CommandArgument(0, "[TEXT]")]
        [Description("Texts to tokenize. Put them after -- when one starts with a dash.")]
        public string[] Texts { get; init; } = [];
    }

    public override ValidationResult Validate(CommandContext context, Settings settings) =>
        Texts(settings).Count == 0 ? ValidationResult.Error("Give at least one TEXT to tokenize.") : ValidationResult.Success();

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var model = CliModelSearch.Resolve(settings.Model);
        var tokenizer = ClipTokenizer.FromFiles(model.VocabPath, model.MergesPath);
        foreach (var text in Texts(settings))
        {
            console.Out.WriteLine(JsonSerializer.Serialize(tokenizer.Encode(text)));
        }

        return ExitCodes.Success;
    }

    private List<string> Texts(Settings settings) => [.. settings.Texts, .. afterSeparator.Values];
}
