namespace MemristorSpice.Netlist.Diagnostics;

/// <summary>A position in a netlist file: file path as given, 1-based line and column.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation None { get; } = new("<none>", 0, 0);

    public SourceLocation Offset(int columns) => this with { Column = Column + columns };

    public override string ToString() => $"{File}:{Line}:{Column}";
}
