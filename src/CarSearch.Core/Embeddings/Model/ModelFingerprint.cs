using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CarSearch.Core.Embeddings.Model;

/// <summary>
/// Short content hash of a model's two ONNX towers, so a vector stored by one model is told apart from another's.
/// </summary>
/// <remarks>
/// The whole files are hashed, not a size/head/tail sample: two exports of the same architecture (fp32 vs a
/// fine-tune, or re-exported with other weights) can share size, header and graph tail and differ only in the
/// initializers in the middle, and a wrong "same model" answer silently mixes incompatible vectors in the index.
/// SHA-256 streams at ~450 MB/s here, so the ~600 MB of ViT-B/32 costs about 1.3 s of CPU (the two files hash on two
/// cores at once), once per model: each file's digest is kept in memory and in the user's <see cref="FileDigestCache"/> under
/// the file's path, size and write time, and computed only when <see cref="ModelFolder.ModelId"/> is first read.
/// </remarks>
internal static class ModelFingerprint
{
    /// <summary>Hex digits kept: 48 bits make an accidental collision between a handful of models negligible.</summary>
    public const int HexLength = 12;

    private const int ReadBufferSize = 1 << 20;

    private static readonly ConcurrentDictionary<string, Lazy<string>> Cache = new();

    /// <summary>
    /// First <see cref="HexLength"/> hex digits of SHA-256(SHA-256(image) || SHA-256(text)): built from per-file
    /// digests so it can be recomputed from the SHA-256 sums that <c>models/download.sh</c> prints.
    /// </summary>
    public static string Of(string imageModelPath, string textModelPath)
    {
        var key = $"{Stamp(imageModelPath)}|{Stamp(textModelPath)}";
        return Cache.GetOrAdd(key, _ => new Lazy<string>(() => Compute(imageModelPath, textModelPath, FileDigestCache.DefaultPath))).Value;
    }

    /// <param name="digestCache">Where each tower's digest is remembered between processes (<see cref="FileDigestCache"/>).</param>
    internal static string Compute(string imageModelPath, string textModelPath, string? digestCache)
    {
        FileInfo[] files = [new(imageModelPath), new(textModelPath)];
        var digests = new byte[files.Length * SHA256.HashSizeInBytes];

        var cache = FileDigestCache.Load(digestCache);
        var missing = Enumerable.Range(0, files.Length)
            .Where(i => !cache.TryGet(files[i], digests.AsSpan(i * SHA256.HashSizeInBytes, SHA256.HashSizeInBytes)))
            .ToArray();

        // One file per core: SHA-256 is sequential within a file, so the two towers hash side by side.
        Parallel.ForEach(missing, i => HashFile(files[i].FullName, digests.AsSpan(i * SHA256.HashSizeInBytes, SHA256.HashSizeInBytes)));
        foreach (var i in missing)
        {
            cache.Set(files[i], digests.AsSpan(i * SHA256.HashSizeInBytes, SHA256.HashSizeInBytes));
        }

        cache.Save();
        var combined = SHA256.HashData(digests);
        return Convert.ToHexStringLower(combined)[..HexLength];
    }

    private static void HashFile(string path, Span<byte> destination)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferSize, FileOptions.SequentialScan);
        SHA256.HashData(stream, destination);
    }

    private static string Stamp(string path)
    {
        var file = new FileInfo(path);
        return $"{file.FullName}:{file.Length}:{file.LastWriteTimeUtc.Ticks}";
    }
}
