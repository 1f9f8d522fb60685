using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Syntax;

/// <summary>
/// Compares syntax trees by structure: the same node types with the same fields, lists element by element, ignoring
/// <see cref="AstNode.Span"/> (where the text was) and spacing. <c>n.year &gt; 2017</c> written twice in one
/// statement is equal to itself under this comparer, though record equality (which compares spans and compares
/// lists by reference) says otherwise.
/// </summary>
/// <remarks>Stateless and safe to share between threads. A null field and an empty list are equal, as
/// <see cref="AstDumper"/> prints neither. Floats compare by value and sign (<c>0.0</c> is not <c>-0.0</c>).</remarks>
public sealed class SyntaxComparer : IEqualityComparer<AstNode>
{
    /// <summary>The one instance.</summary>
    public static readonly SyntaxComparer Instance = new();

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Fields = new();

    private SyntaxComparer()
    {
    }

    /// <summary>The positional fields of a node type (the parameters of its widest public constructor), in order.</summary>
    internal static PropertyInfo[] FieldsOf(Type type) => Fields.GetOrAdd(type, static t =>
    {
        var ctor = t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        return ctor is null
            ? []
            : ctor.GetParameters()
                .Where(p => p.ParameterType != t)
                .Select(p => t.GetProperty(p.Name!))
                .OfType<PropertyInfo>()
                .ToArray();
    });

    public bool Equals(AstNode? x, AstNode? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.GetType() != y.GetType())
        {
            return false;
        }

        foreach (var field in FieldsOf(x.GetType()))
        {
            if (!ValueEquals(field.GetValue(x), field.GetValue(y)))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(AstNode obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = new HashCode();
        hash.Add(obj.GetType());
        foreach (var field in FieldsOf(obj.GetType()))
        {
            hash.Add(ValueHash(field.GetValue(obj)));
        }

        return hash.ToHashCode();
    }

    private bool ValueEquals(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (AstNode x, AstNode y):
                return Equals(x, y);
            case (string s, string t):
                return string.Equals(s, t, StringComparison.Ordinal);
            case (double d, double e):
                return d.Equals(e) && double.IsNegative(d) == double.IsNegative(e);
            case (IEnumerable xs, IEnumerable ys):
                {
                    var left = xs.GetEnumerator();
                    var right = ys.GetEnumerator();
                    while (true)
                    {
                        var more = left.MoveNext();
                        if (more != right.MoveNext()) return false;
                        if (!more) return true;
                        if (!ValueEquals(left.Current, right.Current)) return false;
                    }
                }

            case (null, IEnumerable e):
                return !e.GetEnumerator().MoveNext();
            case (IEnumerable e, null):
                return !e.GetEnumerator().MoveNext();
            default:
                return Equals(a, b);
        }
    }

    private int ValueHash(object? value)
    {
        switch (value)
        {
            case null:
                return 0;
            case AstNode node:
                return GetHashCode(node);
            case string s:
                return StringComparer.Ordinal.GetHashCode(s);
            case IEnumerable items:
                {
                    var hash = new HashCode();
                    var any = false;
                    foreach (var item in items)
                    {
                        hash.Add(ValueHash(item));
                        any = true;
                    }

                    // An empty list hashes as null does: the two are equal.
                    return any ? hash.ToHashCode() : 0;
                }

            default:
                return value.GetHashCode();
        }
    }
}
