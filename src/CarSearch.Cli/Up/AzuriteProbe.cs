using System.Net.Sockets;

namespace CarSearch.Cli.Up;

/// <summary>What answers on a local port.</summary>
internal enum PortOccupant
{
    Nothing,
    Azurite,
    SomethingElse,
}

/// <summary>Tells whether an Azurite service already answers on a port of 127.0.0.1 (it names itself in the Server header).</summary>
internal static class AzuriteProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<PortOccupant> ProbeAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"), cancellationToken).ConfigureAwait(false);
            return response.Headers.Server.ToString().StartsWith("Azurite", StringComparison.OrdinalIgnoreCase)
                ? PortOccupant.Azurite
                : PortOccupant.SomethingElse;
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return PortOccupant.Nothing;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Something accepted the connection but did not answer HTTP in time.
            return PortOccupant.SomethingElse;
        }
    }
}
