namespace CarSearch.Storage;

/// <summary>What <see cref="BlobImageUploader.UploadIfChangedAsync"/> had to do.</summary>
public enum UploadResult
{
    Uploaded,
    MetadataUpdated,
    Unchanged,
}
