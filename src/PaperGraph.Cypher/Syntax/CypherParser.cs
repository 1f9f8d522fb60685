using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Syntax;

/// <summary>
/// Parses openCypher text into an immutable <see cref="Statement"/> tree.
/// </summary>
/// <remarks>
/// Every failure is a <see cref="GraphException"/>: <c>Neo.ClientError.Statement.SyntaxError</c> with a position,
/// the message, the offending line and a caret line under the bad token; or <c>SemanticError</c> "… is not
/// supported by the embedded engine" for valid Cypher this engine does not run (FOREACH, LOAD CSV, …).
/// Thread-safe: each call uses its own state.
/// </remarks>
public static class CypherParser
{
    /// <summary>How deeply expressions, patterns and subqueries may nest.</summary>
    public const int MaxDepth = 500;

    /// <summary>The most errors <see cref="ParseTolerant"/> reports; after that it stops reading (an editor needs
    /// the first few, and a statement of thousands of broken clauses must not cost thousands of messages).</summary>
    public const int MaxTolerantErrors = 100;

    /// <summary>Parses one statement (a trailing <c>;</c> is allowed).</summary>
    /// <exception cref="GraphException">The text is not a statement the engine can run.</exception>
    public static Statement Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Parser(text, tolerant: false).ParseStatementOrThrow();
    }

    /// <summary>
    /// Parses a statement, collecting every error it can find instead of stopping at the first (for an editor's
    /// lint). After an error in a clause, parsing resumes at the next clause keyword.
    /// </summary>
    /// <returns>The statement when there were no errors (else null), and the errors in the order found.</returns>
    public static (Statement? Statement, IReadOnlyList<GraphException> Errors) ParseTolerant(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text, tolerant: true);
        try
        {
            var statement = parser.ParseStatementOrThrow();
            return parser.Errors.Count == 0 ? (statement, []) : (null, parser.Errors);
        }
        catch (GraphException e)
        {
            parser.Errors.Add(e);
            return (null, parser.Errors);
        }
    }
}
