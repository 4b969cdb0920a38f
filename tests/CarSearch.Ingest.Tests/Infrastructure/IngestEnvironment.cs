using CarSearch.Core.Embeddings;
using CarSearch.Core.Embeddings.Model;
using CarSearch.Tests;

namespace CarSearch.Ingest.Tests.Infrastructure;

/// <summary>What every test here shares, started once: a real Azurite and the kit's model.</summary>
public sealed class IngestEnvironment : IDisposable
{
    public IngestEnvironment()
    {
        Azurite = new AzuriteServer();
        Embedder = ClipEmbedder.Open(new ModelFolder(ReferenceKit.ModelDirectory));
    }

    public AzuriteServer Azurite { get; }

    public ClipEmbedder Embedder { get; }

    public void Dispose()
    {
        Embedder.Dispose();
        Azurite.Dispose();
    }
}

/// <summary>Tests that share the Azurite instance and the model; xunit runs them one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class WithAzuriteAndModel : ICollectionFixture<IngestEnvironment>
{
    public const string Name = "Azurite and the kit model";
}
