namespace PaperGraph.Graph;

/// <summary>
/// The Cypher value kinds as they cross the seam, in the spirit of the Neo4j driver's value types.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>NULL</term><description><c>null</c></description></item>
/// <item><term>BOOLEAN</term><description><see cref="bool"/></description></item>
/// <item><term>INTEGER</term><description><see cref="long"/> (64-bit; parameters may also be int)</description></item>
/// <item><term>FLOAT</term><description><see cref="double"/></description></item>
/// <item><term>STRING</term><description><see cref="string"/></description></item>
/// <item><term>LIST</term><description><see cref="IReadOnlyList{T}"/> of object?</description></item>
/// <item><term>MAP</term><description><see cref="IReadOnlyDictionary{TKey,TValue}"/> of string to object?</description></item>
/// <item><term>DATE, LOCAL TIME, ZONED TIME, LOCAL DATETIME, ZONED DATETIME, DURATION</term><description><see cref="GraphDate"/>,
/// <see cref="GraphLocalTime"/>, <see cref="GraphTime"/>, <see cref="GraphLocalDateTime"/>, <see cref="GraphDateTime"/>,
/// <see cref="GraphDuration"/> (callers may also pass DateOnly, TimeOnly, DateTime, DateTimeOffset and TimeSpan)</description></item>
/// <item><term>POINT</term><description><see cref="GraphPoint"/> (Cartesian or WGS-84, 2D or 3D)</description></item>
/// <item><term>BYTE ARRAY</term><description><c>byte[]</c> (Neo4j's <c>Base64</c> in Typed JSON; parameters and results only)</description></item>
/// <item><term>NODE, RELATIONSHIP, PATH</term><description><see cref="GraphNode"/>, <see cref="GraphRelationship"/>, <see cref="GraphPath"/></description></item>
/// </list>
/// </remarks>
public static class GraphValues
{
    /// <summary>How deeply lists and maps may nest in one value (a list of lists is 2). The engine refuses to build a
    /// deeper value and every walk over values (conversion, JSON, equality, hashing, ordering, formatting, storage)
    /// stops there, so no value can exhaust a thread's stack. Neo4j sets no such limit; nothing real comes close.</summary>
    public const int MaxDepth = 256;

    /// <summary>The error for a value nested more deeply than <see cref="MaxDepth"/>:
    /// <c>Neo.ClientError.Statement.ArgumentError</c> (the value is of a valid type but out of the range we accept).</summary>
    public static GraphException TooDeep() => new(GraphErrorCodes.ArgumentError,
        $"The value nests lists and maps more than {MaxDepth} levels deep, the most a value may.");

    /// <summary>Turns a CLR value from a caller (int, float, arrays, dictionaries…) into the canonical kinds above.</summary>
    /// <exception cref="GraphException">The value nests more than <see cref="MaxDepth"/> levels deep.</exception>
    public static object? Normalize(object? value) => Normalize(value, 0);

    private static object? Normalize(object? value, int depth) => value switch
    {
        null => null,
        bool or long or double or string or GraphNode or GraphRelationship or GraphPath or GraphTemporal or GraphPoint
            or byte[] => value,
        DateOnly d => new GraphDate(d.DayNumber - 719162L),
        TimeOnly t => new GraphLocalTime(t.Ticks * 100),
        DateTimeOffset dto => TimeZones.FromInstant(dto.ToUnixTimeSeconds(), (int)(dto.UtcTicks % TimeSpan.TicksPerSecond * 100), (int)dto.Offset.TotalSeconds, null),
        DateTime dt when dt.Kind == DateTimeKind.Utc => TimeZones.FromInstant(new DateTimeOffset(dt).ToUnixTimeSeconds(), (int)(dt.Ticks % TimeSpan.TicksPerSecond * 100), 0, null),
        DateTime dt => new GraphLocalDateTime(DateOnly.FromDateTime(dt).DayNumber - 719162L, dt.TimeOfDay.Ticks * 100),
        TimeSpan ts => new GraphDuration(0, 0, ts.Ticks / TimeSpan.TicksPerSecond, ts.Ticks % TimeSpan.TicksPerSecond * 100),
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        uint u => (long)u,
        float f => (double)f,
        decimal m => (double)m,
        char c => c.ToString(),
        _ when depth >= MaxDepth => throw TooDeep(),
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value, depth + 1), StringComparer.Ordinal),
        System.Collections.IDictionary dict => dict.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => Normalize(dict[k], depth + 1), StringComparer.Ordinal),
        string[] strings => strings.Cast<object?>().ToList(),
        System.Collections.IEnumerable list => list.Cast<object?>().Select(x => Normalize(x, depth + 1)).ToList(),
        _ => throw new ArgumentException($"A {value.GetType().Name} cannot be a Cypher value.", nameof(value)),
    };
}

/// <summary>A node as returned by a query.</summary>
/// <remarks>Two nodes are equal when their element ids are.</remarks>
public sealed class GraphNode(string elementId, IReadOnlyList<string> labels, IReadOnlyDictionary<string, object?> properties)
    : IEquatable<GraphNode>
{
    /// <summary>Opaque id, stable within a transaction (the embedded store issues <c>4:pg:&lt;id&gt;</c>).</summary>
    public string ElementId { get; } = elementId;
    public IReadOnlyList<string> Labels { get; } = labels;
    public IReadOnlyDictionary<string, object?> Properties { get; } = properties;

    public bool Equals(GraphNode? other) => other is not null && other.ElementId == ElementId;
    public override bool Equals(object? obj) => Equals(obj as GraphNode);
    public override int GetHashCode() => ElementId.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => $"({string.Concat(Labels.Select(l => ":" + l))} {ElementId})";
}

/// <summary>A relationship as returned by a query.</summary>
/// <remarks>Two relationships are equal when their element ids are.</remarks>
public sealed class GraphRelationship(string elementId, string startNodeElementId, string endNodeElementId, string type,
    IReadOnlyDictionary<string, object?> properties) : IEquatable<GraphRelationship>
{
    /// <summary>Opaque id (the embedded store issues <c>5:pg:&lt;id&gt;</c>).</summary>
    public string ElementId { get; } = elementId;
    public string StartNodeElementId { get; } = startNodeElementId;
    public string EndNodeElementId { get; } = endNodeElementId;
    public string Type { get; } = type;
    public IReadOnlyDictionary<string, object?> Properties { get; } = properties;

    public bool Equals(GraphRelationship? other) => other is not null && other.ElementId == ElementId;
    public override bool Equals(object? obj) => Equals(obj as GraphRelationship);
    public override int GetHashCode() => ElementId.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => $"[:{Type} {ElementId}]";
}

/// <summary>A path: nodes and the relationships between them, in traversal order.</summary>
/// <remarks><c>Nodes.Count == Relationships.Count + 1</c>. Direction is only in each relationship's
/// start and end ids.</remarks>
public sealed class GraphPath(IReadOnlyList<GraphNode> nodes, IReadOnlyList<GraphRelationship> relationships)
    : IEquatable<GraphPath>
{
    public IReadOnlyList<GraphNode> Nodes { get; } = nodes;
    public IReadOnlyList<GraphRelationship> Relationships { get; } = relationships;
    public GraphNode Start => Nodes[0];
    public GraphNode End => Nodes[^1];
    public int Length => Relationships.Count;

    public bool Equals(GraphPath? other) =>
        other is not null && Nodes.SequenceEqual(other.Nodes) && Relationships.SequenceEqual(other.Relationships);
    public override bool Equals(object? obj) => Equals(obj as GraphPath);
    public override int GetHashCode() => HashCode.Combine(Start, End, Length);
}
