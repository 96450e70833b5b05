using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>The console tables of <c>generate</c>: what was generated and how much hardware it takes.</summary>
internal static class GenerateOutput
{
    /// <summary>One row: the matrix's shape, tiles, memristors, op-amps and the output scale K (V per unit).</summary>
    public static void PrintCrossbar(IAnsiConsole console, string stem, CrossbarMatrix matrix, GeneratedCrossbar x)
    {
        var table = new Table().AddColumns("crossbar", "rows x columns", "tiles", "memristors", "op-amps", "K (V per unit)");
        table.AddRow(Terminal.Escape(stem), $"{matrix.Rows} x {matrix.Shape.Columns}", $"{x.Counts.Crossbars}", $"{x.Counts.Memristors}", $"{x.Counts.OpAmps}",
            $"{x.OutputVoltsPerUnit:G6}");
        console.Write(table);
    }

    /// <summary>One row per analog layer (with the netlists written for it) and a total.</summary>
    public static void PrintNetwork(IAnsiConsole console, NetworkNetlists result)
    {
        var table = new Table().AddColumns("layer", "kind", "crossbars", "memristors", "op-amps", "files");
        foreach (var l in result.Layers)
            table.AddRow(Terminal.Escape(l.Stage.Name), l.Stage.Kind.ToString(), $"{l.Counts.Crossbars}", $"{l.Counts.Memristors}", $"{l.Counts.OpAmps}",
                l.Written.Count == 0 ? "-" : string.Join(" ", l.Written.Select(i => Terminal.Escape(l.Crossbars[i].Context.Stem))));
        table.AddRow("[bold]total[/]", "", $"{result.Counts.Crossbars}", $"{result.Counts.Memristors}", $"{result.Counts.OpAmps}", "");
        console.Write(table);
    }
}
