using System.Collections.Frozen;
using System.IO.Hashing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace CarSearch.Api.Web;

/// <summary>One file of the web page, held in memory with what it is served with.</summary>
/// <param name="Path">Its path under the page's root, with forward slashes (<c>js/main.js</c>).</param>
internal sealed record WebPageAsset(string Path, byte[] Content, string ContentType, EntityTagHeaderValue EntityTag)
{
    public static WebPageAsset Create(string path, byte[] content, string contentType) =>
        new(path, content, contentType, new EntityTagHeaderValue($"\"{XxHash3.HashToUInt64(content):x16}\""));
}

/// <summary>
/// The page's files, embedded in this assembly from <c>wwwroot/</c> and read once: they are a few kilobytes, and a
/// lookup in a fixed table of known paths cannot be steered outside it (no "..", no file system).
/// </summary>
internal sealed class WebPageAssets
{
    /// <summary>The folder of this project the files are embedded from (see the csproj).</summary>
    public const string Root = "wwwroot";

    private const string Utf8 = "; charset=utf-8";

    private static readonly Lazy<WebPageAssets> LazyEmbedded = new(() =>
        new WebPageAssets(new ManifestEmbeddedFileProvider(typeof(WebPageAssets).Assembly, Root)));

    private readonly FrozenDictionary<string, WebPageAsset> _assets;

    public WebPageAssets(IFileProvider files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var types = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, WebPageAsset>(StringComparer.Ordinal);
        Collect(files, "/", types, assets);
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The files embedded in this assembly.</summary>
    public static WebPageAssets Embedded => LazyEmbedded.Value;

    /// <summary>Every file's path, e.g. <c>index.html</c>, <c>js/main.js</c>.</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    public bool TryGet(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WebPageAsset? asset) =>
        _assets.TryGetValue(path, out asset);

    private static void Collect(IFileProvider files, string directory, FileExtensionContentTypeProvider types, Dictionary<string, WebPageAsset> assets)
    {
        foreach (var entry in files.GetDirectoryContents(directory))
        {
            var path = directory == "/" ? entry.Name : $"{directory}/{entry.Name}";
            if (entry.IsDirectory)
            {
                Collect(files, path, types, assets);
                continue;
            }

            using var stream = entry.CreateReadStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            assets[path] = WebPageAsset.Create(path, buffer.ToArray(), ContentTypeOf(path, types));
        }
    }

    /// <summary>By extension (the files are ours); text types say UTF-8 so no browser guesses another encoding.</summary>
    private static string ContentTypeOf(string path, FileExtensionContentTypeProvider types)
    {
        if (!types.TryGetContentType(path, out var type))
        {
            return "application/octet-stream";
        }

        return type.StartsWith("text/", StringComparison.Ordinal) || type is "application/json" or "image/svg+xml"
            ? type + Utf8
            : type;
    }
}
