using System.Text.Json;

namespace PaperGraph.Web.Tests.QueryApi;

/// <summary>First start with <c>Import:Seed=true</c> on an empty store.</summary>
public sealed class SeedOnFirstStartTests
{
    [Fact]
    public async Task Empty_store_gets_the_seed_reading_list_with_its_prerequisite_chain()
    {
        using var server = new PaperGraphServer(settings: new() { ["Import:Seed"] = "true" });

        var (status, body, _) = await server.Anonymous().QueryAsync(new
        {
            statement = "MATCH (p:Paper)-[:IN_SECTION]->(:Section) WITH count(DISTINCT p) AS papers " +
                        "MATCH (:Paper {key: 'word2vec'})-[:PREREQUISITE_OF*]->(b:Paper {key: 'bert'}) RETURN papers, count(*) > 0 AS chain",
        });

        Assert.True(status == 202, body.ToString());
        var row = body.GetProperty("data").GetProperty("values")[0];
        Assert.True(row[0].GetInt64() >= 36, $"{row[0]} papers in sections");
        Assert.True(row[1].GetBoolean());
    }
}

