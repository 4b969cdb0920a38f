using System.Globalization;
using System.Text;
using CarSearch.Core.Embeddings.Images;

namespace CarSearch.Core.Tests.Embeddings.Images.Fuzzing;

/// <summary>What a campaign tried and what came of it.</summary>
public sealed class FuzzReport
{
    private readonly Dictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (FuzzCase Case, string Problem, int Count)> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _causes = new(StringComparer.Ordinal);

    public int Tried { get; private set; }

    public TimeSpan Elapsed { get; set; }

    public TimeSpan Slowest { get; private set; }

    public FuzzCase? SlowestCase { get; private set; }

    public int Accepted => _outcomes.GetValueOrDefault("accepted");

    public int Failed => _failures.Values.Sum(failure => failure.Count);

    /// <summary>One line per distinct failure (same exception type thrown from the same place), with its first case.</summary>
    public IEnumerable<string> DistinctFailures =>
        _failures.Values.Select(failure => $"{failure.Count} x {failure.Problem}\n    first: {failure.Case}");

    /// <summary>
    /// The decoder exceptions behind the rejections, by type and thrower, most frequent first: which ImageSharp
    /// failures the mapping to a reason has to cover.
    /// </summary>
    public IEnumerable<string> RejectionCauses =>
        _causes.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Value} x {pair.Key}");

    public int Rejected(ImageRejectionReason reason) => _outcomes.GetValueOrDefault(reason.ToString());

    public void Record(FuzzCase fuzzCase, TimeSpan took, string outcome, string? cause = null)
    {
        Tried++;
        _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
        if (cause is not null)
        {
            var key = $"{outcome} from {cause}";
            _causes[key] = _causes.GetValueOrDefault(key) + 1;
        }

        if (took > Slowest)
        {
            (Slowest, SlowestCase) = (took, fuzzCase);
        }
    }

    /// <summary>Counts a failure under <paramref name="signature"/>, keeping the first case that showed it.</summary>
    public void RecordFailure(FuzzCase fuzzCase, TimeSpan took, string signature, string problem)
    {
        Record(fuzzCase, took, "failed");
        _failures[signature] = _failures.TryGetValue(signature, out var seen)
            ? seen with { Count = seen.Count + 1 }
            : (fuzzCase, problem, 1);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Tried} mutated inputs in {Elapsed.TotalSeconds:F1} s: ");
        text.AppendJoin(", ", _outcomes.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} {pair.Value}"));
        text.Append(CultureInfo.InvariantCulture, $". Slowest {Slowest.TotalMilliseconds:F0} ms: {SlowestCase}.");
        return text.ToString();
    }
}
