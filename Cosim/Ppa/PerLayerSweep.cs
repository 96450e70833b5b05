using System.Globalization;
using CsvHelper;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Ppa;

/// <summary>One co-simulation of a per-layer sweep: the swept non-ideality applied to <paramref name="Layer"/> only.</summary>
public readonly record struct PerLayerPoint(string Model, string Layer, double Value, int Seed, int Images, int Correct, int FloatCorrect)
{
    /// <summary>Circuit accuracy, fraction of images.</summary>
    public double Accuracy => (double)Correct / Images;
    /// <summary>Float network accuracy, fraction of images.</summary>
    public double FloatAccuracy => (double)FloatCorrect / Images;
}

/// <summary>Mean, min and max circuit accuracy over seeds of one model, layer and value.</summary>
public sealed record PerLayerRow(string Model, string Layer, double Value, int Seeds, double Mean, double Min, double Max, double FloatAccuracy)
{
    /// <summary>Float accuracy minus mean circuit accuracy, percentage points.</summary>
    public double DropPoints => 100 * (FloatAccuracy - Mean);
}

/// <summary>
/// Per-layer sensitivity (<c>memspice sweep --per-layer</c>): for every analog layer of every model, the sweep's
/// parameter at each value is applied to that layer's tiles only, while every other layer keeps the base design point
/// (<see cref="SweepPlan.BaseSettings"/>, with the same seeds). Only parameters that act inside the tile circuits can
/// be scoped to a layer (wire resistance, variation, levels, stuck-at faults, op-amp gain); converter bits are shared
/// by the controller and are refused. A layer "breaks" at the first value (in the order given) whose mean circuit
/// accuracy is more than <see cref="BreakPoints"/> below the float accuracy on the same images.
/// </summary>
public static class PerLayerSweep
{
    /// <summary>Accuracy drop (percentage points below float) that counts as broken.</summary>
    public const double BreakPoints = 1.0;

    /// <summary>File names inside a per-layer sweep folder.</summary>
    public const string PointsCsv = "per-layer-points.csv", SummaryCsv = "per-layer.csv";

    /// <summary>Parameters that can be applied to one layer (per-layer sweeps run in dc mode: not the tran-only ones).</summary>
    public static bool Scopable(SweepParameter p) => p.Name is not ("adc-bits" or "dac-bits") && !p.TranOnly;

    /// <summary>Why a parameter cannot be applied to one layer.</summary>
    public static string NotScopable(SweepParameter p) => p.TranOnly
        ? $"{p.Name} acts only in tran mode and per-layer sweeps run in dc mode; choose wire-ohms, sigma, levels, stuck-at or a0."
        : $"{p.Name} is set per converter of the controller, not per layer's tiles; choose wire-ohms, sigma, levels, stuck-at or a0.";

    /// <summary>Analog layers of <paramref name="model"/> in network order.</summary>
    public static IReadOnlyList<string> Layers(Model model, BiasPlacement placement) =>
        CrossbarNetwork.FromModel(model, placement).AnalogStages.Select(s => s.Name).ToList();

    /// <summary>Runs every model × layer × value × seed, in that order.</summary>
    public static IReadOnlyList<PerLayerPoint> Run(SweepPlan plan, IReadOnlyDictionary<string, Model> models, Dataset calibration, Dataset test,
        int threads, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        if (!Scopable(plan.Parameter))
            throw new ArgumentException(NotScopable(plan.Parameter));
        var work = plan.Models.SelectMany(m => Layers(models[m.Name], plan.BaseSettings.BiasRow).SelectMany(l =>
            plan.Values.SelectMany(v => Enumerable.Range(plan.SeedBase, plan.Seeds).Select(seed => (m, l, v, seed))))).ToList();
        var results = new List<PerLayerPoint>();
        int total = work.Count * plan.Images;
        for (int i = 0; i < work.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var (m, layer, value, seed) = work[i];
            var baseline = plan.BaseSettings with { VariationSeed = seed, FaultSeed = seed };
            var perturbed = plan.Parameter.Apply(plan.BaseSettings, plan.Tran, value, seed).Settings;
            var backend = new CircuitDcBackend(baseline) { LayerSettings = l => l == layer ? perturbed : baseline };
            var session = new CosimSession(models[m.Name], m.WeightsSha256, baseline, backend, "dc", calibration, test, plan.Images);
            int offset = i * plan.Images;
            var report = session.Run(Shard.Whole, threads, (done, _) => progress?.Invoke(offset + done, total), cancel);
            results.Add(new PerLayerPoint(m.Name, layer, value, seed, report.Outcome.Predictions.Count, report.Outcome.Analog.Correct, report.Outcome.Ideal.Correct));
        }
        return results;
    }

    /// <summary>Mean, min and max over seeds per model, layer and value (layers and values in run order).</summary>
    public static IReadOnlyList<PerLayerRow> Summarize(IReadOnlyList<PerLayerPoint> points) =>
        points.GroupBy(p => (p.Model, p.Layer, p.Value)).Select(g => new PerLayerRow(g.Key.Model, g.Key.Layer, g.Key.Value, g.Count(),
            g.Average(p => p.Accuracy), g.Min(p => p.Accuracy), g.Max(p => p.Accuracy), g.Sum(p => (double)p.FloatCorrect) / g.Sum(p => p.Images))).ToList();

    /// <summary>True when the row's mean accuracy is more than <see cref="BreakPoints"/> below float (a drop of exactly
    /// 1 point, e.g. 2 of 200 images, is not broken; 1e-9 absorbs the rounding of the percentage).</summary>
    public static bool Broken(PerLayerRow row) => row.DropPoints > BreakPoints + 1e-9;

    /// <summary>The first value (in run order) at which the layer's mean accuracy is more than <see cref="BreakPoints"/> below float, or null.</summary>
    public static double? BreaksAt(IEnumerable<PerLayerRow> rowsOfOneLayer) =>
        rowsOfOneLayer.FirstOrDefault(Broken)?.Value;

    /// <summary>
    /// The layer of <paramref name="model"/> that breaks first: at the smallest breaking value index, the one with the
    /// largest drop there; null when no layer breaks.
    /// </summary>
    public static string? BreaksFirst(IReadOnlyList<PerLayerRow> rows, string model, IReadOnlyList<double> values)
    {
        var mine = rows.Where(r => r.Model == model).ToList();
        for (int v = 0; v < values.Count; v++)
        {
            var broken = mine.Where(r => r.Value == values[v] && Broken(r)).ToList();
            if (broken.Count > 0) return broken.MaxBy(r => r.DropPoints)!.Layer;
        }
        return null;
    }

    /// <summary>Writes per-layer-points.csv (one row per co-simulation) and per-layer.csv (summary) into <paramref name="dir"/>.</summary>
    public static void Write(string dir, SweepPlan plan, IReadOnlyList<PerLayerPoint> points)
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        using (var writer = new StreamWriter(Path.Combine(dir, PointsCsv)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var h in new[] { "model", "layer", "param", "value", "seed", "images", "correct", "float_correct", "accuracy", "float_accuracy" }) csv.WriteField(h);
            csv.NextRecord();
            foreach (var p in points)
            {
                csv.WriteField(p.Model); csv.WriteField(p.Layer); csv.WriteField(plan.Parameter.Name); csv.WriteField(N(p.Value)); csv.WriteField(p.Seed);
                csv.WriteField(p.Images); csv.WriteField(p.Correct); csv.WriteField(p.FloatCorrect); csv.WriteField(N(p.Accuracy)); csv.WriteField(N(p.FloatAccuracy));
                csv.NextRecord();
            }
        }
        var rows = Summarize(points);
        using (var writer = new StreamWriter(Path.Combine(dir, SummaryCsv)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var h in new[] { "model", "layer", "param", "value", "seeds", "mean_accuracy", "min_accuracy", "max_accuracy", "float_accuracy", "drop_points", "broken" }) csv.WriteField(h);
            csv.NextRecord();
            foreach (var r in rows)
            {
                csv.WriteField(r.Model); csv.WriteField(r.Layer); csv.WriteField(plan.Parameter.Name); csv.WriteField(N(r.Value)); csv.WriteField(r.Seeds);
                csv.WriteField(N(r.Mean)); csv.WriteField(N(r.Min)); csv.WriteField(N(r.Max)); csv.WriteField(N(r.FloatAccuracy)); csv.WriteField(N(r.DropPoints));
                csv.WriteField(Broken(r) ? "yes" : "no");
                csv.NextRecord();
            }
        }
    }
}
