using System.Globalization;
using CsvHelper;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Cosim.Stability;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Stability;

/// <summary>The stability folder (stability.csv, bode.png) and the console table.</summary>
internal static class StabilityOutput
{
    public const string Csv = "stability.csv";
    public const string Png = "bode.png";

    /// <summary>One line naming the design point: model, op-amp, wires, Rf.</summary>
    public static string Configuration(string model, NonIdealities n)
    {
        string wires = n.WireRowOhms == 0 && n.WireColumnOhms == 0 ? "ideal wires"
            : $"wires {G(n.WireRowOhms)}/{G(n.WireColumnOhms)} Ω" + (n.WireCapacitanceFarads > 0 ? $" + {G(n.WireCapacitanceFarads * 1e15)} fF" : "") + " per segment";
        return $"{model}, A0 {G(n.OpAmpGain ?? Cosim.Backends.CrossbarOptionsFactory.DefaultOpenLoopGain)}, GBW {G(n.OpAmpGbwHz!.Value / 1e6)} MHz, {wires}, Rf {G(n.FeedbackOhms / 1e3)} kΩ";
    }

    public static void Write(string outDir, OutputTarget target, IReadOnlyList<LayerStability> layers, string configuration)
    {
        AtomicDirectory.Write(outDir, target, dir =>
        {
            using (var writer = new StreamWriter(Path.Combine(dir, Csv)))
            using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
            {
                foreach (var h in new[]
                         {
                             "layer", "worst_tile", "worst_column", "columns_screened", "conductance_sum_siemens", "column_capacitance_farads",
                             "crossover_hz", "phase_margin_deg", "peaking_db", "lumped_phase_margin_deg", "target_phase_margin_deg",
                             "recommended_cf_farads", "crossover_with_cf_hz", "phase_margin_with_cf_deg", "peaking_with_cf_db",
                         })
                    csv.WriteField(h);
                csv.NextRecord();
                foreach (var l in layers)
                {
                    var w = l.Worst;
                    csv.WriteField(l.Layer);
                    csv.WriteField(w.TileId);
                    csv.WriteField(w.Column);
                    csv.WriteField(l.ColumnsScreened);
                    csv.WriteField(R(w.ConductanceSiemens));
                    csv.WriteField(R(w.CapacitanceFarads));
                    csv.WriteField(R(l.AsBuilt.Margin?.CrossoverHz));
                    csv.WriteField(R(l.AsBuilt.Margin?.PhaseMarginDegrees));
                    csv.WriteField(R(l.AsBuilt.PeakingDb));
                    csv.WriteField(R(w.Lumped?.PhaseMarginDegrees));
                    csv.WriteField(R(l.TargetPhaseMarginDegrees));
                    csv.WriteField(R(l.RecommendedFeedbackFarads));
                    csv.WriteField(R(l.WithFeedbackCapacitor?.Margin?.CrossoverHz));
                    csv.WriteField(R(l.WithFeedbackCapacitor?.Margin?.PhaseMarginDegrees));
                    csv.WriteField(R(l.WithFeedbackCapacitor?.PeakingDb));
                    csv.NextRecord();
                }
            }
            LoopGainPlot.Write(layers, $"TIA loop gain T = A·β of the worst column per layer (solid: as built; dashed: with the recommended Cf)\n{configuration}",
                Path.Combine(dir, Png));
        });
    }

    public static void Print(IAnsiConsole console, IReadOnlyList<LayerStability> layers, string configuration)
    {
        var table = new Table { Title = new TableTitle(Terminal.Escape($"readout stability: {configuration}")) };
        foreach (var h in new[] { "layer", "worst column", "ΣG (S)", "C (F)", "crossover (Hz)", "PM (°)", "peaking (dB)", "Cf for target (F)", "PM with Cf (°)" })
            table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var l in layers)
        {
            var w = l.Worst;
            string cf = l.RecommendedFeedbackFarads switch
            {
                null => $"none ≤ 1 nF reaches {G(l.TargetPhaseMarginDegrees)}°",
                0 => "0 (already met)",
                { } v => G(v),
            };
            table.AddRow(Terminal.Escape(l.Layer), Terminal.Escape($"{w.TileId}/{w.Column}"), G(w.ConductanceSiemens), G(w.CapacitanceFarads),
                l.AsBuilt.Margin is { } m ? G(m.CrossoverHz) : "none (|T| < 1)", l.AsBuilt.Margin is { } m2 ? F(m2.PhaseMarginDegrees) : "-",
                F(l.AsBuilt.PeakingDb), cf, l.WithFeedbackCapacitor?.Margin is { } m3 ? F(m3.PhaseMarginDegrees) : "-");
        }
        console.Write(table);
        if (layers.Count > 0)
            console.WriteLine($"Target phase margin {G(layers[0].TargetPhaseMarginDegrees)}°. The worst column of a layer is the one with the smallest margin " +
                              "of the lumped screen (largest column capacitance, then smallest conductance sum); docs/cosim.md, \"Readout stability: choosing Cf\".");
    }

    private static string R(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "";
    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
    private static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
}
