using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;

namespace PaperGraph.Storage.Sqlite;

/// <summary>
/// The store's SQLite file: one row per node, relationship and schema rule, the meta counters, and the change
/// log. One SQLite transaction per graph commit, WAL with synchronous=FULL, so a commit that returned survives a
/// crash and one that did not is absent as a whole. Adjacency and indexes are not stored: they are rebuilt on load.
/// </summary>
internal sealed class SqliteDurability : IDisposable
{
    private const int FormatVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly FileStream _lock;
    private readonly Dictionary<LabelSet, string> _labelJson = new(ReferenceEqualityComparer.Instance);
    private readonly SqliteCommand _upsertNode, _deleteNode, _upsertRel, _deleteRel, _setMeta, _insertChange,
        _pruneChanges, _clearRules, _insertRule;

    private SqliteDurability(string path, SqliteConnection connection, FileStream fileLock)
    {
        Path = path;
        _connection = connection;
        _lock = fileLock;
        _upsertNode = Command("INSERT OR REPLACE INTO nodes(id, labels, props) VALUES ($id, $labels, $props)", "$id", "$labels", "$props");
        _deleteNode = Command("DELETE FROM nodes WHERE id = $id", "$id");
        _upsertRel = Command("INSERT OR REPLACE INTO rels(id, start_id, end_id, type, props) VALUES ($id, $start, $end, $type, $props)",
            "$id", "$start", "$end", "$type", "$props");
        _deleteRel = Command("DELETE FROM rels WHERE id = $id", "$id");
        _setMeta = Command("INSERT OR REPLACE INTO meta(key, value) VALUES ($key, $value)", "$key", "$value");
        _insertChange = Command("INSERT INTO changes(seq, committed_at, entities, payload) VALUES ($seq, $at, $entities, $payload)",
            "$seq", "$at", "$entities", "$payload");
        _pruneChanges = Command("DELETE FROM changes WHERE seq <= $through", "$through");
        _clearRules = Command("DELETE FROM schema_rules");
        _insertRule = Command("INSERT INTO schema_rules(name, kind, entity, label, props) VALUES ($name, $kind, $entity, $label, $props)",
            "$name", "$kind", "$entity", "$label", "$props");
    }

    public string Path { get; }

    public static SqliteDurability Open(string folder, SqliteGraphStoreOptions options)
    {
        FileStream fileLock;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new GraphException(GraphErrorCodes.DatabaseUnavailable,
                $"Storage: cannot use '{folder}' as the store's folder: {e.Message}", inner: e);
        }
        try
        {
            fileLock = new FileStream(System.IO.Path.Combine(folder, "graph.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new GraphException(GraphErrorCodes.DatabaseUnavailable,
                $"Storage: the store in '{folder}' is already open (by another process, or another store in this one).", inner: e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new GraphException(GraphErrorCodes.DatabaseUnavailable,
                $"Storage: cannot write in '{folder}': {e.Message}", inner: e);
        }
        var path = System.IO.Path.Combine(folder, "graph.db");
        SqliteConnection? connection = null;
        try
        {
            connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.FileLockTimeout.TotalSeconds)),
            }.ToString());
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS nodes (id INTEGER PRIMARY KEY, labels TEXT NOT NULL, props TEXT);
                CREATE TABLE IF NOT EXISTS rels (id INTEGER PRIMARY KEY, start_id INTEGER NOT NULL, end_id INTEGER NOT NULL,
                    type TEXT NOT NULL, props TEXT);
                CREATE TABLE IF NOT EXISTS schema_rules (name TEXT PRIMARY KEY, kind TEXT NOT NULL, entity TEXT NOT NULL,
                    label TEXT NOT NULL, props TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY, committed_at INTEGER NOT NULL,
                    entities INTEGER NOT NULL, payload TEXT NOT NULL);
                INSERT OR IGNORE INTO meta(key, value) VALUES ('format', 1);
                """);
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "SELECT value FROM meta WHERE key = 'format'";
                var format = (long)check.ExecuteScalar()!;
                if (format != FormatVersion)
                {
                    throw new GraphException(GraphErrorCodes.DatabaseUnavailable,
                        $"Storage: '{path}' has format {format}; this version reads format {FormatVersion}.");
                }
            }
            return new SqliteDurability(path, connection, fileLock);
        }
        catch (SqliteException e)
        {
            connection?.Dispose();
            fileLock.Dispose();
            throw new GraphException(GraphErrorCodes.DatabaseUnavailable, $"Storage: cannot open '{path}': {e.Message}", inner: e);
        }
        catch
        {
            connection?.Dispose();
            fileLock.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = p });
        return command;
    }

    // ---- writing ----

    /// <summary>Writes one commit in one SQLite transaction; throws (and writes nothing) on failure.</summary>
    public void Persist(CommitPlan plan, long pruneThrough, Func<int, string> typeName)
    {
        using var tx = _connection.BeginTransaction();
        SqliteCommand[] all = [_upsertNode, _deleteNode, _upsertRel, _deleteRel, _setMeta, _insertChange, _pruneChanges, _clearRules, _insertRule];
        foreach (var c in all) c.Transaction = tx;

        foreach (var n in plan.UpsertNodes)
        {
            _upsertNode.Parameters[0].Value = n.Id;
            _upsertNode.Parameters[1].Value = LabelJson(n.Labels);
            _upsertNode.Parameters[2].Value = (object?)PropertyCodec.Encode(n.Properties) ?? DBNull.Value;
            _upsertNode.ExecuteNonQuery();
        }
        foreach (var id in plan.DeletedNodes)
        {
            _deleteNode.Parameters[0].Value = id;
            _deleteNode.ExecuteNonQuery();
        }
        foreach (var r in plan.UpsertRels)
        {
            _upsertRel.Parameters[0].Value = r.Id;
            _upsertRel.Parameters[1].Value = r.StartNodeId;
            _upsertRel.Parameters[2].Value = r.EndNodeId;
            _upsertRel.Parameters[3].Value = typeName(r.TypeId);
            _upsertRel.Parameters[4].Value = (object?)PropertyCodec.Encode(r.Properties) ?? DBNull.Value;
            _upsertRel.ExecuteNonQuery();
        }
        foreach (var id in plan.DeletedRels)
        {
            _deleteRel.Parameters[0].Value = id;
            _deleteRel.ExecuteNonQuery();
        }
        if (plan.SchemaChanged)
        {
            _clearRules.ExecuteNonQuery();
            foreach (var rule in plan.Next.Schema)
            {
                _insertRule.Parameters[0].Value = rule.Name;
                _insertRule.Parameters[1].Value = rule.Kind.ToString();
                _insertRule.Parameters[2].Value = rule.EntityType;
                _insertRule.Parameters[3].Value = rule.LabelOrType;
                _insertRule.Parameters[4].Value = PropertyCodec.EncodeStrings(rule.Properties);
                _insertRule.ExecuteNonQuery();
            }
        }
        SetMeta("next_node_id", plan.Next.NextNodeId);
        SetMeta("next_rel_id", plan.Next.NextRelId);
        SetMeta("last_sequence", plan.Next.LastSequence);
        if (plan.Change is { } change)
        {
            _insertChange.Parameters[0].Value = change.Sequence;
            _insertChange.Parameters[1].Value = change.CommittedAt.ToUnixTimeMilliseconds();
            _insertChange.Parameters[2].Value = ChangeLog.EntitiesOf(change);
            _insertChange.Parameters[3].Value = EncodeChange(change);
            _insertChange.ExecuteNonQuery();
            if (pruneThrough > 0)
            {
                _pruneChanges.Parameters[0].Value = pruneThrough;
                _pruneChanges.ExecuteNonQuery();
            }
        }
        tx.Commit();
    }

    private void SetMeta(string key, long value)
    {
        _setMeta.Parameters[0].Value = key;
        _setMeta.Parameters[1].Value = value;
        _setMeta.ExecuteNonQuery();
    }

    private string LabelJson(LabelSet labels)
    {
        if (!_labelJson.TryGetValue(labels, out var json))
        {
            _labelJson[labels] = json = PropertyCodec.EncodeStrings(labels.Names);
        }
        return json;
    }

    private static string EncodeChange(GraphChange change)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("n");
            foreach (var n in change.Nodes)
            {
                w.WriteStartObject();
                w.WriteString("id", n.ElementId);
                w.WritePropertyName("l");
                w.WriteStartArray();
                foreach (var l in n.Labels) w.WriteStringValue(l);
                w.WriteEndArray();
                w.WritePropertyName("p");
                PropertyCodec.WriteMap(w, n.Properties);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("r");
            foreach (var r in change.Relationships)
            {
                w.WriteStartObject();
                w.WriteString("id", r.ElementId);
                w.WriteString("s", r.StartNodeElementId);
                w.WriteString("e", r.EndNodeElementId);
                w.WriteString("t", r.Type);
                w.WritePropertyName("p");
                PropertyCodec.WriteMap(w, r.Properties);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("dn");
            foreach (var id in change.DeletedNodeIds) w.WriteStringValue(id);
            w.WriteEndArray();
            w.WriteStartArray("dr");
            foreach (var id in change.DeletedRelationshipIds) w.WriteStringValue(id);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static GraphChange DecodeChange(long sequence, long committedAt, string payload, TokenTable keys)
    {
        var nodes = new List<GraphNode>();
        var rels = new List<GraphRelationship>();
        var deletedNodes = new List<string>();
        var deletedRels = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(payload));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var section = reader.GetString();
            reader.Read();
            if (section is "dn" or "dr")
            {
                (section == "dn" ? deletedNodes : deletedRels).AddRange(PropertyCodec.ReadStrings(ref reader));
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                string id = "", start = "", end = "", type = "";
                List<string> labels = [];
                var properties = PropertyBag.Empty;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var field = reader.GetString();
                    reader.Read();
                    switch (field)
                    {
                        case "id": id = reader.GetString()!; break;
                        case "s": start = reader.GetString()!; break;
                        case "e": end = reader.GetString()!; break;
                        case "t": type = reader.GetString()!; break;
                        case "l": labels = PropertyCodec.ReadStrings(ref reader); break;
                        case "p": properties = PropertyCodec.ReadMap(ref reader, keys); break;
                        default: throw PropertyCodec.Corrupt("a change record");
                    }
                }
                if (section == "n") nodes.Add(new GraphNode(id, labels, properties));
                else rels.Add(new GraphRelationship(id, start, end, type, properties));
            }
        }
        return new GraphChange(sequence, DateTimeOffset.FromUnixTimeMilliseconds(committedAt), nodes, rels, deletedNodes, deletedRels);
    }

    /// <summary>Kept changes with sequence in (<paramref name="after"/>, <paramref name="through"/>], read on a
    /// connection of their own (WAL lets it run beside the writer).</summary>
    public IReadOnlyList<GraphChange>? LoadChanges(SqliteGraphStore store, long after, long through)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, committed_at, payload FROM changes WHERE seq > $after AND seq <= $through ORDER BY seq";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$through", through);
        using var reader = command.ExecuteReader();
        var changes = new List<GraphChange>();
        while (reader.Read())
        {
            changes.Add(DecodeChange(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), store.KeyTokens));
        }
        return changes.Count == through - after ? changes : null;
    }

    // ---- loading ----

    /// <summary>Reads the whole graph into a first generation (adjacency, label bitmaps and indexes rebuilt).</summary>
    public (Generation Generation, List<(long Sequence, int Entities)> KeptChanges) Load(SqliteGraphStore store) =>
        // Lists presized from the tables' highest ids (no fewer than the rows): no regrowth copies of million-entry lists.
        LoadAll(store, (int)Math.Min(MaxId("nodes"), 1 << 28), (int)Math.Min(MaxId("rels"), 1 << 28));

    private long MaxId(string table)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT coalesce(max(id), -1) + 1 FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    private (Generation Generation, List<(long Sequence, int Entities)> KeptChanges) LoadAll(SqliteGraphStore store,
        int nodeCapacity, int relCapacity)
    {
        var meta = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT key, value FROM meta";
            using var reader = command.ExecuteReader();
            while (reader.Read()) meta[reader.GetString(0)] = reader.GetInt64(1);
        }

        var rules = new List<SchemaRule>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT name, kind, entity, label, props FROM schema_rules ORDER BY rowid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var kind = Enum.Parse<SchemaRuleKind>(reader.GetString(1));
                rules.Add(new SchemaRule(reader.GetString(0), kind, reader.GetString(2), reader.GetString(3),
                    PropertyCodec.DecodeStrings(reader.GetString(4))));
            }
        }

        // Nodes, by id.
        var nodeIds = new List<long>(nodeCapacity);
        var nodeLabels = new List<LabelSet>(nodeCapacity);
        var nodeProps = new List<PropertyBag>(nodeCapacity);
        var labelSetsByJson = new Dictionary<string, LabelSet>(StringComparer.Ordinal);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT id, labels, props FROM nodes ORDER BY id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                nodeIds.Add(reader.GetInt64(0));
                var labelsJson = reader.GetString(1);
                if (!labelSetsByJson.TryGetValue(labelsJson, out var labels))
                {
                    labels = store.LabelSets.Get(PropertyCodec.DecodeStrings(labelsJson).Select(store.LabelTokens.GetOrAdd));
                    labelSetsByJson.Add(labelsJson, labels);
                    _labelJson[labels] = labelsJson;
                }
                nodeLabels.Add(labels);
                // The JSON's UTF-8 bytes as stored (no detour through a UTF-16 string).
                nodeProps.Add(reader.IsDBNull(2) ? PropertyBag.Empty : PropertyCodec.Decode(reader.GetString(2), store.KeyTokens));
            }
        }
        var maxNodeId = nodeIds.Count == 0 ? -1 : nodeIds[^1];
        var slot = new int[maxNodeId + 1];
        Array.Fill(slot, -1);
        for (var i = 0; i < nodeIds.Count; i++) slot[nodeIds[i]] = i;

        // Relationships, by id, with degrees per node.
        var rels = new List<RelRecord>(relCapacity);
        var inDegree = new int[nodeIds.Count];
        var outDegree = new int[nodeIds.Count];
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT id, start_id, end_id, type, props FROM rels ORDER BY id";
            using var reader = command.ExecuteReader();
            string? lastType = null;
            var lastTypeId = -1;
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                var start = reader.GetInt64(1);
                var end = reader.GetInt64(2);
                var type = reader.GetString(3);
                if (!string.Equals(type, lastType, StringComparison.Ordinal))
                {
                    lastType = type;
                    lastTypeId = store.TypeTokens.GetOrAdd(type);
                }
                if (start > maxNodeId || end > maxNodeId || start < 0 || end < 0 || slot[start] < 0 || slot[end] < 0)
                {
                    throw PropertyCodec.Corrupt($"relationship {id} to join existing nodes ({start} -> {end})");
                }
                var props = reader.IsDBNull(4) ? PropertyBag.Empty : PropertyCodec.Decode(reader.GetString(4), store.KeyTokens);
                rels.Add(new RelRecord(id, start, end, lastTypeId, props));
                outDegree[slot[start]]++;
                inDegree[slot[end]]++;
            }
        }

        // Adjacency: one array per node, incoming first, then outgoing, both in relationship id order. Each array
        // is allocated right before its node's record, so a traversal finds the two side by side in memory.
        var labelCount = store.LabelTokens.Count;
        var typeCount = store.TypeTokens.Count;
        var nodes = PagedTable<NodeRecord>.Empty.ToBuilder();
        var adjacencyTable = AdjacencyTable.Empty.ToBuilder();
        var records = new NodeRecord[nodeIds.Count];
        var inFill = new int[nodeIds.Count];
        var outFill = new int[nodeIds.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var adjacency = inDegree[i] + outDegree[i] == 0 ? [] : new Adjacency[inDegree[i] + outDegree[i]];
            records[i] = new NodeRecord(nodeIds[i], nodeLabels[i], nodeProps[i], adjacency, inDegree[i], null);
            outFill[i] = inDegree[i];
        }
        var hasLoop = new bool[nodeIds.Count];
        foreach (var r in rels)
        {
            var s = slot[r.StartNodeId];
            var e = slot[r.EndNodeId];
            records[s].Adj[outFill[s]++] = new Adjacency(r.Id, r.EndNodeId, r.TypeId, true);
            records[e].Adj[inFill[e]++] = new Adjacency(r.Id, r.StartNodeId, r.TypeId, false);
            if (s == e) hasLoop[s] = true;
        }

        var bitmaps = new IdBitmap.Builder?[labelCount];
        var labelCounts = new long[labelCount];
        var keys = new List<string>();
        var keySeen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < nodeIds.Count; i++)
        {
            var id = nodeIds[i];
            var record = records[i];
            if (hasLoop[i])
            {
                record = NodeRecord.Create(id, record.Labels, record.Properties, record.Adj.AsSpan(0, record.InCount), record.Adj.AsSpan(record.InCount));
            }
            nodes.Set(id, record);
            adjacencyTable.Set(id, AdjacencySlot.Of(record));
            foreach (var l in nodeLabels[i].Ids)
            {
                (bitmaps[l] ??= IdBitmap.Empty.ToBuilder()).Set(id, true);
                labelCounts[l]++;
            }
            NoteKeys(nodeProps[i]);
        }
        var relTable = PagedTable<RelRecord>.Empty.ToBuilder();
        var typeCounts = new long[typeCount];
        foreach (var r in rels)
        {
            relTable.Set(r.Id, r);
            typeCounts[r.TypeId]++;
            NoteKeys(r.Properties);
        }
        var labelIndex = new IdBitmap?[labelCount];
        for (var l = 0; l < labelCount; l++) labelIndex[l] = bitmaps[l]?.Build();
        var nodeTable = nodes.Build();

        var indexes = new Dictionary<(int, string), NodeIndex>();
        foreach (var rule in rules)
        {
            foreach (var key in rule.Properties)
            {
                if (keySeen.Add(key)) keys.Add(key);
            }
            if (!string.Equals(rule.EntityType, "NODE", StringComparison.Ordinal) || rule.Properties.Count != 1) continue;
            var labelId = store.LabelTokens.GetOrAdd(rule.LabelOrType);
            var indexKey = (labelId, rule.Properties[0]);
            if (indexes.ContainsKey(indexKey)) continue;
            var map = NodeIndex.Empty.ToBuilder();
            if (labelId < labelIndex.Length && labelIndex[labelId] is { } members)
            {
                foreach (var id in members.All())
                {
                    if (PropertyValues.IndexKey(nodeTable.Get(id)!.Properties.Get(rule.Properties[0])) is { } k) map.Add(k, id);
                }
            }
            indexes.Add(indexKey, map.Build());
        }
        foreach (var key in keys) store.KeyTokens.GetOrAdd(key);

        var kept = new List<(long, int)>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT seq, entities FROM changes ORDER BY seq";
            using var reader = command.ExecuteReader();
            while (reader.Read()) kept.Add((reader.GetInt64(0), reader.GetInt32(1)));
        }

        var generation = new Generation
        {
            Version = 0,
            Nodes = nodeTable,
            Adjacency = adjacencyTable.Build(),
            Rels = relTable.Build(),
            LabelIndex = labelIndex.Length == store.LabelTokens.Count ? labelIndex : [.. labelIndex, .. new IdBitmap?[store.LabelTokens.Count - labelIndex.Length]],
            LabelCounts = labelCounts,
            TypeCounts = typeCounts,
            NodeCount = nodeIds.Count,
            RelCount = rels.Count,
            Schema = [.. rules],
            NodeIndexes = indexes,
            PropertyKeys = [.. keys],
            NextNodeId = Math.Max(meta.GetValueOrDefault("next_node_id"), maxNodeId + 1),
            NextRelId = Math.Max(meta.GetValueOrDefault("next_rel_id"), rels.Count == 0 ? 0 : rels[^1].Id + 1),
            LastSequence = meta.GetValueOrDefault("last_sequence"),
        };
        return (generation, kept);

        void NoteKeys(PropertyBag bag)
        {
            for (var k = 0; k < bag.Count; k++)
            {
                if (keySeen.Add(bag.KeyAt(k))) keys.Add(bag.KeyAt(k));
            }
        }
    }

    public void Dispose()
    {
        foreach (var c in new[] { _upsertNode, _deleteNode, _upsertRel, _deleteRel, _setMeta, _insertChange, _pruneChanges, _clearRules, _insertRule })
        {
            c.Dispose();
        }
        _connection.Dispose();
        _lock.Dispose();
    }
}
