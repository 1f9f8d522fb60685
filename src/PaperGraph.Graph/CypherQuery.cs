namespace PaperGraph.Graph;

/// <summary>One Cypher statement with its parameters.</summary>
/// <param name="Text">The Cypher text.</param>
/// <param name="Parameters">Values for <c>$name</c> placeholders, as CLR values of the kinds listed on
/// <see cref="GraphValues"/>.</param>
public sealed record CypherQuery(string Text, IReadOnlyDictionary<string, object?>? Parameters = null)
{
    /// <summary>Read-only statements are refused any write (used for anonymous users).</summary>
    public AccessMode AccessMode { get; init; } = AccessMode.Write;

    /// <summary>Who runs the statement, carried app-side with the query so that the changes it makes can be
    /// recorded as theirs: the signed-in account's name on the web (<c>ClaimTypes.Name</c>), <c>cli:&lt;os user&gt;</c>
    /// from the command line, null when nobody in particular (anonymous readers, start-up work).</summary>
    /// <remarks>Neither backend sends it anywhere: Neo4j's Query API has no transaction metadata field.</remarks>
    public string? Actor { get; init; }

    /// <summary>The empty parameter map, shared.</summary>
    public static readonly IReadOnlyDictionary<string, object?> NoParameters =
        new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>The parameters, never null.</summary>
    public IReadOnlyDictionary<string, object?> ParametersOrEmpty => Parameters ?? NoParameters;

    /// <summary>A statement that must not write.</summary>
    public static CypherQuery Read(string text, IReadOnlyDictionary<string, object?>? parameters = null) =>
        new(text, parameters) { AccessMode = AccessMode.Read };
}
