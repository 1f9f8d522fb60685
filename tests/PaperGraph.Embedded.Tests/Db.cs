using PaperGraph.Embedded;
using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

/// <summary>Helpers: an in-memory database and short ways to run statements.</summary>
internal static class Db
{
    public static EmbeddedGraphDatabase Open(EmbeddedDatabaseOptions? options = null) =>
        EmbeddedGraphDatabase.Open(options ?? new EmbeddedDatabaseOptions());

    public static QueryResult Run(this IGraphDatabase db, string text, object? parameters = null) =>
        db.ExecuteAsync(new CypherQuery(text, ToMap(parameters))).GetAwaiter().GetResult();

    public static GraphException Fails(this IGraphDatabase db, string text, object? parameters = null) =>
        Assert.Throws<GraphException>(() => db.Run(text, parameters));

    public static object? Scalar(this IGraphDatabase db, string text, object? parameters = null)
    {
        var result = db.Run(text, parameters);
        Assert.Single(result.Values);
        return result.Values[0][0];
    }

    public static IReadOnlyDictionary<string, object?>? ToMap(object? parameters) => parameters switch
    {
        null => null,
        IReadOnlyDictionary<string, object?> d => d,
        _ => parameters.GetType().GetProperties().ToDictionary(p => p.Name, p => GraphValues.Normalize(p.GetValue(parameters))),
    };
}
