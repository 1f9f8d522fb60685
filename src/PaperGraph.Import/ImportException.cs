namespace PaperGraph.Import;

/// <summary>One problem in the input: which file, which line (1-based, 0 when the whole file is meant), what.</summary>
public sealed record ImportError(string File, int Line, string Problem)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Problem}" : $"{File}: {Problem}";
}

/// <summary>
/// The input cannot be imported. Raised before anything is written: the store is unchanged.
/// </summary>
/// <remarks>The message lists every problem found, one per line, as <c>file:line: problem</c>.</remarks>
public sealed class ImportException : Exception
{
    public ImportException(IReadOnlyList<ImportError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        Errors = errors;
    }

    public ImportException(string file, int line, string problem) : this([new ImportError(file, line, problem)]) { }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<ImportError> Errors { get; }
}
