using CarSearch.Tests;

namespace CarSearch.Web.Tests.Infrastructure;

/// <summary>Two different kit texts, for tests that search, then search or refine with other words.</summary>
public static class SearchTexts
{
    public static string Text => KitCatalog.SearchableRankings.First().Text;

    public static string OtherText => KitCatalog.SearchableRankings.Skip(1).First(ranking => ranking.Text != Text).Text;
}
