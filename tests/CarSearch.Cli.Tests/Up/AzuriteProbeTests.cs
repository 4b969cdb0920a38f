using System.Net;
using System.Net.Sockets;
using System.Text;
using CarSearch.Cli.Tests.Serve;
using CarSearch.Cli.Up;
using CarSearch.Tests;

namespace CarSearch.Cli.Tests.Up;

/// <summary>How <c>carsearch up</c> tells a running Azurite (reuse it) from a free port (start one) and from another program (stop).</summary>
[Collection(SharedAzurite.Name)]
public sealed class AzuriteProbeTests(AzuriteServer azurite)
{
    [Fact]
    public async Task RecognisesARunningAzuritesBlobAndQueueServices()
    {
        Assert.Equal(PortOccupant.Azurite, await AzuriteProbe.ProbeAsync(azurite.BlobPort, CancellationToken.None));
        Assert.Equal(PortOccupant.Azurite, await AzuriteProbe.ProbeAsync(azurite.QueuePort, CancellationToken.None));
    }

    [Fact]
    public async Task APortNobodyListensOnIsFree()
    {
        Assert.Equal(PortOccupant.Nothing, await AzuriteProbe.ProbeAsync(LocalPorts.Free(), CancellationToken.None));
    }

    [Fact]
    public async Task AnotherHttpServerIsNotTakenForAzurite()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var answer = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[4096]);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        });

        var occupant = await AzuriteProbe.ProbeAsync(((IPEndPoint)listener.LocalEndpoint).Port, CancellationToken.None);
        await answer;

        Assert.Equal(PortOccupant.SomethingElse, occupant);
    }
}
