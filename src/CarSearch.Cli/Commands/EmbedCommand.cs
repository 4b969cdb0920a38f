using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using CarSearch.Cli.Infrastructure;
using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Images;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarSearch.Cli.Commands;

/// <summary>
/// <c>carsearch embed [--model DIR] (--text TEXT | --image PATH)...</c>: one JSON object per input, in order.
/// Every image is read and checked before anything is printed, so a bad input never leaves half an answer.
/// </summary>
public sealed class EmbedCommand(CliConsole console, ArgumentsAfterSeparator afterSeparator) : Command<EmbedCommand.Settings>
{
    private static readonly JsonSerializerOptions LineOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public sealed class Settings : ModelSettings
    {
        [CommandOption("--text <TEXT>")]
        [Description("A text to embed; repeatable. Use --text=-x for a text that starts with a dash.")]
        public string[] Texts { get; init; } = [];

        [CommandOption("--image <PATH>")]
        [Description("An image file to embed; repeatable.")]
        public string[] Images { get; init; } = [];
    }

    public override ValidationResult Validate(CommandContext context, Settings settings)
    {
        if (afterSeparator.Values.Count > 0)
        {
            return ValidationResult.Error($"Unexpected argument '{afterSeparator.Values[0]}': give inputs with --text or --image.");
        }

        return EmbedInput.InOrder(context.Arguments).Count == 0
            ? ValidationResult.Error("Give at least one --text TEXT or --image PATH.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var inputs = EmbedInput.InOrder(context.Arguments);
        var texts = inputs.Where(i => i.Kind == EmbedInputKind.Text).Select(i => i.Value).ToArray();
        var imagePaths = inputs.Where(i => i.Kind == EmbedInputKind.Image).Select(i => i.Value).ToArray();
        ReadOnlyMemory<byte>[] images = [.. imagePaths.Select(ReadImage)];

        using var embedder = ClipEmbedder.Open(CliModelSearch.Resolve(settings.Model));
        var imageVectors = new Queue<float[]>(EmbedImages(embedder, images, imagePaths));
        var textVectors = new Queue<float[]>(embedder.EmbedTexts(texts));

        foreach (var input in inputs)
        {
            var (kind, vector) = input.Kind == EmbedInputKind.Text
                ? ("text", textVectors.Dequeue())
                : ("image", imageVectors.Dequeue());
            console.Out.WriteLine(JsonSerializer.Serialize(new EmbeddingLine(kind, input.Value, vector), LineOptions));
        }

        return ExitCodes.Success;
    }

    private static float[][] EmbedImages(ClipEmbedder embedder, ReadOnlyMemory<byte>[] images, string[] paths)
    {
        try
        {
            return embedder.EmbedImages(images);
        }
        catch (ImageRejectedException rejection) when (rejection.InputIndex is { } index)
        {
            throw new CommandLineBadInputException($"{paths[index]}: {rejection.Message}");
        }
    }

    private static ReadOnlyMemory<byte> ReadImage(string path) =>
        File.Exists(path)
            ? File.ReadAllBytes(path)
            : throw new CommandLineBadInputException($"Image file not found: {path}");

    private sealed record EmbeddingLine(string Kind, string Input, float[] Embedding);
}
