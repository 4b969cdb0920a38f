namespace CarSearch.Infra.Tests.Publishing;

/// <summary>A model folder whose files only name themselves: publishing copies them and never reads them.</summary>
internal static class StandInModel
{
    public static string Write(DirectoryInfo under, IEnumerable<string> files)
    {
        var model = Directory.CreateDirectory(Path.Combine(under.FullName, "model")).FullName;
        foreach (var name in files)
        {
            File.WriteAllText(Path.Combine(model, name), $"stand-in {name}");
        }

        return model;
    }
}
