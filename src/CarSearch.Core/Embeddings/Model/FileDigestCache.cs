using System.Globalization;
using System.Security.Cryptography;

namespace CarSearch.Core.Embeddings.Model;

/// <summary>
/// The SHA-256 of files in one folder, remembered in a small file beside them (<see cref="FileName"/>) under each
/// file's length and last write time, so that a process starting again does not read 600 MB of towers to name the
/// model.
/// </summary>
/// <remarks>
/// The key is the one the in-process cache of <see cref="ModelFingerprint"/> has always used: a tower replaced by
/// another (downloaded, copied, re-exported) gets a new write time, and its length usually changes too. Best effort:
/// a folder that cannot be written (a read-only deployment package) or a cache file that does not parse is hashed
/// again, as if there were no cache.
/// </remarks>
internal sealed class FileDigestCache
{
    /// <summary>
    /// <c>carsearch/model-sha256.tsv</c> in the user's local application data (<c>~/.local/share</c> on Linux);
    /// null where there is none. Deleting it costs one hashing of the towers.
    /// </summary>
    public static string? DefaultPath { get; } = DefaultLocation();

    private readonly string? _path;
    private readonly Dictionary<string, Entry> _entries;
    private bool _changed;

    private FileDigestCache(string? path, Dictionary<string, Entry> entries)
    {
        _path = path;
        _entries = entries;
    }

    /// <summary>Reads the cache at <paramref name="path"/>; an empty one when there is none or it cannot be read.</summary>
    public static FileDigestCache Load(string? path)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (path is null)
        {
            return new FileDigestCache(null, entries);
        }

        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (Entry.TryParse(line, out var name, out var entry))
                {
                    entries[name] = entry;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            entries.Clear();
        }

        return new FileDigestCache(path, entries);
    }

    /// <summary>The digest remembered for <paramref name="file"/>, when its length and write time are the ones it had.</summary>
    public bool TryGet(FileInfo file, Span<byte> digest) =>
        _entries.TryGetValue(file.FullName, out var entry)
        && entry.Length == file.Length
        && entry.WriteTicks == file.LastWriteTimeUtc.Ticks
        && Convert.FromHexString(entry.Sha256, digest, out _, out var written) == System.Buffers.OperationStatus.Done
        && written == SHA256.HashSizeInBytes;

    public void Set(FileInfo file, ReadOnlySpan<byte> digest)
    {
        _entries[file.FullName] = new Entry(file.Length, file.LastWriteTimeUtc.Ticks, Convert.ToHexStringLower(digest));
        _changed = true;
    }

    /// <summary>
    /// Writes the cache when it changed: to a temporary file renamed over the old one, so no reader sees half.
    /// </summary>
    public void Save()
    {
        if (!_changed || _path is null)
        {
            return;
        }

        var temporary = $"{_path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            // Entries of files that are gone (a model deleted or moved) are dropped, so the file stays a few lines long.
            File.WriteAllLines(temporary, _entries.Where(pair => File.Exists(pair.Key)).Select(pair => pair.Value.Format(pair.Key)));
            File.Move(temporary, _path, overwrite: true);
            _changed = false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A folder that cannot be written: the towers are hashed again at the next start, which is all the cache saves.
            TryDelete(temporary);
        }
    }

    private static string? DefaultLocation()
    {
        var folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return string.IsNullOrEmpty(folder) ? null : Path.Combine(folder, "carsearch", "model-sha256.tsv");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing was written, or it cannot be removed either.
        }
    }

    /// <summary>One line: <c>full path TAB length TAB write time (UTC ticks) TAB SHA-256 in hex</c>.</summary>
    private sealed record Entry(long Length, long WriteTicks, string Sha256)
    {
        public string Format(string name) =>
            string.Join('\t', name, Length.ToString(CultureInfo.InvariantCulture), WriteTicks.ToString(CultureInfo.InvariantCulture), Sha256);

        public static bool TryParse(string line, out string name, out Entry entry)
        {
            var parts = line.Split('\t');
            name = parts[0];
            entry = null!;
            if (parts.Length != 4
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || parts[3].Length != 2 * SHA256.HashSizeInBytes)
            {
                return false;
            }

            entry = new Entry(length, ticks, parts[3]);
            return true;
        }
    }
}
