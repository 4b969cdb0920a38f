using CarSearch.Infra.Tests.Bicep;
using CarSearch.Storage;

namespace CarSearch.Infra.Tests;

/// <summary>The storage account takes no keys; uploads reach the app's container and deletes reach its queue.</summary>
public class StorageAndEventsTests
{
    private const string BlobDeleted = "Microsoft.Storage.BlobDeleted";

    [Fact]
    public void StorageAcceptsNoSharedKeyAndNoAnonymousReads()
    {
        var storage = CompiledInfrastructure.Defaults.Single(ResourceTypes.StorageAccount).Properties;

        Assert.False(storage["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(storage["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", storage["minimumTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void TheImagesContainerAndDeletesQueueAreTheOnesTheAppWatches()
    {
        var deployment = CompiledInfrastructure.Defaults;
        var settings = AppSettings.Of(deployment);

        Assert.Contains(settings[AppSettings.ImagesContainer], deployment.OfType(ResourceTypes.BlobContainer).Select(c => c.Name.Split('/')[^1]));
        Assert.Contains(settings[AppSettings.ImageDeletesQueue], deployment.OfType(ResourceTypes.Queue).Select(q => q.Name.Split('/')[^1]));
    }

    [Fact]
    public void TheThumbnailContainerTheAppWritesToIsDeclaredApartFromTheImages()
    {
        var deployment = CompiledInfrastructure.Defaults;
        var settings = AppSettings.Of(deployment);
        var containers = deployment.OfType(ResourceTypes.BlobContainer).Select(c => c.Name.Split('/')[^1]).ToList();

        // Apart, so thumbnails never reach the blob trigger or the deletes subscription (both filter on the images container).
        Assert.Contains(settings[AppSettings.ThumbnailContainer], containers);
        Assert.NotEqual(settings[AppSettings.ImagesContainer], settings[AppSettings.ThumbnailContainer]);
        Assert.Equal(StorageOptions.DefaultThumbnailContainer, settings[AppSettings.ThumbnailContainer]);
    }

    [Fact]
    public void DeletedImagesAreQueuedForTheAppWithTheIdentity()
    {
        var deployment = CompiledInfrastructure.Defaults;
        var settings = AppSettings.Of(deployment);
        var topic = deployment.Single(ResourceTypes.SystemTopic);
        var subscription = deployment.OfType(ResourceTypes.EventSubscription)
            .Single(s => s.Properties["filter"]!["includedEventTypes"]!.AsArray().Any(t => t!.GetValue<string>() == BlobDeleted));
        var filter = subscription.Properties["filter"]!;
        var delivery = subscription.Properties["deliveryWithResourceIdentity"]!;

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.Properties["topicType"]!.GetValue<string>());
        Assert.Equal([BlobDeleted], filter["includedEventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal($"/blobServices/default/containers/{settings[AppSettings.ImagesContainer]}/", filter["subjectBeginsWith"]!.GetValue<string>());

        // The account accepts no keys, so Event Grid must write with an identity that has a queue data role.
        Assert.Equal("UserAssigned", delivery["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("UserAssigned", topic["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("StorageQueue", delivery["destination"]!["endpointType"]!.GetValue<string>());
        Assert.Equal(settings[AppSettings.ImageDeletesQueue], delivery["destination"]!["properties"]!["queueName"]!.GetValue<string>());
        Assert.Equal(-1, delivery["destination"]!["properties"]!["queueMessageTimeToLiveInSeconds"]!.GetValue<int>());
    }
}
