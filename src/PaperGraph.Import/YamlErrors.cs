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
}
