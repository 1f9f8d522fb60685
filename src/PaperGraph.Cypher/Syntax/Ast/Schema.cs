namespace PaperGraph.Cypher.Syntax.Ast;

// Schema commands: constraints and indexes (Neo4j's administration syntax, not part of openCypher).
// Both the current form (`FOR (n:L) REQUIRE n.p IS UNIQUE`, `FOR (n:L) ON (n.p)`) and the older one
// (`ON (n:L) ASSERT n.p IS UNIQUE`, `ON :L(p)`) are read into the same nodes.

/// <summary>A statement that reads or changes the schema rather than the graph.</summary>
public abstract record SchemaCommand : Statement;

/// <summary>
/// What a constraint or index applies to: nodes with <see cref="Label"/>, on <see cref="Properties"/>.
/// <see cref="Variable"/> is null for the old index form <c>ON :Label(prop)</c>.
/// </summary>
public sealed record SchemaTarget(Variable? Variable, string Label, IReadOnlyList<string> Properties) : AstNode;

/// <summary>The kinds of constraint the embedded engine knows.</summary>
public enum ConstraintKind
{
    /// <summary><c>IS UNIQUE</c></summary>
    Unique,
}

/// <summary><c>CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR (n:L) REQUIRE n.p IS UNIQUE</c>.</summary>
public sealed record CreateConstraint(string? Name, bool IfNotExists, SchemaTarget Target, ConstraintKind Kind) : SchemaCommand;

/// <summary>
/// <c>DROP CONSTRAINT name [IF EXISTS]</c> (<see cref="Target"/> null) or the old
/// <c>DROP CONSTRAINT ON (n:L) ASSERT n.p IS UNIQUE</c> (<see cref="Name"/> null).
/// </summary>
public sealed record DropConstraint(string? Name, bool IfExists, SchemaTarget? Target, ConstraintKind? Kind) : SchemaCommand;

/// <summary><c>CREATE INDEX [name] [IF NOT EXISTS] FOR (n:L) ON (n.p, …)</c> or <c>CREATE INDEX ON :L(p)</c>.</summary>
public sealed record CreateIndex(string? Name, bool IfNotExists, SchemaTarget Target) : SchemaCommand;

/// <summary><c>DROP INDEX name [IF EXISTS]</c> (<see cref="Target"/> null) or <c>DROP INDEX ON :L(p)</c> (<see cref="Name"/> null).</summary>
public sealed record DropIndex(string? Name, bool IfExists, SchemaTarget? Target) : SchemaCommand;

/// <summary><c>SHOW CONSTRAINTS</c>.</summary>
public sealed record ShowConstraints : SchemaCommand;

/// <summary><c>SHOW INDEXES</c> (or <c>SHOW INDEX</c>).</summary>
public sealed record ShowIndexes : SchemaCommand;

/// <summary><c>SHOW PROCEDURES</c>: the procedures the engine has.</summary>
public sealed record ShowProcedures : SchemaCommand;

/// <summary><c>SHOW [BUILT IN] FUNCTIONS</c>: the functions the engine has.</summary>
public sealed record ShowFunctions : SchemaCommand;
