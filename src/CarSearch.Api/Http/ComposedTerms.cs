using CarSearch.Core.Index;
using CarSearch.Core.Search;

namespace CarSearch.Api.Http;

/// <summary>
/// A composed query's terms as the request gave them, each with the names the request used for its text and its
/// weight (<c>q</c>, <c>not</c>; <c>terms[2].text</c>, <c>terms[2].weight</c>), so a rule a term breaks is answered
/// in the caller's words.
/// </summary>
internal sealed class ComposedTerms
{
    private readonly List<QueryTerm> _terms = [];
    private readonly List<(string Text, string Weight)> _names = [];

    public IReadOnlyList<QueryTerm> Terms => _terms;

    public void Add(QueryTerm term, string textName, string weightName)
    {
        _terms.Add(term);
        _names.Add((textName, weightName));
    }

    /// <summary>Runs the composed search; a term's broken rule is reworded with the term's name.</summary>
    public async Task<SearchPage> SearchAsync(SearchService search, SearchParameters parameters, CancellationToken cancellationToken)
    {
        try
        {
            return await search.SearchAsync(_terms, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidSearchException invalid) when (invalid.TermIndex is { } index && index < _names.Count)
        {
            var name = invalid.Reason == InvalidSearchReason.InvalidWeight ? _names[index].Weight : _names[index].Text;
            throw new QueryStringException(name, SearchRequestErrors.Detail(invalid, name));
        }
    }
}
