namespace PaperGraph.Cypher.Semantics;

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
/// <remarks>Inside an expression subquery (<c>EXISTS { }</c>, <c>COUNT { }</c>, <c>COLLECT { }</c>) the variables of
/// the enclosing row are imported: they stay visible across the subquery's own <c>WITH</c>s (Neo4j: "variables from
/// the outside scope are visible inside the subquery"), unless a projection rebinds their name.</remarks>
public sealed class Scope
{
    private readonly Dictionary<string, BoundVariable> _variables;
    private readonly IReadOnlyDictionary<string, BoundVariable>? _imported;

    public Scope() => _variables = new(StringComparer.Ordinal);

    private Scope(Dictionary<string, BoundVariable> variables, IReadOnlyDictionary<string, BoundVariable>? imported)
    {
        _variables = new(variables, StringComparer.Ordinal);
        _imported = imported;
    }

    public Scope Clone() => new(_variables, _imported);

    /// <summary>A copy in which every variable now visible is imported: it survives the WITHs that follow.</summary>
    public Scope ImportingAll()
    {
        var imported = new Dictionary<string, BoundVariable>(_variables, StringComparer.Ordinal);
        if (_imported is not null)
        {
            foreach (var (name, v) in _imported) imported.TryAdd(name, v);
        }

        return new Scope(_variables, imported);
    }

    /// <summary>A copy holding only <paramref name="names"/>, each imported (a scoped <c>CALL (x, y) { }</c>).</summary>
    public Scope ImportingOnly(IEnumerable<BoundVariable> variables)
    {
        var imported = variables.ToDictionary(v => v.Name, StringComparer.Ordinal);
        return new Scope(new Dictionary<string, BoundVariable>(imported, StringComparer.Ordinal), imported);
    }

    /// <summary>The scope a WITH or RETURN opens: empty but for the imported variables.</summary>
    public Scope Projected() =>
        _imported is null ? new Scope() : new Scope(new Dictionary<string, BoundVariable>(_imported, StringComparer.Ordinal), _imported);

    /// <summary>Whether <paramref name="name"/> came from the enclosing query.</summary>
    public bool IsImported(string name) => _imported?.ContainsKey(name) == true;

    public bool TryGet(string name, out BoundVariable variable) => _variables.TryGetValue(name, out variable!);

    public bool Contains(string name) => _variables.ContainsKey(name);

    public void Add(BoundVariable variable) => _variables[variable.Name] = variable;

    public IEnumerable<BoundVariable> Variables => _variables.Values;

    /// <summary>The names a user can see (generated names of anonymous pattern elements start with a space).</summary>
    public IEnumerable<BoundVariable> UserVariables => _variables.Values.Where(v => !IsGenerated(v.Name));

    public static bool IsGenerated(string name) => name.Length > 0 && name[0] == ' ';
}
