using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Values;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Execution;

/// <summary>Checks property values the way Neo4j stores them: scalars and lists of one scalar kind.</summary>
internal static class PropertyValues
{
    public static object? Check(object? value, string key)
    {
        switch (value)
        {
            case null or bool or long or double or string or GraphTemporal or GraphPoint:
                return value;
            case IReadOnlyList<object?> list:
                {
                    string? kind = null;
                    var copy = new List<object?>(list.Count);
                    foreach (var item in list)
                    {
                        if (item is null || item is IReadOnlyList<object?> || item is IReadOnlyDictionary<string, object?> ||
                            item is NodeValue or RelationshipValue or PathValue)
                        {
                            throw new GraphException(GraphErrorCodes.TypeError,
                                $"Property values can only be of primitive types or arrays thereof (property '{key}' got a list containing {CypherTypes.NameOf(item)}).");
                        }

                        var k = CypherTypes.NameOf(item);
                        if (kind is not null && k != kind && !(k is "INTEGER" or "FLOAT" && kind is "INTEGER" or "FLOAT"))
                        {
                            throw new GraphException(GraphErrorCodes.TypeError,
                                $"Collections containing mixed types can not be stored in properties (property '{key}').");
                        }

                        kind ??= k;
                        copy.Add(item);
                    }

                    return copy;
                }

            default:
                throw new GraphException(GraphErrorCodes.TypeError,
                    $"Property values can only be of primitive types or arrays thereof (property '{key}' got {CypherTypes.NameOf(value)}).");
        }
    }

    public static Dictionary<string, object?> CheckMap(object? value, QueryContext context)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (value is null)
        {
            return result;
        }

        var map = value switch
        {
            IReadOnlyDictionary<string, object?> m => m,
            NodeValue n => context.GetNodeProperties(n.Id),
            RelationshipValue r => context.GetRelationshipProperties(r.Id),
            _ => throw new GraphException(GraphErrorCodes.TypeError,
                $"Expected a map of properties but was {CypherTypes.NameOf(value)}"),
        };
        foreach (var kv in map)
        {
            var v = Check(kv.Value, kv.Key);
            if (v is not null)
            {
                result[kv.Key] = v;
            }
        }

        return result;
    }
}

public sealed record CreateNodeDefinition(int Slot, bool Bound, IReadOnlyList<string> Labels, Evaluator? Properties);

public sealed record CreateRelationshipDefinition(int Slot, int StartSlot, int EndSlot, string Type, Evaluator? Properties);

public sealed record CreatePartDefinition(IReadOnlyList<CreateNodeDefinition> Nodes, IReadOnlyList<CreateRelationshipDefinition> Relationships,
    int PathSlot, IReadOnlyList<(int Slot, bool IsNode, bool IsList)> PathElements)
{
    /// <summary>Creates the part's nodes and relationships for one row, writing their ids into the row.</summary>
    public void Apply(QueryContext context, object?[] row, bool merge)
    {
        var write = context.Write;
        foreach (var node in Nodes)
        {
            if (node.Bound)
            {
                if (row[node.Slot] is not NodeValue)
                {
                    throw new GraphException(GraphErrorCodes.SemanticError,
                        row[node.Slot] is null
                            ? "Failed to create relationship, because the start or end node is missing (null)."
                            : $"Expected a node but got {CypherTypes.NameOf(row[node.Slot])}");
                }

                continue;
            }

            var props = node.Properties is null ? new Dictionary<string, object?>() : PropertyValues.CheckMap(node.Properties(row, context), context);
            if (merge && node.Properties is not null)
            {
                CheckMergeNulls(node.Properties(row, context), "node");
            }

            var id = write.CreateNode(node.Labels, props);
            context.NodeCreated(id);
            context.Counters.LabelsAdded += node.Labels.Distinct(StringComparer.Ordinal).Count();
            context.Counters.PropertiesSet += props.Count;
            row[node.Slot] = new NodeValue(id);
        }

        foreach (var rel in Relationships)
        {
            if (row[rel.StartSlot] is not NodeValue start || row[rel.EndSlot] is not NodeValue end)
            {
                throw new GraphException(GraphErrorCodes.SemanticError,
                    "Failed to create relationship, because the start or end node is missing (null).");
            }

            if (context.IsNodeDeleted(start.Id) || context.IsNodeDeleted(end.Id))
            {
                throw new GraphException(GraphErrorCodes.EntityNotFound,
                    "Failed to create relationship, because a node at its end has been deleted in this transaction.");
            }

            var props = rel.Properties is null ? new Dictionary<string, object?>() : PropertyValues.CheckMap(rel.Properties(row, context), context);
            if (merge && rel.Properties is not null)
            {
                CheckMergeNulls(rel.Properties(row, context), "relationship");
            }

            var id = write.CreateRelationship(start.Id, end.Id, rel.Type, props);
            context.RelationshipCreated(id);
            context.Counters.PropertiesSet += props.Count;
            row[rel.Slot] = new RelationshipValue(id);
        }

        if (PathSlot >= 0)
        {
            row[PathSlot] = ProjectPathOperator.Build(context, row, PathElements);
        }
    }

    private static void CheckMergeNulls(object? map, string what)
    {
        if (map is IReadOnlyDictionary<string, object?> m)
        {
            foreach (var kv in m)
            {
                if (kv.Value is null)
                {
                    throw new GraphException(GraphErrorCodes.SemanticError,
                        $"Cannot merge the following {what} because of null property value for '{kv.Key}'");
                }
            }
        }
    }
}

public sealed class CreateOperator(PhysicalOperator input, CreatePartDefinition[] parts) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var rows = input.Run(context, argument).ToList();
        var output = new List<object?[]>(rows.Count);
        foreach (var row in rows)
        {
            context.CheckCancellation();
            var copy = Copy(row);
            foreach (var part in parts)
            {
                part.Apply(context, copy, merge: false);
            }

            output.Add(copy);
        }

        return output;
    }
}

public sealed class MergeOperator(PhysicalOperator input, PhysicalOperator match, CreatePartDefinition create,
    SetActionDefinition[] onCreate, SetActionDefinition[] onMatch) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var rows = input.Run(context, argument).ToList();
        var output = new List<object?[]>();
        foreach (var row in rows)
        {
            context.CheckCancellation();
            var matched = match.Run(context, row).Select(Copy).ToList();
            if (matched.Count > 0)
            {
                foreach (var m in matched)
                {
                    foreach (var action in onMatch)
                    {
                        action.Apply(context, m);
                    }
                }

                output.AddRange(matched);
                continue;
            }

            var created = Copy(row);
            create.Apply(context, created, merge: true);
            foreach (var action in onCreate)
            {
                action.Apply(context, created);
            }

            output.Add(created);
        }

        return output;
    }
}

/// <summary>One SET/REMOVE action, compiled.</summary>
public abstract class SetActionDefinition
{
    public abstract void Apply(QueryContext context, object?[] row);

    protected static void CheckNotDeleted(QueryContext context, object? target)
    {
        if (target is NodeValue n && context.IsNodeDeleted(n.Id))
        {
            throw new GraphException(GraphErrorCodes.EntityNotFound, $"Node with id {n.Id} has been deleted in this transaction");
        }

        if (target is RelationshipValue r && context.IsRelationshipDeleted(r.Id))
        {
            throw new GraphException(GraphErrorCodes.EntityNotFound, $"Relationship with id {r.Id} has been deleted in this transaction");
        }
    }
}

public sealed class SetPropertyDefinition(Evaluator target, string key, Evaluator? value) : SetActionDefinition
{
    public override void Apply(QueryContext context, object?[] row)
    {
        var t = target(row, context);
        if (t is null)
        {
            return;
        }

        CheckNotDeleted(context, t);
        var v = value is null ? null : PropertyValues.Check(value(row, context), key);
        var changed = t switch
        {
            NodeValue n => context.Write.SetNodeProperty(n.Id, key, v),
            RelationshipValue r => context.Write.SetRelationshipProperty(r.Id, key, v),
            _ => throw new GraphException(GraphErrorCodes.TypeError,
                $"Type mismatch: expected Node or Relationship but was {CypherTypes.NameOf(t)}"),
        };
        if (v is not null || changed)
        {
            context.Counters.PropertiesSet++;
        }
    }
}

public sealed class SetAllPropertiesDefinition(Evaluator target, Evaluator value, bool merge) : SetActionDefinition
{
    public override void Apply(QueryContext context, object?[] row)
    {
        var t = target(row, context);
        if (t is null)
        {
            return;
        }

        CheckNotDeleted(context, t);
        var raw = value(row, context);
        var map = raw switch
        {
            null => new Dictionary<string, object?>(),
            IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => PropertyValues.Check(kv.Value, kv.Key), StringComparer.Ordinal),
            NodeValue or RelationshipValue => PropertyValues.CheckMap(raw, context),
            _ => throw new GraphException(GraphErrorCodes.TypeError, $"Expected a map but was {CypherTypes.NameOf(raw)}"),
        };
        Func<string, object?, bool> set;
        IReadOnlyDictionary<string, object?> existing;
        switch (t)
        {
            case NodeValue n:
                set = (k, v) => context.Write.SetNodeProperty(n.Id, k, v);
                existing = context.Reader.GetNodeProperties(n.Id);
                break;
            case RelationshipValue r:
                set = (k, v) => context.Write.SetRelationshipProperty(r.Id, k, v);
                existing = context.Reader.GetRelationshipProperties(r.Id);
                break;
            default:
                throw new GraphException(GraphErrorCodes.TypeError, $"Type mismatch: expected Node or Relationship but was {CypherTypes.NameOf(t)}");
        }

        if (!merge)
        {
            foreach (var key in existing.Keys.ToList())
            {
                if (!map.ContainsKey(key) && set(key, null))
                {
                    context.Counters.PropertiesSet++;
                }
            }
        }

        foreach (var kv in map)
        {
            if (set(kv.Key, kv.Value) || kv.Value is not null)
            {
                context.Counters.PropertiesSet++;
            }
        }
    }
}

public sealed class SetLabelsDefinition(Evaluator target, IReadOnlyList<string> labels, bool remove) : SetActionDefinition
{
    public override void Apply(QueryContext context, object?[] row)
    {
        var t = target(row, context);
        if (t is null)
        {
            return;
        }

        if (t is not NodeValue n)
        {
            throw new GraphException(GraphErrorCodes.TypeError, $"Type mismatch: expected Node but was {CypherTypes.NameOf(t)}");
        }

        CheckNotDeleted(context, t);
        foreach (var label in labels)
        {
            if (remove ? context.Write.RemoveLabel(n.Id, label) : context.Write.AddLabel(n.Id, label))
            {
                if (remove)
                {
                    context.Counters.LabelsRemoved++;
                }
                else
                {
                    context.Counters.LabelsAdded++;
                }
            }
        }
    }
}

public sealed class SetOperator(PhysicalOperator input, SetActionDefinition[] actions) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var rows = input.Run(context, argument).ToList();
        foreach (var row in rows)
        {
            context.CheckCancellation();
            foreach (var action in actions)
            {
                action.Apply(context, row);
            }
        }

        return rows;
    }
}

public sealed class DeleteOperator(PhysicalOperator input, Evaluator[] targets, bool detach) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var rows = input.Run(context, argument).ToList();
        foreach (var row in rows)
        {
            context.CheckCancellation();
            foreach (var target in targets)
            {
                Delete(context, target(row, context));
            }
        }

        return rows;
    }

    private void Delete(QueryContext context, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case NodeValue n:
                context.DeleteNode(n.Id, detach);
                return;
            case RelationshipValue r:
                context.DeleteRelationship(r.Id);
                return;
            case PathValue p:
                foreach (var r in p.RelationshipIds)
                {
                    context.DeleteRelationship(r);
                }

                foreach (var n in p.NodeIds)
                {
                    context.DeleteNode(n, detach);
                }

                return;
            default:
                throw new GraphException(GraphErrorCodes.TypeError,
                    $"Type mismatch: expected Node, Path or Relationship but was {CypherTypes.NameOf(value)}");
        }
    }
}

/// <summary>A procedure: its name, its parameters and output columns, and what it yields for given arguments.</summary>
/// <remarks>The built-in ones are in <see cref="Procedures"/>; a database may be given more (as Neo4j loads plugins),
/// through <c>CypherEngine</c>'s constructor.</remarks>
public sealed record ProcedureSignature(string Name, IReadOnlyList<string> Parameters, IReadOnlyList<string> Columns,
    Func<QueryContext, object?[], IEnumerable<object?[]>> Invoke)
{
    /// <summary>The parameters' Cypher types (<c>INTEGER?</c>, <c>FLOAT?</c>, <c>NUMBER?</c>, <c>STRING?</c>, <c>ANY?</c>),
    /// one per parameter; null: any value. An INTEGER passed for a FLOAT parameter arrives as a float.</summary>
    public IReadOnlyList<string>? ParameterTypes { get; init; }
}

public static class Procedures
{
    private static readonly ProcedureSignature[] All =
    [
        new("db.labels", [], ["label"], (ctx, _) => ctx.Reader.Labels.Order(StringComparer.Ordinal).Select(l => new object?[] { l })),
        new("db.relationshipTypes", [], ["relationshipType"],
            (ctx, _) => ctx.Reader.RelationshipTypes.Order(StringComparer.Ordinal).Select(t => new object?[] { t })),
        new("db.propertyKeys", [], ["propertyKey"],
            (ctx, _) => ctx.Reader.PropertyKeys.Order(StringComparer.Ordinal).Select(k => new object?[] { k })),
        new("db.schema.visualization", [], ["nodes", "relationships"], SchemaVisualization),
        // What Neo4j tools ask first. The version is that of the Neo4j whose Cypher this engine follows, so that a
        // tool picks the right dialect.
        new("dbms.components", [], ["name", "versions", "edition"],
            (_, _) => [["Neo4j Kernel", new object?[] { CompatibleVersion }, "community"]]),
        new("db.info", [], ["id", "name", "creationDate"], (_, _) => [["PaperGraph", "neo4j", null]]),
        new("db.schema.nodeTypeProperties", [], ["nodeType", "nodeLabels", "propertyName", "propertyTypes", "mandatory"], NodeTypeProperties),
        new("db.schema.relTypeProperties", [], ["relType", "propertyName", "propertyTypes", "mandatory"], RelTypeProperties),
    ];

    /// <summary>The Neo4j version whose Cypher the engine follows (dbms.components()).</summary>
    public const string CompatibleVersion = "5.26.0";

    /// <summary>Every procedure, for SHOW PROCEDURES.</summary>
    public static IReadOnlyList<ProcedureSignature> List => All;

    // db.schema.nodeTypeProperties(): per distinct label set, each property key with the value types seen and whether
    // every node of that label set has it (a label set whose nodes have no property gives one row with nulls).
    private static IEnumerable<object?[]> NodeTypeProperties(QueryContext ctx, object?[] args)
    {
        var sets = new SortedDictionary<string, (List<string> Labels, long Count, SortedDictionary<string, (SortedSet<string> Types, long Count)> Keys)>(StringComparer.Ordinal);
        foreach (var id in ctx.Reader.AllNodeIds())
        {
            ctx.CheckCancellation();
            var labels = ctx.Reader.GetLabels(id).Order(StringComparer.Ordinal).ToList();
            var key = string.Concat(labels.Select(l => ":`" + l + "`"));
            if (!sets.TryGetValue(key, out var set))
            {
                sets[key] = set = (labels, 0, new SortedDictionary<string, (SortedSet<string>, long)>(StringComparer.Ordinal));
            }

            set.Count++;
            sets[key] = set;
            foreach (var (name, value) in ctx.Reader.GetNodeProperties(id))
            {
                var entry = set.Keys.TryGetValue(name, out var e) ? e : (new SortedSet<string>(StringComparer.Ordinal), 0L);
                entry.Item1.Add(PropertyTypeName(value));
                set.Keys[name] = (entry.Item1, entry.Item2 + 1);
            }
        }

        foreach (var (nodeType, set) in sets)
        {
            var labels = set.Labels.Cast<object?>().ToArray();
            if (set.Keys.Count == 0)
            {
                yield return [nodeType, labels, null, null, false];
            }

            foreach (var (name, (types, count)) in set.Keys)
            {
                yield return [nodeType, labels, name, types.Cast<object?>().ToArray(), count == set.Count];
            }
        }
    }

    private static IEnumerable<object?[]> RelTypeProperties(QueryContext ctx, object?[] args)
    {
        var sets = new SortedDictionary<string, (long Count, SortedDictionary<string, (SortedSet<string> Types, long Count)> Keys)>(StringComparer.Ordinal);
        foreach (var id in ctx.Reader.AllRelationshipIds())
        {
            ctx.CheckCancellation();
            var key = ":`" + ctx.Reader.GetTypeName(ctx.Reader.GetRelationship(id).TypeId) + "`";
            if (!sets.TryGetValue(key, out var set))
            {
                set = (0, new SortedDictionary<string, (SortedSet<string>, long)>(StringComparer.Ordinal));
            }

            set.Count++;
            sets[key] = set;
            foreach (var (name, value) in ctx.Reader.GetRelationshipProperties(id))
            {
                var entry = set.Keys.TryGetValue(name, out var e) ? e : (new SortedSet<string>(StringComparer.Ordinal), 0L);
                entry.Item1.Add(PropertyTypeName(value));
                set.Keys[name] = (entry.Item1, entry.Item2 + 1);
            }
        }

        foreach (var (relType, set) in sets)
        {
            if (set.Keys.Count == 0)
            {
                yield return [relType, null, null, false];
            }

            foreach (var (name, (types, count)) in set.Keys)
            {
                yield return [relType, name, types.Cast<object?>().ToArray(), count == set.Count];
            }
        }
    }

    // Neo4j's names of stored value types in the schema procedures.
    private static string PropertyTypeName(object? value) => value switch
    {
        string => "String",
        long => "Long",
        double => "Double",
        bool => "Boolean",
        GraphDate => "Date",
        GraphDateTime => "DateTime",
        GraphLocalDateTime => "LocalDateTime",
        GraphTime => "Time",
        GraphLocalTime => "LocalTime",
        GraphDuration => "Duration",
        IReadOnlyList<object?> list => (list.FirstOrDefault(x => x is not null) is { } first ? PropertyTypeName(first) : "String") + "Array",
        _ => CypherTypes.NameOf(value),
    };

    public static ProcedureSignature? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<object?[]> SchemaVisualization(QueryContext ctx, object?[] args)
    {
        // Virtual nodes as maps (name and the schema rules on the label); relationships as maps of their type
        // and the labels found at their ends.
        var nodes = ctx.Reader.Labels.Order(StringComparer.Ordinal).Select(l => (object?)new Dictionary<string, object?>
        {
            ["name"] = l,
            ["indexes"] = ctx.Reader.Schema.Where(s => s.Kind == SchemaRuleKind.Index && s.LabelOrType == l)
                .Select(s => (object?)string.Join(",", s.Properties)).ToArray(),
            ["constraints"] = ctx.Reader.Schema.Where(s => s.Kind == SchemaRuleKind.Uniqueness && s.LabelOrType == l)
                .Select(s => (object?)$"Constraint( {s.Name}, UNIQUENESS, :{l}({string.Join(",", s.Properties)}) )").ToArray(),
        }).ToArray();
        var seen = new HashSet<(string, string, string)>();
        foreach (var relId in ctx.Reader.AllRelationshipIds())
        {
            ctx.CheckCancellation();
            var ends = ctx.Reader.GetRelationship(relId);
            var type = ctx.Reader.GetTypeName(ends.TypeId);
            foreach (var s in ctx.Reader.GetLabels(ends.StartNodeId))
            {
                foreach (var e in ctx.Reader.GetLabels(ends.EndNodeId))
                {
                    seen.Add((s, type, e));
                }
            }
        }

        var rels = seen.OrderBy(x => x).Select(x => (object?)new Dictionary<string, object?>
        {
            ["type"] = x.Item2,
            ["start"] = x.Item1,
            ["end"] = x.Item3,
        }).ToArray();
        yield return [nodes, rels];
    }
}

public sealed class ProcedureCallOperator(PhysicalOperator input, ProcedureSignature procedure, Evaluator[] args,
    (int Column, int Slot)[] outputs) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            var values = args.Select(a => a(row, context)).ToArray();
            if (procedure.ParameterTypes is { } types)
            {
                for (var i = 0; i < values.Length && i < types.Count; i++)
                {
                    // Neo4j coerces an INTEGER argument to a FLOAT parameter.
                    if (values[i] is long l && types[i].StartsWith("FLOAT", StringComparison.OrdinalIgnoreCase))
                    {
                        values[i] = (double)l;
                    }
                }
            }

            if (procedure.Columns.Count == 0)
            {
                // A void procedure keeps each row once, whatever it does (Neo4j; TCK Call1 [4]).
                foreach (var _ in procedure.Invoke(context, values))
                {
                }

                yield return row;
                continue;
            }

            foreach (var result in procedure.Invoke(context, values))
            {
                var copy = Copy(row);
                foreach (var (column, slot) in outputs)
                {
                    copy[slot] = result[column];
                }

                yield return copy;
            }
        }
    }
}
