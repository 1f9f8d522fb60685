using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>The Cypher type of an engine value, by the names Neo4j uses in its messages.</summary>
public static class CypherTypes
{
    /// <summary>INTEGER, FLOAT, STRING, BOOLEAN, LIST, MAP, NODE, RELATIONSHIP, PATH, DATE, LOCAL TIME, ZONED TIME,
    /// LOCAL DATETIME, ZONED DATETIME, DURATION or NULL.</summary>
    public static string NameOf(object? value) => value switch
    {
        null => "NULL",
        bool => "BOOLEAN",
        long or int or short or byte or sbyte or uint => "INTEGER",
        double or float => "FLOAT",
        string or char => "STRING",
        NodeValue or GraphNode => "NODE",
        RelationshipValue or GraphRelationship => "RELATIONSHIP",
        PathValue or GraphPath => "PATH",
        GraphTemporal t => t.CypherTypeName,
        GraphPoint => "POINT",
        IReadOnlyDictionary<string, object?> => "MAP",
        IReadOnlyList<object?> => "LIST",
        _ => value.GetType().Name,
    };

    public static bool IsNumber(object? value) => value is long or double;
    public static bool IsList(object? value) => value is IReadOnlyList<object?> && value is not string;
    public static bool IsMap(object? value) => value is IReadOnlyDictionary<string, object?>;
}
