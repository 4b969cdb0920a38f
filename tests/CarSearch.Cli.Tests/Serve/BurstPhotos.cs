using Azure.Storage.Blobs;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CarSearch.Cli.Tests.Serve;

/// <summary>
/// Photos for load tests: small distinct JPEGs drawn in code (no kit file is copied), uploaded many at a time the way
/// a sync tool or a busy shop would.
/// </summary>
internal static class BurstPhotos
{
    /// <summary><paramref name="count"/> different JPEGs of the given size, each a gradient of its own colours.</summary>
    public static IReadOnlyList<byte[]> Draw(int count, int width = 320, int height = 240)
    {
        var photos = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            using var image = new Image<Rgb24>(width, height);
            var (r, g, b) = ((byte)(i * 37), (byte)(i * 91), (byte)(i * 53));
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        row[x] = new Rgb24((byte)(r + x), (byte)(g + y), (byte)(b + x + y));
                    }
                }
            });
            using var jpeg = new MemoryStream();
            image.SaveAsJpeg(jpeg);
            photos.Add(jpeg.ToArray());
        }

        return photos;
    }

    /// <summary>Uploads every (name, bytes) with <paramref name="concurrency"/> uploads in flight at once.</summary>
    public static async Task UploadAsync(BlobContainerClient container, IEnumerable<(string Name, byte[] Content)> blobs, int concurrency)
    {
        await Parallel.ForEachAsync(
            blobs,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (blob, token) => await container.GetBlobClient(blob.Name).UploadAsync(BinaryData.FromBytes(blob.Content), token));
    }
}
