using PaperGraph.Graph;

namespace PaperGraph.Cypher.Syntax;

/// <summary>
/// Turns 0-based offsets of a statement's text into 1-based lines and columns (a line ends at <c>\n</c>). The line
/// starts are found once, on first use, and each position is a binary search: a hostile statement can ask for
/// thousands of positions in a megabyte of text, and scanning from the start for each would be quadratic.
/// </summary>
public sealed class LineMap(string text)
{
    private List<int>? _lineStarts;

    /// <summary>The position of <paramref name="offset"/> (clamped to the text).</summary>
    public SourcePosition PositionAt(int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        if (_lineStarts is null)
        {
            _lineStarts = [0];
            for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) _lineStarts.Add(i + 1);
        }
        // The last line start at or before the offset (a newline at the offset itself still ends this line).
        var index = _lineStarts.BinarySearch(offset);
        if (index < 0) index = ~index - 1;
        return new SourcePosition(offset, index + 1, offset - _lineStarts[index] + 1);
    }
}
