namespace PaperGraph.Cypher.Tests.Values;

/// <summary>Shorthands for building engine values in tests.</summary>
internal static class V
{
    public static List<object?> L(params object?[] items) => [.. items];

    public static Dictionary<string, object?> M(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public const double NaN = double.NaN;
}
