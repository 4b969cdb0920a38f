using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CarSearch.Tests;

/// <summary>
/// Tests host serve and the Functions app in the test host and time their answers (a status within 1 s during an
/// outage). The test platform shares the host's thread pool: xunit's assembly runner waits on a handle and vstest's
/// message loop polls a socket, each on a pool thread for the whole run. With two cores the pool's floor is two
/// threads, so after a quiet spell both can be those two, and work queued meanwhile (a status request) waits 0.5–1 s
/// for the pool's starvation check to add a thread. An app in a process of its own has no such threads: the floor is
/// raised by them, so answers are timed as a user would see them. It runs when a test first uses this library, which
/// every test that starts an app does (Azurite, the kit).
/// </summary>
internal static class ThreadPoolFloor
{
    /// <summary>Pool threads the test platform keeps blocked for the whole run.</summary>
    private const int HeldByTestPlatform = 2;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "A library of tests' own, loaded only into test hosts: the one place all of them pass through.")]
    internal static void RaiseForTestPlatform()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount + HeldByTestPlatform), completionPorts);
    }
}
