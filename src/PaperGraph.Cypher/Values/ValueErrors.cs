using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>The errors the value library raises, with Neo4j's status codes.</summary>
public static class ValueErrors
{
    /// <summary><c>Neo.ClientError.Statement.TypeError</c>: a value of the wrong type for an operation.</summary>
    public static GraphException Type(string message) => new(GraphErrorCodes.TypeError, message);

    /// <summary><c>Neo.ClientError.Statement.ArgumentError</c>: a value of the right type but out of range.</summary>
    public static GraphException Argument(string message) => new(GraphErrorCodes.ArgumentError, message);

    /// <summary><c>Neo.ClientError.Statement.ArithmeticError</c>: integer overflow, integer division by zero.</summary>
    public static GraphException Arithmetic(string message) => new(GraphErrorCodes.ArithmeticError, message);

    internal static GraphException Overflow(string operation) =>
        Arithmetic($"Integer overflow: {operation} does not fit in a 64-bit INTEGER.");

    internal static GraphException FunctionArgument(string function, object? value, string expected) =>
        Type($"{function}() expects {expected}, got {CypherTypes.NameOf(value)} ({ValueFormatter.Format(value)}).");
}
