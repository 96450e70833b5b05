namespace MemristorSpice.Netlist.Diagnostics;

/// <summary>A position in a netlist file: file path as given, 1-based line and column.</summary>
/// <param name="File">Path of the netlist or included file, as given.</param>
/// <param name="Line">1-based line number.</param>
/// <param name="Column">1-based column number.</param>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>Placeholder for generated items that come from no file (prints as <c>&lt;none&gt;:0:0</c>).</summary>
    public static SourceLocation None { get; } = new("<none>", 0, 0);

    /// <summary>The same place shifted right by <paramref name="columns"/> characters (a position inside a token).</summary>
    public SourceLocation Offset(int columns) => this with { Column = Column + columns };

    /// <summary><c>file:line:column</c>, as compilers print positions.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
