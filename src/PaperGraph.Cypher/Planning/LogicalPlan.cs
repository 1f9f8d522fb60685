using System.Text;
using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Planning;

/// <summary>An expression compiled to a delegate over slot-indexed rows, with the syntax it came from.</summary>
public sealed record CompiledExpression(Expression Syntax, Execution.Evaluator Evaluate);

/// <summary>
/// One logical operator. Operators form a tree whose leaves are <see cref="ArgumentOp"/> (the row handed in: one
/// empty row for a statement, the outer row for a subquery); rows flow from the leaves to the root.
/// </summary>
/// <remarks>A plan is immutable and safe to cache and to run on several threads at once.</remarks>
public abstract record LogicalOperator
{
    /// <summary>The compact one-line form EXPLAIN prints, e.g. <c>Project(Filter(NodeScan(p:Paper)))</c>.</summary>
    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        Describe(sb);
        return sb.ToString();
    }

    public abstract void Describe(StringBuilder sb);

    protected static void Wrap(StringBuilder sb, string name, LogicalOperator input, string? detail = null)
    {
        sb.Append(name).Append('(');
        var before = sb.Length;
        if (input is not ArgumentOp { Outer: false })
        {
            input.Describe(sb);
        }

        if (detail is not null)
        {
            if (sb.Length > before)
            {
                sb.Append(", ");
            }

            sb.Append(detail);
        }

        sb.Append(')');
    }
}

/// <summary>The leaf: the argument row (the statement's empty row, or the outer row of a subquery).</summary>
public sealed record ArgumentOp(bool Outer) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => sb.Append("Argument");
}

/// <summary>All nodes, or those with a label; <see cref="Degree"/> keeps only nodes that have (or lack) a
/// relationship of the given types in a direction, answered by the store before a row is made.</summary>
public sealed record NodeScanOp(LogicalOperator Input, string Name, int Slot, string? Label, IReadOnlyList<DegreeCheck>? Degree = null)
    : LogicalOperator
{
    public override void Describe(StringBuilder sb) =>
        Wrap(sb, Degree is null ? "NodeScan" : "NodeScan+Degree", Input, Label is null ? Name : Name + ":" + Label);
}

/// <summary>A pattern predicate <c>(n)-[:T]-&gt;()</c> (or its negation) as a degree check on the scanned node:
/// whether the node has a relationship of <see cref="Types"/> (any when empty) in <see cref="Direction"/>.</summary>
public sealed record DegreeCheck(Storage.StoreDirection Direction, IReadOnlyList<string> Types, bool Present);

public sealed record NodeIndexSeekOp(LogicalOperator Input, string Name, int Slot, string Label, string Key, CompiledExpression Value)
    : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "NodeIndexSeek", Input, $"{Name}:{Label}.{Key}");
}

/// <summary>Checks that an already bound value is a node with the labels (null fails).</summary>
public sealed record NodeCheckOp(LogicalOperator Input, string Name, int Slot, IReadOnlyList<string> Labels) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "NodeCheck", Input, Name);
}

/// <summary>One relationship step. <see cref="Into"/>: the target is already bound and must match.</summary>
public sealed record ExpandOp(
    LogicalOperator Input, int FromSlot, string RelName, int RelSlot, string ToName, int ToSlot, bool Into,
    IReadOnlyList<string> Types, StoreDirection Direction, IReadOnlyList<string> ToLabels, int[] DistinctFrom,
    bool RelBound = false)
    : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, Into ? "ExpandInto" : "Expand", Input);
}

/// <summary>A variable-length step. In <see cref="Pruning"/> mode it is a breadth-first search that yields each
/// reachable node once (only planned where the paths themselves cannot be observed).</summary>
public sealed record VarLengthExpandOp(
    LogicalOperator Input, int FromSlot, string RelName, int RelSlot, string ToName, int ToSlot, bool Into,
    IReadOnlyList<string> Types, StoreDirection Direction, IReadOnlyList<string> ToLabels, int[] DistinctFrom,
    long Min, long? Max, bool ReverseList, IReadOnlyList<(string Key, CompiledExpression Value)> RelProperties,
    bool Anonymous, bool Pruning = false, bool RelBound = false)
    : LogicalOperator
{
    /// <summary>A quantified path pattern's per-step predicate, evaluated with the step's left node, relationship and
    /// right node in <see cref="StepSlots"/> (left to right as written).</summary>
    public CompiledExpression? StepPredicate { get; init; }

    public (int Left, int Rel, int Right) StepSlots { get; init; } = (-1, -1, -1);

    /// <summary>Slots of the group variables of the inner left and right nodes (lists over the steps), or -1.</summary>
    public (int Left, int Right) GroupSlots { get; init; } = (-1, -1);

    public override void Describe(StringBuilder sb) => Wrap(sb, Pruning ? "VarLengthExpand(pruning)" : "VarLengthExpand", Input);
}

/// <summary>
/// A quantified path pattern of more than one relationship: <see cref="Inner"/> (the inner pattern, planned with its
/// entry node in <see cref="EntrySlot"/>) runs once per iteration, from <see cref="FromSlot"/> on, each iteration
/// starting where the last one ended (<see cref="ExitSlot"/>), between <see cref="Min"/> and <see cref="Max"/>
/// times. Relationships are distinct across iterations and from <see cref="DistinctFrom"/>; each named inner
/// variable is gathered into its group slot as a list over the iterations, in written order (reversed when the
/// walk went right to left, <see cref="Reverse"/>); <see cref="ListSlot"/> gets every relationship in written order.
/// </summary>
public sealed record QuantifiedPathOp(
    LogicalOperator Input, LogicalOperator Inner, int FromSlot, int EntrySlot, int ExitSlot, int ToSlot, bool Into,
    IReadOnlyList<string> ToLabels, int[] InnerRelSlots, (int Inner, int Group)[] Groups, int[] DistinctFrom,
    long Min, long? Max, bool Reverse, int ListSlot) : LogicalOperator
{
    public override void Describe(StringBuilder sb)
    {
        sb.Append("QuantifiedPath(");
        if (Input is not ArgumentOp { Outer: false })
        {
            Input.Describe(sb);
            sb.Append(", ");
        }

        Inner.Describe(sb);
        sb.Append(')');
    }
}

/// <summary>shortestPath / allShortestPaths between two bound nodes.</summary>
public sealed record ShortestPathOp(
    LogicalOperator Input, int FromSlot, int ToSlot, int RelSlot, int PathSlot, IReadOnlyList<string> Types,
    StoreDirection Direction, long Min, long? Max, bool All, bool ReverseList) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, All ? "AllShortestPaths" : "ShortestPath", Input);
}

/// <summary>Builds a named path from node and relationship slots in pattern order.</summary>
public sealed record ProjectPathOp(LogicalOperator Input, int PathSlot, IReadOnlyList<(int Slot, bool IsNode, bool IsList)> Elements)
    : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "ProjectPath", Input);
}

public sealed record FilterOp(LogicalOperator Input, CompiledExpression Predicate) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Filter", Input);
}

public sealed record ProjectOp(LogicalOperator Input, IReadOnlyList<(int Slot, CompiledExpression Value)> Items) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Project", Input);
}

/// <summary>One aggregate: the function, whether DISTINCT, its argument (null for count(*)) and extra constant
/// arguments (percentiles).</summary>
public sealed record AggregateSpec(string Function, bool Distinct, CompiledExpression? Argument,
    IReadOnlyList<CompiledExpression> Extra, int Slot);

public sealed record AggregateOp(LogicalOperator Input, IReadOnlyList<(int Slot, CompiledExpression Value)> Keys,
    IReadOnlyList<AggregateSpec> Aggregates) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Aggregate", Input);
}

public sealed record DistinctOp(LogicalOperator Input, int[] Slots) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Distinct", Input);
}

public sealed record SortOp(LogicalOperator Input, IReadOnlyList<(CompiledExpression Key, bool Descending)> Keys) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Sort", Input);
}

public sealed record SkipOp(LogicalOperator Input, CompiledExpression Count) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Skip", Input);
}

public sealed record LimitOp(LogicalOperator Input, CompiledExpression Count) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Limit", Input);
}

public sealed record UnwindOp(LogicalOperator Input, CompiledExpression List, int Slot) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Unwind", Input);
}

/// <summary>OPTIONAL MATCH: runs <see cref="Inner"/> per input row; when it yields nothing, the row passes with
/// the inner's new variables null.</summary>
public sealed record OptionalOp(LogicalOperator Input, LogicalOperator Inner, int[] NullSlots) : LogicalOperator
{
    public override void Describe(StringBuilder sb)
    {
        sb.Append("Optional(");
        if (Input is not ArgumentOp { Outer: false })
        {
            Input.Describe(sb);
            sb.Append(", ");
        }

        Inner.Describe(sb);
        sb.Append(')');
    }
}

/// <summary>SHORTEST k [GROUPS]: of the input rows (one per matched path), per pair of end nodes, the k shortest
/// (or every path of the k shortest lengths). A path's length counts each single relationship slot as 1 and each
/// list slot as its size.</summary>
public sealed record TopPathsOp(LogicalOperator Input, int StartSlot, int EndSlot, IReadOnlyList<(int Slot, bool IsList)> Relationships,
    long K, bool Groups) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, Groups ? "ShortestGroups" : "Shortest", Input);
}

/// <summary>LOAD CSV: for each input row, one row per record of the CSV file the source names.</summary>
public sealed record LoadCsvOp(LogicalOperator Input, CompiledExpression Source, int Slot, bool WithHeaders, char FieldTerminator) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "LoadCSV", Input);
}

/// <summary>Runs <see cref="Inner"/> once per input row (CALL { } subqueries).</summary>
public sealed record ApplyOp(LogicalOperator Input, LogicalOperator Inner, bool KeepInputWhenEmpty) : LogicalOperator
{
    /// <summary>OPTIONAL CALL: an input row the subquery yields nothing for is kept, with <see cref="OptionalSlots"/> null.</summary>
    public bool Optional { get; init; }

    public int[] OptionalSlots { get; init; } = [];

    public override void Describe(StringBuilder sb)
    {
        sb.Append(Optional ? "OptionalApply(" : "Apply(");
        Input.Describe(sb);
        sb.Append(", ");
        Inner.Describe(sb);
        sb.Append(')');
    }
}

/// <summary>UNION: each branch projects its columns into <see cref="OutputSlots"/>.</summary>
public sealed record UnionOp(IReadOnlyList<LogicalOperator> Branches, bool All, IReadOnlyList<int[]> BranchSlots, int[] OutputSlots) : LogicalOperator
{
    public override void Describe(StringBuilder sb)
    {
        sb.Append(All ? "UnionAll(" : "Union(");
        for (var i = 0; i < Branches.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            Branches[i].Describe(sb);
        }

        sb.Append(')');
    }
}

/// <summary>A node or relationship to create, in pattern order.</summary>
public sealed record CreateNodeSpec(int Slot, bool Bound, IReadOnlyList<string> Labels, CompiledExpression? Properties);

public sealed record CreateRelSpec(int Slot, int StartSlot, int EndSlot, string Type, CompiledExpression? Properties);

public sealed record CreatePartSpec(IReadOnlyList<CreateNodeSpec> Nodes, IReadOnlyList<CreateRelSpec> Relationships,
    int PathSlot, IReadOnlyList<(int Slot, bool IsNode, bool IsList)> PathElements);

public sealed record CreateOp(LogicalOperator Input, IReadOnlyList<CreatePartSpec> Parts) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Create", Input);
}

/// <summary>MERGE: run <see cref="Match"/> per row; when it yields nothing, create <see cref="Create"/> and apply
/// <see cref="OnCreate"/>, else apply <see cref="OnMatch"/> to every match.</summary>
public sealed record MergeOp(LogicalOperator Input, LogicalOperator Match, CreatePartSpec Create,
    IReadOnlyList<SetAction> OnCreate, IReadOnlyList<SetAction> OnMatch, int[] NewSlots) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Merge", Input);
}

/// <summary>One SET or REMOVE action.</summary>
public abstract record SetAction;

public sealed record SetPropertyAction(CompiledExpression Target, string Key, CompiledExpression? Value) : SetAction;

public sealed record SetAllPropertiesAction(CompiledExpression Target, CompiledExpression Value, bool Merge) : SetAction;

public sealed record SetLabelsAction(CompiledExpression Target, IReadOnlyList<string> Labels, bool Remove) : SetAction;

public sealed record SetOp(LogicalOperator Input, IReadOnlyList<SetAction> Actions, string Name) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, Name, Input);
}

public sealed record DeleteOp(LogicalOperator Input, IReadOnlyList<CompiledExpression> Targets, bool Detach) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, Detach ? "DetachDelete" : "Delete", Input);
}

/// <summary>A built-in procedure; yields rows of its output columns into <see cref="OutputSlots"/>.</summary>
public sealed record ProcedureCallOp(LogicalOperator Input, Execution.ProcedureSignature Procedure, IReadOnlyList<CompiledExpression> Arguments,
    IReadOnlyList<(int Column, int Slot)> OutputSlots) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "ProcedureCall", Input, Procedure.Name);
}

/// <summary>A schema command (create/drop constraint or index, show).</summary>
public sealed record SchemaOp(Statement Command, int[] OutputSlots) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => sb.Append(Command.GetType().Name);
}

/// <summary>Forces a write statement to consume every row (EAGER) before later clauses read the graph.</summary>
public sealed record EagerOp(LogicalOperator Input) : LogicalOperator
{
    public override void Describe(StringBuilder sb) => Wrap(sb, "Eager", Input);
}
