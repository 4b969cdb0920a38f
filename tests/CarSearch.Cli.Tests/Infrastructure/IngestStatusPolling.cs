using System.Net.Http.Json;
using System.Text.Json;

namespace CarSearch.Cli.Tests.Infrastructure;

/// <summary>Waits for serve's ingest status to say something, as the page's status panel would see it.</summary>
internal static class IngestStatusPolling
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Polls <c>/api/ingest/status</c> until <paramref name="condition"/> holds; fails with the last status and
    /// <paramref name="log"/> (what serve printed) when it does not within <paramref name="within"/>.
    /// </summary>
    public static async Task<JsonElement> WaitForAsync(
        HttpClient client, Func<JsonElement, bool> condition, string what, object log, TimeSpan? within = null)
    {
        var deadline = within ?? DefaultDeadline;
        var giveUpAt = DateTime.UtcNow + deadline;
        while (true)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/api/ingest/status");
            if (condition(status))
            {
                return status;
            }

            if (DateTime.UtcNow > giveUpAt)
            {
                Assert.Fail($"Not {what} within {deadline.TotalSeconds:0} s. Last status: {status}\nLog:\n{log}");
            }

            await Task.Delay(50);
        }
    }
}
