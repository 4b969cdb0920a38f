using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CarSearch.Tests.Cosmos;

/// <summary>
/// The small subset of Cosmos DB SQL the index sends, parsed and evaluated over JSON items: SELECT [VALUE] [TOP n],
/// projections with AS, object and array literals, WHERE with AND / = / !=, property and bracket paths
/// (<c>c.metadata[@key]</c>), parameters, COUNT(1) over the whole result, ORDER BY VectorDistance (cosine, best first),
/// ARRAY_CONTAINS(array, value).
/// SELECT VALUE c returns whole items. Anything else is rejected loudly, so a query the index changes is noticed here rather than half-served.
/// </summary>
public sealed partial class FakeSql
{
    /// <summary>The parameter name under which <see cref="Query.Run"/> hands COUNT(1) its result.</summary>
    private const string CountSlot = "COUNT(1)";

    private readonly List<string> _tokens;
    private int _position;
    private bool _aggregate;

    private FakeSql(string text)
    {
        _tokens = Tokenizer().Matches(text).Select(m => m.Value).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
    }

    public static Query Parse(string text)
    {
        var parser = new FakeSql(text);
        var query = parser.ParseQuery();
        return parser._position == parser._tokens.Count
            ? query
            : throw new NotSupportedException($"Fake Cosmos SQL: unexpected '{parser._tokens[parser._position]}' in: {text}");
    }

    [GeneratedRegex("""\{documentdb-[a-z-]+\}|@\w+|[A-Za-z_][\w]*|-?\d+(\.\d+)?([eE][-+]?\d+)?|"(\\.|[^"])*"|'(\\.|[^'])*'|!=|[=.,()\[\]{}:]|\s+""")]
    private static partial Regex Tokenizer();

    private Query ParseQuery()
    {
        Expect("SELECT");
        var value = Accept("VALUE");
        var top = Accept("TOP") ? ParsePrimary() : null;
        var projection = new List<(Expr Expr, string? Alias)>();
        do
        {
            var expr = ParseExpr();
            projection.Add((expr, Accept("AS") ? Next() : null));
        }
        while (Accept(","));

        Expect("FROM");
        Expect("c");
        var where = Accept("WHERE") ? ParseExpr() : null;
        Expr? orderBy = null;
        if (Accept("ORDER"))
        {
            Expect("BY");
            orderBy = ParseExpr();
        }

        return new Query(value, top, projection, where, orderBy, _aggregate);
    }

    private Expr ParseExpr()
    {
        var left = ParseComparison();
        while (Accept("AND"))
        {
            left = new Binary("AND", left, ParseComparison());
        }

        return left;
    }

    private Expr ParseComparison()
    {
        var left = ParsePrimary();
        return Peek() is "=" or "!=" ? new Binary(Next(), left, ParsePrimary()) : left;
    }

    private Expr ParsePrimary()
    {
        var token = Next();
        if (token == "(")
        {
            var inner = ParseExpr();
            Expect(")");
            return inner;
        }

        if (token == "[")
        {
            return new ArrayLiteral(ParseList("]", ParseExpr));
        }

        if (token == "{")
        {
            return new ObjectLiteral(ParseList("}", () =>
            {
                var key = Unquote(Next());
                Expect(":");
                return (key, ParseExpr());
            }));
        }

        if (token.StartsWith('@'))
        {
            return new Parameter(token);
        }

        if (token[0] is '"' or '\'')
        {
            return new Constant(JsonValue.Create(Unquote(token)));
        }

        if (char.IsDigit(token[0]) || token[0] == '-')
        {
            return new Constant(JsonValue.Create(double.Parse(token, CultureInfo.InvariantCulture)));
        }

        if (token is "true" or "false")
        {
            return new Constant(JsonValue.Create(token == "true"));
        }

        if (Peek() == "(")
        {
            Next();
            _aggregate |= token.Equals("COUNT", StringComparison.OrdinalIgnoreCase);
            return new Call(token, ParseList(")", ParseExpr));
        }

        if (token != "c")
        {
            throw new NotSupportedException($"Fake Cosmos SQL: unknown identifier '{token}'.");
        }

        Expr path = new Root();
        while (Peek() is "." or "[")
        {
            if (Next() == ".")
            {
                path = new Member(path, new Constant(JsonValue.Create(Next())));
            }
            else
            {
                path = new Member(path, ParseExpr());
                Expect("]");
            }
        }

        return path;
    }

    private List<T> ParseList<T>(string close, Func<T> item)
    {
        var items = new List<T>();
        while (!Accept(close))
        {
            items.Add(item());
            if (!Accept(","))
            {
                Expect(close);
                break;
            }
        }

        return items;
    }

    private static string Unquote(string token) => JsonNode.Parse(token[0] == '\'' ? $"\"{token[1..^1]}\"" : token)!.GetValue<string>();

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private string Next() => _position < _tokens.Count ? _tokens[_position++] : throw new NotSupportedException("Fake Cosmos SQL: unexpected end.");

    private bool Accept(string token)
    {
        if (!string.Equals(Peek(), token, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        _position++;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new NotSupportedException($"Fake Cosmos SQL: expected '{token}', found '{Peek()}'.");
        }
    }

    /// <summary>A parsed query; <see cref="Run"/> evaluates it over the items of one container.</summary>
    public sealed record Query(
        bool Value,
        Expr? Top,
        List<(Expr Expr, string? Alias)> Projection,
        Expr? Where,
        Expr? OrderBy,
        bool Aggregate)
    {
        public List<JsonNode?> Run(IEnumerable<JsonObject> items, IReadOnlyDictionary<string, JsonNode?> parameters)
        {
            var matching = items.Where(item => Where is null || Where.Eval(item, parameters) is JsonValue v && v.TryGetValue(out bool b) && b);
            if (OrderBy is not null)
            {
                // VectorDistance with cosine is a similarity: the service returns the most similar first. It returns
                // equal distances in no particular order; the fake returns them in descending id order, the opposite of
                // the order results are paged in, so an index that trusts the service with ties is caught.
                matching = matching
                    .OrderByDescending(item => OrderBy.Eval(item, parameters)!.GetValue<double>())
                    .ThenByDescending(item => item["id"]!.GetValue<string>(), StringComparer.Ordinal);
            }

            if (Aggregate)
            {
                var withCount = new Dictionary<string, JsonNode?>(parameters) { [CountSlot] = JsonValue.Create(matching.Count()) };
                return [Project(new JsonObject(), withCount)];
            }

            if (Top is not null)
            {
                matching = matching.Take(Number(Top, parameters));
            }

            return matching.Select(item => Project(item, parameters)).ToList();
        }

        private JsonNode? Project(JsonObject item, IReadOnlyDictionary<string, JsonNode?> parameters)
        {
            if (Value)
            {
                // SELECT VALUE c: the stored item itself, which must not be handed out (it belongs to the store).
                var value = Projection[0].Expr.Eval(item, parameters);
                return ReferenceEquals(value, item) ? item.DeepClone() : value;
            }

            var row = new JsonObject();
            foreach (var (expr, alias) in Projection)
            {
                var name = alias ?? (expr as Member)?.Name ?? throw new NotSupportedException("Fake Cosmos SQL: projection needs AS.");
                if (expr.Eval(item, parameters) is { } value)
                {
                    row[name] = value;
                }
            }

            return row;
        }

        private static int Number(Expr expr, IReadOnlyDictionary<string, JsonNode?> parameters) =>
            (int)expr.Eval(new JsonObject(), parameters)!.GetValue<double>();
    }

    /// <summary>An expression; evaluation yields a detached copy, or null for "undefined".</summary>
    public abstract record Expr
    {
        public abstract JsonNode? Eval(JsonObject item, IReadOnlyDictionary<string, JsonNode?> parameters);
    }

    private sealed record Root : Expr
    {
        public override JsonNode? Eval(JsonObject item, IReadOnlyDictionary<string, JsonNode?> parameters) => item;
    }

    private sealed record Constant(JsonNode? Node) : Expr
    {
        public override JsonNode? Eval(JsonObject item, IReadOnlyDictionary<string, JsonNode?> parameters) => Node?.DeepClone();
    }

    private sealed record Parameter(string Name) : Expr
    {
        public override JsonNode? Eval(JsonObject item, IReadOnlyDictionary<string, JsonNode?> parameters) =>
            parameters.TryGetValue(Name, out var value)
                ? value?.DeepClone()
                : throw new NotSupportedException($"Fake Cosmos SQL: parameter {Name} was not sent.");
    }

    private sealed record Member(Expr Target, Expr Key) : Expr
    {
        public string? Name => (Key as Constant)?.Node?.GetValue<string>();

        public override JsonNode? Eval(JsonObject item, IReadOnlyDictionary<string, JsonNode?> parameters) =>
            Target.Eval(item, parameters) is JsonObject target
            && Key.Eval(item, parameters) is JsonValue key && key.TryGetValue(out string? name)
                ? target[name]?.DeepClone()
                : null;
    }

    private sealed record Binary(string Operator, Expr Left, Expr Right) : Expr
    {
        public override JsonNode? Eval(JsonObject item, IReadOnlyDictionary<string, JsonNode?> parameters)
        {
            var left = Left.Eval(item, parameters);
            var right = Right.Eval(item, parameters);
            if (left is null || right is null)
            {
                return null;
            }

            return Operator switch
            {
                "AND" => JsonValue.Create(left.GetValue<bool>() && right.GetValue<bool>()),
                "=" => JsonValue.Create(JsonNode.DeepEquals(left, right)),
                _ => JsonValue.Create(!JsonNode.DeepEquals(left, right)),
            };
        }
    }

    private sealed record Call(string Name, List<Expr> Arguments) : Expr
    {
        public override JsonNode? Eval(JsonObject item, IReadOnlyDictionary<string, JsonNode?> parameters)
        {
            if (Name.Equals("COUNT", StringComparison.OrdinalIgnoreCase))
            {
                return parameters[CountSlot]?.DeepClone();
            }

            if (Name.Equals("ARRAY_CONTAINS", StringComparison.OrdinalIgnoreCase) && Arguments.Count == 2)
            {
                // Undefined (a missing property) is in no array.
                return Arguments[0].Eval(item, parameters) is JsonArray array && Arguments[1].Eval(item, parameters) is { } sought
                    ? JsonValue.Create(array.Any(element => JsonNode.DeepEquals(element, sought)))
                    : JsonValue.Create(false);
            }

            if (!Name.Equals("VectorDistance", StringComparison.OrdinalIgnoreCase) || Arguments.Count != 2)
            {
                throw new NotSupportedException($"Fake Cosmos SQL: function {Name} with {Arguments.Count} arguments.");
            }

            if (Arguments[0].Eval(item, parameters) is not JsonArray a || Arguments[1].Eval(item, parameters) is not JsonArray b
                || a.Count != b.Count)
            {
                return null;
            }

            double dot = 0, normA = 0, normB = 0;
            for (var i = 0; i < a.Count; i++)
            {
                double x = a[i]!.GetValue<double>(), y = b[i]!.GetValue<double>();
                dot += x * y;
                normA += x * x;
                normB += y * y;
            }

            return JsonValue.Create(dot / Math.Sqrt(normA * normB));
        }
    }

    private sealed record ArrayLiteral(List<Expr> Items) : Expr
    {
        public override JsonNode? Eval(JsonObject item, IReadOnlyDictionary<string, JsonNode?> parameters) =>
            new JsonArray(Items.Select(i => i.Eval(item, parameters)).ToArray());
    }

    private sealed record ObjectLiteral(List<(string Key, Expr Value)> Properties) : Expr
    {
        public override JsonNode? Eval(JsonObject item, IReadOnlyDictionary<string, JsonNode?> parameters)
        {
            var result = new JsonObject();
            foreach (var (key, value) in Properties)
            {
                if (value.Eval(item, parameters) is { } node)
                {
                    result[key] = node;
                }
            }

            return result;
        }
    }
}
