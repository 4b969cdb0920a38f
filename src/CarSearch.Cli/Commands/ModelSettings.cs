using System.ComponentModel;
using Spectre.Console.Cli;

namespace CarSearch.Cli.Commands;

/// <summary>The <c>--model</c> option shared by every command that runs CLIP.</summary>
public class ModelSettings : CommandSettings
{
    [CommandOption("--model <DIR>")]
    [Description("Model folder (image.onnx, text.onnx, vocab.json, merges.txt). Default: $CARSEARCH_MODEL_DIR, else models/clip-vit-b-32.")]
    public string? Model { get; init; }
}
