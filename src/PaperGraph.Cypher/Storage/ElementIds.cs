using System.Globalization;

namespace PaperGraph.Cypher.Storage;

/// <summary>The element ids the embedded store issues: <c>4:pg:&lt;id&gt;</c> for nodes and <c>5:pg:&lt;id&gt;</c>
/// for relationships, after Neo4j's shape.</summary>
public static class ElementIds
{
    public static string Node(long id) => "4:pg:" + id.ToString(CultureInfo.InvariantCulture);
    public static string Relationship(long id) => "5:pg:" + id.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseNode(string elementId, out long id) => TryParse(elementId, "4:pg:", out id);
    public static bool TryParseRelationship(string elementId, out long id) => TryParse(elementId, "5:pg:", out id);

    private static bool TryParse(string elementId, string prefix, out long id)
    {
        id = 0;
        return elementId.StartsWith(prefix, StringComparison.Ordinal) &&
               long.TryParse(elementId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
