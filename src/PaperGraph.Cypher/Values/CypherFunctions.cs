using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using PaperGraph.Cypher.Storage;

namespace PaperGraph.Cypher.Values;

/// <summary>
/// The scalar functions, by case-insensitive name. Aggregating functions are in <see cref="CypherAggregates"/>.
/// </summary>
/// <remarks>
/// <para>Every function returns null for a null argument (except <c>coalesce</c>, <c>exists</c> and the
/// arguments of <c>left</c>/<c>right</c>/<c>range</c> that must be given). An argument of the wrong type is a
/// <c>TypeError</c> naming the function and the type; a value of the right type but outside the domain
/// (negative length, step 0, bad rounding mode) is an <c>ArgumentError</c>.</para>
/// <para>An unknown name is a failed <see cref="TryGet"/>; the binder reports it as a SyntaxError
/// (<see cref="UnknownFunctionMessage"/>).</para>
/// </remarks>
public static class CypherFunctions
{
    private static readonly Dictionary<string, FunctionDescriptor> Registry = Build();

    /// <summary>Every function, by canonical name.</summary>
    public static IReadOnlyCollection<FunctionDescriptor> All => Registry.Values.Distinct().ToList();

    /// <summary>Looks a function up by name, ignoring case.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out FunctionDescriptor? descriptor) =>
        Registry.TryGetValue(name, out descriptor);

    /// <summary>The SyntaxError text for a call of an unknown function.</summary>
    public static string UnknownFunctionMessage(string name) => $"Unknown function '{name}'";

    private static readonly HashSet<string> UnsupportedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "distance", "valueType",
        "file", "linenumber", "isTyped",
    };

    private static readonly string[] UnsupportedNamespaces =
        ["vector.", "graph.", "db.", "apoc."];

    /// <summary>Whether <paramref name="name"/> is a Neo4j function this engine does not have (spatial values,
    /// vector and library functions), so the binder can say "… is not supported by the embedded
    /// engine" instead of "Unknown function".</summary>
    /// <param name="name">The function name as written, namespace included (<c>point.distance</c>).</param>
    /// <param name="feature">What to call it in the message (<c>The function point()</c>).</param>
    public static bool IsKnownButUnsupported(string name, [NotNullWhen(true)] out string? feature)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (UnsupportedNames.Contains(name) ||
            UnsupportedNamespaces.Any(ns => name.StartsWith(ns, StringComparison.OrdinalIgnoreCase)))
        {
            var kind = name.Split('.')[0].ToLowerInvariant() is "point" or "distance" ? " (spatial values)" : "";
            feature = $"The function {name}(){kind}";
            return true;
        }

        feature = null;
        return false;
    }

    /// <summary>Calls a function by name (for tests and constant folding); the arity must be right.</summary>
    public static object? Invoke(string name, FunctionContext context, params object?[] arguments)
    {
        if (!TryGet(name, out var function))
        {
            throw new PaperGraph.Graph.GraphException(PaperGraph.Graph.GraphErrorCodes.SyntaxError, UnknownFunctionMessage(name));
        }

        if (!function.AcceptsArity(arguments.Length))
        {
            throw new PaperGraph.Graph.GraphException(PaperGraph.Graph.GraphErrorCodes.SyntaxError,
                $"Function {function.Name}() takes {function.ArityDescription}, but was called with {arguments.Length}.");
        }

        return function.Invoke(arguments, context);
    }

    private static Dictionary<string, FunctionDescriptor> Build()
    {
        var registry = new Dictionary<string, FunctionDescriptor>(StringComparer.OrdinalIgnoreCase);

        void Add(string name, int min, int max, CypherFunctionBody body, bool deterministic = true, params string[] aliases)
        {
            var descriptor = new FunctionDescriptor(name, min, max, deterministic, body);
            registry.Add(name, descriptor);
            foreach (var alias in aliases)
            {
                registry.Add(alias, descriptor);
            }
        }

        void Unary(string name, Func<object, object?> body, params string[] aliases) =>
            Add(name, 1, 1, (args, _) => args[0] is { } value ? body(value) : null, true, aliases);

        void UnaryGraph(string name, Func<object, FunctionContext, object?> body) =>
            Add(name, 1, 1, (args, context) => args[0] is { } value ? body(value, context) : null);

        void Math1(string name, Func<double, double> body) =>
            Unary(name, value => body(Number(name, value)));

        // Graph entities
        Unary("id", value => value switch
        {
            NodeValue n => CypherValues.Box(n.Id),
            RelationshipValue r => CypherValues.Box(r.Id),
            _ => throw ValueErrors.FunctionArgument("id", value, "a NODE or RELATIONSHIP"),
        });
        Unary("elementId", value => value switch
        {
            NodeValue n => ElementIds.Node(n.Id),
            RelationshipValue r => ElementIds.Relationship(r.Id),
            _ => throw ValueErrors.FunctionArgument("elementId", value, "a NODE or RELATIONSHIP"),
        });
        UnaryGraph("labels", (value, context) => value is NodeValue n
            ? new List<object?>(context.Graph.GetLabels(n.Id))
            : throw ValueErrors.FunctionArgument("labels", value, "a NODE"));
        UnaryGraph("type", (value, context) => value is RelationshipValue r
            ? context.Graph.GetTypeName(context.Graph.GetRelationship(r.Id).TypeId)
            : throw ValueErrors.FunctionArgument("type", value, "a RELATIONSHIP"));
        UnaryGraph("properties", (value, context) => value switch
        {
            NodeValue n => new Dictionary<string, object?>(context.Graph.GetNodeProperties(n.Id), StringComparer.Ordinal),
            RelationshipValue r => new Dictionary<string, object?>(context.Graph.GetRelationshipProperties(r.Id), StringComparer.Ordinal),
            IReadOnlyDictionary<string, object?> map => map,
            _ => throw ValueErrors.FunctionArgument("properties", value, "a NODE, RELATIONSHIP or MAP"),
        });
        Add("keys", 1, 1, (args, context) => args[0] switch
        {
            null => null,
            IReadOnlyDictionary<string, object?> map => new List<object?>(map.Keys),
            NodeValue n => new List<object?>(context.Graph.GetNodeProperties(n.Id).Keys),
            RelationshipValue r => new List<object?>(context.Graph.GetRelationshipProperties(r.Id).Keys),
            var other => throw ValueErrors.FunctionArgument("keys", other, "a NODE, RELATIONSHIP or MAP"),
        });
        UnaryGraph("startNode", (value, context) => value is RelationshipValue r
            ? new NodeValue(context.Graph.GetRelationship(r.Id).StartNodeId)
            : throw ValueErrors.FunctionArgument("startNode", value, "a RELATIONSHIP"));
        UnaryGraph("endNode", (value, context) => value is RelationshipValue r
            ? new NodeValue(context.Graph.GetRelationship(r.Id).EndNodeId)
            : throw ValueErrors.FunctionArgument("endNode", value, "a RELATIONSHIP"));
        Unary("nodes", value => value is PathValue p
            ? p.NodeIds.Select(id => (object?)new NodeValue(id)).ToList()
            : throw ValueErrors.FunctionArgument("nodes", value, "a PATH"));
        Unary("relationships", value => value is PathValue p
            ? p.RelationshipIds.Select(id => (object?)new RelationshipValue(id)).ToList()
            : throw ValueErrors.FunctionArgument("relationships", value, "a PATH"));
        Unary("length", value => value is PathValue p
            ? CypherValues.Box((long)p.Length)
            : throw ValueErrors.FunctionArgument("length", value, "a PATH (use size() for lists and strings)"));
        Add("exists", 1, 1, (args, _) => CypherValues.Box(args[0] is not null));

        // Lists
        Unary("size", value => value switch
        {
            IReadOnlyList<object?> list => CypherValues.Box((long)list.Count),
            string s => CypherValues.Box((long)CodePoints.Count(s)),
            _ => throw ValueErrors.FunctionArgument("size", value, "a LIST or STRING"),
        });
        Unary("head", value => List("head", value) is { Count: > 0 } list ? list[0] : null);
        Unary("last", value => List("last", value) is { Count: > 0 } list ? list[^1] : null);
        Unary("tail", value => List("tail", value).Skip(1).ToList());
        Add("range", 2, 3, (args, _) => Range(args));
        Unary("reverse", value => value switch
        {
            IReadOnlyList<object?> list => list.Reverse().ToList(),
            string s => CodePoints.Reverse(s),
            _ => throw ValueErrors.FunctionArgument("reverse", value, "a LIST or STRING"),
        });
        Add("coalesce", 1, int.MaxValue, (args, _) =>
        {
            foreach (var arg in args)
            {
                if (arg is not null)
                {
                    return arg;
                }
            }

            return null;
        });
        Unary("isEmpty", value => value switch
        {
            IReadOnlyList<object?> list => CypherValues.Box(list.Count == 0),
            IReadOnlyDictionary<string, object?> map => CypherValues.Box(map.Count == 0),
            string s => CypherValues.Box(s.Length == 0),
            _ => throw ValueErrors.FunctionArgument("isEmpty", value, "a LIST, MAP or STRING"),
        });

        // Conversions
        Unary("toString", value => Conversions.ToString(value) ?? throw ValueErrors.FunctionArgument("toString", value, "a STRING, number or BOOLEAN"));
        Unary("toStringOrNull", Conversions.ToString);
        Unary("toInteger", value => Conversions.ToInteger(value, out var result) ? result : throw ValueErrors.FunctionArgument("toInteger", value, "a STRING, number or BOOLEAN"));
        Unary("toIntegerOrNull", value => Conversions.ToInteger(value, out var result) ? result : null);
        Unary("toFloat", value => Conversions.ToFloat(value, out var result) ? result : throw ValueErrors.FunctionArgument("toFloat", value, "a STRING or number"));
        Unary("toFloatOrNull", value => Conversions.ToFloat(value, out var result) ? result : null);
        Unary("toBoolean", value => Conversions.ToBoolean(value, out var result) ? result : throw ValueErrors.FunctionArgument("toBoolean", value, "a STRING, BOOLEAN or INTEGER"));
        Unary("toBooleanOrNull", value => Conversions.ToBoolean(value, out var result) ? result : null);
        Unary("toStringList", value => List("toStringList", value).Select(Conversions.ToString).ToList());
        Unary("toIntegerList", value => List("toIntegerList", value).Select(v => Conversions.ToInteger(v, out var r) ? r : null).ToList());
        Unary("toFloatList", value => List("toFloatList", value).Select(v => Conversions.ToFloat(v, out var r) ? r : null).ToList());
        Unary("toBooleanList", value => List("toBooleanList", value).Select(v => Conversions.ToBoolean(v, out var r) ? r : null).ToList());

        // Strings
        Unary("toLower", value => Text("toLower", value).ToLowerInvariant(), "lower");
        Unary("toUpper", value => Text("toUpper", value).ToUpperInvariant(), "upper");
        Unary("trim", value => Text("trim", value).Trim());
        // Neo4j 5: ltrim/rtrim/btrim(string [, characters]) trim any of the given characters (whitespace without).
        Add("ltrim", 1, 2, (args, _) => TrimWith("ltrim", args, start: true, end: false));
        Add("rtrim", 1, 2, (args, _) => TrimWith("rtrim", args, start: false, end: true));
        Add("btrim", 1, 2, (args, _) => TrimWith("btrim", args, start: true, end: true));

        // normalize(s [, NFC | NFD | NFKC | NFKD]): the parser turns the bare normal form into its name as a string.
        Add("normalize", 1, 2, (args, _) => args[0] is null || (args.Length > 1 && args[1] is null)
            ? null
            : Normalize(Text("normalize", args[0]!), args.Length > 1 ? NormalForm(args[1]!) : NormalizationForm.FormC, isCheck: false));

        Add("split", 2, 2, (args, _) => Strings.Split(args[0], args[1]));
        Add("substring", 2, 3, (args, _) => Strings.Substring(args));
        Add("replace", 3, 3, (args, _) => Strings.Replace(args[0], args[1], args[2]));
        Add("left", 2, 2, (args, _) => Strings.Left("left", args[0], args[1], fromStart: true));
        Add("right", 2, 2, (args, _) => Strings.Left("right", args[0], args[1], fromStart: false));
        Unary("char_length", value => CypherValues.Box((long)CodePoints.Count(Text("char_length", value))), "character_length");

        // Numbers
        Unary("abs", value => value switch
        {
            long.MinValue => throw ValueErrors.Overflow($"abs({long.MinValue})"),
            long l => CypherValues.Box(Math.Abs(l)),
            double d => Math.Abs(d),
            _ => throw ValueErrors.FunctionArgument("abs", value, "a number"),
        });
        Math1("ceil", Math.Ceiling);
        Math1("floor", Math.Floor);
        Add("round", 1, 3, (args, _) => Rounding.Round(args));
        Unary("sign", value => value switch
        {
            long l => CypherValues.Box(Math.Sign(l)),
            double d => CypherValues.Box(double.IsNaN(d) ? 0 : Math.Sign(d)),
            _ => throw ValueErrors.FunctionArgument("sign", value, "a number"),
        });
        Unary("isNaN", value => value switch
        {
            long => CypherValues.False,
            double d => CypherValues.Box(double.IsNaN(d)),
            _ => throw ValueErrors.FunctionArgument("isNaN", value, "a number"),
        });
        Math1("sqrt", Math.Sqrt);
        Math1("exp", Math.Exp);
        Math1("log", Math.Log);
        Math1("log10", Math.Log10);
        Math1("sin", Math.Sin);
        Math1("cos", Math.Cos);
        Math1("tan", Math.Tan);
        Math1("cot", x => 1 / Math.Tan(x));
        Math1("asin", Math.Asin);
        Math1("acos", Math.Acos);
        Math1("atan", Math.Atan);
        Math1("degrees", x => x * (180.0 / Math.PI));
        Math1("radians", x => x * (Math.PI / 180.0));
        Math1("haversin", x => (1 - Math.Cos(x)) / 2);
        Add("atan2", 2, 2, (args, _) => args[0] is null || args[1] is null
            ? null
            : Math.Atan2(Number("atan2", args[0]!), Number("atan2", args[1]!)));
        Add("pi", 0, 0, (_, _) => Math.PI);
        Add("e", 0, 0, (_, _) => Math.E);
        Add("rand", 0, 0, (_, context) => context.Random.NextDouble(), deterministic: false);
        Add("timestamp", 0, 0, (_, context) => context.TimestampMillis, deterministic: false);
        Add("randomUUID", 0, 0, (_, _) => Guid.NewGuid().ToString(), deterministic: false);
        // Temporal values
        foreach (var kind in Enum.GetValues<CypherTemporal.Kind>())
        {
            var name = kind.ToString().ToLowerInvariant();
            Add(name, 0, 1, (args, context) => CypherTemporal.Construct(kind, args, context), deterministic: false);
            Add(name + ".transaction", 0, 1, (args, context) => CypherTemporal.Now(kind, context.StatementStart, args.Length > 0 ? args[0] : null, args.Length > 0), deterministic: false);
            Add(name + ".statement", 0, 1, (args, context) => CypherTemporal.Now(kind, context.StatementStart, args.Length > 0 ? args[0] : null, args.Length > 0), deterministic: false);
            Add(name + ".realtime", 0, 1, (args, _) => CypherTemporal.Now(kind, DateTimeOffset.UtcNow, args.Length > 0 ? args[0] : null, args.Length > 0), deterministic: false);
            Add(name + ".truncate", 2, 3, (args, context) => CypherTemporal.Truncate(kind, args, context));
        }

        Add("datetime.fromepoch", 2, 2, (args, context) => args[0] is null || args[1] is null ? null
            : CypherTemporal.FromMap(CypherTemporal.Kind.DateTime, new Dictionary<string, object?> { ["epochSeconds"] = args[0], ["nanosecond"] = args[1] }, context));
        Add("datetime.fromepochmillis", 1, 1, (args, context) => args[0] is null ? null
            : CypherTemporal.FromMap(CypherTemporal.Kind.DateTime, new Dictionary<string, object?> { ["epochMillis"] = args[0] }, context));
        Unary("duration", CypherTemporal.Duration);
        Add("duration.between", 2, 2, (args, _) => CypherTemporal.Between(args[0], args[1], CypherTemporal.BetweenUnit.All, "duration.between"));
        Add("duration.inMonths", 2, 2, (args, _) => CypherTemporal.Between(args[0], args[1], CypherTemporal.BetweenUnit.Months, "duration.inMonths"));
        Add("duration.inDays", 2, 2, (args, _) => CypherTemporal.Between(args[0], args[1], CypherTemporal.BetweenUnit.Days, "duration.inDays"));
        Add("duration.inSeconds", 2, 2, (args, _) => CypherTemporal.Between(args[0], args[1], CypherTemporal.BetweenUnit.Seconds, "duration.inSeconds"));

        Add("point", 1, 1, (args, _) => CypherSpatial.Point(args[0]));
        Add("point.distance", 2, 2, (args, _) => CypherSpatial.Distance(args[0], args[1]));
        Add("point.withinBBox", 3, 3, (args, _) => CypherSpatial.WithinBBox(args[0], args[1], args[2]));
        Add("nullIf", 2, 2, (args, _) => CypherEquality.AreEqual(args[0], args[1]) == true ? null : args[0]);
        return registry;
    }

    private static double Number(string function, object value) => value switch
    {
        long l => l,
        double d => d,
        _ => throw ValueErrors.FunctionArgument(function, value, "a number"),
    };

    private static IReadOnlyList<object?> List(string function, object? value) =>
        value as IReadOnlyList<object?> ?? throw ValueErrors.FunctionArgument(function, value, "a LIST");

    private static object? TrimWith(string function, ReadOnlySpan<object?> args, bool start, bool end)
    {
        if (args[0] is null || (args.Length > 1 && args[1] is null))
        {
            return null;
        }

        var text = Text(function, args[0]!);
        if (args.Length == 1)
        {
            return start && end ? text.Trim() : start ? text.TrimStart() : text.TrimEnd();
        }

        var characters = Text(function, args[1]!).ToCharArray();
        return start && end ? text.Trim(characters) : start ? text.TrimStart(characters) : text.TrimEnd(characters);
    }

    /// <summary>The .NET normalization form named NFC, NFD, NFKC or NFKD (any case); anything else is an argument error.</summary>
    public static NormalizationForm NormalForm(object value) => (value as string)?.ToUpperInvariant() switch
    {
        "NFC" => NormalizationForm.FormC,
        "NFD" => NormalizationForm.FormD,
        "NFKC" => NormalizationForm.FormKC,
        "NFKD" => NormalizationForm.FormKD,
        _ => throw ValueErrors.Argument($"Unknown normal form. Valid values are: NFC, NFD, NFKC, NFKD, got {ValueFormatter.Format(value)}."),
    };

    /// <summary><c>normalize(s, form)</c> (a STRING) or <c>s IS form NORMALIZED</c> (a BOOLEAN); a lone surrogate,
    /// which has no normal form, is an argument error rather than .NET's ArgumentException.</summary>
    public static object Normalize(string text, NormalizationForm form, bool isCheck)
    {
        try
        {
            return isCheck ? CypherValues.Box(text.IsNormalized(form)) : text.Normalize(form);
        }
        catch (ArgumentException)
        {
            throw ValueErrors.Argument($"{(isCheck ? "IS NORMALIZED" : "normalize()")} needs a STRING of valid Unicode code points, got {ValueFormatter.Format(text)}.");
        }
    }

    private static string Text(string function, object value) =>
        value as string ?? throw ValueErrors.FunctionArgument(function, value, "a STRING");

    private static object Range(ReadOnlySpan<object?> args)
    {
        long Bound(object? value, string name) => value as long? ??
            throw ValueErrors.Argument($"range() expects an INTEGER {name}, got {CypherTypes.NameOf(value)} ({ValueFormatter.Format(value)}).");

        var start = Bound(args[0], "start");
        var end = Bound(args[1], "end");
        var step = args.Length > 2 ? Bound(args[2], "step") : 1;
        if (step == 0)
        {
            throw ValueErrors.Argument("range() step must not be 0.");
        }

        Int128 count = (step > 0 && start > end) || (step < 0 && start < end)
            ? 0
            : ((Int128)end - start) / step + 1;
        if (count > int.MaxValue)
        {
            throw ValueErrors.Argument($"range({start}, {end}, {step}) would have {count} elements; a list holds at most {int.MaxValue}.");
        }

        return new RangeList(start, step, (int)count);
    }

    /// <summary>The list <c>range()</c> returns: computed on access, so a long range costs no memory.</summary>
    internal sealed class RangeList(long start, long step, int count) : IReadOnlyList<object?>
    {
        public int Count => count;

        public object? this[int index] => (uint)index < (uint)count
            ? CypherValues.Box(start + (step * index))
            : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<object?> GetEnumerator()
        {
            var budget = QueryBudget.Current;
            for (var i = 0; i < count; i++)
            {
                budget?.Tick();
                yield return CypherValues.Box(start + (step * i));
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The conversion functions' rules, shared with the <c>…OrNull</c> and <c>…List</c> variants.</summary>
    internal static class Conversions
    {
        public static object? ToString(object? value) => ValueFormatter.ScalarToString(value);

        public static bool ToInteger(object? value, out object? result)
        {
            switch (value)
            {
                case null:
                    result = null;
                    return true;
                case long:
                    result = value;
                    return true;
                case double d:
                    // Truncates toward zero and saturates at the INTEGER range, as Neo4j (Java) does.
                    result = CypherValues.Box((long)d);
                    return true;
                case bool b:
                    result = CypherValues.Box(b ? 1L : 0L);
                    return true;
                case string s:
                    result = ParseInteger(s);
                    return true;
                default:
                    result = null;
                    return false;
            }
        }

        private static object? ParseInteger(string s)
        {
            if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return CypherValues.Box(l);
            }

            return ParseFloat(s) is { } d ? CypherValues.Box((long)d) : null;
        }

        public static bool ToFloat(object? value, out object? result)
        {
            switch (value)
            {
                case null or double:
                    result = value;
                    return true;
                case long l:
                    result = (double)l;
                    return true;
                case string s:
                    result = ParseFloat(s);
                    return true;
                default:
                    result = null;
                    return false;
            }
        }

        private static double? ParseFloat(string s) =>
            double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

        public static bool ToBoolean(object? value, out object? result)
        {
            switch (value)
            {
                case null or bool:
                    result = value;
                    return true;
                case long l:
                    result = CypherValues.Box(l != 0);
                    return true;
                case string s:
                    result = s.Equals("true", StringComparison.OrdinalIgnoreCase) ? CypherValues.True
                        : s.Equals("false", StringComparison.OrdinalIgnoreCase) ? CypherValues.False
                        : null;
                    return true;
                default:
                    result = null;
                    return false;
            }
        }
    }

    private static class Strings
    {
        public static object? Split(object? original, object? delimiter)
        {
            if (original is null || delimiter is null)
            {
                return null;
            }

            var s = Text("split", original);
            string[] separators = delimiter switch
            {
                string d => [d],
                IReadOnlyList<object?> list => list.Select(d => d as string ?? throw ValueErrors.FunctionArgument("split", d, "STRING delimiters")).ToArray(),
                _ => throw ValueErrors.FunctionArgument("split", delimiter, "a STRING or LIST of STRING delimiter"),
            };

            // Each piece is a string of its own: up to one per character.
            QueryBudget.Current?.EnsureRoom(32 + (2L * s.Length) + (s.Length * (8L + 24L)));
            if (separators.All(d => d.Length == 0))
            {
                // An empty delimiter splits into characters.
                return s.Length == 0 ? new List<object?> { "" } : CodePoints.Split(s).Cast<object?>().ToList();
            }

            return s.Split(separators.Where(d => d.Length > 0).ToArray(), StringSplitOptions.None).Cast<object?>().ToList();
        }

        private static long CountOccurrences(string s, string find)
        {
            long count = 0;
            for (var at = s.IndexOf(find, StringComparison.Ordinal); at >= 0; at = s.IndexOf(find, at + find.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        public static object? Substring(ReadOnlySpan<object?> args)
        {
            if (args[0] is null || args[1] is null || (args.Length > 2 && args[2] is null))
            {
                return null;
            }

            var s = Text("substring", args[0]!);
            var start = args[1] as long? ?? throw ValueErrors.FunctionArgument("substring", args[1], "an INTEGER start");
            if (start < 0)
            {
                throw ValueErrors.Argument($"substring() start must not be negative, got {start}.");
            }

            long length = long.MaxValue;
            if (args.Length > 2)
            {
                length = args[2] as long? ?? throw ValueErrors.FunctionArgument("substring", args[2], "an INTEGER length");
                if (length < 0)
                {
                    throw ValueErrors.Argument($"substring() length must not be negative, got {length}.");
                }
            }

            return CodePoints.Substring(s, start, length);
        }

        public static object? Replace(object? original, object? search, object? replacement)
        {
            if (original is null || search is null || replacement is null)
            {
                return null;
            }

            var s = Text("replace", original);
            var find = Text("replace", search);
            var with = Text("replace", replacement);
            if (with.Length > find.Length && QueryBudget.Current is { } budget)
            {
                // The result can be far longer than the input: check it fits before building it.
                long matches = find.Length == 0 ? s.Length + 1L : CountOccurrences(s, find);
                budget.EnsureRoom(24 + (2 * (s.Length + (matches * (with.Length - find.Length)))));
            }

            if (find.Length == 0)
            {
                // As Java's String.replace: the empty string matches before every character and at the end.
                var result = new StringBuilder(with);
                foreach (var piece in CodePoints.Split(s))
                {
                    result.Append(piece).Append(with);
                }

                return result.ToString();
            }

            return s.Replace(find, with, StringComparison.Ordinal);
        }

        public static object? Left(string function, object? original, object? length, bool fromStart)
        {
            if (length is null)
            {
                throw ValueErrors.Argument($"{function}() needs a length, got null.");
            }

            var n = length as long? ?? throw ValueErrors.FunctionArgument(function, length, "an INTEGER length");
            if (n < 0)
            {
                throw ValueErrors.Argument($"{function}() length must not be negative, got {n}.");
            }

            if (original is null)
            {
                return null;
            }

            var s = Text(function, original);
            var count = CodePoints.Count(s);
            return fromStart
                ? CodePoints.Substring(s, 0, n)
                : CodePoints.Substring(s, Math.Max(0, count - n), n);
        }
    }

    /// <summary>Strings measured in Unicode code points, as Neo4j measures them (a surrogate pair is one).</summary>
    private static class CodePoints
    {
        private static bool HasSurrogates(string s) => s.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

        public static int Count(string s)
        {
            if (!HasSurrogates(s))
            {
                return s.Length;
            }

            var count = 0;
            foreach (var _ in s.EnumerateRunes())
            {
                count++;
            }

            return count;
        }

        public static string Substring(string s, long start, long length)
        {
            if (!HasSurrogates(s))
            {
                if (start >= s.Length)
                {
                    return "";
                }

                return s.Substring((int)start, (int)Math.Min(length, s.Length - start));
            }

            var result = new StringBuilder();
            long index = 0;
            foreach (var rune in s.EnumerateRunes())
            {
                if (index >= start && index - start < length)
                {
                    result.Append(rune.ToString());
                }

                index++;
            }

            return result.ToString();
        }

        public static IEnumerable<string> Split(string s)
        {
            foreach (var rune in s.EnumerateRunes())
            {
                yield return rune.ToString();
            }
        }

        public static string Reverse(string s)
        {
            var runes = s.EnumerateRunes().ToList();
            runes.Reverse();
            var result = new StringBuilder(s.Length);
            foreach (var rune in runes)
            {
                result.Append(rune.ToString());
            }

            return result.ToString();
        }
    }

    private static class Rounding
    {
        public static object? Round(ReadOnlySpan<object?> args)
        {
            if (args[0] is null || (args.Length > 1 && args[1] is null) || (args.Length > 2 && args[2] is null))
            {
                return null;
            }

            var x = Number("round", args[0]!);
            if (args.Length == 1)
            {
                // round(x): ties go toward positive infinity (Java's Math.round), always a FLOAT.
                if (double.IsNaN(x) || double.IsInfinity(x))
                {
                    return x;
                }

                var floor = Math.Floor(x);
                return x - floor >= 0.5 ? floor + 1 : floor;
            }

            var precision = args[1] as long? ?? throw ValueErrors.FunctionArgument("round", args[1], "an INTEGER precision");
            var mode = args.Length > 2
                ? args[2] as string ?? throw ValueErrors.FunctionArgument("round", args[2], "a STRING rounding mode")
                : "HALF_UP";
            return RoundTo(x, precision, mode.ToUpperInvariant());
        }

        private static double RoundTo(double x, long precision, string mode)
        {
            if (mode is not ("UP" or "DOWN" or "CEILING" or "FLOOR" or "HALF_UP" or "HALF_DOWN" or "HALF_EVEN"))
            {
                throw ValueErrors.Argument(
                    $"Unknown rounding mode '{mode}'; use UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN or HALF_EVEN.");
            }

            if (double.IsNaN(x) || double.IsInfinity(x) || precision > 28 || precision < -28)
            {
                return x;
            }

            // Round the decimal the float prints as (Java's BigDecimal.valueOf), so round(2.675, 2) is 2.68.
            if (!decimal.TryParse(x.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return x; // beyond decimal's range: such a float has no fractional digits to round
            }

            var scale = Pow10((int)Math.Abs(precision));
            decimal scaled;
            try
            {
                scaled = precision >= 0 ? value * scale : value / scale;
            }
            catch (OverflowException)
            {
                return x;
            }

            var truncated = decimal.Truncate(scaled);
            var fraction = Math.Abs(scaled - truncated);
            var awayFromZero = truncated + Math.Sign(scaled);
            var rounded = mode switch
            {
                "UP" => fraction == 0 ? truncated : awayFromZero,
                "DOWN" => truncated,
                "CEILING" => decimal.Ceiling(scaled),
                "FLOOR" => decimal.Floor(scaled),
                "HALF_UP" => fraction >= 0.5m ? awayFromZero : truncated,
                "HALF_DOWN" => fraction > 0.5m ? awayFromZero : truncated,
                _ => decimal.Round(scaled, 0, MidpointRounding.ToEven),
            };
            var result = precision >= 0 ? rounded / scale : rounded * scale;
            return (double)result;
        }

        private static decimal Pow10(int exponent)
        {
            var result = 1m;
            for (var i = 0; i < exponent; i++)
            {
                result *= 10;
            }

            return result;
        }
    }
}
