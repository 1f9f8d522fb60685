namespace PaperGraph.Web.Tests.QueryApi;

public sealed class StartupTests
{
    [Fact]
    public void Neo4j_provider_without_a_uri_stops_the_start_naming_the_setting()
    {
        var e = Assert.ThrowsAny<Exception>(() => new PaperGraphServer(settings: new() { ["Storage:Provider"] = "Neo4j" }));

        Assert.Contains("Neo4j:Uri", e.ToString());
    }

    [Fact]
    public void Bolt_uri_is_refused_because_the_backend_speaks_http()
    {
        var e = Assert.ThrowsAny<Exception>(() => new PaperGraphServer(settings: new()
        {
            ["Storage:Provider"] = "Neo4j",
            ["Neo4j:Uri"] = "bolt://localhost:7687",
        }));

        Assert.Contains("bolt://localhost:7687", e.ToString());
    }

    [Fact]
    public async Task Web_app_on_the_neo4j_provider_serves_the_graph_of_the_server_it_points_at()
    {
        var fake = new FakeGraphDatabase();
        using var upstream = new PaperGraphServer(fake);
        using var front = new PaperGraphServer(settings: new()
        {
            ["Storage:Provider"] = "Neo4j",
            ["Neo4j:Uri"] = upstream.Address.ToString(),
            ["Neo4j:User"] = PaperGraphServer.AdminUser,
            ["Neo4j:Password"] = PaperGraphServer.AdminPassword,
        });

        var (written, _, _) = await front.Admin().QueryAsync(new { statement = "CREATE (:Thing {name: $name})", parameters = new { name = "relayed" } });
        var (refused, body, _) = await front.Anonymous().QueryAsync(new { statement = "CREATE (:Thing {name: $name})", parameters = new { name = "anon" } });
        using var health = await front.Anonymous().GetAsync("/health");
        var (_, report, _) = await QueryApiClient.ReadAsync(health);

        Assert.Equal(202, written);
        Assert.Equal((400, "Neo.ClientError.Security.Forbidden"), (refused, body.ErrorCode()));
        Assert.Equal(["relayed"], fake.Things);
        Assert.Equal("Neo4j", report.GetProperty("storage").GetString());
        Assert.Equal(1, report.GetProperty("nodes").GetInt64());
    }
}
