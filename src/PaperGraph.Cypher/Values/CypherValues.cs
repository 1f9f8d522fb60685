namespace PaperGraph.Cypher.Values;

/// <summary>Shared boxes for the values the engine produces on every row, so that hot paths do not allocate.</summary>
public static class CypherValues
{
    public static readonly object True = true;
    public static readonly object False = false;

    private const long SmallMin = -128;
    private const long SmallMax = 1023;
    private static readonly object[] SmallIntegers = CreateSmallIntegers();

    /// <summary>The boxed boolean.</summary>
    public static object Box(bool value) => value ? True : False;

    /// <summary>The boxed boolean, or <c>null</c>.</summary>
    public static object? Box(bool? value) => value is { } b ? (b ? True : False) : null;

    /// <summary>The boxed integer; small values share one box.</summary>
    public static object Box(long value) =>
        value is >= SmallMin and <= SmallMax ? SmallIntegers[value - SmallMin] : value;

    private static object[] CreateSmallIntegers()
    {
        var boxes = new object[SmallMax - SmallMin + 1];
        for (var i = 0; i < boxes.Length; i++)
        {
            boxes[i] = SmallMin + i;
        }

        return boxes;
    }
}
