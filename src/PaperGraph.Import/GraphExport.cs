using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using PaperGraph.Graph.Json;

namespace PaperGraph.Import;

/// <summary>The curated graph written out as a reading list: a markdown file plus its papers and prerequisites.</summary>
/// <param name="FileName">Suggested name of the markdown file (a slug of the collection's title).</param>
public sealed record MarkdownExport(string FileName, string Markdown, string PapersYaml, string PrerequisitesYaml);

/// <summary>
/// Writes a <see cref="GraphSnapshot"/> as JSON, GraphML, Cypher, Mermaid or a markdown reading list. Every
/// format lists things in a fixed order (sections by order, papers by key, edges by their ends), so the same
/// graph always gives the same bytes.
/// </summary>
public static class GraphExport
{
    public static readonly IReadOnlyList<string> Formats = ["json", "graphml", "cypher", "mermaid", "markdown", "seed"];

    private static IEnumerable<KeyValuePair<string, IReadOnlyDictionary<string, object?>>> SectionsInOrder(GraphSnapshot g) =>
        g.Sections.OrderBy(s => GraphSnapshot.Integer(s.Value, "order") ?? long.MaxValue).ThenBy(s => s.Key, StringComparer.Ordinal);

    private static IEnumerable<KeyValuePair<string, IReadOnlyDictionary<string, object?>>> PapersInOrder(GraphSnapshot g) =>
        g.Papers.OrderBy(p => p.Key, StringComparer.Ordinal);

    private static IEnumerable<StoredPrerequisite> EdgesInOrder(GraphSnapshot g) =>
        g.Prerequisites.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal);

    private static List<StoredMembership> MembershipsInOrder(GraphSnapshot g)
    {
        var sectionOrder = SectionsInOrder(g).Select((s, i) => (s.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        return g.Memberships.Where(m => sectionOrder.ContainsKey(m.SectionKey))
            .OrderBy(m => sectionOrder[m.SectionKey]).ThenBy(m => m.Order ?? long.MaxValue).ThenBy(m => m.PaperKey, StringComparer.Ordinal).ToList();
    }

    // ---- JSON ----------------------------------------------------------------------------------------------------

    /// <summary><c>{"sections":[…],"papers":[…],"prerequisites":[…]}</c>; each paper lists its section keys.</summary>
    public static string ToJson(GraphSnapshot graph)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var memberships = MembershipsInOrder(graph);
            w.WriteStartObject();
            w.WriteStartArray("sections");
            foreach (var (_, props) in SectionsInOrder(graph)) WriteProperties(w, props);
            w.WriteEndArray();
            w.WriteStartArray("papers");
            foreach (var (key, props) in PapersInOrder(graph))
                WriteProperties(w, props, ("sections", memberships.Where(m => m.PaperKey == key).Select(m => (object?)m.SectionKey).ToList()));
            w.WriteEndArray();
            w.WriteStartArray("prerequisites");
            foreach (var e in EdgesInOrder(graph))
            {
                w.WriteStartObject();
                w.WriteString("from", e.From);
                w.WriteString("to", e.To);
                w.WritePropertyName("reason"); QueryApiJson.WritePlainValue(w, e.Reason);
                w.WritePropertyName("curator"); QueryApiJson.WritePlainValue(w, e.Curator);
                w.WritePropertyName("createdAt"); QueryApiJson.WritePlainValue(w, e.CreatedAt);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteProperties(Utf8JsonWriter w, IReadOnlyDictionary<string, object?> props, (string Name, object? Value)? extra = null)
    {
        w.WriteStartObject();
        w.WriteString("key", props.TryGetValue("key", out var k) ? k as string : null);
        foreach (var (name, value) in props.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (name == "key") continue;
            w.WritePropertyName(name);
            QueryApiJson.WritePlainValue(w, value);
        }
        if (extra is { } e)
        {
            w.WritePropertyName(e.Name);
            QueryApiJson.WritePlainValue(w, e.Value);
        }
        w.WriteEndObject();
    }

    // ---- GraphML -------------------------------------------------------------------------------------------------

    /// <summary>GraphML: nodes <c>paper:KEY</c> and <c>section:KEY</c> with a <c>labels</c> attribute, edges with a
    /// <c>type</c>; lists are stored as JSON text.</summary>
    public static string ToGraphMl(GraphSnapshot graph)
    {
        var nodeKeys = graph.Sections.Values.Concat(graph.Papers.Values).SelectMany(p => p.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var nodeTypes = nodeKeys.ToDictionary(k => k, k => GraphMlType(graph.Sections.Values.Concat(graph.Papers.Values).Select(p => p.GetValueOrDefault(k))), StringComparer.Ordinal);
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = Encoding.UTF8 }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("graphml", "http://graphml.graphdrawing.org/xmlns");
            void Key(string id, string target, string name, string type)
            {
                w.WriteStartElement("key");
                w.WriteAttributeString("id", id);
                w.WriteAttributeString("for", target);
                w.WriteAttributeString("attr.name", name);
                w.WriteAttributeString("attr.type", type);
                w.WriteEndElement();
            }
            Key("labels", "node", "labels", "string");
            foreach (var k in nodeKeys) Key("n_" + k, "node", k, nodeTypes[k]);
            Key("type", "edge", "type", "string");
            foreach (var k in new[] { "order" }) Key("e_" + k, "edge", k, "long");
            foreach (var k in new[] { "reason", "curator", "createdAt" }) Key("e_" + k, "edge", k, "string");
            w.WriteStartElement("graph");
            w.WriteAttributeString("id", "papergraph");
            w.WriteAttributeString("edgedefault", "directed");
            void Node(string id, string labels, IReadOnlyDictionary<string, object?> props)
            {
                w.WriteStartElement("node");
                w.WriteAttributeString("id", id);
                Data("labels", labels);
                foreach (var (name, value) in props.OrderBy(p => p.Key, StringComparer.Ordinal))
                    if (value is not null) Data("n_" + name, GraphMlText(value));
                w.WriteEndElement();
            }
            void Data(string key, string text)
            {
                w.WriteStartElement("data");
                w.WriteAttributeString("key", key);
                w.WriteString(text);
                w.WriteEndElement();
            }
            foreach (var (key, props) in SectionsInOrder(graph)) Node("section:" + key, ":Section", props);
            foreach (var (key, props) in PapersInOrder(graph)) Node("paper:" + key, ":Paper", props);
            var n = 0;
            foreach (var m in MembershipsInOrder(graph))
            {
                w.WriteStartElement("edge");
                w.WriteAttributeString("id", "e" + (++n).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("source", "paper:" + m.PaperKey);
                w.WriteAttributeString("target", "section:" + m.SectionKey);
                Data("type", "IN_SECTION");
                if (m.Order is { } o) Data("e_order", o.ToString(CultureInfo.InvariantCulture));
                w.WriteEndElement();
            }
            foreach (var e in EdgesInOrder(graph))
            {
                w.WriteStartElement("edge");
                w.WriteAttributeString("id", "e" + (++n).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("source", "paper:" + e.From);
                w.WriteAttributeString("target", "paper:" + e.To);
                Data("type", "PREREQUISITE_OF");
                if (e.Reason is not null) Data("e_reason", e.Reason);
                if (e.Curator is not null) Data("e_curator", e.Curator);
                if (e.CreatedAt is not null) Data("e_createdAt", GraphMlText(e.CreatedAt));
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal) + "\n";
    }

    private static string GraphMlType(IEnumerable<object?> values)
    {
        var present = values.Where(v => v is not null).ToList();
        if (present.Count > 0 && present.All(v => v is long or int)) return "long";
        if (present.Count > 0 && present.All(v => v is double or long or int)) return "double";
        if (present.Count > 0 && present.All(v => v is bool)) return "boolean";
        return "string";
    }

    private static string GraphMlText(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => QueryApiJson.FormatFloat(d),
        _ => JsonText(value),
    };

    private static string JsonText(object? value)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            QueryApiJson.WritePlainValue(w, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // ---- Cypher --------------------------------------------------------------------------------------------------

    /// <summary>A Cypher script (one statement per line, each ending in <c>;</c>) that rebuilds the graph with MERGE.</summary>
    public static string ToCypher(GraphSnapshot graph)
    {
        var sb = new StringBuilder();
        foreach (var statement in GraphImporter.ConstraintStatements) sb.Append(statement).Append(";\n");
        foreach (var (key, props) in SectionsInOrder(graph))
            sb.Append("MERGE (s:Section {key: ").Append(CypherLiteral(key)).Append("}) SET s += ").Append(CypherMap(props, "key")).Append(";\n");
        foreach (var (key, props) in PapersInOrder(graph))
            sb.Append("MERGE (p:Paper {key: ").Append(CypherLiteral(key)).Append("}) SET p += ").Append(CypherMap(props, "key")).Append(";\n");
        foreach (var m in MembershipsInOrder(graph))
        {
            sb.Append("MATCH (p:Paper {key: ").Append(CypherLiteral(m.PaperKey)).Append("}), (s:Section {key: ").Append(CypherLiteral(m.SectionKey))
              .Append("}) MERGE (p)-[r:IN_SECTION]->(s)");
            if (m.Order is { } o) sb.Append(" SET r.order = ").Append(o.ToString(CultureInfo.InvariantCulture));
            sb.Append(";\n");
        }
        foreach (var e in EdgesInOrder(graph))
        {
            var props = new Dictionary<string, object?>(StringComparer.Ordinal) { ["reason"] = e.Reason, ["curator"] = e.Curator, ["createdAt"] = e.CreatedAt };
            sb.Append("MATCH (a:Paper {key: ").Append(CypherLiteral(e.From)).Append("}), (b:Paper {key: ").Append(CypherLiteral(e.To))
              .Append("}) MERGE (a)-[r:PREREQUISITE_OF]->(b) SET r += ").Append(CypherMap(props, null)).Append(";\n");
        }
        return sb.ToString();
    }

    private static string CypherMap(IReadOnlyDictionary<string, object?> props, string? skip) =>
        "{" + string.Join(", ", props.Where(p => p.Key != skip && p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{CypherName(p.Key)}: {CypherLiteral(p.Value)}")) + "}";

    private static string CypherName(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_') ? name : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary>A value as a Cypher literal; strings are single-quoted with every special character escaped.</summary>
    public static string CypherLiteral(object? value) => value switch
    {
        null => "null",
        string s => "'" + EscapeCypherString(s) + "'",
        bool b => b ? "true" : "false",
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => double.IsFinite(d) ? QueryApiJson.FormatFloat(d) : d is double.NaN ? "0.0/0.0" : d > 0 ? "1.0/0.0" : "-1.0/0.0",
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(", ", map.Select(p => $"{CypherName(p.Key)}: {CypherLiteral(p.Value)}")) + "}",
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(CypherLiteral)) + "]",
        _ => "'" + EscapeCypherString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "") + "'",
    };

    private static string EscapeCypherString(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    // ---- Mermaid -------------------------------------------------------------------------------------------------

    /// <summary>A Mermaid flowchart: one subgraph per section, an arrow per prerequisite (A --> B: read A first)
    /// labelled with the curator's reason.</summary>
    public static string ToMermaid(GraphSnapshot graph)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _) in PapersInOrder(graph))
            ids[key] = "p" + ids.Count.ToString(CultureInfo.InvariantCulture) + "_" + new string(key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var sb = new StringBuilder("flowchart LR\n");
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var memberships = MembershipsInOrder(graph);
        var n = 0;
        foreach (var (key, props) in SectionsInOrder(graph))
        {
            var members = memberships.Where(m => m.SectionKey == key && ids.ContainsKey(m.PaperKey) && placed.Add(m.PaperKey)).ToList();
            if (members.Count == 0) continue;
            var title = GraphSnapshot.Text(props, "title") ?? key;
            sb.Append("  subgraph s").Append(n++.ToString(CultureInfo.InvariantCulture)).Append("[\"").Append(MermaidText($"{key} {title}")).Append("\"]\n");
            foreach (var m in members)
                sb.Append("    ").Append(ids[m.PaperKey]).Append("[\"").Append(MermaidText(GraphSnapshot.Text(graph.Papers[m.PaperKey], "title") ?? m.PaperKey)).Append("\"]\n");
            sb.Append("  end\n");
        }
        foreach (var (key, props) in PapersInOrder(graph))
            if (!placed.Contains(key))
                sb.Append("  ").Append(ids[key]).Append("[\"").Append(MermaidText(GraphSnapshot.Text(props, "title") ?? key)).Append("\"]\n");
        foreach (var e in EdgesInOrder(graph))
            if (ids.TryGetValue(e.From, out var a) && ids.TryGetValue(e.To, out var b))
            {
                sb.Append("  ").Append(a).Append(" --> ");
                if (!string.IsNullOrWhiteSpace(e.Reason)) sb.Append("|\"").Append(MermaidText(e.Reason)).Append("\"| ");
                sb.Append(b).Append('\n');
            }
        return sb.ToString();
    }

    private static string MermaidText(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (c == '"') sb.Append("#quot;");
            else if (c is '\n' or '\r') sb.Append(' ');
            else if (c is '<' or '>' or '#' or '&' or '|') sb.Append("#").Append(((int)c).ToString(CultureInfo.InvariantCulture)).Append(';');
            else sb.Append(c);
        }
        return sb.ToString();
    }

    // ---- Markdown ------------------------------------------------------------------------------------------------

    /// <summary>
    /// The reading list again: front matter with the collection's title, a level-2 heading per part, a level-3
    /// heading per section (its number first when its key is a number), a bullet per paper; plus papers.yaml (every
    /// paper's metadata, additions marked <c>curated: true</c>) and prerequisites.yaml. Importing these into an
    /// empty store and exporting again gives the same text.
    /// </summary>
    public static MarkdownExport ToMarkdown(GraphSnapshot graph)
    {
        var sections = SectionsInOrder(graph).ToList();
        var memberships = MembershipsInOrder(graph);
        var title = sections.Select(s => GraphSnapshot.Text(s.Value, "collection")).FirstOrDefault(t => t is not null);
        var md = new StringBuilder();
        if (title is not null) md.Append("---\ntitle: ").Append(YamlString(title)).Append("\n---\n");
        string? currentPart = null;
        foreach (var (key, props) in sections)
        {
            var members = memberships.Where(m => m.SectionKey == key && graph.Papers.ContainsKey(m.PaperKey)).ToList();
            if (members.Count == 0) continue;
            var part = GraphSnapshot.Text(props, "part");
            var level = part is null ? "##" : "###";
            if (part is not null && part != currentPart) md.Append("\n## ").Append(MarkdownText(part)).Append('\n');
            currentPart = part;
            var sectionTitle = GraphSnapshot.Text(props, "title") ?? key;
            var number = IsNumberKey(key) ? key + " " : "";
            md.Append('\n').Append(level).Append(' ').Append(number).Append(MarkdownText(sectionTitle)).Append("\n\n");
            foreach (var m in members)
            {
                var paper = graph.Papers[m.PaperKey];
                md.Append("- [").Append(MarkdownText(GraphSnapshot.Text(paper, "title") ?? m.PaperKey)).Append("](")
                  .Append(MarkdownUrl(GraphSnapshot.Text(paper, "url") ?? "")).Append(")\n");
            }
        }

        var listed = memberships.Select(m => m.PaperKey).ToHashSet(StringComparer.Ordinal);
        var papers = new StringBuilder("# Curated metadata of every paper; entries marked `curated: true` are not in the reading list.\n");
        foreach (var (key, props) in PapersInOrder(graph))
        {
            papers.Append("- key: ").Append(key).Append('\n');
            if (!listed.Contains(key)) papers.Append("  curated: true\n");
            foreach (var field in new[] { "title", "url", "kind" })
                if (GraphSnapshot.Text(props, field) is { } text) papers.Append("  ").Append(field).Append(": ").Append(YamlString(text)).Append('\n');
            if (GraphSnapshot.Integer(props, "year") is { } year) papers.Append("  year: ").Append(year.ToString(CultureInfo.InvariantCulture)).Append('\n');
            papers.Append("  authors: ").Append(YamlList(GraphSnapshot.Texts(props, "authors"))).Append('\n');
            foreach (var field in new[] { "venue", "arxivId" })
                if (GraphSnapshot.Text(props, field) is { } text) papers.Append("  ").Append(field).Append(": ").Append(YamlString(text)).Append('\n');
            papers.Append("  aliases: ").Append(YamlList(GraphSnapshot.Texts(props, "aliases"))).Append('\n');
        }

        var edges = new StringBuilder("# Prerequisite edges: `from` is a prerequisite of `to`.\n");
        foreach (var e in EdgesInOrder(graph))
        {
            edges.Append("- from: ").Append(e.From).Append("\n  to: ").Append(e.To).Append("\n  reason: ").Append(YamlString(e.Reason ?? "")).Append('\n');
            if (e.Curator is not null && e.Curator != PrerequisiteFile.SeedCurator) edges.Append("  curator: ").Append(YamlString(e.Curator)).Append('\n');
        }
        var fileName = (title is not null && Slug.From(title) is { Length: > 0 } slug ? slug : "reading-list") + ".md";
        return new MarkdownExport(fileName, md.ToString(), papers.ToString(), edges.ToString());
    }

    private static bool IsNumberKey(string key) =>
        key.Length > 0 && key.Split('.').All(part => part.Length is >= 1 and <= 3 && part.All(char.IsAsciiDigit));

    private static string MarkdownText(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '!' or '|') sb.Append('\\');
            sb.Append(c is '\n' or '\r' ? ' ' : c);
        }
        return sb.ToString();
    }

    private static string MarkdownUrl(string url)
    {
        var safe = url.Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal);
        return safe.IndexOfAny([' ', '(', ')']) >= 0 ? "<" + safe + ">" : safe;
    }

    /// <summary>A YAML double-quoted scalar (JSON escapes are valid YAML).</summary>
    private static string YamlString(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static string YamlList(IReadOnlyList<string> items) => "[" + string.Join(", ", items.Select(YamlString)) + "]";
}
