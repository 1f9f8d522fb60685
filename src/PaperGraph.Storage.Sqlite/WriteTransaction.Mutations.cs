using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;

namespace PaperGraph.Storage.Sqlite;

internal sealed partial class WriteTransaction
{
    private const string ConstraintWithNameAlreadyExists = "Neo.ClientError.Schema.ConstraintWithNameAlreadyExists";
    private const string IndexWithNameAlreadyExists = "Neo.ClientError.Schema.IndexWithNameAlreadyExists";
    private const string IndexAlreadyExists = "Neo.ClientError.Schema.IndexAlreadyExists";

    private string InternKey(string key)
    {
        var name = _store.KeyTokens.Name(_store.KeyTokens.GetOrAdd(key));
        if (_keysSeen.Add(name)) _newKeys.Add(name);
        return name;
    }

    private PropertyBag ToBag(IReadOnlyDictionary<string, object?> properties)
    {
        var bag = PropertyBag.Empty;
        foreach (var (key, value) in properties)
        {
            if (PropertyValues.ToStored(value) is { } stored) bag = bag.With(InternKey(key), stored);
        }
        return bag;
    }

    public long CreateNode(IReadOnlyList<string> labels, IReadOnlyDictionary<string, object?> properties)
    {
        EnsureActive();
        var labelSet = _store.LabelSets.Get(labels.Select(_store.LabelTokens.GetOrAdd));
        var bag = ToBag(properties);
        var s = new NodeState(_nextNodeId, null, labelSet, bag) { DataChanged = true };
        CheckUniqueness(s, null, null);
        _nextNodeId++;
        _nodes.Add(s.Id, s);
        _nodeDelta++;
        foreach (var l in labelSet.Ids) Add(_labelDelta, l, 1);
        NoteIndexCandidates(s);
        return s.Id;
    }

    public long CreateRelationship(long startNodeId, long endNodeId, string type, IReadOnlyDictionary<string, object?> properties)
    {
        EnsureActive();
        var start = LiveNode(startNodeId);
        var end = LiveNode(endNodeId);
        var typeId = _store.TypeTokens.GetOrAdd(type);
        var bag = ToBag(properties);
        var id = _nextRelId++;
        _rels.Add(id, new RelState(null, id, startNodeId, endNodeId, typeId, bag));
        EnsureAdjacency(start);
        EnsureAdjacency(end);
        start.Out!.Add(new Adjacency(id, endNodeId, typeId, true));
        end.In!.Add(new Adjacency(id, startNodeId, typeId, false));
        start.BothCache = null;
        end.BothCache = null;
        _relDelta++;
        Add(_typeDelta, typeId, 1);
        return id;
    }

    public bool SetNodeProperty(long nodeId, string key, object? value)
    {
        EnsureActive();
        var s = LiveNode(nodeId);
        var stored = PropertyValues.ToStored(value);
        if (PropertyValues.SameStored(s.Properties.Get(key), stored)) return false;
        var before = s.Properties;
        s.Properties = before.With(stored is null ? key : InternKey(key), stored);
        if (stored is not null)
        {
            try
            {
                CheckUniqueness(s, null, key);
            }
            catch
            {
                s.Properties = before;
                throw;
            }
            NoteIndexCandidates(s);
        }
        s.DataChanged = true;
        return true;
    }

    public bool SetRelationshipProperty(long relationshipId, string key, object? value)
    {
        EnsureActive();
        var r = TouchRel(relationshipId) ?? throw StoreErrors.RelationshipNotFound(relationshipId);
        var stored = PropertyValues.ToStored(value);
        if (PropertyValues.SameStored(r.Properties.Get(key), stored)) return false;
        r.Properties = r.Properties.With(stored is null ? key : InternKey(key), stored);
        return true;
    }

    public bool AddLabel(long nodeId, string label)
    {
        EnsureActive();
        var s = LiveNode(nodeId);
        var labelId = _store.LabelTokens.GetOrAdd(label);
        if (s.Labels.Has(labelId)) return false;
        var before = s.Labels;
        s.Labels = _store.LabelSets.With(before, labelId);
        try
        {
            CheckUniqueness(s, label, null);
        }
        catch
        {
            s.Labels = before;
            throw;
        }
        s.DataChanged = true;
        Add(_labelDelta, labelId, 1);
        NoteIndexCandidates(s);
        return true;
    }

    public bool RemoveLabel(long nodeId, string label)
    {
        EnsureActive();
        var s = LiveNode(nodeId);
        var labelId = _store.LabelTokens.Find(label);
        if (labelId < 0 || !s.Labels.Has(labelId)) return false;
        s.Labels = _store.LabelSets.Without(s.Labels, labelId);
        s.DataChanged = true;
        Add(_labelDelta, labelId, -1);
        return true;
    }

    public void DeleteNode(long nodeId)
    {
        EnsureActive();
        var s = LiveNode(nodeId);
        var degree = s.In is null ? s.Committed?.Adj.Length ?? 0 : s.In.Count + s.Out!.Count;
        if (degree > 0) throw StoreErrors.NodeStillHasRelationships(nodeId);
        s.Deleted = true;
        _nodeDelta--;
        foreach (var l in s.Labels.Ids) Add(_labelDelta, l, -1);
    }

    public void DeleteRelationship(long relationshipId)
    {
        EnsureActive();
        var r = TouchRel(relationshipId) ?? throw StoreErrors.RelationshipNotFound(relationshipId);
        r.Deleted = true;
        var start = LiveNode(r.StartNodeId);
        var end = LiveNode(r.EndNodeId);
        EnsureAdjacency(start);
        EnsureAdjacency(end);
        start.Out!.Remove(relationshipId);
        end.In!.Remove(relationshipId);
        start.BothCache = null;
        end.BothCache = null;
        _relDelta--;
        Add(_typeDelta, r.TypeId, -1);
    }

    private static void Add(Dictionary<int, long> counts, int id, long delta) =>
        counts[id] = counts.GetValueOrDefault(id) + delta;

    // ---- uniqueness ----

    /// <summary>Throws when the node would break a node uniqueness rule. Only rules on <paramref name="label"/>
    /// (or on <paramref name="key"/>) are checked when one is given.</summary>
    private void CheckUniqueness(NodeState s, string? label, string? key)
    {
        foreach (var rule in _schema)
        {
            if (rule.Kind != SchemaRuleKind.Uniqueness || !IsNodeRule(rule)) continue;
            if (label is not null && !string.Equals(rule.LabelOrType, label, StringComparison.Ordinal)) continue;
            if (key is not null && !rule.Properties.Contains(key, StringComparer.Ordinal)) continue;
            if (!s.Labels.HasName(rule.LabelOrType)) continue;
            if (FindDuplicate(rule, s.Id, s.Properties) is { } other)
            {
                var first = rule.Properties[0];
                throw StoreErrors.AlreadyExists(other, rule.LabelOrType, string.Join(", ", rule.Properties),
                    rule.Properties.Count == 1 ? s.Properties.Get(first)! : rule.Properties.Select(p => s.Properties.Get(p)!).ToArray());
            }
        }
    }

    /// <summary>Another live node with the rule's label and the same values, or null.</summary>
    private long? FindDuplicate(SchemaRule rule, long self, PropertyBag properties)
    {
        var labelId = _store.LabelTokens.Find(rule.LabelOrType);
        if (labelId < 0) return null;
        var keys = new object[rule.Properties.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            if (PropertyValues.IndexKey(properties.Get(rule.Properties[i])) is not { } k) return null;
            keys[i] = k;
        }
        var candidates = FindByProperty(labelId, rule.Properties[0], keys[0]);
        foreach (var id in candidates)
        {
            if (id == self) continue;
            if (!TryReadNode(id, out _, out var other)) continue;
            var all = true;
            for (var i = 1; i < keys.Length && all; i++)
            {
                all = PropertyValues.CypherEquals(other.Get(rule.Properties[i]), keys[i]);
            }
            if (all) return id;
        }
        return null;
    }

    private static bool IsNodeRule(SchemaRule rule) => string.Equals(rule.EntityType, "NODE", StringComparison.OrdinalIgnoreCase);

    // ---- schema ----

    public void CreateSchemaRule(SchemaRule rule)
    {
        EnsureActive();
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Properties.Count == 0)
        {
            throw new GraphException(GraphErrorCodes.SemanticError, "Storage: a schema rule needs at least one property.");
        }
        var entity = rule.EntityType.ToUpperInvariant();
        if (entity is not ("NODE" or "RELATIONSHIP"))
        {
            throw new GraphException(GraphErrorCodes.SemanticError, $"Storage: unknown schema entity type '{rule.EntityType}' (NODE or RELATIONSHIP).");
        }
        rule = rule with { EntityType = entity, Properties = [.. rule.Properties] };
        var what = rule.Kind == SchemaRuleKind.Uniqueness ? "constraint" : "index";
        foreach (var existing in _schema)
        {
            var sameSchema = existing.EntityType == rule.EntityType &&
                string.Equals(existing.LabelOrType, rule.LabelOrType, StringComparison.Ordinal) &&
                existing.Properties.SequenceEqual(rule.Properties, StringComparer.Ordinal);
            if (sameSchema && existing.Kind == rule.Kind)
            {
                throw new GraphException(GraphErrorCodes.EquivalentSchemaRuleAlreadyExists,
                    $"An equivalent {what} already exists, '{Describe(existing)}'.");
            }
            if (string.Equals(existing.Name, rule.Name, StringComparison.Ordinal))
            {
                throw new GraphException(rule.Kind == SchemaRuleKind.Uniqueness ? ConstraintWithNameAlreadyExists : IndexWithNameAlreadyExists,
                    $"There already exists {(existing.Kind == SchemaRuleKind.Uniqueness ? "a constraint" : "an index")} called '{rule.Name}'.");
            }
            if (sameSchema)
            {
                throw new GraphException(IndexAlreadyExists, rule.Kind == SchemaRuleKind.Index
                    ? $"There is a uniqueness constraint on {SchemaText(rule)}, so an index is already created that matches this."
                    : $"There already exists an index {SchemaText(rule)}. A constraint cannot be created until the index has been dropped.");
            }
        }
        var labelId = _store.LabelTokens.GetOrAdd(rule.LabelOrType);
        foreach (var key in rule.Properties) InternKey(key);
        if (rule.Kind == SchemaRuleKind.Uniqueness && rule.EntityType == "NODE")
        {
            var seen = new Dictionary<object, long>();
            foreach (var id in NodeIdsByLabel(labelId))
            {
                TryReadNode(id, out _, out var properties);
                var keys = rule.Properties.Select(p => PropertyValues.IndexKey(properties.Get(p))).ToArray();
                if (keys.Any(k => k is null)) continue;
                object key = keys.Length == 1 ? keys[0]! : PropertyValues.IndexKey(keys)!;
                if (seen.TryGetValue(key, out var other))
                {
                    var value = rule.Properties.Count == 1 ? properties.Get(rule.Properties[0]) : rule.Properties.Select(properties.Get).ToArray();
                    throw new GraphException(GraphErrorCodes.ConstraintValidationFailed,
                        $"Unable to create {Describe(rule)}:\nBoth Node({ElementIds.Node(other)}) and Node({ElementIds.Node(id)}) have the label " +
                        $"`{rule.LabelOrType}` and property `{string.Join(", ", rule.Properties)}` = {PropertyValues.Format(value)}");
                }
                seen.Add(key, id);
            }
        }
        _schema.Add(rule);
        _schemaChanged = true;
    }

    public bool DropSchemaRule(string name)
    {
        EnsureActive();
        var i = _schema.FindIndex(r => string.Equals(r.Name, name, StringComparison.Ordinal));
        if (i < 0) return false;
        _schema.RemoveAt(i);
        _schemaChanged = true;
        return true;
    }

    private static string SchemaText(SchemaRule rule) =>
        rule.EntityType == "NODE"
            ? $"(:{rule.LabelOrType} {{{string.Join(", ", rule.Properties)}}})"
            : $"()-[:{rule.LabelOrType} {{{string.Join(", ", rule.Properties)}}}]-()";

    private static string Describe(SchemaRule rule) => rule.Kind == SchemaRuleKind.Uniqueness
        ? $"Constraint( name='{rule.Name}', type='{(rule.EntityType == "NODE" ? "UNIQUENESS" : "RELATIONSHIP UNIQUENESS")}', schema={SchemaText(rule)} )"
        : $"Index( name='{rule.Name}', type='RANGE', schema={SchemaText(rule)} )";
}
