using System.ComponentModel;
using CarSearch.Api.Http;
using CarSearch.Cli.Infrastructure;
using CarSearch.Cli.Searching;
using CarSearch.Core.Index;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarSearch.Cli.Commands;

/// <summary>
/// <c>carsearch search (--text TEXT | --image PATH | --like ID) [--not TEXT]... [--like ID]... [--min-score S] [--top K]
/// [--url URL] [--json] [--make M] [--filter KEY=VALUE]... [--code KEY]</c>: asks a running CarSearch app and prints its results as a table, or its JSON as it came. Exit
/// code 1 when the API cannot be reached or answers with an error (its detail on stderr), 2 for a usage error.
/// </summary>
public sealed class SearchCommand(CliConsole console, ArgumentsAfterSeparator afterSeparator) : AsyncCommand<SearchCommand.Settings>
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    public const string UrlVariable = "CARSEARCH_URL";

    public const string FunctionKeyVariable = "CARSEARCH_FUNCTION_KEY";

    public const string MakeField = "make";

    /// <summary>Long enough for the first search after a start, which loads the model.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--text <TEXT>")]
        [Description("Words describing the car, e.g. \"red sports car\". Use --text=-x for a text that starts with a dash.")]
        public string? Text { get; init; }

        [CommandOption("--image <PATH>")]
        [Description("A photo to find similar cars to.")]
        public string? Image { get; init; }

        [CommandOption("--not <TEXT>")]
        [Description("Steer away from this text (the API's not, weight -0.5), e.g. --not truck; repeatable.")]
        public string[] Not { get; init; } = [];

        [CommandOption("--like <ID>")]
        [Description("Search like this indexed image, which is left out of the results (the API's like, weight 1); repeatable, and enough alone.")]
        public string[] Like { get; init; } = [];

        [CommandOption("--min-score <S>")]
        [Description("Leave out results scoring below S, from -1 to 1 (see GET /api/stats/scores). Default: the app's setting, usually none.")]
        public double? MinScore { get; init; }

        [CommandOption("--top <K>")]
        [Description("How many results, 1 to 100. Default: 10.")]
        public int Top { get; init; } = VectorQuery.DefaultTop;

        [CommandOption("--url <URL>")]
        [Description("The CarSearch app: carsearch serve, func start, or the function app's https URL. Default: $CARSEARCH_URL, else http://127.0.0.1:7071.")]
        public string? Url { get; init; }

        [CommandOption("--json")]
        [Description("Print the API's JSON answer as it came instead of a table.")]
        public bool Json { get; init; }

        [CommandOption("--make <MAKE>")]
        [Description("Only cars whose metadata has this make (the same as --filter make=MAKE).")]
        public string? Make { get; init; }

        [CommandOption("--filter <KEY=VALUE>")]
        [Description("Only images whose metadata KEY equals VALUE, e.g. --filter colour=red; repeatable.")]
        public string[] Filters { get; init; } = [];

        [CommandOption("--code <KEY>")]
        [Description("A function key for an app in Azure, sent as the x-functions-key header. Default: $CARSEARCH_FUNCTION_KEY.")]
        public string? Code { get; init; }
    }

    public override ValidationResult Validate(CommandContext context, Settings settings)
    {
        if (afterSeparator.Values.Count > 0)
        {
            return ValidationResult.Error($"Unexpected argument '{afterSeparator.Values[0]}': give the text with --text (--text=-x for one that starts with a dash).");
        }

        if (settings.Text is not null && settings.Image is not null)
        {
            return ValidationResult.Error("Give one of --text TEXT or --image PATH, not both.");
        }

        if (settings.Text is null && settings.Image is null && settings.Like.Length == 0)
        {
            return ValidationResult.Error("Give --text TEXT, --image PATH or --like ID.");
        }

        if (settings.MinScore is { } minScore && !(minScore is >= -1 and <= 1))
        {
            return ValidationResult.Error($"--min-score must be from -1 to 1; got {minScore.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        if (settings.Top is < 1 or > VectorQuery.MaxTop)
        {
            return ValidationResult.Error($"--top must be from 1 to {VectorQuery.MaxTop}; got {settings.Top}.");
        }

        return settings.Url is { } url && ParseUrl(url) is null
            ? ValidationResult.Error($"--url '{url}' is not an http or https URL, e.g. {DefaultUrl}.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var filters = Filters(settings);
        if (settings.Image is { } image && !File.Exists(image))
        {
            throw new CommandLineBadInputException($"Image file not found: {image}");
        }

        var url = settings.Url ?? Environment.GetEnvironmentVariable(UrlVariable) ?? DefaultUrl;
        var baseUrl = ParseUrl(url) ?? throw new CommandLineUsageException($"${UrlVariable} '{url}' is not an http or https URL, e.g. {DefaultUrl}.");
        using var http = new HttpClient { Timeout = RequestTimeout };
        var client = new SearchApiClient(http, baseUrl, settings.Code ?? Environment.GetEnvironmentVariable(FunctionKeyVariable));

        SearchAnswer answer;
        try
        {
            var query = new SearchQuery(settings.Text, settings.Image, settings.Top, filters, settings.Not, settings.Like, settings.MinScore);
            answer = await client.SearchAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (SearchApiException failed)
        {
            throw new CommandLineBadInputException(failed.Message);
        }

        if (settings.Json)
        {
            await console.Out.WriteLineAsync(answer.Json).ConfigureAwait(false);
        }
        else
        {
            SearchResultsTable.Write(OutputConsole.Create(console.Out), answer.Response);
        }

        return ExitCodes.Success;
    }

    private static Dictionary<string, string> Filters(Settings settings)
    {
        var filters = KeyValueArgument.ParseAll("--filter", settings.Filters);
        if (settings.Make is { } make)
        {
            if (filters.TryGetValue(MakeField, out var other) && other != make)
            {
                throw new CommandLineUsageException($"--make '{make}' and --filter {MakeField}={other} disagree; give one.");
            }

            filters[MakeField] = make;
        }

        foreach (var name in filters.Keys)
        {
            if (SearchQueryString.IsReserved(name))
            {
                throw new CommandLineUsageException($"--filter cannot use '{name}': the API reads it as its own parameter, not as metadata.");
            }
        }

        return filters;
    }

    private static Uri? ParseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : null;
}
