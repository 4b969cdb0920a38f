using System.Text.Json.Nodes;

namespace CarSearch.Tests.Cosmos;

/// <summary>
/// The resources of the fake account: databases, containers and items, with resource ids (RIDs) shaped like the
/// service's (base64 of 4 bytes for a database, 8 for a container), because the SDK parses them.
/// </summary>
public sealed class FakeCosmosStore
{
    private readonly Dictionary<string, FakeDatabase> _databases = new(StringComparer.Ordinal);
    private long _sequence;

    public IReadOnlyDictionary<string, FakeDatabase> Databases => _databases;

    public FakeDatabase AddDatabase(JsonObject resource)
    {
        var id = resource["id"]!.GetValue<string>();
        var rid = Convert.ToBase64String([0xf5, 0x52, 0x05, (byte)(_databases.Count + 1)]);
        Stamp(resource, rid, $"dbs/{rid}/");
        resource["_colls"] = "colls/";
        resource["_users"] = "users/";
        return _databases[id] = new FakeDatabase(id, rid, resource);
    }

    public FakeDatabase? FindDatabase(string nameOrRid) =>
        _databases.GetValueOrDefault(nameOrRid) ?? _databases.Values.FirstOrDefault(d => d.Rid == nameOrRid);

    public FakeContainer AddContainer(FakeDatabase database, JsonObject resource)
    {
        var id = resource["id"]!.GetValue<string>();
        var ridBytes = Convert.FromBase64String(database.Rid).Concat(new byte[] { 0xab, 0x7c, 0x31, (byte)(database.Containers.Count + 1) });
        var rid = Convert.ToBase64String(ridBytes.ToArray());
        Stamp(resource, rid, $"dbs/{database.Rid}/colls/{rid}/");
        foreach (var link in new[] { "docs", "sprocs", "triggers", "udfs", "conflicts" })
        {
            resource[$"_{link}"] = $"{link}/";
        }

        return database.Containers[id] = new FakeContainer(id, rid, resource);
    }

    /// <summary>Adds the system properties an item gets on write.</summary>
    public void StampItem(FakeContainer container, JsonObject item)
    {
        var rid = Convert.ToBase64String(Convert.FromBase64String(container.Rid).Concat(BitConverter.GetBytes(++_sequence)).ToArray());
        Stamp(item, rid, $"{container.Resource["_self"]}docs/{rid}/");
        item["_attachments"] = "attachments/";
    }

    public long NextSequence() => ++_sequence;

    private void Stamp(JsonObject resource, string rid, string self)
    {
        resource["_rid"] = rid;
        resource["_self"] = self;
        resource["_etag"] = $"\"{Guid.NewGuid()}\"";
        resource["_ts"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _sequence++;
    }
}

/// <summary>A database of the fake account.</summary>
public sealed record FakeDatabase(string Id, string Rid, JsonObject Resource)
{
    public Dictionary<string, FakeContainer> Containers { get; } = new(StringComparer.Ordinal);

    public FakeContainer? FindContainer(string nameOrRid) =>
        Containers.GetValueOrDefault(nameOrRid) ?? Containers.Values.FirstOrDefault(c => c.Rid == nameOrRid);
}

/// <summary>A container of the fake account: its resource as created (policy included) and its items by id.</summary>
public sealed record FakeContainer(string Id, string Rid, JsonObject Resource)
{
    public Dictionary<string, JsonObject> Items { get; } = new(StringComparer.Ordinal);
}
