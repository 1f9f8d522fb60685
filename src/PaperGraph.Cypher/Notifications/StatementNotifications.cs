using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Notifications;

/// <summary>
/// The notifications Neo4j 5 attaches to a statement, found in its syntax tree: a cartesian product between
/// disconnected patterns, a shortest path over an unbounded pattern, and (for statements that only read) labels,
/// relationship types and property keys the database does not know. Codes, titles, descriptions, severities and
/// categories are Neo4j's (neo4j/neo4j <c>NotificationCodeWithDescription</c>, as its
/// <c>NotificationCodeWithDescriptionTest</c> spells them out); the position is where Neo4j puts it.
/// </summary>
/// <remarks>Found once per statement text and cached with its plan; the unknown names are checked against the
/// database each time the statement runs (<see cref="For"/>). Immutable and safe to share.</remarks>
public sealed class StatementNotifications
{
    /// <summary>A statement without notifications.</summary>
    public static StatementNotifications None { get; } = new([], []);

    /// <summary>The most notifications one run reports: a hostile statement may name tens of thousands of unknown
    /// labels, and a warning for each would make its answer many times its size. The first ones, in source order,
    /// are kept: they say what is wrong as well as all of them would.</summary>
    public const int MaxPerStatement = 100;

    private readonly IReadOnlyList<Notification> _always;
    private readonly IReadOnlyList<NameUse> _names;

    private StatementNotifications(IReadOnlyList<Notification> always, IReadOnlyList<NameUse> names)
    {
        _always = always;
        _names = names;
    }

    private enum NameKind
    {
        Label,
        RelationshipType,
        PropertyKey,
    }

    private readonly record struct NameUse(NameKind Kind, string Name, SourcePosition Position);

    /// <summary>The notifications of a run over <paramref name="reader"/>: the statement's own, then one per
    /// unknown name (each name once, at its first use).</summary>
    public IReadOnlyList<Notification> For(IGraphReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return For(() => reader.Labels, () => reader.RelationshipTypes, () => reader.PropertyKeys);
    }

    /// <summary>The notifications of a run over a database that knows these names (each asked for only when the
    /// statement names one of its kind).</summary>
    public IReadOnlyList<Notification> For(Func<IReadOnlyCollection<string>> knownLabels,
        Func<IReadOnlyCollection<string>> knownTypes, Func<IReadOnlyCollection<string>> knownPropertyKeys)
    {
        ArgumentNullException.ThrowIfNull(knownLabels);
        ArgumentNullException.ThrowIfNull(knownTypes);
        ArgumentNullException.ThrowIfNull(knownPropertyKeys);
        if (_names.Count == 0 || _always.Count >= MaxPerStatement) return _always;
        IReadOnlyCollection<string>? labels = null, types = null, keys = null;
        var list = new List<Notification>(_always);
        var seen = new HashSet<(NameKind, string)>();
        foreach (var use in _names)
        {
            if (list.Count >= MaxPerStatement) break;
            var known = use.Kind switch
            {
                NameKind.Label => (labels ??= knownLabels()).Contains(use.Name),
                NameKind.RelationshipType => (types ??= knownTypes()).Contains(use.Name),
                _ => (keys ??= knownPropertyKeys()).Contains(use.Name),
            };
            if (!known && seen.Add((use.Kind, use.Name))) list.Add(Unknown(use));
        }
        return list;
    }

    /// <summary>Finds the notifications of a parsed statement; <paramref name="text"/> is its source.</summary>
    /// <param name="statement">The parsed statement.</param>
    /// <param name="text">Its text, for positions.</param>
    /// <param name="readOnly">Whether it only reads: Neo4j warns of unknown names only where nothing creates them.</param>
    public static StatementNotifications Find(Statement statement, string text, bool readOnly)
    {
        var finder = new Finder(text, readOnly);
        finder.Visit(statement);
        if (finder.Always.Count == 0 && finder.Names.Count == 0) return None;
        return new StatementNotifications(finder.Always.Count > MaxPerStatement ? finder.Always[..MaxPerStatement] : finder.Always, finder.Names);
    }

    // neo4j/neo4j NotificationCodeWithDescription: MISSING_LABEL, MISSING_REL_TYPE, MISSING_PROPERTY_NAME.
    private static Notification Unknown(NameUse use) => use.Kind switch
    {
        NameKind.Label => new Notification("Neo.ClientNotification.Statement.UnknownLabelWarning",
            "The provided label is not in the database.",
            "One of the labels in your query is not available in the database, make sure you didn't misspell it or that the " +
            $"label is available when you run this statement in your application (the missing label name is: {use.Name})",
            "WARNING", use.Position, "UNRECOGNIZED"),
        NameKind.RelationshipType => new Notification("Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning",
            "The provided relationship type is not in the database.",
            "One of the relationship types in your query is not available in the database, make sure you didn't misspell it or " +
            $"that the label is available when you run this statement in your application (the missing relationship type is: {use.Name})",
            "WARNING", use.Position, "UNRECOGNIZED"),
        _ => new Notification("Neo.ClientNotification.Statement.UnknownPropertyKeyWarning",
            "The provided property key is not in the database",
            "One of the property names in your query is not available in the database, make sure you didn't misspell it or " +
            $"that the label is available when you run this statement in your application (the missing property name is: {use.Name})",
            "WARNING", use.Position, "UNRECOGNIZED"),
    };

    // UNBOUNDED_SHORTEST_PATH.
    private static Notification UnboundedShortestPath(SourcePosition position) => new(
        "Neo.ClientNotification.Statement.UnboundedVariableLengthPattern",
        "The provided pattern is unbounded, consider adding an upper limit to the number of node hops.",
        "Using shortest path with an unbounded pattern will likely result in long execution times. It is recommended to use " +
        "an upper limit to the number of node hops in your pattern.",
        "INFORMATION", position, "PERFORMANCE");

    // CARTESIAN_PRODUCT, with NotificationDetail's "identifier is: (b)" / "identifiers are: (b, c)".
    private static Notification CartesianProduct(SourcePosition position, IReadOnlyList<string> identifiers) => new(
        "Neo.ClientNotification.Statement.CartesianProduct",
        "This query builds a cartesian product between disconnected patterns.",
        "If a part of a query contains multiple disconnected patterns, this will build a cartesian product between all those " +
        "parts. This may produce a large amount of data and slow down query processing. While occasionally intended, it may " +
        "often be possible to reformulate the query that avoids the use of this cross product, perhaps by adding a " +
        "relationship between the different parts or by using OPTIONAL MATCH " +
        (identifiers.Count == 1 ? $"(identifier is: ({identifiers[0]}))" : $"(identifiers are: ({string.Join(", ", identifiers)}))"),
        "INFORMATION", position, "PERFORMANCE");

    /// <summary>One walk over the tree, in source order.</summary>
    private sealed class Finder(string text, bool readOnly)
    {
        public List<Notification> Always { get; } = [];

        public List<NameUse> Names { get; } = [];

        public void Visit(AstNode? node, int depth = 0)
        {
            if (node is null) return;
            // The parser bounds nesting; this keeps the walk safe on its own.
            if (depth > 512) return;
            switch (node)
            {
                case SingleQuery query:
                    CheckCartesianProducts(query);
                    break;
                case PatternPart { Function: PatternFunction.ShortestPath or PatternFunction.AllShortestPaths } part
                    when part.Element.Chain.Any(step => step.Relationship.Range is { Max: null }):
                    Always.Add(UnboundedShortestPath(part.Element.Span.Position));
                    break;
                case NodePattern n when readOnly:
                    foreach (var label in n.Labels) Names.Add(new NameUse(NameKind.Label, label, NamePosition(n.Span, label)));
                    AddMapKeys(n.Properties);
                    break;
                case RelationshipPattern r when readOnly:
                    foreach (var type in r.Types) Names.Add(new NameUse(NameKind.RelationshipType, type, NamePosition(r.Span, type)));
                    AddMapKeys(r.Properties);
                    break;
                case PropertyAccess p when readOnly:
                    Names.Add(new NameUse(NameKind.PropertyKey, p.Key, KeyPosition(p)));
                    break;
            }
            foreach (var child in SyntaxTree.Children(node)) Visit(child, depth + 1);
        }

        private void AddMapKeys(Expression? properties)
        {
            if (properties is not MapLiteral map) return;
            foreach (var entry in map.Entries)
                Names.Add(new NameUse(NameKind.PropertyKey, entry.Key, NamePosition(entry.Span, entry.Key, anyPrefix: true)));
        }

        /// <summary>Neo4j plans a CartesianProduct where a MATCH joins parts that share no variable, neither with
        /// each other nor with what earlier MATCHes bound, and no WHERE predicate relates them.</summary>
        private void CheckCartesianProducts(SingleQuery query)
        {
            var bound = new HashSet<string>(StringComparer.Ordinal);
            foreach (var clause in query.Clauses)
            {
                switch (clause)
                {
                    case MatchClause { Optional: false } match:
                        CheckMatch(match, bound);
                        foreach (var part in match.Pattern.Parts) bound.UnionWith(VariablesOf(part));
                        break;
                    case MatchClause optional:
                        foreach (var part in optional.Pattern.Parts) bound.UnionWith(VariablesOf(part));
                        break;
                    case WithClause { Projection.Star: false } with:
                        var kept = with.Projection.Items
                            .Where(i => i.Expression is Variable v && bound.Contains(v.Name))
                            .Select(i => i.Alias?.Name ?? ((Variable)i.Expression).Name)
                            .ToHashSet(StringComparer.Ordinal);
                        bound = kept;
                        break;
                }
            }
        }

        private void CheckMatch(MatchClause match, HashSet<string> bound)
        {
            // Parts joined by shared variables, found with a disjoint-set forest (near-linear: a hostile MATCH may
            // list thousands of parts). Each part is a member of its own, so a part without variables still counts;
            // the rows coming in are one more member when they bound any.
            const string Incoming = "\0incoming";
            var sets = new DisjointSets();
            foreach (var name in bound) sets.Union(Incoming, name);
            var index = 0;
            string? firstPart = null;
            foreach (var part in match.Pattern.Parts)
            {
                var member = "\0part" + index++.ToString(System.Globalization.CultureInfo.InvariantCulture);
                firstPart ??= member;
                sets.Add(member);
                foreach (var name in VariablesOf(part)) sets.Union(member, name);
            }
            if (match.Where is { } where)
            {
                // A predicate joins the parts whose variables it names; it brings no part of its own.
                var referenced = new HashSet<string>(StringComparer.Ordinal);
                CollectVariables(where, referenced, 0);
                string? joined = null;
                foreach (var name in referenced.Where(sets.Contains))
                {
                    if (joined is null) joined = name;
                    else sets.Union(joined, name);
                }
            }
            var first = sets.Find(bound.Count > 0 ? Incoming : firstPart ?? Incoming);
            var identifiers = sets.Members
                .Where(name => !name.StartsWith('\0') && !bound.Contains(name) && sets.Find(name) != first)
                .Order(StringComparer.Ordinal).ToList();
            var groups = sets.Members.Select(sets.Find).Distinct(StringComparer.Ordinal).Count();
            if (groups >= 2 && identifiers.Count > 0) Always.Add(CartesianProduct(match.Span.Position, identifiers));
        }

        /// <summary>Names joined into groups: union by size with path halving.</summary>
        private sealed class DisjointSets
        {
            private readonly Dictionary<string, (string Parent, int Size)> _nodes = new(StringComparer.Ordinal);

            public IEnumerable<string> Members => _nodes.Keys;

            public bool Contains(string name) => _nodes.ContainsKey(name);

            public void Add(string name) => _nodes.TryAdd(name, (name, 1));

            public string Find(string name)
            {
                Add(name);
                while (true)
                {
                    var parent = _nodes[name].Parent;
                    if (parent == name) return name;
                    var grandparent = _nodes[parent].Parent;
                    _nodes[name] = (grandparent, _nodes[name].Size);
                    name = grandparent;
                }
            }

            public void Union(string a, string b)
            {
                var (rootA, rootB) = (Find(a), Find(b));
                if (rootA == rootB) return;
                var (sizeA, sizeB) = (_nodes[rootA].Size, _nodes[rootB].Size);
                if (sizeA < sizeB) (rootA, rootB, sizeA, sizeB) = (rootB, rootA, sizeB, sizeA);
                _nodes[rootB] = (rootA, sizeB);
                _nodes[rootA] = (rootA, sizeA + sizeB);
            }
        }

        private static HashSet<string> VariablesOf(PatternPart part)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (part.Variable is { } path) names.Add(path.Name);
            if (part.Element.Start.Variable is { } start) names.Add(start.Name);
            foreach (var step in part.Element.Chain)
            {
                if (step.Relationship.Variable is { } r) names.Add(r.Name);
                if (step.Node.Variable is { } n) names.Add(n.Name);
            }
            return names;
        }

        private static void CollectVariables(AstNode node, HashSet<string> names, int depth)
        {
            if (depth > 512) return;
            if (node is Variable v) names.Add(v.Name);
            foreach (var child in SyntaxTree.Children(node)) CollectVariables(child, names, depth + 1);
        }

        /// <summary>Where a label or type is written inside <paramref name="span"/>: after a <c>:</c>, <c>|</c> or
        /// <c>&amp;</c> (or a backtick); the span's start when it cannot be told.</summary>
        private SourcePosition NamePosition(SourceSpan span, string name, bool anyPrefix = false)
        {
            var end = Math.Min(text.Length, span.End);
            for (var at = span.Offset; at >= 0 && at < end; at++)
            {
                at = text.IndexOf(name, at, end - at, StringComparison.Ordinal);
                if (at < 0) break;
                var before = at - 1;
                if (before >= 0 && text[before] == '`') return PositionAt(before);
                while (before >= span.Offset && char.IsWhiteSpace(text[before])) before--;
                if (anyPrefix || (before >= span.Offset && text[before] is ':' or '|' or '&')) return PositionAt(at);
            }
            return span.Position;
        }

        // n.key: Neo4j points at the key.
        private SourcePosition KeyPosition(PropertyAccess p)
        {
            var end = Math.Min(text.Length, p.Span.End);
            var dot = end > 0 ? text.LastIndexOf('.', end - 1, Math.Max(0, end - p.Span.Offset)) : -1;
            if (dot < 0) return p.Span.Position;
            var at = dot + 1;
            while (at < end && char.IsWhiteSpace(text[at])) at++;
            return PositionAt(at);
        }

        private readonly LineMap _lines = new(text);

        private SourcePosition PositionAt(int offset) => _lines.PositionAt(offset);
    }
}
