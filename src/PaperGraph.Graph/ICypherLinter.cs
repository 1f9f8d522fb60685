namespace PaperGraph.Graph;

/// <summary>
/// The Cypher console's lint for the backend in use: every problem in a statement, each with the span to underline,
/// found without running anything. The embedded backend's linter reads syntax with the engine's own tolerant
/// parser; a server backend's (Neo4j) asks the server's own <c>EXPLAIN</c>, so what it accepts is what it runs.
/// </summary>
public interface ICypherLinter
{
    /// <summary>The problems in <paramref name="statement"/>, in text order; empty when it compiles.</summary>
    Task<IReadOnlyList<CypherProblem>> LintAsync(string statement, CancellationToken cancellationToken = default);
}

/// <summary>One problem: where it starts (1-based line and column, 0-based offset), how many UTF-16 characters to
/// underline, what is wrong, the Neo4j status code, and <c>error</c> or <c>warning</c> (valid Cypher the embedded
/// engine does not run).</summary>
public sealed record CypherProblem(int Line, int Column, int Offset, int Length, string Message, string Code, string Severity);
