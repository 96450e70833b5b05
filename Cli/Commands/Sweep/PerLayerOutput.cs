using System.Globalization;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Models;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Sweep;

/// <summary><c>memspice sweep --per-layer</c>: runs <see cref="PerLayerSweep"/>, writes its folder and prints which layer breaks first.</summary>
internal sealed class PerLayerOutput(IAnsiConsole console)
{
    public int Run(SweepSettings s, SweepPlan plan, IReadOnlyDictionary<string, Model> models, Dataset calibration, Dataset test)
    {
        int layers = plan.Models.Sum(m => PerLayerSweep.Layers(models[m.Name], plan.BaseSettings.BiasRow).Count);
        console.WriteLine($"sweep --per-layer {s.Parameter.Name} over {s.Values.Count} value(s) x {layers} layer(s) x {plan.Seeds} seed(s), {plan.Images} images each; " +
                          "the other layers stay at the base design point");
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var points = new ImageProgress(console).Run($"sweep --per-layer {s.Parameter.Name}",
                progress => PerLayerSweep.Run(plan, models, calibration, test, s.Threads, progress, cancel.Token));
            cancel.Token.ThrowIfCancellationRequested();
            var rows = PerLayerSweep.Summarize(points);
            var pngs = new List<string>();
            AtomicDirectory.Write(s.OutDir, s.Target, dir =>
            {
                PerLayerSweep.Write(dir, plan, points);
                foreach (var m in plan.Models)
                {
                    var name = $"per-layer-{m.Name}.png";
                    var settings = $$"""{"model": {{System.Text.Json.JsonSerializer.Serialize(m.Name)}}, "mode": "dc", "nonIdealities": {{NonIdealitiesJson.Write(plan.BaseSettings, indented: false)}}}""";
                    var title = ConfigurationCaption.Titled($"{m.Name}: {s.Parameter.Name} on one layer at a time ({plan.Images} {s.Dataset.Spec} test images, " +
                                                            $"{plan.Seeds} seed(s)); base design point:", settings);
                    PerLayerPlot.Save(rows.Where(r => r.Model == m.Name).ToList(), PerLayerSweep.Layers(models[m.Name], plan.BaseSettings.BiasRow), s.Values,
                        s.Parameter.Name, title, Path.Combine(dir, name));
                    pngs.Add(name);
                }
            });
            Print(plan, rows);
            console.WriteLine($"Wrote {s.OutDir}/ ({PerLayerSweep.SummaryCsv}, {PerLayerSweep.PointsCsv}, {string.Join(", ", pngs)})");
            return 0;
        }
        catch (OperationCanceledException)
        {
            console.WriteLine("Interrupted: nothing was written.");
            return CosimRun.Interrupted;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private void Print(SweepPlan plan, IReadOnlyList<PerLayerRow> rows)
    {
        foreach (var model in plan.Models.Select(m => m.Name))
        {
            var mine = rows.Where(r => r.Model == model).ToList();
            var table = new Table { Title = new TableTitle(Terminal.Escape($"{model}: circuit accuracy (%) with {plan.Parameter.Name} ({plan.Parameter.Unit}) on one layer")) };
            table.AddColumn("layer");
            foreach (var v in plan.Values) table.AddColumn(new TableColumn(Terminal.Escape($"{plan.Parameter.Name} {G(v)}")).RightAligned());
            table.AddColumn(new TableColumn("float (%)").RightAligned());
            table.AddColumn(new TableColumn($"breaks at (> {PerLayerSweep.BreakPoints:G2} point below float)").RightAligned());
            foreach (var layer in mine.Select(r => r.Layer).Distinct())
            {
                var cells = new List<string> { Terminal.Escape(layer) };
                var ofLayer = mine.Where(r => r.Layer == layer).ToList();
                foreach (var v in plan.Values)
                    cells.Add(ofLayer.FirstOrDefault(r => r.Value == v) is { } r
                        ? (r.Seeds > 1 ? $"{P(r.Mean)} ({P(r.Min)}-{P(r.Max)})" : P(r.Mean)) : "");
                cells.Add(P(ofLayer[0].FloatAccuracy));
                cells.Add(PerLayerSweep.BreaksAt(ofLayer) is { } b ? Terminal.Escape(G(b)) : "no");
                table.AddRow(cells.ToArray());
            }
            console.Write(table);
            var first = PerLayerSweep.BreaksFirst(rows, model, plan.Values);
            console.WriteLine(first is null
                ? $"{model}: no layer breaks within the swept values."
                : $"{model}: {first} breaks first (largest drop at the smallest breaking value).");
        }
    }

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
    private static string P(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture);
}
