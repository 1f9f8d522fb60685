using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Cypher.Values;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Execution;

/// <summary>Constraint and index commands, and SHOW CONSTRAINTS / SHOW INDEXES.</summary>
public sealed class SchemaOperator(Statement command, int[] slots) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var schema = context.Reader.Schema;
        switch (command)
        {
            case CreateConstraint c:
                {
                    var t = c.Target;
                    var existing = schema.FirstOrDefault(s => s.Kind == SchemaRuleKind.Uniqueness && s.LabelOrType == t.Label &&
                                                              s.Properties.SequenceEqual(t.Properties, StringComparer.Ordinal));
                    var named = c.Name is null ? null : schema.FirstOrDefault(s => s.Name == c.Name);
                    if (existing is not null || named is not null)
                    {
                        if (c.IfNotExists)
                        {
                            return [];
                        }

                        throw new GraphException(GraphErrorCodes.EquivalentSchemaRuleAlreadyExists,
                            existing is not null
                                ? $"An equivalent constraint already exists, '{existing.Name}'."
                                : $"There already exists a schema rule called '{c.Name}'.");
                    }

                    var name = c.Name ?? $"constraint_{t.Label}_{string.Join("_", t.Properties)}".ToLowerInvariant();
                    context.Write.CreateSchemaRule(new SchemaRule(name, SchemaRuleKind.Uniqueness, "NODE", t.Label, t.Properties));
                    context.Counters.ConstraintsAdded++;
                    return [];
                }

            case DropConstraint d:
                {
                    var rule = d.Name is not null
                        ? schema.FirstOrDefault(s => s.Name == d.Name && s.Kind == SchemaRuleKind.Uniqueness)
                        : schema.FirstOrDefault(s => s.Kind == SchemaRuleKind.Uniqueness && s.LabelOrType == d.Target!.Label &&
                                                     s.Properties.SequenceEqual(d.Target.Properties, StringComparer.Ordinal));
                    if (rule is null)
                    {
                        if (d.IfExists)
                        {
                            return [];
                        }

                        throw new GraphException(GraphErrorCodes.ConstraintNotFound,
                            $"Unable to drop constraint `{d.Name ?? d.Target!.Label}`: No such constraint.");
                    }

                    context.Write.DropSchemaRule(rule.Name);
                    context.Counters.ConstraintsRemoved++;
                    return [];
                }

            case CreateIndex i:
                {
                    var t = i.Target;
                    var existing = schema.FirstOrDefault(s => s.LabelOrType == t.Label &&
                                                              s.Properties.SequenceEqual(t.Properties, StringComparer.Ordinal));
                    var named = i.Name is null ? null : schema.FirstOrDefault(s => s.Name == i.Name);
                    if (existing is not null || named is not null)
                    {
                        if (i.IfNotExists)
                        {
                            return [];
                        }

                        throw new GraphException(GraphErrorCodes.EquivalentSchemaRuleAlreadyExists,
                            existing is not null
                                ? $"An equivalent index already exists, '{existing.Name}'."
                                : $"There already exists a schema rule called '{i.Name}'.");
                    }

                    var name = i.Name ?? $"index_{t.Label}_{string.Join("_", t.Properties)}".ToLowerInvariant();
                    context.Write.CreateSchemaRule(new SchemaRule(name, SchemaRuleKind.Index, "NODE", t.Label, t.Properties));
                    context.Counters.IndexesAdded++;
                    return [];
                }

            case DropIndex di:
                {
                    var rule = di.Name is not null
                        ? schema.FirstOrDefault(s => s.Name == di.Name && s.Kind == SchemaRuleKind.Index)
                        : schema.FirstOrDefault(s => s.Kind == SchemaRuleKind.Index && s.LabelOrType == di.Target!.Label &&
                                                     s.Properties.SequenceEqual(di.Target.Properties, StringComparer.Ordinal));
                    if (rule is null)
                    {
                        if (di.IfExists)
                        {
                            return [];
                        }

                        throw new GraphException(GraphErrorCodes.IndexNotFound,
                            $"Unable to drop index `{di.Name ?? di.Target!.Label}`: No such index.");
                    }

                    context.Write.DropSchemaRule(rule.Name);
                    context.Counters.IndexesRemoved++;
                    return [];
                }

            case ShowConstraints:
                return schema.Where(s => s.Kind == SchemaRuleKind.Uniqueness).Select((s, n) => Row(argument,
                    (long)n + 1, s.Name, "UNIQUENESS", s.EntityType, new object?[] { s.LabelOrType }, s.Properties.Cast<object?>().ToArray(),
                    s.Name, null)).ToList();
            case ShowIndexes:
                return schema.Select((s, n) => Row(argument,
                    (long)n + 1, s.Name, "ONLINE", 100.0, "RANGE", s.EntityType, new object?[] { s.LabelOrType },
                    s.Properties.Cast<object?>().ToArray(), "range-1.0", s.Kind == SchemaRuleKind.Uniqueness ? s.Name : null, null, 0L)).ToList();
            case ShowProcedures:
                return Procedures.List.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => Row(argument,
                    p.Name, $"{p.Name}({string.Join(", ", p.Parameters)}) :: ({string.Join(", ", p.Columns)})", "READ", p.Name.StartsWith("dbms.", StringComparison.Ordinal))).ToList();
            case ShowFunctions:
                return CypherFunctions.All.Select(f => (f.Name, Category: "Scalar"))
                    .Concat(CypherAggregates.All.Select(a => (a.Name, Category: "Aggregating")))
                    .DistinctBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
                    .OrderBy(f => f.Name, StringComparer.Ordinal)
                    .Select(f => Row(argument, f.Name, f.Category, $"{f.Name}()")).ToList();
            default:
                throw new GraphException(GraphErrorCodes.SemanticError, $"{command.GetType().Name} is not supported by the embedded engine");
        }
    }

    private object?[] Row(object?[] argument, params object?[] values)
    {
        var row = Copy(argument);
        for (var i = 0; i < slots.Length; i++)
        {
            row[slots[i]] = values[i];
        }

        return row;
    }
}
