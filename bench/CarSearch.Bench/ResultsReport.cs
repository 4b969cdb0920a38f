using System.Globalization;
using System.Text;

namespace CarSearch.Bench;

/// <summary>Writes RESULTS.md: the headline against the issue's targets, then every measurement with its spread.</summary>
internal static class ResultsReport
{
    public static string Write(BenchResults r)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"# CarSearch end to end: benchmark results");
        text.AppendLine();
        Line($"- Date: {r.Started:yyyy-MM-dd HH:mm} UTC; machine: {r.Machine}");
        Line($"- Model: `{r.Arguments.Model}` (full-size random-weight ViT-B/32, `shared/tools/clip-random/make_full_model.py`); tiny model: the reference kit's");
        Line($"- Command: `dotnet build CarSearchFunctions.sln -c Release && dotnet run -c Release --project bench/CarSearch.Bench -- --model {r.Arguments.Model}{(r.Arguments.Int8Model is null ? "" : " --int8-model " + r.Arguments.Int8Model)}{(r.Arguments.Quick ? " --quick" : "")}{(r.Arguments.Phases.Count < BenchArguments.AllPhases.Count ? " --phases " + string.Join(',', BenchArguments.AllPhases.Where(r.Arguments.Phases.Contains)) : "")}{(r.Arguments.Serve is null ? "" : " --serve " + r.Arguments.Serve)}`");
        Line($"- Figures are medians over {r.Arguments.Runs} runs with (min–max, n) beside them; every ratio compares runs made in this one process, minutes apart. The machine is shared: single runs move by 10–30 %.");
        text.AppendLine();

        text.AppendLine("## Headline");
        text.AppendLine();
        text.AppendLine("| measure | result | target | |");
        text.AppendLine("| --- | --- | --- | --- |");
        var model = r.Embedder?.TensorImagesPerSecond.Median ?? double.NaN;
        if (r.TinyIngest320 is { } tiny)
        {
            Row(text, "ingest overhead: 320x240 uploads through serve, tiny model", $"{tiny.Median:F0} images/s{(r.TinyColdStartSeconds is { } started ? string.Create(CultureInfo.InvariantCulture, $" (this serve answered its first search {started:F2} s after it started)") : "")}", "≥ 60 images/s", tiny.Median >= 60);
        }

        if (r.Ingest.TryGetValue("640x480", out var medium))
        {
            // Without the model phase there is nothing to compare with: the figure stands alone and no verdict is given.
            Row(text, "ingest 640x480 through serve, full model",
                double.IsNaN(model) ? $"{medium.Median:F1} images/s (the model phase did not run)" : $"{medium.Median:F1} images/s = {Percent(medium.Median, model)} of the model alone ({model:F1} images/s on ready tensors)",
                "≥ 90 % of model-only", double.IsNaN(model) ? null : medium.Median >= 0.9 * model);
        }

        if (r.Ingest.TryGetValue("4000x3000", out var large))
        {
            var torch = r.Torch?.PipelineImagesPerSecond.GetValueOrDefault("4000x3000")?.Median ?? double.NaN;
            Row(text, "ingest 12 MP (4000x3000) through serve vs PyTorch pipeline",
                double.IsNaN(torch) ? $"{large.Median:F1} images/s (the torch phase did not run)" : $"{large.Median:F1} vs {torch:F1} images/s = {large.Median / torch:F2}x",
                "≥ 2.5x", double.IsNaN(torch) ? null : large.Median >= 2.5 * torch);
        }

        if (r.Search is { } search)
        {
            Row(text, $"text search over HTTP at {r.Arguments.SearchVectors:N0} vectors, 1 client", $"p50 {search.OneClientMilliseconds.Median:F1} ms, p99 {search.OneClientMilliseconds.Percentile(99):F1} ms", "p50 ≤ 10 ms, p99 ≤ 30 ms",
                search.OneClientMilliseconds.Median <= 10 && search.OneClientMilliseconds.Percentile(99) <= 30);
            Row(text, "text search, 16 clients, every query new", $"{search.SixteenClientsRequestsPerSecond:F0} requests/s (p50 {search.SixteenClientsMilliseconds.Median:F0} ms, p99 {search.SixteenClientsMilliseconds.Percentile(99):F0} ms, {search.Errors} errors)", "≥ 500 requests/s", search.SixteenClientsRequestsPerSecond >= 500);
            Row(text, $"text search, 16 clients, {SearchBench.PopularQueries} popular queries in turn", $"{search.PopularRequestsPerSecond:F0} requests/s (p50 {search.PopularMilliseconds.Median:F0} ms, p99 {search.PopularMilliseconds.Percentile(99):F0} ms)", "≥ 500 requests/s", search.PopularRequestsPerSecond >= 500);
            foreach (var (name, times) in search.ImageSearchMilliseconds)
            {
                Row(text, $"image search, one {name} photo", $"p50 {times.Median:F0} ms", "—", null);
            }
        }

        if (r.ColdStartSeconds is { } cold)
        {
            // The model phase times the load alone; a run of the serve phase without it still reports the start.
            var parts = new[]
            {
                r.Embedder is { } embedder ? string.Create(CultureInfo.InvariantCulture, $"model load alone {embedder.LoadSeconds.Median:F2} s") : null,
                r.TinyColdStartSeconds is { } tinyCold ? string.Create(CultureInfo.InvariantCulture, $"serve with the tiny model {tinyCold:F2} s") : null,
            }.OfType<string>().ToList();
            Row(text, "cold start: process start to first answered search, full model", $"{cold.Median:F2} s{(parts.Count > 0 ? $" ({string.Join("; ", parts)})" : "")}", "≤ 2 s", cold.Median <= 2);
        }

        if (r.IngestRssBytes > 0)
        {
            Row(text, "peak RSS: idle / under ingest / under search load", $"{Megabytes(r.IdleRssBytes)} / {Megabytes(r.IngestRssBytes)} / {(r.SearchRssBytes > 0 ? Megabytes(r.SearchRssBytes) : "—")} MB", "ingest ≤ 1.2 GB", r.IngestRssBytes <= 1.2e9);
        }

        if (r.Index is { } index)
        {
            Row(text, $"embedded index reopen at {index.Vectors:N0} vectors, a fresh process's first open", $"{index.FreshReopenSeconds.Median:F1} s", "≤ 3 s", index.FreshReopenSeconds.Median <= 3);
            Row(text, $"embedded index reopen at {index.Vectors:N0} vectors, in the process that built it", $"{index.ReopenSeconds.Median:F1} s", "≤ 3 s", index.ReopenSeconds.Median <= 3);
            Row(text, $"longest write during a compaction at {index.Vectors:N0}", $"{index.WorstWriteDuringCompactionMilliseconds:F0} ms, p99 {index.WritesDuringCompactionMilliseconds.Percentile(99):F1} ms (compaction {index.CompactionSeconds:F1} s)", "≤ 100 ms", index.WorstWriteDuringCompactionMilliseconds <= 100);
        }

        if (r.Int8 is { } q)
        {
            var speedup = q.Int8ImagesPerSecond.Median / q.Float32ImagesPerSecond.Median;
            Row(text, "int8 image tower vs float32, same tensors", $"{q.Int8ImagesPerSecond.Median:F1} vs {q.Float32ImagesPerSecond.Median:F1} images/s = {speedup:F2}x; cosine to float32 ≥ {q.ImageCosines.Min:F4} (images), ≥ {q.TextCosines.Min:F4} (texts)", "≥ 1.8x", speedup >= 1.8);
        }

        if (r.TinyIngest320 is not null || r.Ingest.Count > 0 || r.Embedder is not null || r.Torch is not null)
        {
            text.AppendLine();
            text.AppendLine("## Ingest: upload until searchable");
            text.AppendLine();
            text.AppendLine("Uploads go to Azurite with 16 in flight; serve's container watcher (every 2 s) finds them; the time runs from the first upload's start until `GET /api/ingest/status` counts every one indexed. So the 2 s discovery and the last micro-batch are inside every figure.");
            text.AppendLine();
            text.AppendLine("| images | per run | serve, images/s | the embedder in process, from bytes | the model alone (tensors, batch 16) | PyTorch pipeline (PIL + model, batch 16) | serve / PyTorch | serve / model |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            if (r.TinyIngest320 is { } tinyRow)
            {
                Line($"| 320x240, tiny kit model | {r.TinyIngestImages} | {tinyRow.Describe()} | | | | | |");
            }

            foreach (var (name, samples) in r.Ingest)
            {
                var bytes = r.Embedder?.BytesImagesPerSecond.GetValueOrDefault(name);
                var torch = r.Torch?.PipelineImagesPerSecond.GetValueOrDefault(name);
                Line($"| {name}, full model | {r.IngestImages[name]} | {samples.Describe()} | {bytes?.Describe() ?? "—"} | {(double.IsNaN(model) ? "—" : model.ToString("F1", CultureInfo.InvariantCulture))} | {torch?.Describe() ?? "—"} | {(torch is null ? "—" : (samples.Median / torch.Median).ToString("F2", CultureInfo.InvariantCulture) + "x")} | {(double.IsNaN(model) ? "—" : Percent(samples.Median, model))} |");
            }

            if (r.Embedder is { } e)
            {
                text.AppendLine();
                text.AppendLine("Where an image's time goes before the model (one core, one image, ms, median (min–max)):");
                text.AppendLine();
                foreach (var (name, samples) in e.PreprocessMilliseconds)
                {
                    Line($"- {name}: check, decode, orientation, resize, crop and normalise {samples.Describe()}");
                }

                Line($"- The model alone on ready tensors, batch 16, both cores: {e.TensorImagesPerSecond.Describe()} images/s ({1000 / e.TensorImagesPerSecond.Median:F0} ms of both cores per image).");
            }

            if (r.Torch is { } t)
            {
                Line($"- PyTorch {t.Version} (`bench_torch.py`, random tensors): {t.ModelImagesPerSecondBatch1:F1} images/s at batch 1, {t.ModelImagesPerSecondBatch16:F1} at batch 16.");
            }

        }

        if (r.Search is not null)
        {
            text.AppendLine();
            text.AppendLine("## Search over HTTP");
            text.AppendLine();
            if (r.Search is { } s)
            {
                Line($"serve holding {r.Arguments.SearchVectors:N0} documents (CLIP-like random unit vectors, each with a stored blob so the watcher keeps them), full model. In the first two rows every text query is new (year x colour x make x body), so each request runs the text tower: serve's cache of recent texts cannot answer, though 16 clients' texts share its runs. The third row cycles through {SearchBench.PopularQueries} texts not searched before, so after the first pass they come from that cache. top=10.");
                text.AppendLine();
                text.AppendLine("| load | requests | p50 ms | p99 ms | max ms | requests/s |");
                text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
                Line($"| text, 1 client | {s.OneClientMilliseconds.Count} | {s.OneClientMilliseconds.Median:F1} | {s.OneClientMilliseconds.Percentile(99):F1} | {s.OneClientMilliseconds.Max:F1} | {1000 / s.OneClientMilliseconds.Median:F0} |");
                Line($"| text, 16 clients, {(r.Arguments.Quick ? 5 : 20)} s | {s.SixteenClientsMilliseconds.Count} | {s.SixteenClientsMilliseconds.Median:F1} | {s.SixteenClientsMilliseconds.Percentile(99):F1} | {s.SixteenClientsMilliseconds.Max:F1} | {s.SixteenClientsRequestsPerSecond:F0} |");
                Line($"| text, 16 clients, {SearchBench.PopularQueries} popular queries, {(r.Arguments.Quick ? 5 : 20)} s | {s.PopularMilliseconds.Count} | {s.PopularMilliseconds.Median:F1} | {s.PopularMilliseconds.Percentile(99):F1} | {s.PopularMilliseconds.Max:F1} | {s.PopularRequestsPerSecond:F0} |");
                foreach (var (name, times) in s.ImageSearchMilliseconds)
                {
                    Line($"| image, one {name} JPEG, 1 client | {times.Count} | {times.Median:F0} | {times.Percentile(99):F0} | {times.Max:F0} | |");
                }

                var embed = new Samples(s.OneClientRequests.Select(t => t.EmbedMilliseconds));
                var topK = new Samples(s.OneClientRequests.Select(t => t.IndexMilliseconds));
                var rest = new Samples(s.OneClientRequests.Select(t => t.RestMilliseconds));
                Line($"\nWhere one client's time goes, from serve's Server-Timing header (p50 / p99 / max ms): text tower {embed.Median:F1} / {embed.Percentile(99):F1} / {embed.Max:F1}; index top-10 {topK.Median:F1} / {topK.Percentile(99):F1} / {topK.Max:F1}; the rest (HTTP, routing, JSON, the client) {rest.Median:F1} / {rest.Percentile(99):F1} / {rest.Max:F1}. Its slowest requests, in the order sent (request: total = tower + index + rest):");
                text.AppendLine(string.Join("; ", s.OneClientRequests
                    .Select((t, i) => (t, i))
                    .OrderByDescending(x => x.t.Milliseconds)
                    .Take(6)
                    .OrderBy(x => x.i)
                    .Select(x => string.Create(CultureInfo.InvariantCulture, $"#{x.i + 1}: {x.t.Milliseconds:F1} = {x.t.EmbedMilliseconds:F1} + {x.t.IndexMilliseconds:F1} + {x.t.RestMilliseconds:F1}"))) + ".");
                Line($"\nErrors: {s.Errors}. The watcher's interval was set to 10 minutes for this serve (`CarSearch__Ingest__ReconciliationInterval`), after its first scan had found all {r.Arguments.SearchVectors:N0} indexed: listing 100k blobs from Azurite every 2 s costs seconds of CPU that belongs to the watcher, not to search.");
            }

        }

        if (r.ColdStartSeconds is not null || r.IngestRssBytes > 0)
        {
            text.AppendLine();
            text.AppendLine("## Start and memory");
            text.AppendLine();
            if (r.ColdStartSeconds is { } c)
            {
                Line($"- Process start to the first answered text search (`carsearch serve`, full model, Azurite already up): {c.Describe("F2")} s; the first start had an empty index, the others the ingest's.");
                if (r.ColdStartAt100kSeconds is { } c100)
                {
                    Line($"- The same with {r.Arguments.SearchVectors:N0} documents to load: {c100.Describe("F2")} s.");
                }

                if (r.Embedder is { } em)
                {
                    Line($"- Model load alone (both ONNX sessions and the tokenizer, in process): {em.LoadSeconds.Describe("F2")} s; the model id's hash of both files {em.FingerprintSeconds:F2} s.");
                }
            }

            if (r.IngestRssBytes > 0)
            {
                Line($"- Peak resident memory of serve (sampled every 50 ms): idle after start {Megabytes(r.IdleRssBytes)} MB; during the ingest runs {Megabytes(r.IngestRssBytes)} MB{(r.SearchRssBytes > 0 ? string.Create(CultureInfo.InvariantCulture, $"; during the search load ({r.Arguments.SearchVectors:N0} documents) {Megabytes(r.SearchRssBytes)} MB") : "")}.");
            }

        }

        if (r.Index is { } ix)
        {
            text.AppendLine();
            text.AppendLine("## Embedded index at scale");
            text.AppendLine();
            Line($"- {ix.Vectors:N0} documents (512-d, two metadata values each), snapshot {ix.SnapshotBytes / (1L << 20):N0} MiB.");
            Line($"- Reopen (map the snapshot's vector blocks and check their hashes, load and check the documents, rebuild the id map and postings): {ix.ReopenSeconds.Describe()} s in the process that built the index, its code compiled; {ix.FreshReopenSeconds.Describe()} s as a fresh process's first open, as `carsearch serve` opens its index at start.");
            Line($"- One writer awaiting each upsert of a random existing id while `CompactAsync` rewrote the snapshot in the background ({ix.CompactionSeconds:F1} s): {ix.WritesDuringCompactionMilliseconds.Count:N0} writes during it, longest {ix.WorstWriteDuringCompactionMilliseconds:F1} ms, p99 {ix.WritesDuringCompactionMilliseconds.Percentile(99):F1} ms; all writes {ix.WriteMilliseconds.Describe("F2")} ms.");
        }

        if (r.Int8 is { } i8)
        {
            text.AppendLine();
            text.AppendLine("## int8");
            text.AppendLine();
            Line($"`models/quantize_int8.py` made `{i8.Int8Model}` from the float32 folder: image tower {i8.Float32ImageBytes / 1e6:F0} MB -> {i8.Int8ImageBytes / 1e6:F0} MB. Runs alternate between the two sessions, in one process, on the same 16 ready tensors.");
            text.AppendLine();
            text.AppendLine("| | float32 | int8 | int8 / float32 |");
            text.AppendLine("| --- | ---: | ---: | ---: |");
            Line($"| image tower, batch 16, images/s | {i8.Float32ImagesPerSecond.Describe()} | {i8.Int8ImagesPerSecond.Describe()} | {i8.Int8ImagesPerSecond.Median / i8.Float32ImagesPerSecond.Median:F2}x |");
            Line($"| text tower, one text, ms | {i8.Float32TextMilliseconds.Describe()} | {i8.Int8TextMilliseconds.Describe()} | {i8.Float32TextMilliseconds.Median / i8.Int8TextMilliseconds.Median:F2}x faster |");
            text.AppendLine();
            Line($"Cosine of each int8 embedding to its float32 one, the kit's {i8.ImageCosines.Count} images and {i8.TextCosines.Count} texts, median (min–max):");
            text.AppendLine();
            Line($"- full-size random ViT-B/32: images {i8.ImageCosines.Describe("F4")}, texts {i8.TextCosines.Describe("F4")}");
            if (i8.KitModelImageCosines is { } kitImages && i8.KitModelTextCosines is { } kitTexts)
            {
                Line($"- the kit's tiny model (what `QuantizedModelTests` bounds): images {kitImages.Describe("F4")}, texts {kitTexts.Describe("F4")}");
            }
        }

        if (r.Loads.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## How busy the machine was");
            text.AppendLine();
            text.AppendLine("The machine is shared with other work; its 1-minute load average (2 cores) as each phase began:");
            text.AppendLine();
            foreach (var (phase, load) in r.Loads)
            {
                Line($"- {phase}: {load:F1}");
            }
        }

        foreach (var note in r.Notes)
        {
            text.AppendLine();
            text.AppendLine(note);
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string measure, string result, string target, bool? met) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {measure} | {result} | {target} | {(met is null ? "" : met.Value ? "met" : "**missed**")} |");

    private static string Percent(double part, double whole) => (part / whole).ToString("P0", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("N0", CultureInfo.InvariantCulture);
}
