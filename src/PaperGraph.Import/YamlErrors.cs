using YamlDotNet.Core;

namespace PaperGraph.Import;

internal static class YamlErrors
{
    /// <summary>YamlDotNet's message without its "(Line: …)" prefix, which the caller reports itself.</summary>
    public static string Describe(YamlException e)
    {
        var message = e.InnerException is YamlException inner && !string.IsNullOrWhiteSpace(inner.Message) ? inner.Message : e.Message;
        var close = message.StartsWith("(Line:", StringComparison.Ordinal) ? message.IndexOf("):", StringComparison.Ordinal) : -1;
        if (close >= 0) message = message[(close + 2)..].Trim();
        return message.TrimEnd('.');
    }

    /// <summary>The 1-based line of the last YAML event the parser read before it failed.</summary>
    public static int LastGoodLine(string text)
    {
        var line = 1;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
                if (parser.Current is { } current) line = Math.Max(1, (int)current.End.Line);
        }
        catch (Exception)
        {
            // Expected: this is the failure being located.
        }
        return line;
    }
}
