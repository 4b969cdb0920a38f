using CarSearch.Core.Index;
using CarSearch.Cosmos.Configuration;

namespace CarSearch.Cosmos.Tests.Configuration;

/// <summary>Cosmos DB settings that cannot work are refused with a message naming the setting to fix.</summary>
public class CosmosIndexOptionsValidatorTests
{
    private static readonly CosmosIndexOptionsValidator Validator = new();

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "Cosmos:Endpoint", "", "CarSearch:Index:Cosmos:Endpoint is required when CarSearch:Index:Kind is 'cosmos'" },
        { "Cosmos:Endpoint", "myaccount.documents.azure.com", "CarSearch:Index:Cosmos:Endpoint 'myaccount.documents.azure.com' is not an absolute https URL." },
        { "Cosmos:Database", " ", "CarSearch:Index:Cosmos:Database is required when CarSearch:Index:Kind is 'cosmos'." },
        { "Cosmos:Container", "", "CarSearch:Index:Cosmos:Container is required when CarSearch:Index:Kind is 'cosmos'." },
        { "Cosmos:VectorIndexType", "flat", "A flat index is limited to 505 dimensions" },
        { "Cosmos:VectorIndexType", "hnsw", "CarSearch:Index:Cosmos:VectorIndexType is 'hnsw'; valid values are 'diskANN', 'quantizedFlat'." },
        { "Dimensions", "8192", "a Cosmos DB vector policy allows at most 4096" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void ABadSettingFailsWithAMessageNamingIt(string setting, string value, string message)
    {
        var options = ValidCosmos();
        Set(options, setting, value);

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("diskANN")]
    [InlineData("quantizedflat")]
    [InlineData("DISKANN")]
    public void ACompleteCosmosConfigurationPassesWhateverTheCase(string indexType)
    {
        var options = ValidCosmos();
        options.Cosmos.VectorIndexType = indexType;

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    private static IndexOptions ValidCosmos() => new()
    {
        Kind = IndexOptions.CosmosKind,
        Cosmos = new CosmosIndexOptions { Endpoint = "https://myaccount.documents.azure.com:443/" },
    };

    private static void Set(IndexOptions options, string setting, string value)
    {
        switch (setting)
        {
            case "Dimensions": options.Dimensions = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Cosmos:Endpoint": options.Cosmos.Endpoint = value; break;
            case "Cosmos:Database": options.Cosmos.Database = value; break;
            case "Cosmos:Container": options.Cosmos.Container = value; break;
            case "Cosmos:VectorIndexType": options.Cosmos.VectorIndexType = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(setting), setting, "Not a setting this test knows.");
        }
    }
}
