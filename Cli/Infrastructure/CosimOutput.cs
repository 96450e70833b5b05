using System.Globalization;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Mapping;
using Spectre.Console;

namespace MemristorSpice.Cli.Infrastructure;

/// <summary>Writes a co-simulation report folder (CSV, JSON, PNG) atomically and prints its per-layer table.</summary>
internal static class CosimOutput
{
    public const string SnrPng = "snr.png", ScatterPng = "scatter.png", ConfusionPng = "confusion.png";

    public const string NgspiceCsv = "ngspice.csv", SettlingCsv = "settling.csv", SettlingPng = "settling.png";

    /// <summary>Files that only one shard writes (or all shards identically); merge copies them from the shard folder that has them.</summary>
    public static readonly string[] SideFiles = [NgspiceCsv, SettlingCsv, SettlingPng];

    /// <summary>Folder of the run that keeps every deck the ngspice check ran and ngspice's output.</summary>
    public const string NgspiceFolder = "ngspice";

    /// <summary>
    /// ngspice/NAME.cir (the deck as run, its .include pointed at the devices.lib copied beside it), NAME.out
    /// (ngspice's console output, the log) and NAME.raw (its ASCII raw file, when it wrote one) for every run, so that
    /// <c>cd ngspice && ngspice -b -r again.raw NAME.cir</c> repeats it and the numbers compared can be read back.
    /// </summary>
    private static void WriteNgspiceDecks(string folder, IReadOnlyList<NgspiceDeckRun> runs, string deviceLibrary)
    {
        Directory.CreateDirectory(folder);
        File.Copy(deviceLibrary, Path.Combine(folder, "devices.lib"));
        foreach (var run in runs)
        {
            File.WriteAllText(Netlist.Writing.OutputPaths.Inside(folder, run.Name + ".cir"), run.Deck.Replace($".include {deviceLibrary}\n", ".include devices.lib\n"));
            File.WriteAllText(Netlist.Writing.OutputPaths.Inside(folder, run.Name + ".out"), run.Output);
            if (run.Raw.Length > 0) File.WriteAllText(Netlist.Writing.OutputPaths.Inside(folder, run.Name + ".raw"), run.Raw);
        }
    }

    public static void Write(string outDir, OutputTarget target, CosimReport report, string? scatterLayer, IReadOnlyList<NgspiceComparison>? ngspice = null,
        IReadOnlyList<SettlingCurve>? settling = null, TranOptions? tran = null, IReadOnlyList<string>? copyFiles = null, NonIdealities? settings = null,
        IReadOnlyList<NgspiceDeckRun>? ngspiceDecks = null, string? deviceLibrary = null)
    {
        AtomicDirectory.Write(outDir, target, dir =>
        {
            ReportFiles.Write(dir, report);
            if (ngspice is not null) WriteNgspice(Path.Combine(dir, NgspiceCsv), ngspice);
            if (ngspiceDecks is { Count: > 0 } && deviceLibrary is not null) WriteNgspiceDecks(Path.Combine(dir, NgspiceFolder), ngspiceDecks, deviceLibrary);
            if (settling is not null && tran is not null)
            {
                SettlingCsvFile.Write(Path.Combine(dir, SettlingCsv), settling, tran);
                SettlingPlot.Save(settling, tran, report.SettingsJson, Path.Combine(dir, SettlingPng));
            }
            foreach (var file in copyFiles ?? []) File.Copy(file, Netlist.Writing.OutputPaths.Inside(dir, Path.GetFileName(file)));
            var o = report.Outcome;
            var analog = o.Analog;
            SnrBarPlot.Save(o.Layers, ConfigurationCaption.Titled($"Per-layer SNR, {o.Predictions.Count} images", report.SettingsJson), Path.Combine(dir, SnrPng));
            var layer = scatterLayer ?? o.Layers[^1].Layer;
            var sample = o.Scatter.FirstOrDefault(s => s.Layer == layer)
                ?? throw new CliException($"--scatter-layer {layer}: no such analog layer (have {string.Join(", ", o.Layers.Select(l => l.Layer))}).");
            AnalogScatterPlot.Save(sample, ConfigurationCaption.Titled($"{layer}: analog vs ideal, image {sample.Image}", report.SettingsJson), Path.Combine(dir, ScatterPng));
            ConfusionMatrixPlot.Save(analog.Confusion, ConfigurationCaption.Titled($"analog path: {100 * analog.Accuracy:F2} % on {analog.Count} images", report.SettingsJson), Path.Combine(dir, ConfusionPng));
        });
    }

    private static void WriteNgspice(string path, IReadOnlyList<NgspiceComparison> rows)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvHelper.CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var h in new[] { "layer", "crossbar", "tile", "mode", "cells", "patches", "outputs", "max_abs_diff_weight_volts", "max_rel_diff",
                     "native_max_settling_error_weight_volts", "ngspice_seconds", "wire_segments", "problem" }) csv.WriteField(h);
        csv.NextRecord();
        foreach (var r in rows)
        {
            csv.WriteField(r.Layer); csv.WriteField(r.Crossbar); csv.WriteField(r.Tile); csv.WriteField(r.Mode); csv.WriteField(r.Cells);
            csv.WriteField(r.Patches); csv.WriteField(r.Outputs);
            csv.WriteField(R(r.MaxAbsDiff)); csv.WriteField(R(r.MaxRelDiff)); csv.WriteField(R(r.MaxSettlingError));
            csv.WriteField(r.NgspiceSeconds.ToString("F3", CultureInfo.InvariantCulture));
            csv.WriteField(r.WireSegments);
            csv.WriteField(r.Problem ?? "");
            csv.NextRecord();
        }
    }

    /// <summary>The op-amp and wire values that set the settling, for the plot title.</summary>
    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// The check per layer (every tile's row is in ngspice.csv): tiles compared of all, cells, wire segments, patches,
    /// worst differences, ngspice seconds and what was not compared; then what the check covered in how much of its
    /// budget. Short headers and a wrapping note column keep it readable in an 80-column console.
    /// </summary>
    public static void PrintNgspice(IAnsiConsole console, NgspiceCheckReport report)
    {
        var rows = report.Rows;
        bool tranMode = rows.Count > 0 && rows[0].Mode == "tran";
        console.WriteLine(tranMode
            ? "native vs ngspice per layer: .tran of the same tile netlists and pulse trains"
            : "native vs ngspice per layer: .op of the same tile netlists and DAC volts");
        // No vertical rules and two spaces between columns: nine numeric columns fit 80 columns; notes follow the table.
        var table = new Table { Border = TableBorder.None };
        var headers = new List<string> { "layer", "tiles", "cells", "wires", "patch", "max|diff|\nW·V", "max rel\ndiff" };
        if (tranMode) headers.Add("settling\nW·V");
        headers.Add("ngspice\ns");
        for (int k = 0; k < headers.Count; k++)
        {
            var column = new TableColumn(headers[k]).NoWrap().Padding(0, 0, k == headers.Count - 1 ? 0 : 2, 0);
            table.AddColumn(k == 0 ? column.LeftAligned() : column.RightAligned());
        }
        var notes = new List<string>();
        foreach (var g in rows.GroupBy(r => r.Layer))
        {
            var compared = g.Where(r => r.Problem is null).ToList();
            var cells = string.Join("+", g.Select(r => r.Cells == "memristor" ? "mem" : "R").Distinct());
            int notRun = g.Count(r => r.NotRun), failed = g.Count(r => r.Problem is not null && !r.NotRun);
            if (notRun > 0) notes.Add($"{Terminal.Plain(g.Key)}: {notRun} tile(s) not run (time budget used up)");
            if (failed > 0) notes.Add($"{Terminal.Plain(g.Key)}: {failed} tile(s) failed: " + Terminal.Plain(g.First(r => r.Problem is not null && !r.NotRun).Problem));
            var cellsRow = new List<string>
            {
                Terminal.Escape(g.Key), $"{compared.Count}/{g.Count()}", cells, g.Max(r => r.WireSegments).ToString(CultureInfo.InvariantCulture),
                compared.Count == 0 ? "-" : compared.Max(r => r.Patches).ToString(CultureInfo.InvariantCulture),
                compared.Count == 0 ? "-" : G(compared.Max(r => r.MaxAbsDiff)), compared.Count == 0 ? "-" : G(compared.Max(r => r.MaxRelDiff)),
            };
            if (tranMode) cellsRow.Add(compared.Count == 0 ? "-" : G(compared.Max(r => r.MaxSettlingError)));
            cellsRow.Add(g.Sum(r => r.NgspiceSeconds).ToString("F1", CultureInfo.InvariantCulture));
            table.AddRow(cellsRow.ToArray());
        }
        console.Write(table);
        console.WriteLine("tiles: compared/all (every crossbar); cells: mem = memristor subcircuits, R = read-mode resistors; wires: segments per tile.");
        foreach (var note in notes) console.WriteLine(note);
        console.WriteLine($"ngspice check: {report.Compared} of {rows.Count} tiles compared, {report.NotRun} not run (time budget), {report.Failed} failed; " +
                          $"{report.Seconds:F1} s of the {report.BudgetSeconds:G4} s budget (--ngspice-budget). Per tile: {NgspiceCsv}.");
        if (report.NotRun > 0)
            console.WriteLine("Raise --ngspice-budget or lower --ngspice-patches to cover the tiles not run.");
    }

    /// <summary>Tran-mode summary: settling per layer (probe) and the largest settling error of the run's own reads.</summary>
    public static void PrintTran(IAnsiConsole console, DigitalController controller, TranBackend backend, IReadOnlyList<SettlingCurve> settling)
    {
        var readers = backend.Readers.GroupBy(r => r.Tile.Layer).ToDictionary(g => g.Key, g => g.ToList());
        var table = new Table { Title = new TableTitle($"tran: settling per layer (read time source: {backend.Options.ReadTimeSource}; error vs the settled DC read, in ADC LSBs)") };
        foreach (var h in new[] { "layer", "read slot", "time to 0.5 LSB", "probe error at read time (LSB)", "max error of the run's reads (LSB)", "state refactors" })
            table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var curve in settling)
        {
            var plan = controller.Plans.First(p => p.Stage.Name == curve.Layer);
            double runLsb = 0;
            int refactors = 0;
            foreach (var r in readers.GetValueOrDefault(curve.Layer) ?? [])
            {
                var adc = plan.Adcs[r.Tile.Tile];
                double lsb = adc.Bits > 0 ? adc.Lsb : adc.FullScale / 127;
                runLsb = Math.Max(runLsb, r.MaxSettlingError / lsb);
                refactors += r.Model.StateRefactors;
            }
            table.AddRow(Terminal.Escape(curve.Layer), $"{backend.Options.ReadTimeFor(curve.Layer):G3} s", curve.HalfLsbSeconds is { } t ? $"{t:G3} s" : "> probe", G(curve.ErrorAtReadTimeLsb), G(runLsb), refactors.ToString());
        }
        console.Write(table);
    }

    public static void Print(IAnsiConsole console, CosimReport report)
    {
        var table = new Table { Title = new TableTitle("analog layers vs (a) ideal layer fed the same input, (b) ideal network (max = max |error|, SNR in dB)") };
        foreach (var h in new[] { "layer", "kind", "xbars", "tiles", "patches", "max a", "RMS a", "SNR a", "corr a", "max b", "RMS b", "SNR b", "corr b" })
            table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var l in report.Outcome.Layers)
        {
            var a = l.VsSameInput;
            var b = l.VsIdealNetwork;
            table.AddRow(Terminal.Escape(l.Layer), Kind(l.Kind), l.Crossbars.ToString(), l.Tiles.ToString(), l.Patches.ToString(),
                G(a.MaxAbsError), G(a.RmsError), Db(a.SnrDb), C(a.Correlation), G(b.MaxAbsError), G(b.RmsError), Db(b.SnrDb), C(b.Correlation));
        }
        console.Write(table);
        var units = new Table { Title = new TableTitle("errors in the designer's units: (a) in ADC LSBs, ENOB of the analog path, share of conversions clipped") };
        foreach (var h in new[] { "layer", "ADC bits", "LSB", "max (LSB)", "RMS (LSB)", "ENOB", "ADC clipped", "DAC clipped" })
            units.AddColumn(new TableColumn(h).RightAligned());
        foreach (var l in report.Outcome.Layers)
            units.AddRow(Terminal.Escape(l.Layer), l.AdcBits == 0 ? "ideal" : l.AdcBits.ToString(CultureInfo.InvariantCulture), G(l.AdcLsb),
                G(l.MaxErrorLsb), G(l.RmsErrorLsb), Enob(l.Enob), Percent(l.AdcClipFraction), Percent(l.DacClipFraction));
        console.Write(units);
        var analog = report.Outcome.Analog;
        var ideal = report.Outcome.Ideal;
        console.MarkupLine($"Accuracy: analog path [bold]{100 * analog.Accuracy:F2} %[/] ({analog.Correct}/{analog.Count}), " +
                           $"ideal float network {100 * ideal.Accuracy:F2} % ({ideal.Correct}/{ideal.Count}); " +
                           $"{report.Outcome.Predictions.Count(p => p.Analog != p.Ideal)} predictions differ; " +
                           $"{report.Outcome.Seconds:F1} s ({report.Outcome.Predictions.Count / Math.Max(report.Outcome.Seconds, 1e-9):F0} images/s)");
    }

    private static string Kind(AnalogKind k) => k switch
    {
        AnalogKind.StandardConv => "conv",
        AnalogKind.Depthwise => "dw",
        AnalogKind.Pointwise => "pw",
        _ => "fc",
    };

    private static string G(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
    private static string Db(double v) => double.IsPositiveInfinity(v) ? "inf" : v.ToString("F1", CultureInfo.InvariantCulture);
    private static string C(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
    private static string Enob(double v) => double.IsPositiveInfinity(v) ? "inf" : v.ToString("F2", CultureInfo.InvariantCulture);
    private static string Percent(double v) => double.IsNaN(v) ? "-" : (100 * v).ToString("G2", CultureInfo.InvariantCulture) + "%";
}
