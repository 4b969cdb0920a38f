namespace CarSearch.Web.Tests.Infrastructure;

/// <summary>A file to put in the images container: its blob name, bytes and metadata.</summary>
public sealed record SeedImage(string Name, byte[] Content, IReadOnlyDictionary<string, string> Metadata);
