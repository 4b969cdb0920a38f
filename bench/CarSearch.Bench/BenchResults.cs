namespace CarSearch.Bench;

/// <summary>Everything one run measured; <see cref="ResultsReport"/> turns it into RESULTS.md.</summary>
internal sealed class BenchResults
{
    public required BenchArguments Arguments { get; init; }

    public required string Machine { get; init; }

    public required DateTimeOffset Started { get; init; }

    public Samples? TinyIngest320 { get; set; }

    public int TinyIngestImages { get; set; }

    public EmbedderBench.Result? Embedder { get; set; }

    public Samples? ColdStartSeconds { get; set; }

    public double? TinyColdStartSeconds { get; set; }

    public Samples? ColdStartAt100kSeconds { get; set; }

    public long IdleRssBytes { get; set; }

    public long IngestRssBytes { get; set; }

    public long SearchRssBytes { get; set; }

    public Dictionary<string, Samples> Ingest { get; } = [];

    public Dictionary<string, int> IngestImages { get; } = [];

    public TorchBench.Result? Torch { get; set; }

    public SearchBench.Result? Search { get; set; }

    public IndexBench.Result? Index { get; set; }

    public Int8Bench.Result? Int8 { get; set; }

    /// <summary>The machine's 1-minute load average as each phase began: how much else was running.</summary>
    public List<(string Phase, double Load)> Loads { get; } = [];

    public List<string> Notes { get; } = [];
}
