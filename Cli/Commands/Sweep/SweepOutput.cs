using System.Globalization;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Cosim.Reports;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Sweep;

/// <summary>A sweep's folder (points, summary, plot) and console table; shared by <c>sweep</c> and <c>merge</c>.</summary>
internal static class SweepOutput
{
    public const string SweepPng = "sweep.png";

    /// <summary>Writes a sweep folder (a whole sweep also gets summary.csv and the plot).</summary>
    public static void Write(string outDir, OutputTarget target, SweepPlan plan, Shard shard, int mergedShards, IReadOnlyList<SweepPointResult> results)
    {
        AtomicDirectory.Write(outDir, target, dir =>
        {
            SweepFiles.Write(dir, plan, shard, mergedShards, results);
            if (shard.Count == 1)
                SweepPlot.Save(plan.Parameter, SweepSummaryRow.Of(plan, results),
                    ConfigurationCaption.Titled($"Circuit accuracy vs {plan.Parameter.Name}, {plan.Images} MNIST test images; base design point:",
                        ConfigurationCaption.Settings(plan.BaseSettings, "dc")), Path.Combine(dir, SweepPng));
        });
    }

    /// <summary>Per point for a shard; per model and value (mean and spread over seeds) for a whole sweep.</summary>
    public static void Print(IAnsiConsole console, SweepPlan plan, Shard shard, IReadOnlyList<SweepPointResult> results)
    {
        var table = new Table { Title = new TableTitle(Terminal.Escape($"circuit accuracy vs {plan.Parameter.Name} ({plan.Parameter.Unit})")) };
        if (shard.Count > 1)
        {
            foreach (var h in new[] { "model", "value", "seed", "accuracy (%)", "float (%)" }) table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var r in results)
                table.AddRow(Terminal.Escape(r.Point.Model), G(r.Point.Value), r.Point.Seed.ToString(CultureInfo.InvariantCulture), P(r.Accuracy), P(r.FloatAccuracy));
        }
        else
        {
            foreach (var h in new[] { "model", "value", "seeds", "mean (%)", "std (points)", "min (%)", "max (%)", "noise band (points)", "float (%)" })
                table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var r in SweepSummaryRow.Of(plan, results))
                table.AddRow(Terminal.Escape(r.Model), G(r.Value), r.Seeds.ToString(CultureInfo.InvariantCulture), P(r.Mean), P(r.Std), P(r.Min), P(r.Max), P(r.NoiseBand), P(r.FloatAccuracy));
        }
        console.Write(table);
    }

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
    private static string P(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture);
}
