using System.Buffers;

namespace CarSearch.Core.Storage;

/// <summary>
/// A stored image whose bytes lie in a buffer rented from a pool (<see cref="IImageStore.RentAsync"/>): the ingest
/// reads each upload once, so a burst of uploads reuses a few buffers instead of allocating megabytes per image.
/// Dispose gives the buffer back; <see cref="Image"/>'s content must not be read after that.
/// </summary>
public sealed class RentedImage : IDisposable
{
    private readonly ArrayPool<byte>? _pool;
    private byte[]? _buffer;

    /// <param name="buffer">Holds the image's bytes in its first <paramref name="length"/> bytes.</param>
    /// <param name="pool">Where the buffer goes back on dispose.</param>
    public RentedImage(StoredImageInfo info, string? contentType, byte[] buffer, int length, ArrayPool<byte> pool)
        : this(
            new StoredImage(
                info?.Name ?? throw new ArgumentNullException(nameof(info)),
                (buffer ?? throw new ArgumentNullException(nameof(buffer))).AsMemory(0, length),
                info.Metadata,
                contentType,
                info.LastModified,
                info.Version),
            buffer,
            pool ?? throw new ArgumentNullException(nameof(pool)))
    {
    }

    private RentedImage(StoredImage image, byte[]? buffer, ArrayPool<byte>? pool)
    {
        Image = image;
        _buffer = buffer;
        _pool = pool;
    }

    /// <summary>The image, its content over the rented buffer: valid until this is disposed.</summary>
    public StoredImage Image { get; }

    /// <summary>An image already in memory (a store without a pool): nothing goes back on dispose.</summary>
    public static RentedImage Unpooled(StoredImage image) =>
        new(image ?? throw new ArgumentNullException(nameof(image)), buffer: null, pool: null);

    public void Dispose()
    {
        // Once only: the same array returned twice would be handed to two renters at once.
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            _pool!.Return(buffer);
        }
    }
}
