namespace PaperGraph.Web.Tests;

/// <summary>The web app reaches the graph only through the seam (<c>IGraphDatabase</c> and the seam-level services
/// such as <c>ICypherLinter</c>), never into a backend.</summary>
public sealed class ArchitectureTests
{
    [Theory]
    [InlineData("PaperGraph.Cypher")]
    [InlineData("PaperGraph.Embedded")]
    [InlineData("PaperGraph.Storage.Sqlite")]
    [InlineData("PaperGraph.Neo4j")]
    public void The_web_app_does_not_reference_a_backend(string backend)
    {
        var references = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.Contains("PaperGraph.Graph", references);
        Assert.DoesNotContain(backend, references);
    }
}
