using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarSearch.Cli.Infrastructure;

/// <summary>
/// Catches an option that takes a value given last with none (<c>serve --container</c>): the parser sets such an
/// option to null rather than failing, and the command would then silently run with the default.
/// </summary>
internal static class OptionValueCheck
{
    public static ValidationResult Validate<TSettings>(IReadOnlyList<string> arguments)
        where TSettings : CommandSettings
    {
        if (arguments.Count == 0)
        {
            return ValidationResult.Success();
        }

        var last = arguments[^1];
        var takesValue = typeof(TSettings).GetProperties()
            .Select(property => property.GetCustomAttribute<CommandOptionAttribute>())
            .Any(option => option is { ValueName: not null } && option.LongNames.Any(name => last == "--" + name));
        return takesValue ? ValidationResult.Error($"Option '{last}' needs a value.") : ValidationResult.Success();
    }
}
