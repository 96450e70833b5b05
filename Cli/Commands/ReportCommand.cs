using System.CommandLine;
using System.Globalization;
using System.Text;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Cosim.Reports;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary>
/// <c>memspice report</c>: the paper-style comparison. Co-simulates each model on the native circuit backend with the
/// array power meter, counts its hardware in the generated netlists and prints/writes weights, crossbars, memristors,
/// op-amps, converters, area, power, energy per image, latency, float and circuit accuracy, and the savings of MSCCNN.
/// </summary>
internal static class ReportCommand
{
    public const string ModelsCsv = "models.csv", LayersCsv = "layers.csv", SavingsCsv = "savings.csv", BreakdownCsv = "breakdown.csv";
    public const string ReportMd = "report.md", TechnologyMd = "technology.md";
    public const string AreaPng = "area.png", PowerPng = "power.png", AccuracyPng = "accuracy.png";

    public static Command Create()
    {
        var models = new Option<string>("--models")
        {
            Description = "Comma-separated models; each NAME is read from WEIGHTS-DIR/NAME.msw.", DefaultValueFactory = _ => "lenet,fcn,msccnn,msccnn-pruned",
        };
        var weightsDir = new Option<string?>("--weights-dir") { Description = "Folder of the .msw files (default: weights/ of this checkout)." };
        var images = new Option<int>("--images") { Description = "MNIST test images co-simulated per model.", DefaultValueFactory = _ => 500 }.InRange();
        var tech = new Option<string?>("--tech") { Description = "Technology JSON overriding fields of netlists/tech/default-tech.json." };
        var nonIdeal = new Option<string?>("--nonideal")
        {
            Description = "Circuit non-idealities JSON (docs/cosim.md); default: 1 ohm wire segments, op-amp A0 1e5, 8-bit DAC/ADC. vreadVolts comes from the technology (read.volts).",
        };
        var threads = new Option<int>("--threads") { Description = "Images processed in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount }.InRange();
        var dataset = DataSetOption.Create();
        var output = new Option<string>("--out") { Description = "Report folder (written atomically).", Required = true };
        var force = OutputOptions.Force();
        var command = new Command("report", "Area, power, energy, latency and accuracy of CNN models on memristor circuits, side by side (paper-style table, CSV, Markdown, PNG).")
        {
            models, weightsDir, images, tech, nonIdeal, threads, dataset, output, force,
        };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var technology = LoadTechnology(parse.GetValue(tech));
            var settings = BaseSettings(parse.GetValue(nonIdeal), technology);
            var list = ModelList.Parse(parse.GetValue(models)!, parse.GetValue(weightsDir), "--models");
            var target = OutputOptions.Target("report", parse.GetValue(force),
                [.. list.Select(m => m.Path), parse.GetValue(nonIdeal), parse.GetValue(tech), DataSetOption.Folder(parse.GetValue(dataset)!)]);
            target.CheckFolder(parse.GetValue(output)!);
            var test = DataSetOption.LoadTest(parse.GetValue(dataset)!);
            var calibration = DataSetOption.LoadTrain(parse.GetValue(dataset)!);
            int count = Math.Min(parse.GetValue(images), test.Count);
            int nThreads = parse.GetValue(threads);
            var results = new List<PpaRun.Result>();
            foreach (var (name, path) in list)
            {
                var model = WeightsLoader.Load(path, "--models");
                var result = new ImageProgress(console).Run($"report {name}", progress =>
                {
                    try
                    {
                        return PpaRun.Run(name, model, RunSettings.FileSha256(path), settings, technology, calibration, test, count, nThreads, progress);
                    }
                    catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
                });
                var p = result.Ppa;
                console.WriteLine($"{name}: circuit {100 * p.CircuitAccuracy:F2} %, float {100 * p.FloatAccuracy:F2} % on {p.Images} images; " +
                                  $"setup {result.SetupSeconds:F1} s, co-simulation {result.Cosim.Outcome.Seconds:F1} s");
                if (p.SettlingSeconds > technology.ReadSeconds)
                    console.WriteLine($"  note: read.timeSeconds {technology.ReadSeconds * 1e6:G3} µs is shorter than the single-pole 8-bit settling estimate " +
                                      $"{p.SettlingSeconds * 1e6:G3} µs of {name}'s slowest column (GBW {technology.OpAmpGbwHz:G3} Hz).");
                results.Add(result);
            }
            var ppas = results.Select(r => r.Ppa).ToList();
            var outDir = parse.GetValue(output)!;
            var commandLine = "memspice report --models " + string.Join(',', list.Select(m => m.Name)) + $" --images {count}" +
                (parse.GetValue(tech) is { } t ? $" --tech {t}" : "") + (parse.GetValue(nonIdeal) is { } n ? $" --nonideal {n}" : "") + $" --out {outDir}";
            Write(outDir, target, ppas, technology, settings, commandLine);
            Print(console, ppas, technology);
            console.WriteLine($"Wrote {outDir}/ ({ModelsCsv}, {SavingsCsv}, {BreakdownCsv}, {LayersCsv}, {ReportMd}, {TechnologyMd}, {AreaPng}, {PowerPng}, {AccuracyPng})");
            return 0;
        });
        return command;
    }

    /// <summary>The default technology, or it with the fields of <paramref name="path"/>; errors name --tech and the field.</summary>
    internal static Technology LoadTechnology(string? path)
    {
        if (path is not null && !File.Exists(path)) throw new CliException($"--tech: file not found: {path}", CliApp.UsageError);
        try { return path is null ? TechnologyFile.Default() : TechnologyFile.Load(path); }
        catch (TechnologyException ex) { throw new CliException($"--tech {ex.Message}"); }
    }

    /// <summary>Circuit settings of report and sweep: the --nonideal file or the demo's set, read voltage from the technology.</summary>
    internal static NonIdealities BaseSettings(string? nonIdealPath, Technology tech)
    {
        if (nonIdealPath is not null && !File.Exists(nonIdealPath)) throw new CliException($"--nonideal: file not found: {nonIdealPath}", CliApp.UsageError);
        var settings = nonIdealPath is null
            ? new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5, DacBits = 8, AdcBits = 8 }
            : CosimCommand.LoadSettings(nonIdealPath, null, null, null, null);
        if (settings.OpAmpSwingVolts is not null)
            throw new CliException("--nonideal: field 'opAmp.swingVolts' makes the read nonlinear; report and sweep use the dc fast path (leave it null).");
        return settings with { VreadVolts = tech.ReadVolts };
    }

    private static void Write(string outDir, OutputTarget target, IReadOnlyList<ModelPpa> ppas, Technology tech, NonIdealities settings, string commandLine)
    {
        AtomicDirectory.Write(outDir, target, dir =>
        {
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
            StackedBarPlot.Save(names,
                [("memristor cells", ppas.Select(p => p.CellAreaUm2 * 1e-6).ToArray()), ("op-amps", ppas.Select(p => p.OpAmpAreaUm2 * 1e-6).ToArray()),
                 ("DACs + ADCs", ppas.Select(p => p.ConverterAreaUm2 * 1e-6).ToArray())],
                "area (mm²)", "Memristor-circuit area per model", Path.Combine(dir, AreaPng));
            StackedBarPlot.Save(names,
                [($"crossbar arrays (simulated; {ppas.Max(p => p.ArrayPowerWatts * 1e3):G2} mW at most)", ppas.Select(p => p.ArrayPowerWatts * 1e3).ToArray()),
                 ("op-amps (static)", ppas.Select(p => p.OpAmpEnergyJoules / p.LatencySeconds * 1e3).ToArray()),
                 ("DACs + ADCs", ppas.Select(p => p.ConverterEnergyJoules / p.LatencySeconds * 1e3).ToArray())],
                "average power while processing an image (mW)", $"Memristor-circuit power per model ({images} images)", Path.Combine(dir, PowerPng));
            AccuracyBarPlot.Save(names, ppas.Select(p => 100 * p.FloatAccuracy).ToArray(), ppas.Select(p => 100 * p.CircuitAccuracy).ToArray(),
                $"MNIST test accuracy, first {images} images", Path.Combine(dir, AccuracyPng));
            File.WriteAllText(Path.Combine(dir, TechnologyMd), TechnologyMarkdown(tech));
            File.WriteAllText(Path.Combine(dir, ReportMd), Markdown(ppas, tech, settings, commandLine, modelsTable, savings, breakdown, layers));
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
        TextTable models, TextTable savings, TextTable breakdown, TextTable layers)
    {
        var sb = new StringBuilder();
        sb.Append("# Memristor-circuit area, power and accuracy\n\n");
        sb.Append($"Regenerate: `{commandLine}`\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Circuits: {s.DevicePreset} cells, Vread {s.VreadVolts} V, Rf {s.FeedbackOhms} Ω, wire {s.WireRowOhms}/{s.WireColumnOhms} Ω per segment, " +
                  $"op-amp A0 {(s.OpAmpGain is { } a ? a.ToString("G3", CultureInfo.InvariantCulture) : "ideal")}, DAC {s.DacBits} bits, ADC {s.AdcBits} bits, " +
                  $"variation σ {s.VariationSigma}, native dc backend. Read time {tech.ReadSeconds * 1e6:G3} µs per patch.\n\n");
        sb.Append(models.ToMarkdown()).Append('\n');
        sb.Append("Savings of MSCCNN and pruned MSCCNN (1 − proposed/other):\n\n").Append(savings.ToMarkdown()).Append('\n');
        sb.Append("Where area and energy per image go:\n\n").Append(breakdown.ToMarkdown()).Append('\n');
        sb.Append("Per layer:\n\n").Append(layers.ToMarkdown()).Append('\n');
        sb.Append(TechnologyMarkdown(tech)).Append('\n');
        sb.Append($"![area]({AreaPng}) ![power]({PowerPng}) ![accuracy]({AccuracyPng})\n");
        return sb.ToString();
    }

    private static TextTable Columns(TextTable t, int start, int count, bool keepFirst = false)
    {
        var idx = (keepFirst ? new[] { 0 } : []).Concat(Enumerable.Range(start, Math.Min(count, t.Header.Count - start))).ToList();
        return new TextTable(idx.Select(i => t.Header[i]).ToList(), t.Rows.Select(r => (IReadOnlyList<string>)idx.Select(i => r[i]).ToList()).ToList());
    }

    private static void Print(IAnsiConsole console, IReadOnlyList<ModelPpa> ppas, Technology tech)
    {
        foreach (var (title, table) in new[]
                 {
                     ("memristor circuits per model: hardware (counted in the generated netlists)", Columns(PpaTables.Models(ppas), 0, 7)),
                     ("memristor circuits per model: area, power (= energy per image / latency), accuracy", Columns(PpaTables.Models(ppas), 7, 8, keepFirst: true)),
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

/// <summary>A comma-separated list of model names, each resolved to WEIGHTS-DIR/NAME.msw.</summary>
internal static class ModelList
{
    public static IReadOnlyList<(string Name, string Path)> Parse(string text, string? weightsDir, string option)
    {
        var dir = weightsDir ?? Path.Combine(RepoPaths.Root ?? Environment.CurrentDirectory, "weights");
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new CliException($"{option}: give at least one model name (e.g. msccnn).", CliApp.UsageError);
        var dup = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new CliException($"{option}: model '{dup.Key}' is listed twice.", CliApp.UsageError);
        return names.Select(n =>
        {
            if (n.IndexOfAny([.. Path.GetInvalidFileNameChars(), ' ']) >= 0)
                throw new CliException($"{option}: '{n}' is not a model name.", CliApp.UsageError);
            var path = Path.Combine(dir, n + ".msw");
            if (!File.Exists(path)) throw new CliException($"{option}: no weights file for '{n}' ({path} not found).", CliApp.UsageError);
            return (n, path);
        }).ToList();
    }
}
