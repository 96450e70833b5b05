using System.Globalization;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Cosim.Reports;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Sweep;

/// <summary>A sweep's folder (points, summary, plots) and console table; shared by <c>sweep</c> and <c>merge</c>.</summary>
internal static class SweepOutput
{
    public const string SweepPng = "sweep.png", CostPng = "sweep-cost.png";

    /// <summary>Writes a sweep folder (a whole sweep also gets summary.csv and the plots).</summary>
    public static void Write(string outDir, OutputTarget target, SweepPlan plan, Shard shard, int mergedShards, IReadOnlyList<SweepPointResult> results)
    {
        AtomicDirectory.Write(outDir, target, dir =>
        {
            SweepFiles.Write(dir, plan, shard, mergedShards, results);
            if (shard.Count == 1)
            {
                var rows = SweepSummaryRow.Of(plan, results);
                SweepPlot.Save(plan.Parameter, rows, Title(plan, "Circuit accuracy"), Path.Combine(dir, SweepPng), plan.Mode == "tran");
                SweepCostPlot.Save(plan.Parameter, rows, Title(plan, "Latency and energy per image"), Path.Combine(dir, CostPng));
            }
        });
    }

    /// <summary>Plot title: what is plotted against which parameter, the images, mode and the base design point.</summary>
    internal static string Title(SweepPlan plan, string what)
    {
        var b = plan.BaseSettings;
        var settings = $$"""{"mode": "{{plan.Mode}}", "nonIdealities": {{NonIdealitiesJson.Write(b, indented: false)}}}""";
        var extra = new List<string>();
        if (plan.Parameter.Name != "read-time") extra.Add(plan.Tran.FromSettling ? "read time per layer: measured settling" : $"read time {G(plan.Tran.ReadTimeSeconds * 1e6)} µs");
        if (b.WireCapacitanceFarads > 0 && plan.Parameter.Name != "wire-farads") extra.Add($"{G(b.WireCapacitanceFarads * 1e15)} fF per segment");
        // The extras (read time, wire capacitance) end the caption's last line, keeping the first line short.
        return ConfigurationCaption.Titled($"{what} vs {plan.Parameter.Name}, {plan.Images} {plan.Dataset} test images", settings) +
               (extra.Count > 0 ? ", " + string.Join(", ", extra) : "");
    }

    /// <summary>The mode line printed before a sweep runs (and why tran mode).</summary>
    public static string ModeLine(SweepPlan plan)
    {
        if (plan.Mode == "dc")
            return "mode dc (settled reads); latency and energy per image at " + (plan.Tran.FromSettling
                ? "each layer's read time from its measured settling (read time source: measured settling)"
                : $"read time {G(plan.Tran.ReadTimeSeconds * 1e6)} µs");
        var b = plan.BaseSettings;
        bool dynamic = b.OpAmpGbwHz is not null || b.WireCapacitanceFarads > 0 || plan.Parameter.Name is "gbw" or "wire-farads";
        return $"mode tran: {plan.Parameter.Name} acts only in a transient read, so every point is read in tran mode (superposition of step responses, " +
               $"{plan.Tran.StepsPerSlot} steps per slot" + (plan.Tran.FromSettling && plan.Parameter.Name != "read-time"
                   ? "; read time source: measured settling, per layer of each point's circuit" : "") +
               ") and also once in dc mode (dc accuracy, hardware and array power)" +
               (dynamic ? "" : "; note: the base design point has no opAmp.gbwHz and no wire.capacitanceFarads, so nothing in the read is dynamic and tran reads equal dc reads");
    }

    /// <summary>Per point for a shard; per model and value (mean and spread over seeds) for a whole sweep.</summary>
    public static void Print(IAnsiConsole console, SweepPlan plan, Shard shard, IReadOnlyList<SweepPointResult> results)
    {
        var table = new Table { Title = new TableTitle(Terminal.Escape($"circuit accuracy ({plan.Mode}) vs {plan.Parameter.Name} ({plan.Parameter.Unit})")) };
        bool tran = plan.Mode == "tran";
        if (shard.Count > 1)
        {
            foreach (var h in new[] { "model", "value", "seed", "accuracy (%)" }.Concat(tran ? ["dc (%)"] : []).Concat(["float (%)", "latency (µs)", "energy/image (µJ)"]))
                table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var r in results)
                table.AddRow([Terminal.Escape(r.Point.Model), G(r.Point.Value), r.Point.Seed.ToString(CultureInfo.InvariantCulture), P(r.Accuracy),
                    .. tran ? [P(r.DcAccuracy)] : Array.Empty<string>(), P(r.FloatAccuracy), F(r.LatencySeconds * 1e6, 1), F(r.EnergyJoules * 1e6, 3)]);
        }
        else
        {
            foreach (var h in new[] { "model", "value", "seeds", "mean (%)", "std (points)", "min (%)", "max (%)", "noise band (points)" }
                         .Concat(tran ? ["dc (%)"] : []).Concat(["float (%)", "latency (µs)", "energy/image (µJ)"]))
                table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var r in SweepSummaryRow.Of(plan, results))
                table.AddRow([Terminal.Escape(r.Model), G(r.Value), r.Seeds.ToString(CultureInfo.InvariantCulture), P(r.Mean), P(r.Std), P(r.Min), P(r.Max), P(r.NoiseBand),
                    .. tran ? [P(r.DcMean)] : Array.Empty<string>(), P(r.FloatAccuracy), F(r.LatencySeconds * 1e6, 1), F(r.EnergyJoules * 1e6, 3)]);
        }
        console.Write(table);
    }

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
    private static string P(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture);
    private static string F(double v, int digits) => v.ToString("F" + digits, CultureInfo.InvariantCulture);
}
