using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Backends;
using Spectre.Console;

namespace MemristorSpice.Cli.Tests;

public class NgspiceCheckTableTests
{
    /// <summary>The shape of a full MSCCNN check (6 layers, 100 tiles) with compared, failed and not-run tiles, in tran mode (the widest table).</summary>
    private static NgspiceCheckReport Report()
    {
        var rows = new List<NgspiceComparison>();
        foreach (var (layer, crossbars, cells, wires) in new[] { ("conv1", 1, "memristor", 1280), ("dw1", 32, "memristor", 40), ("pw1", 1, "resistor", 8448),
                     ("dw2", 64, "memristor", 40), ("pw2", 1, "resistor", 33280), ("classifier", 1, "resistor", 5120) })
            for (int c = 0; c < crossbars; c++)
                rows.Add(layer == "pw2"
                    ? new NgspiceComparison(layer, c, 0, "tran", cells, 0, 128, double.NaN, double.NaN, double.NaN, 412.5,
                        "killed after 412.5 s: time budget of 600 s used up", wires)
                    : layer == "dw2" && c >= 40
                        ? new NgspiceComparison(layer, c, 0, "tran", cells, 0, 2, double.NaN, double.NaN, double.NaN, 0, "not run: time budget of 600 s used up", wires, NotRun: true)
                        : new NgspiceComparison(layer, c, 0, "tran", cells, 3, 64, 1.234567e-12, 9.87654e-11, 0.0123456, 1.25, null, wires));
        return new NgspiceCheckReport(rows, 600.4, 600);
    }

    [Fact]
    public void Table_and_summary_fit_an_80_column_console_without_breaking_numbers()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 80;
        CosimOutput.PrintNgspice(console, Report());
        var lines = writer.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.DoesNotContain("…", writer.ToString()); // Spectre's mark of a cell cut short
        // One row per layer, numbers whole (not wrapped inside a cell), and the budget outcome spelled out.
        foreach (var layer in new[] { "conv1", "dw1", "pw1", "dw2", "pw2", "classifier" })
            Assert.Single(lines, l => Row(l, layer));
        var dw2 = lines.Single(l => Row(l, "dw2"));
        Assert.Contains("40/64", dw2);
        Assert.Contains("1.23E-12", dw2);
        Assert.Contains("9.88E-11", dw2);
        Assert.Contains("33280", lines.Single(l => Row(l, "pw2")));
        var text = string.Join(' ', lines.Select(l => l.Trim()));
        Assert.Contains("dw2: 24 tile(s) not run (time budget used up)", text);
        Assert.Contains("pw2: 1 tile(s) failed: killed after 412.5 s: time budget of 600 s used up", text);
        Assert.Contains("75 of 100 tiles compared, 24 not run (time budget), 1 failed; 600.4 s of the 600 s budget", text);
    }

    /// <summary>A table row of <paramref name="layer"/>: its name is the first word of the line.</summary>
    private static bool Row(string line, string layer) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, ..] && first == layer;
}
