using System.Text;
using CarSearch.Tests;

namespace CarSearch.Web.Tests.Infrastructure;

/// <summary>
/// What the page's host is seeded with, driven by the kit's images.json: every kit image stored upright, each with a
/// make (taken in turn from <see cref="Makes"/>, one beyond ASCII) and its format, plus one file that is not an image,
/// so the ingest status has a failure to show.
/// </summary>
public static class SeedCatalog
{
    public const string MakeField = "make";

    public const string FormatField = "format";

    /// <summary>A text file dressed as a photo: the ingest rejects it and the ledger records why.</summary>
    public const string NotAnImageName = "notes-not-a-photo.jpg";

    public static readonly IReadOnlyList<string> Makes = ["Tesla", "Volvo", "Škoda"];

    /// <summary>
    /// The kit's images without an EXIF rotation: the reference ignores EXIF while we embed photos upright on purpose,
    /// so only these rank as rankings.json says (the API's own tests cover the rotated ones).
    /// </summary>
    public static IReadOnlyList<KitImage> Images { get; } = [.. KitImages.Upright];

    public static byte[] NotAnImage { get; } = Encoding.UTF8.GetBytes("Shopping list: tyres, wiper blades, coolant.\n");

    public static string MakeOf(KitImage image) => Makes[IndexOf(image) % Makes.Count];

    public static IReadOnlyList<SeedImage> Seeds() =>
    [
        .. Images.Select(image => new SeedImage(image.File, image.ReadBytes(), new Dictionary<string, string>
        {
            [MakeField] = MakeOf(image),
            [FormatField] = image.Format,
        })),
        new SeedImage(NotAnImageName, NotAnImage, new Dictionary<string, string>()),
    ];

    public static KitImage Image(string file) => Images.Single(image => image.File == file);

    public static TheoryData<string> ImageFiles() => [.. Images.Select(image => image.File)];

    private static int IndexOf(KitImage image)
    {
        for (var i = 0; i < Images.Count; i++)
        {
            if (Images[i].File == image.File)
            {
                return i;
            }
        }

        throw new ArgumentException($"{image.File} is not seeded.", nameof(image));
    }
}
