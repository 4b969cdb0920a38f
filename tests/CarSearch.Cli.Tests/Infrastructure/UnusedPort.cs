using System.Net;
using System.Net.Sockets;

namespace CarSearch.Cli.Tests.Infrastructure;

/// <summary>A loopback port nothing listens on, for "cannot reach" tests.</summary>
internal static class UnusedPort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
