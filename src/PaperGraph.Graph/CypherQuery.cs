namespace PaperGraph.Graph;

/// <summary>One Cypher statement with its parameters.</summary>
/// <param name="Text">The Cypher text.</param>
/// <param name="Parameters">Values for <c>$name</c> placeholders, as CLR values of the kinds listed on
/// <see cref="GraphValues"/>.</param>
public sealed record CypherQuery(string Text, IReadOnlyDictionary<string, object?>? Parameters = null)
{
    /// <summary>Read-only statements are refused any write (used for anonymous users).</summary>
    public AccessMode AccessMode { get; init; } = AccessMode.Write;

    /// <summary>Who runs the statement (an account name, <c>cli</c>, <c>seed</c>…); recorded as the curator of the
    /// changes it makes to papers and prerequisite edges. Null: unknown.</summary>
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
