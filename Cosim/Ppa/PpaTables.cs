using System.Globalization;
using System.Text;
using CsvHelper;

namespace MemristorSpice.Cosim.Ppa;

/// <summary>A table as header + rows of text cells (the same content goes to the console, Markdown and CSV).</summary>
public sealed record TextTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The table as Markdown.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("| ").Append(string.Join(" | ", Header)).Append(" |\n");
        sb.Append('|').Append(string.Concat(Header.Select(_ => "---|"))).Append('\n');
        foreach (var r in Rows) sb.Append("| ").Append(string.Join(" | ", r)).Append(" |\n");
        return sb.ToString();
    }

    /// <summary>Writes the table as CSV to <paramref name="path"/>.</summary>
    public void WriteCsv(string path)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var h in Header) csv.WriteField(h);
        csv.NextRecord();
        foreach (var r in Rows)
        {
            foreach (var c in r) csv.WriteField(c);
            csv.NextRecord();
        }
    }
}

/// <summary>The paper-style comparison tables of <c>memspice report</c>.</summary>
public static class PpaTables
{
    /// <summary>The models that are compared against the others (the paper's proposal).</summary>
    public static readonly string[] Proposed = ["msccnn", "msccnn-pruned"];

    /// <summary>Headline comparison: hardware counts, area, power, energy, latency and accuracies per model.</summary>
    public static TextTable Models(IReadOnlyList<ModelPpa> models) => new(
        ["model", "weights", "crossbars", "memristors", "op-amps", "DACs", "ADCs", "area (mm²)", "power (mW)", "array power (µW)",
         "energy/image (µJ)", "latency (µs)", "float accuracy (%)", "circuit accuracy (%)", "images", "read time source"],
        models.Select(m => (IReadOnlyList<string>)
        [
            m.Model, I(m.Weights), I(m.Counts.Crossbars), I(m.Counts.Memristors), I(m.Counts.OpAmps), I(m.Counts.Dacs), I(m.Counts.Adcs),
            F(m.AreaUm2 * 1e-6, 4), F(m.PowerWatts * 1e3, 2), F(m.ArrayPowerWatts * 1e6, 2), F(m.EnergyJoules * 1e6, 3),
            F(m.LatencySeconds * 1e6, 1), F(100 * m.FloatAccuracy, 2), F(100 * m.CircuitAccuracy, 2), I(m.Images), m.ReadTimeSource,
        ]).ToList());

    /// <summary>Where the area and energy go, per model (µm² and µJ per component).</summary>
    public static TextTable Breakdown(IReadOnlyList<ModelPpa> models, bool gatedInTechnology) => new(
        ["model", "cell area (mm²)", "op-amp area (mm²)", "converter area (mm²)", "array energy (µJ)", "op-amp static energy (µJ)",
         "converter energy (µJ)", "digital operations/image", "digital energy (µJ)", gatedInTechnology ? "energy/image without power gating (µJ)" : "energy/image if power-gated per layer (µJ)",
         "closed-form settling estimate (µs)"],
        models.Select(m => (IReadOnlyList<string>)
        [
            m.Model, F(m.CellAreaUm2 * 1e-6, 5), F(m.OpAmpAreaUm2 * 1e-6, 4), F(m.ConverterAreaUm2 * 1e-6, 4),
            F(m.ArrayEnergyJoules * 1e6, 4), F(m.OpAmpEnergyJoules * 1e6, 3), F(m.ConverterEnergyJoules * 1e6, 4),
            I(m.DigitalOperations), F(m.DigitalEnergyJoules * 1e6, 4), F(m.EnergyOtherGatingJoules(gatedInTechnology) * 1e6, 3), F(m.SettlingSeconds * 1e6, 2),
        ]).ToList());

    /// <summary>Per-layer hardware, area and energy of every model.</summary>
    public static TextTable Layers(IReadOnlyList<ModelPpa> models) => new(
        ["model", "layer", "kind", "crossbars", "memristors", "op-amps", "DACs", "ADCs", "reads/image", "area (mm²)",
         "mean array power per tile read (µW)", "array energy (nJ)", "op-amp energy (nJ)", "DAC energy (nJ)", "ADC energy (nJ)", "read time (µs)", "latency (µs)"],
        models.SelectMany(m => m.Layers.Select(l => (IReadOnlyList<string>)
        [
            m.Model, l.Layer, l.Kind, I(l.Counts.Crossbars), I(l.Counts.Memristors), I(l.Counts.OpAmps), I(l.Counts.Dacs), I(l.Counts.Adcs),
            I(l.ReadsPerImage), F(l.AreaUm2 * 1e-6, 5), F(l.MeanArrayWattsPerRead * 1e6, 3), F(l.ArrayEnergyJoules * 1e9, 3),
            F(l.OpAmpEnergyJoules * 1e9, 2), F(l.DacEnergyJoules * 1e9, 3), F(l.AdcEnergyJoules * 1e9, 3), F(l.ReadSeconds * 1e6, 3), F(l.LatencySeconds * 1e6, 1),
        ])).ToList());

    /// <summary>Measured settling per layer of every model (the report's read times): time to 0.5 LSB of the worst column.</summary>
    /// <param name="settling">Per model name, the measured settling of each analog layer.</param>
    public static TextTable Settling(IReadOnlyList<(string Model, IReadOnlyList<Backends.LayerSettling> Layers)> settling) => new(
        ["model", "layer", "read time = settling to 0.5 LSB (µs)", "resolution (ns)", "worst tile", "worst output", "patch transitions examined"],
        settling.SelectMany(m => m.Layers.Select(l => (IReadOnlyList<string>)
        [
            m.Model, l.Layer, F(l.Seconds * 1e6, 3), F(l.StepSeconds * 1e9, 2), l.WorstTile, l.WorstOutput < 0 ? "-" : I(l.WorstOutput), I(l.Transitions),
        ])).ToList());

    /// <summary>Savings of each proposed model relative to every other model: 1 − proposed/other, in percent (negative = costs more).</summary>
    public static TextTable Savings(IReadOnlyList<ModelPpa> models)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var p in models.Where(m => Proposed.Contains(m.Model)))
            foreach (var o in models.Where(m => m.Model != p.Model))
                rows.Add(
                [
                    p.Model, o.Model, Saving(p.Counts.Memristors, o.Counts.Memristors), Saving(p.Counts.OpAmps, o.Counts.OpAmps),
                    Saving(p.Counts.Dacs + p.Counts.Adcs, o.Counts.Dacs + o.Counts.Adcs), Saving(p.AreaUm2, o.AreaUm2),
                    Saving(p.PowerWatts, o.PowerWatts), Saving(p.EnergyJoules, o.EnergyJoules),
                    F(100 * (p.CircuitAccuracy - o.CircuitAccuracy), 2),
                ]);
        return new TextTable(["model", "relative to", "memristors saved (%)", "op-amps saved (%)", "converters saved (%)", "area saved (%)",
            "power saved (%)", "energy/image saved (%)", "circuit accuracy difference (points)"], rows);
    }

    private static string Saving(double proposed, double other) => other == 0 ? "n/a" : F(100 * (1 - proposed / other), 1);
    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    private static string F(double v, int digits) => v.ToString("F" + digits, CultureInfo.InvariantCulture);
}
