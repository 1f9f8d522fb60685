using System.Text;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Execution;

/// <summary>
/// LOAD CSV over the import folder only: <c>file:///a/b.csv</c> is <c>a/b.csv</c> under
/// <see cref="QueryContext.ImportDirectory"/> (as Neo4j reads it under <c>server.directories.import</c>). Paths that
/// leave the folder (<c>..</c>, links out of it), other URL schemes (http, https, ftp) and a missing folder setting
/// are refused with <c>ExternalResourceFailed</c> before anything is read.
/// </summary>
public sealed class LoadCsvOperator(PhysicalOperator input, Evaluator source, int slot, bool withHeaders, char terminator) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            var url = source(row, context) as string ?? throw Failed("LOAD CSV needs a string URL such as 'file:///papers.csv'.");
            var path = Resolve(context.ImportDirectory, url);
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            string?[]? header = null;
            foreach (var record in Records(reader, terminator, context))
            {
                if (withHeaders && header is null)
                {
                    header = record;
                    continue;
                }

                var copy = Copy(row);
                if (header is null)
                {
                    copy[slot] = record.Cast<object?>().ToArray();
                }
                else
                {
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    for (var i = 0; i < header.Length; i++)
                    {
                        map[header[i] ?? ""] = i < record.Length ? record[i] : null;
                    }

                    copy[slot] = map;
                }

                yield return copy;
            }
        }
    }

    /// <summary>The file a LOAD CSV URL names inside the import folder, or the error saying why it may not be read.</summary>
    public static string Resolve(string? importDirectory, string url)
    {
        if (importDirectory is null)
        {
            throw Failed("LOAD CSV is disabled: no import folder is configured (set Storage:ImportPath).");
        }

        if (!url.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw Failed($"LOAD CSV from '{url}' is not allowed: only file:/// URLs of files in the import folder can be read.");
        }

        var relative = Uri.UnescapeDataString(url[5..].TrimStart('/'));
        if (relative.Length == 0)
        {
            throw Failed($"LOAD CSV from '{url}': no file named.");
        }

        var root = Path.GetFullPath(importDirectory);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal) || relative.Split('/', '\\').Contains(".."))
        {
            throw Failed($"LOAD CSV from '{url}' is not allowed: the file is outside the import folder.");
        }

        // A link inside the folder must not lead out of it.
        var info = new FileInfo(full);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target &&
            !Path.GetFullPath(target.FullName).StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw Failed($"LOAD CSV from '{url}' is not allowed: the file links outside the import folder.");
        }

        if (!info.Exists)
        {
            throw Failed($"Couldn't load the external resource at: {url} (no such file in the import folder)");
        }

        return full;
    }

    private const int MaxFieldLength = 16 * 1024 * 1024;

    private static GraphException Failed(string message) => new(GraphErrorCodes.ExternalResourceFailed, message);

    /// <summary>RFC 4180 records: fields split on the terminator, double quotes around a field (a doubled quote inside
    /// is one quote, and line breaks are kept), an empty unquoted field is null.</summary>
    private static IEnumerable<string?[]> Records(TextReader reader, char terminator, QueryContext context)
    {
        var fields = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }

                continue;
            }

            if (ch == '"' && field.Length == 0 && !wasQuoted)
            {
                quoted = wasQuoted = any = true;
                continue;
            }

            if (ch == terminator)
            {
                fields.Add(field.Length == 0 && !wasQuoted ? null : field.ToString());
                field.Clear();
                wasQuoted = false;
                any = true;
                continue;
            }

            if (ch is '\r' or '\n')
            {
                if (ch == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                if (any || field.Length > 0)
                {
                    fields.Add(field.Length == 0 && !wasQuoted ? null : field.ToString());
                    context.CheckCancellation();
                    yield return fields.ToArray();
                }

                fields.Clear();
                field.Clear();
                wasQuoted = any = false;
                continue;
            }

            field.Append(ch);
            any = true;
            if (field.Length > MaxFieldLength)
            {
                throw Failed($"LOAD CSV: a field is longer than {MaxFieldLength:N0} characters.");
            }
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.Length == 0 && !wasQuoted ? null : field.ToString());
            yield return fields.ToArray();
        }
    }
}
