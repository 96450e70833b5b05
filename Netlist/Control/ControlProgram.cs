using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Control;

/// <summary>
/// One command of a <c>.control</c> block: its lower-case name, the raw text after it (variables are substituted
/// when it runs) and, for <c>foreach</c>/<c>while</c>/<c>repeat</c>/<c>dowhile</c>/<c>if</c>, the commands it holds.
/// </summary>
/// <param name="Name">Command word, lower-case (op, tran, let, alter, foreach ...).</param>
/// <param name="Arguments">The rest of the line as written, trimmed.</param>
/// <param name="Line">The line it was read from.</param>
/// <param name="ArgumentColumn">Column of the first character of <paramref name="Arguments"/> on that line.</param>
internal sealed record ControlCommand(string Name, string Arguments, ControlLine Line, int ArgumentColumn)
{
    /// <summary>Commands inside a loop or the then-branch of an if.</summary>
    public List<ControlCommand> Body { get; } = [];
    /// <summary>Commands of the else-branch of an if.</summary>
    public List<ControlCommand> ElseBody { get; } = [];

    /// <summary>Where the command word stands.</summary>
    public SourceLocation Location => Line.Location;

    /// <summary>Where the arguments start.</summary>
    public SourceLocation ArgumentLocation => Line.Location with { Column = ArgumentColumn };

    /// <summary>A located error about this command.</summary>
    public NetlistException Error(string message, string hint = "") => new(Location, Name, message, hint);
}

/// <summary>The commands of every <c>.control</c> block of a deck (the deck's and its included files'), in reading order.</summary>
/// <param name="Commands">Top-level commands; loops and ifs hold their bodies.</param>
/// <param name="Blocks">Where each block starts, for messages.</param>
internal sealed record ControlProgram(IReadOnlyList<ControlCommand> Commands, IReadOnlyList<SourceLocation> Blocks)
{
    /// <summary>True when some command (at any depth) runs an analysis: op, dc, tran, ac, tf or run.</summary>
    public bool RunsAnalyses => Commands.Any(RunsAnalysis);

    private static bool RunsAnalysis(ControlCommand c) =>
        ControlParser.AnalysisCommands.Contains(c.Name) || c.Name == "run" || c.Body.Any(RunsAnalysis) || c.ElseBody.Any(RunsAnalysis);
}
