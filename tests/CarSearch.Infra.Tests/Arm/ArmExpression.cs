using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CarSearch.Infra.Tests.Arm;

/// <summary>
/// Evaluates the small part of the ARM template expression language that Bicep emits for literals and parameter
/// plumbing (parameters, variables, conditionals, arrays, objects, format), so tests check the values a deployment
/// would get rather than the Bicep source. Anything that needs Azure (reference, resourceId, uniqueString, ...) is
/// <see cref="UnresolvedExpressionException"/>: the caller keeps the expression text instead.
/// </summary>
internal static class ArmExpression
{
    private const string TestSubscriptionId = "00000000-0000-0000-0000-0000000000a1";

    /// <summary>True for a JSON string ARM treats as an expression: <c>[...]</c>, but not the escaped <c>[[...</c>.</summary>
    public static bool IsExpression(string text) =>
        text.Length >= 2 && text[0] == '[' && text[^1] == ']' && text[1] != '[';

    /// <summary>
    /// Evaluates an expression string (with its brackets) in a template scope. Strictly, a call only Azure can answer
    /// throws; leniently it becomes a placeholder (<c>⟨reference(...).outputs.name.value⟩</c>) that strings built
    /// from it carry along, so that "the deployment container's URL ends with its name" stays checkable.
    /// </summary>
    public static JsonNode? Evaluate(string expression, ArmScope scope, bool lenient)
    {
        var parser = new Parser(expression[1..^1], scope, lenient);
        var value = parser.ParseExpression();
        parser.ExpectEnd();
        return value;
    }

    /// <summary>True for a value standing for something only a deployment knows (lenient evaluation only).</summary>
    public static bool IsPlaceholder(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith(PlaceholderStart) && s.EndsWith(PlaceholderEnd);

    private const char PlaceholderStart = '⟨';
    private const char PlaceholderEnd = '⟩';

    private static JsonValue Placeholder(string text) => JsonValue.Create($"{PlaceholderStart}{text}{PlaceholderEnd}");

    private sealed class Parser(string text, ArmScope scope, bool lenient)
    {
        private int _position;

        public JsonNode? ParseExpression()
        {
            SkipSpaces();
            var value = ParsePrimary();
            while (true)
            {
                SkipSpaces();
                if (TryConsume('.'))
                {
                    value = Member(value, ParseIdentifier());
                }
                else if (TryConsume('['))
                {
                    var index = ParseExpression();
                    Expect(']');
                    value = index is JsonValue v && v.TryGetValue<string>(out var name) ? Member(value, name) : Element(value, index);
                }
                else
                {
                    return value;
                }
            }
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            if (_position != text.Length)
            {
                throw new FormatException($"Unexpected '{text[_position..]}' in [{text}].");
            }
        }

        private JsonNode? ParsePrimary()
        {
            var c = Peek();
            if (c == '\'')
            {
                return JsonValue.Create(ParseString());
            }

            if (char.IsDigit(c) || c == '-')
            {
                var start = _position++;
                while (_position < text.Length && char.IsDigit(text[_position]))
                {
                    _position++;
                }

                return JsonNode.Parse(text[start.._position]);
            }

            var name = ParseIdentifier();
            Expect('(');
            return Call(name);
        }

        // Arguments are parsed lazily so that if() evaluates only the branch it takes: the other may need Azure.
        private JsonNode? Call(string name)
        {
            var arguments = SplitArguments();
            JsonNode? Arg(int i) => Sub(arguments[i]).ParseAndEnd();

            switch (name.ToLowerInvariant())
            {
                case "parameters":
                    return scope.Parameter(AsString(Arg(0)), lenient);
                case "variables":
                    return scope.Variable(AsString(Arg(0)), lenient);
                case "if":
                    return AsBool(Arg(0)) ? Arg(1) : Arg(2);
                case "equals":
                    var (left, right) = (Arg(0), Arg(1));
                    return IsPlaceholder(left) || IsPlaceholder(right)
                        ? throw new UnresolvedExpressionException("equals(...) of a value only a deployment knows.")
                        : JsonValue.Create(JsonNode.DeepEquals(left, right));
                case "not":
                    return JsonValue.Create(!AsBool(Arg(0)));
                case "and":
                    return JsonValue.Create(Enumerable.Range(0, arguments.Count).All(i => AsBool(Arg(i))));
                case "or":
                    return JsonValue.Create(Enumerable.Range(0, arguments.Count).Any(i => AsBool(Arg(i))));
                case "greater":
                    return JsonValue.Create(AsLong(Arg(0)) > AsLong(Arg(1)));
                case "less":
                    return JsonValue.Create(AsLong(Arg(0)) < AsLong(Arg(1)));
                case "true":
                    return JsonValue.Create(true);
                case "false":
                    return JsonValue.Create(false);
                case "empty":
                    return JsonValue.Create(Arg(0) switch
                    {
                        null => true,
                        JsonArray a => a.Count == 0,
                        JsonObject o => o.Count == 0,
                        var v => AsString(v).Length == 0,
                    });
                case "createarray":
                    return new JsonArray(Enumerable.Range(0, arguments.Count).Select(i => Arg(i)).ToArray());
                case "createobject":
                    var created = new JsonObject();
                    for (var i = 0; i + 1 < arguments.Count; i += 2)
                    {
                        created[AsString(Arg(i))] = Arg(i + 1);
                    }

                    return created;
                case "string":
                    return JsonValue.Create(Arg(0) is JsonValue s && s.TryGetValue<string>(out var text1) ? text1 : Arg(0)?.ToJsonString() ?? "null");
                case "tolower":
                    return JsonValue.Create(AsString(Arg(0)).ToLowerInvariant());
                case "concat":
                    return JsonValue.Create(string.Concat(Enumerable.Range(0, arguments.Count).Select(i => AsString(Arg(i)))));
                case "format":
                    var values = Enumerable.Range(1, arguments.Count - 1).Select(i => (object)AsString(Arg(i))).ToArray();
                    return JsonValue.Create(string.Format(CultureInfo.InvariantCulture, AsString(Arg(0)), values));
                case "take":
                    var whole = AsString(Arg(0));
                    return JsonValue.Create(whole[..(int)Math.Min(whole.Length, AsLong(Arg(1)))]);

                // The deployment's context, faked consistently so that names built from it (uniqueString of the
                // subscription id, ...) evaluate: tests compare names with each other, never with real ones.
                case "subscription":
                    return new JsonObject { ["id"] = $"/subscriptions/{TestSubscriptionId}", ["subscriptionId"] = TestSubscriptionId };
                case "tenant":
                    return new JsonObject { ["tenantId"] = TestSubscriptionId };
                case "uniquestring":
                    var seed = string.Join('|', Enumerable.Range(0, arguments.Count).Select(i => AsString(Arg(i))));
                    return JsonValue.Create(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..13]);
                default:
                    return lenient
                        ? Placeholder($"{name}({string.Join(", ", arguments)})")
                        : throw new UnresolvedExpressionException($"{name}(...) needs a deployment to evaluate.");
            }
        }

        /// <summary>The argument texts of the call whose '(' was just read; leaves the position after ')'.</summary>
        private List<string> SplitArguments()
        {
            var arguments = new List<string>();
            var depth = 0;
            var start = _position;
            for (; _position < text.Length; _position++)
            {
                var c = text[_position];
                if (c == '\'')
                {
                    ParseString();
                    _position--;
                }
                else if (c is '(' or '[')
                {
                    depth++;
                }
                else if (c is ')' or ']' && depth > 0)
                {
                    depth--;
                }
                else if (c == ')' || (c == ',' && depth == 0))
                {
                    var argument = text[start.._position].Trim();
                    if (argument.Length > 0 || c == ',')
                    {
                        arguments.Add(argument);
                    }

                    start = _position + 1;
                    if (c == ')')
                    {
                        _position++;
                        return arguments;
                    }
                }
            }

            throw new FormatException($"Unclosed call in [{text}].");
        }

        private Parser Sub(string argument) => new(argument, scope, lenient);

        private JsonNode? ParseAndEnd()
        {
            var value = ParseExpression();
            ExpectEnd();
            return value;
        }

        private string ParseString()
        {
            Expect('\'');
            var value = new StringBuilder();
            while (_position < text.Length)
            {
                var c = text[_position++];
                if (c != '\'')
                {
                    value.Append(c);
                }
                else if (_position < text.Length && text[_position] == '\'')
                {
                    value.Append('\'');
                    _position++;
                }
                else
                {
                    return value.ToString();
                }
            }

            throw new FormatException($"Unclosed string in [{text}].");
        }

        private string ParseIdentifier()
        {
            SkipSpaces();
            var start = _position;
            while (_position < text.Length && (char.IsLetterOrDigit(text[_position]) || text[_position] == '_'))
            {
                _position++;
            }

            if (start == _position)
            {
                throw new FormatException($"Expected a name at {start} in [{text}].");
            }

            return text[start.._position];
        }

        private char Peek()
        {
            SkipSpaces();
            return _position < text.Length ? text[_position] : '\0';
        }

        private bool TryConsume(char c)
        {
            if (Peek() != c)
            {
                return false;
            }

            _position++;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw new FormatException($"Expected '{c}' at {_position} in [{text}].");
            }
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && text[_position] == ' ')
            {
                _position++;
            }
        }
    }

    private static JsonNode? Member(JsonNode? value, string name) =>
        IsPlaceholder(value) ? Placeholder($"{value!.GetValue<string>()[1..^1]}.{name}")
        : value is JsonObject o
            ? o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value
            : throw new UnresolvedExpressionException($"'.{name}' of a value that is not an object.");

    private static JsonNode? Element(JsonNode? value, JsonNode? index) =>
        IsPlaceholder(value) ? Placeholder($"{value!.GetValue<string>()[1..^1]}[{index?.ToJsonString()}]")
        : value is JsonArray a ? a[(int)AsLong(index)] : throw new UnresolvedExpressionException("Index into a value that is not an array.");

    private static string AsString(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new UnresolvedExpressionException($"Expected a string, got {value?.ToJsonString() ?? "null"}.");

    private static bool AsBool(JsonNode? value) =>
        !IsPlaceholder(value) && value is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw new UnresolvedExpressionException($"Expected a bool, got {value?.ToJsonString() ?? "null"}.");

    private static long AsLong(JsonNode? value) =>
        !IsPlaceholder(value) && value is JsonValue v && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UnresolvedExpressionException($"Expected an integer, got {value?.ToJsonString() ?? "null"}.");
}

/// <summary>An expression whose value only a real deployment knows (resource ids, keys of created resources, ...).</summary>
internal sealed class UnresolvedExpressionException(string message) : Exception(message);
