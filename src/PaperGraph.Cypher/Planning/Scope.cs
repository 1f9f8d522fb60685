namespace PaperGraph.Cypher.Planning;

/// <summary>What a variable is known to hold, for the checks Neo4j makes at compile time.</summary>
public enum VariableKind
{
    Any,
    Node,
    Relationship,
    RelationshipList,
    Path,

    /// <summary>Known not to be a graph entity (a literal projected by WITH).</summary>
    Value,

    /// <summary>A list literal: may be used as a bound variable-length relationship, not as a node.</summary>
    List,
}

/// <summary>A variable in scope: its name, its row slot and its kind.</summary>
/// <param name="StaticType">The value type known at compile time (<c>String</c> for the variable of a quantifier
/// over a list of string literals), or null when unknown.</param>
public sealed record BoundVariable(string Name, int Slot, VariableKind Kind, string? StaticType = null);

/// <summary>The variables visible at one point of a query. <c>WITH</c> and <c>RETURN</c> open a new scope.</summary>
public sealed class Scope
{
    private readonly Dictionary<string, BoundVariable> _variables;

    public Scope() => _variables = new(StringComparer.Ordinal);

    private Scope(Dictionary<string, BoundVariable> variables) => _variables = new(variables, StringComparer.Ordinal);

    public Scope Clone() => new(_variables);

    public bool TryGet(string name, out BoundVariable variable) => _variables.TryGetValue(name, out variable!);

    public bool Contains(string name) => _variables.ContainsKey(name);

    public void Add(BoundVariable variable) => _variables[variable.Name] = variable;

    public IEnumerable<BoundVariable> Variables => _variables.Values;

    /// <summary>The names a user can see (generated names of anonymous pattern elements start with a space).</summary>
    public IEnumerable<BoundVariable> UserVariables => _variables.Values.Where(v => !IsGenerated(v.Name));

    public static bool IsGenerated(string name) => name.Length > 0 && name[0] == ' ';
}
