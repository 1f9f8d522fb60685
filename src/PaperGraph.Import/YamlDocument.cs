using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PaperGraph.Import;

/// <summary>Loads a YAML file whose root is a list of mappings, keeping line numbers for messages.</summary>
internal sealed class YamlListFile(string name)
{
    public string Name { get; } = name;
    public List<ImportError> Errors { get; } = [];

    public IReadOnlyList<YamlMappingNode> LoadItems(string text, string listKey)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ImportException(Name, Math.Max(1, (int)e.Start.Line), $"malformed YAML: {YamlErrors.Describe(e)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet can fail without a YamlException on some broken input; find the line it stopped at.
            throw new ImportException(Name, YamlErrors.LastGoodLine(text), "malformed YAML: the parser could not continue after this line");
        }
        if (stream.Documents.Count == 0) return [];
        var root = stream.Documents[0].RootNode;
        if (root is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(listKey), out var inner))
            root = inner;
        if (root is YamlScalarNode { Value: null or "" }) return [];
        if (root is not YamlSequenceNode sequence)
            throw new ImportException(Name, Line(root), $"expected a list of entries (\"- {(listKey == "papers" ? "key" : "from")}: …\")");
        var items = new List<YamlMappingNode>();
        foreach (var item in sequence)
        {
            if (item is YamlMappingNode m) items.Add(m);
            else Errors.Add(new ImportError(Name, Line(item), "each entry must be a mapping of fields"));
        }
        return items;
    }

    public static int Line(YamlNode node) => Math.Max(1, (int)node.Start.Line);

    public void CheckFields(YamlMappingNode item, IReadOnlyCollection<string> allowed)
    {
        foreach (var key in item.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name))
                Errors.Add(new ImportError(Name, Line(key), $"unknown field '{name}' (known fields: {string.Join(", ", allowed)})"));
        }
    }

    public string? String(YamlMappingNode item, string field)
    {
        if (!item.Children.TryGetValue(new YamlScalarNode(field), out var node)) return null;
        if (node is YamlScalarNode scalar) return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
        Errors.Add(new ImportError(Name, Line(node), $"'{field}' must be text"));
        return null;
    }

    public int? Int(YamlMappingNode item, string field)
    {
        var text = String(item, field);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        Errors.Add(new ImportError(Name, Line(item.Children[new YamlScalarNode(field)]), $"'{field}' must be a whole number, not '{text}'"));
        return null;
    }

    public bool Bool(YamlMappingNode item, string field)
    {
        var text = String(item, field);
        if (text is null) return false;
        if (bool.TryParse(text, out var value)) return value;
        Errors.Add(new ImportError(Name, Line(item.Children[new YamlScalarNode(field)]), $"'{field}' must be true or false, not '{text}'"));
        return false;
    }

    public IReadOnlyList<string> Strings(YamlMappingNode item, string field)
    {
        if (!item.Children.TryGetValue(new YamlScalarNode(field), out var node)) return [];
        switch (node)
        {
            case YamlSequenceNode seq:
                var list = new List<string>();
                foreach (var child in seq)
                {
                    if (child is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v)) list.Add(v.Trim());
                    else Errors.Add(new ImportError(Name, Line(child), $"'{field}' must be a list of texts"));
                }
                return list;
            case YamlScalarNode { Value: null or "" }:
                return [];
            case YamlScalarNode scalar:
                return [scalar.Value!.Trim()];
            default:
                Errors.Add(new ImportError(Name, Line(node), $"'{field}' must be a list of texts"));
                return [];
        }
    }
}
