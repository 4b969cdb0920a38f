using System.Diagnostics.Tracing;

namespace CarSearch.Benchmarks;

/// <summary>
/// The runtime's own GC events, in process: each collection's generation, reason and pause, so a measurement can
/// say which collections a load caused and why (no dotnet-trace on these machines).
/// </summary>
internal sealed class GcEvents : EventListener
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(uint Depth, string Reason), (int Count, double Milliseconds)> _byKind = [];
    private (uint Depth, string Reason, DateTime Start)? _current;

    public string Summary()
    {
        lock (_gate)
        {
            return string.Join("; ", _byKind.OrderByDescending(kind => kind.Value.Milliseconds)
                .Select(kind => $"gen{kind.Key.Depth} {kind.Key.Reason}: {kind.Value.Count} in {kind.Value.Milliseconds:F0} ms"));
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _byKind.Clear();
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        lock (_gate)
        {
            if (eventData.EventName == "GCStart_V2" && eventData.Payload is { } start)
            {
                _current = (Convert.ToUInt32(start[1], System.Globalization.CultureInfo.InvariantCulture), ReasonName(start[2]), eventData.TimeStamp);
            }
            else if (eventData.EventName == "GCEnd_V1" && _current is { } current)
            {
                var key = (current.Depth, current.Reason);
                var (count, milliseconds) = _byKind.GetValueOrDefault(key);
                _byKind[key] = (count + 1, milliseconds + (eventData.TimeStamp - current.Start).TotalMilliseconds);
                _current = null;
            }
        }
    }

    // GCStart's reason codes (the runtime's gc_reason enum).
    private static string ReasonName(object? reason) => Convert.ToUInt32(reason, System.Globalization.CultureInfo.InvariantCulture) switch
    {
        0 => "small-object allocation",
        1 => "induced",
        4 => "large-object allocation",
        6 => "out of space (small objects)",
        7 => "out of space (large objects)",
        var other => $"reason {other}",
    };
}
