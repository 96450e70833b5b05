using System.Globalization;
using System.Text;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Cosim.Reports;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Report;

/// <summary>The report folder (CSV, Markdown, PNG, written atomically) and the console tables of <c>memspice report</c>.</summary>
internal static class ReportOutput
{
    public const string ModelsCsv = "models.csv", LayersCsv = "layers.csv", SavingsCsv = "savings.csv", BreakdownCsv = "breakdown.csv";
    public const string ReportMd = "report.md", TechnologyMd = "technology.md";
    public const string AreaPng = "area.png", PowerPng = "power.png", AccuracyPng = "accuracy.png";

    public const string SettlingCsv = "settling.csv";

    public static void Write(string outDir, OutputTarget target, IReadOnlyList<ModelPpa> ppas, Technology tech, NonIdealities settings, string commandLine,
        TextTable settling, double? readTimeSeconds = null)
    {
        AtomicDirectory.Write(outDir, target, dir =>
        {
            settling.WriteCsv(Path.Combine(dir, SettlingCsv));
            var modelsTable = PpaTables.Models(ppas);
            var savings = PpaTables.Savings(ppas);
            var breakdown = PpaTables.Breakdown(ppas, tech.PowerGatedPerLayer);
            var layers = PpaTables.Layers(ppas);
            modelsTable.WriteCsv(Path.Combine(dir, ModelsCsv));
            savings.WriteCsv(Path.Combine(dir, SavingsCsv));
            breakdown.WriteCsv(Path.Combine(dir, BreakdownCsv));
            layers.WriteCsv(Path.Combine(dir, LayersCsv));
            var names = ppas.Select(p => p.Model).ToList();
            int images = ppas.Min(p => p.Images);
            // Every plot names the design point and where the read time of its latency and energy comes from (report.md has the settling per model).
            var design = ConfigurationCaption.Settings(settings, "dc");
            string Titled(string title) => ConfigurationCaption.Titled(title, design, readTimeSeconds is { } t
                ? $"read {(t * 1e6).ToString("G3", CultureInfo.InvariantCulture)} µs per layer (design point)"
                : "read time per layer: measured settling");
            StackedBarPlot.Save(names,
                [("memristor cells", ppas.Select(p => p.CellAreaUm2 * 1e-6).ToArray()), ("op-amps", ppas.Select(p => p.OpAmpAreaUm2 * 1e-6).ToArray()),
                 ("DACs + ADCs", ppas.Select(p => p.ConverterAreaUm2 * 1e-6).ToArray())],
                "area (mm²)", Titled("Memristor-circuit area per model"), Path.Combine(dir, AreaPng));
            StackedBarPlot.Save(names,
                [($"crossbar arrays (simulated; {ppas.Max(p => p.ArrayPowerWatts * 1e3):G2} mW at most)", ppas.Select(p => p.ArrayPowerWatts * 1e3).ToArray()),
                 ("op-amps (static)", ppas.Select(p => p.OpAmpEnergyJoules / p.LatencySeconds * 1e3).ToArray()),
                 ("DACs + ADCs", ppas.Select(p => p.ConverterEnergyJoules / p.LatencySeconds * 1e3).ToArray())],
                "average power per image (mW)", Titled($"Memristor-circuit power per model ({images} images)"), Path.Combine(dir, PowerPng));
            AccuracyBarPlot.Save(names, ppas.Select(p => 100 * p.FloatAccuracy).ToArray(), ppas.Select(p => 100 * p.CircuitAccuracy).ToArray(),
                Titled($"MNIST test accuracy, first {images} images"), Path.Combine(dir, AccuracyPng));
            File.WriteAllText(Path.Combine(dir, TechnologyMd), TechnologyMarkdown(tech));
            File.WriteAllText(Path.Combine(dir, ReportMd), Markdown(ppas, tech, settings, commandLine, modelsTable, savings, breakdown, layers, settling, readTimeSeconds));
        });
    }

    internal static string TechnologyMarkdown(Technology tech)
    {
        var sb = new StringBuilder();
        sb.Append($"Technology: {tech.Name}\n\n| field | value | source |\n|---|---|---|\n");
        foreach (var f in Technology.Fields)
            sb.Append($"| `{f}` | {tech.ValueText(f)} | {(tech.Sources.TryGetValue(f, out var s) ? s : "")} |\n");
        return sb.ToString();
    }

    private static string Markdown(IReadOnlyList<ModelPpa> ppas, Technology tech, NonIdealities s, string commandLine,
        TextTable models, TextTable savings, TextTable breakdown, TextTable layers, TextTable settling, double? readTimeSeconds)
    {
        var sb = new StringBuilder();
        sb.Append("# Memristor-circuit area, power and accuracy\n\n");
        sb.Append($"Regenerate: `{commandLine}`\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Circuits: {s.DevicePreset} cells, Vread {s.VreadVolts} V, Rf {s.FeedbackOhms} Ω, wire {s.WireRowOhms}/{s.WireColumnOhms} Ω per segment, " +
                  $"op-amp A0 {(s.OpAmpGain is { } a ? a.ToString("G3", CultureInfo.InvariantCulture) : "ideal")}, DAC {s.DacBits} bits, ADC {s.AdcBits} bits, " +
                  $"variation σ {s.VariationSigma}, native dc backend.\n\n");
        var wireC = s.WireCapacitanceFarads > 0 ? string.Create(CultureInfo.InvariantCulture, $" and {s.WireCapacitanceFarads:G3} F per wire segment") : "";
        if (readTimeSeconds is { } fixedTime)
            sb.Append(CultureInfo.InvariantCulture, $"Read time source: the design point's read.timeSeconds, {fixedTime:G4} s for every layer; the measured " +
                      $"settling below is for comparison.\n\n");
        else
            sb.Append(CultureInfo.InvariantCulture, $"Read time source: measured settling. Each layer reads in the time its worst column takes to settle within " +
                      $"0.5 LSB over the patch sequences of the first {PpaRun.SettlingImages} calibration images, from the tiles' step responses with op-amp " +
                      $"GBW {s.OpAmpGbwHz ?? tech.OpAmpGbwHz:G3} Hz{wireC}, rounded up to {Cosim.Backends.SettlingReadTime.GridSeconds:G3} s " +
                      $"(docs/cosim.md, \"Choosing the clock\"); the technology's read.timeSeconds is not used.\n\n");
        sb.Append(models.ToMarkdown()).Append('\n');
        sb.Append("Savings of MSCCNN and pruned MSCCNN (1 − proposed/other):\n\n").Append(savings.ToMarkdown()).Append('\n');
        sb.Append("Where area and energy per image go:\n\n").Append(breakdown.ToMarkdown()).Append('\n');
        sb.Append("Per layer:\n\n").Append(layers.ToMarkdown()).Append('\n');
        sb.Append("Measured settling (the read time of each layer):\n\n").Append(settling.ToMarkdown()).Append('\n');
        sb.Append(TechnologyMarkdown(tech)).Append('\n');
        sb.Append($"![area]({AreaPng}) ![power]({PowerPng}) ![accuracy]({AccuracyPng})\n");
        return sb.ToString();
    }

    private static TextTable Columns(TextTable t, int start, int count, bool keepFirst = false)
    {
        var idx = (keepFirst ? new[] { 0 } : []).Concat(Enumerable.Range(start, Math.Min(count, t.Header.Count - start))).ToList();
        return new TextTable(idx.Select(i => t.Header[i]).ToList(), t.Rows.Select(r => (IReadOnlyList<string>)idx.Select(i => r[i]).ToList()).ToList());
    }

    public static void Print(IAnsiConsole console, IReadOnlyList<ModelPpa> ppas, Technology tech, TextTable settling)
    {
        foreach (var (title, table) in new[]
                 {
                     ("memristor circuits per model: hardware (counted in the generated netlists)", Columns(PpaTables.Models(ppas), 0, 7)),
                     ("memristor circuits per model: area, power (= energy per image / latency), accuracy", Columns(PpaTables.Models(ppas), 7, 9, keepFirst: true)),
                     ("read time per layer: measured settling to 0.5 LSB of the worst column", settling),
                     ("savings of MSCCNN and pruned MSCCNN (1 - proposed/other)", PpaTables.Savings(ppas)),
                     ("area and energy per image by component", PpaTables.Breakdown(ppas, tech.PowerGatedPerLayer)),
                 })
        {
            var t = new Table { Title = new TableTitle(Terminal.Escape(title)) };
            foreach (var h in table.Header) t.AddColumn(new TableColumn(Terminal.Escape(h)).RightAligned());
            foreach (var r in table.Rows) t.AddRow(r.Select(Markup.Escape).ToArray());
            console.Write(t);
        }
    }
}
