using PaperGraph.Graph;

namespace PaperGraph.Cypher.Syntax;

/// <summary>
/// A stretch of statement text: 0-based <see cref="Offset"/>, 1-based <see cref="Line"/> and
/// <see cref="Column"/> of its first character, and its <see cref="Length"/> in UTF-16 code units.
/// </summary>
public readonly record struct SourceSpan(int Offset, int Line, int Column, int Length)
{
    /// <summary>The offset just past the last character.</summary>
    public int End => Offset + Length;

    /// <summary>The start of the span, as the seam's <see cref="SourcePosition"/>.</summary>
    public SourcePosition Position => new(Offset, Line, Column);

    /// <summary>The span from the start of <paramref name="first"/> to the end of <paramref name="last"/>.</summary>
    public static SourceSpan Cover(SourceSpan first, SourceSpan last) =>
        new(first.Offset, first.Line, first.Column, Math.Max(0, last.End - first.Offset));

    public override string ToString() => $"{Line}:{Column}+{Length}";
}
