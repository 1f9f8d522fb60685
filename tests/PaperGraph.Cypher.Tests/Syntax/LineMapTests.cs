using CsCheck;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Tests.Syntax;

public sealed class LineMapTests
{
    [Fact]
    public void Positions_count_lines_and_columns_from_one_and_a_newline_ends_its_own_line()
    {
        var map = new LineMap("MATCH (n)\nRETURN n");

        Assert.Equal(new SourcePosition(0, 1, 1), map.PositionAt(0));
        Assert.Equal(new SourcePosition(9, 1, 10), map.PositionAt(9));
        Assert.Equal(new SourcePosition(10, 2, 1), map.PositionAt(10));
        Assert.Equal(new SourcePosition(17, 2, 8), map.PositionAt(17));
    }

    [Fact]
    public void Every_offset_gets_the_line_and_column_a_reader_counting_by_hand_would_give()
    {
        Gen.Select(Gen.String[Gen.Char["ab\n\r "], 0, 200], Gen.Int[0, 200]).Sample((text, offset) =>
        {
            offset = Math.Min(offset, text.Length);
            var line = 1 + text[..offset].Count(c => c == '\n');
            var column = offset - (text.LastIndexOf('\n', Math.Max(0, offset - 1), offset) + 1) + 1;
            Assert.Equal(new SourcePosition(offset, line, column), new LineMap(text).PositionAt(offset));
        });
    }
}
