using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration.Attributes;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Programming;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Programming;
using ScottPlot;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Programming;

/// <summary>Per-layer result of a programming run (a row of layers.csv).</summary>
internal sealed record LayerProgramming
{
    [Name("layer")] public required string Layer { get; init; }
    [Name("tiles_programmed")] public required int TilesProgrammed { get; init; }
    [Name("tiles_total")] public required int TilesTotal { get; init; }
    [Name("cells_programmed")] public required int CellsProgrammed { get; init; }
    [Name("cells_total")] public required long CellsTotal { get; init; }
    [Name("pulses_mean")] public required double PulsesMean { get; init; }
    [Name("pulses_max")] public required int PulsesMax { get; init; }
    /// <summary>Sum of write pulse widths and verify reads of the programmed cells, one cell at a time, Seconds.</summary>
    [Name("time_s")] public required double TimeSeconds { get; init; }
    /// <summary>Energy delivered by the line drivers for the programmed cells, Joules.</summary>
    [Name("energy_j")] public required double EnergyJoules { get; init; }
    /// <summary>Time scaled to every cell of the layer (time_s · cells_total / cells_programmed), Seconds.</summary>
    [Name("time_full_layer_s")] public required double FullLayerSeconds { get; init; }
    /// <summary>Energy scaled to every cell of the layer, Joules.</summary>
    [Name("energy_full_layer_j")] public required double FullLayerJoules { get; init; }
    /// <summary>Mean |G_final − G_target| / (Gmax − Gmin).</summary>
    [Name("error_mean_abs")] public required double ErrorMeanAbs { get; init; }
    [Name("error_p95_abs")] public required double ErrorP95 { get; init; }
    [Name("error_max_abs")] public required double ErrorMax { get; init; }
    [Name("not_converged")] public required int NotConverged { get; init; }
    /// <summary>Mean number of other cells whose state moved while one cell was programmed.</summary>
    [Name("disturbed_neighbours_mean")] public required double DisturbedMean { get; init; }
    /// <summary>Largest |G_final − G_verified| / (Gmax − Gmin): how far later cells' pulses pushed a programmed cell.</summary>
    [Name("disturb_drift_max")] public required double DriftMax { get; init; }
    [Name("disturb_drift_mean")] public required double DriftMean { get; init; }
    [Name("wall_s")] public required double WallSeconds { get; init; }
    [Name("cells_per_s")] public required double CellsPerSecond { get; init; }
    [Name("solves")] public required long Solves { get; init; }
}

/// <summary>One programmed cell (a row of cells.csv).</summary>
internal sealed record CellRow
{
    [Name("layer")] public required string Layer { get; init; }
    [Name("crossbar")] public required int Crossbar { get; init; }
    [Name("tile")] public required int Tile { get; init; }
    [Name("tile_row")] public required int Row { get; init; }
    [Name("column")] public required int Column { get; init; }
    [Name("target_siemens")] public required double Target { get; init; }
    [Name("verified_siemens")] public required double Verified { get; init; }
    [Name("final_siemens")] public required double Final { get; init; }
    [Name("error_of_window")] public required double Error { get; init; }
    [Name("pulses")] public required int Pulses { get; init; }
    [Name("converged")] public required bool Converged { get; init; }
    [Name("time_s")] public required double Seconds { get; init; }
    [Name("energy_j")] public required double Joules { get; init; }
    [Name("disturbed_neighbours")] public required int Disturbed { get; init; }
    [Name("max_neighbour_shift_of_window")] public required double Shift { get; init; }
}

/// <summary>A pulse of the plotted cell (a row of &lt;layer&gt;_pulse_train.csv).</summary>
internal sealed record PulseRow
{
    [Name("pulse")] public required int Pulse { get; init; }
    [Name("device_volts")] public required double Volts { get; init; }
    [Name("width_s")] public required double Seconds { get; init; }
    [Name("read_siemens")] public required double Read { get; init; }
    [Name("device_siemens")] public required double Device { get; init; }
    [Name("target_siemens")] public required double Target { get; init; }
}

/// <summary>Summaries, files and the console table of a programming run.</summary>
internal static class ProgramOutput
{
    public static List<LayerProgramming> Summaries(IReadOnlyList<ProgrammingTile> all, IReadOnlyList<TileOutcome> outcomes)
    {
        var result = new List<LayerProgramming>();
        foreach (var layer in outcomes.GroupBy(o => o.Tile.Layer))
        {
            var cells = layer.SelectMany(o => o.Cells.Select(c => (o.Tile, Cell: c))).ToList();
            var errors = cells.Select(x => Math.Abs(x.Cell.FinalSiemens - x.Cell.TargetSiemens) / x.Tile.SpanSiemens).OrderBy(e => e).ToList();
            var drift = cells.Select(x => Math.Abs(x.Cell.FinalSiemens - x.Cell.VerifiedSiemens) / x.Tile.SpanSiemens).ToList();
            long total = all.Where(t => t.Layer == layer.Key).Sum(t => (long)t.Layout.Cells.Count);
            int n = Math.Max(cells.Count, 1);
            double time = cells.Sum(x => x.Cell.Seconds), energy = cells.Sum(x => x.Cell.Joules), wall = layer.Sum(o => o.WallSeconds);
            double scale = cells.Count == 0 ? 0 : (double)total / cells.Count;
            result.Add(new LayerProgramming
            {
                Layer = layer.Key, TilesProgrammed = layer.Count(), TilesTotal = all.Count(t => t.Layer == layer.Key),
                CellsProgrammed = cells.Count, CellsTotal = total,
                PulsesMean = cells.Count == 0 ? 0 : cells.Average(x => x.Cell.Pulses), PulsesMax = cells.Select(x => x.Cell.Pulses).DefaultIfEmpty(0).Max(),
                TimeSeconds = time, EnergyJoules = energy, FullLayerSeconds = time * scale, FullLayerJoules = energy * scale,
                ErrorMeanAbs = errors.Sum() / n, ErrorP95 = errors.Count == 0 ? 0 : errors[(int)Math.Min(errors.Count - 1, Math.Ceiling(0.95 * errors.Count) - 1)],
                ErrorMax = errors.DefaultIfEmpty(0).Max(), NotConverged = cells.Count(x => !x.Cell.Converged),
                DisturbedMean = cells.Count == 0 ? 0 : cells.Average(x => x.Cell.DisturbedNeighbours),
                DriftMax = drift.DefaultIfEmpty(0).Max(), DriftMean = drift.Sum() / n,
                WallSeconds = wall, CellsPerSecond = cells.Count / Math.Max(wall, 1e-9), Solves = layer.Sum(o => o.Solves),
            });
        }
        return result;
    }

    /// <summary>File-name form of a layer name: letters, digits, '-' and '_' only.</summary>
    internal static string FileStem(string layer) => new([.. layer.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_')]);

    public static void Write(ProgramSettings s, IReadOnlyList<TileOutcome> outcomes, IReadOnlyList<LayerProgramming> layers)
    {
        var config = ProgramHandler.Describe(s.Options);
        AtomicDirectory.Write(s.OutDir, s.Target, temp =>
        {
            WriteCsv(Path.Combine(temp, "layers.csv"), layers);
            WriteCsv(Path.Combine(temp, "cells.csv"), outcomes.SelectMany(o => o.Cells.Select(c => new CellRow
            {
                Layer = o.Tile.Layer, Crossbar = o.Tile.Crossbar, Tile = o.Tile.Tile, Row = c.Row, Column = c.Column,
                Target = c.TargetSiemens, Verified = c.VerifiedSiemens, Final = c.FinalSiemens, Error = (c.FinalSiemens - c.TargetSiemens) / o.Tile.SpanSiemens,
                Pulses = c.Pulses, Converged = c.Converged, Seconds = c.Seconds, Joules = c.Joules, Disturbed = c.DisturbedNeighbours, Shift = c.MaxNeighbourShift,
            })));
            // programmed.csv is keyed by logical cell (what cosim maps); the array position goes back through the placement.
            // Spare column pairs carry no weight and are not read: they are programmed (cells.csv) but not listed.
            ProgrammedStates.Write(Path.Combine(temp, ProgrammedStates.FileName), outcomes.SelectMany(o => o.Cells
                .Select(c => o.Tile.Entry(c.Row, c.Column, c.TargetSiemens, c.FinalSiemens)).OfType<ProgrammedCell>()));
            foreach (var layer in outcomes.GroupBy(o => o.Tile.Layer))
            {
                var stem = FileStem(layer.Key);
                // The cell with the longest pulse train shows the schedule best.
                var (tile, cell) = layer.SelectMany(o => o.Cells.Select(c => (o.Tile, c))).MaxBy(x => x.c.Pulses);
                if (cell is null) continue;
                WriteCsv(Path.Combine(temp, $"{stem}_pulse_train.csv"), cell.Train.Select(p => new PulseRow
                {
                    Pulse = p.Index, Volts = p.DeviceVolts, Seconds = p.Seconds, Read = p.ReadSiemens, Device = p.DeviceSiemens, Target = cell.TargetSiemens,
                }));
                PulseTrainPlot(Path.Combine(temp, $"{stem}_pulse_train.png"), $"{layer.Key} xbar{tile.Crossbar}/tile{tile.Tile} cell r{cell.Row}c{cell.Column}: {config}", cell);
                var errors = layer.SelectMany(o => o.Cells.Select(c => 100 * (c.FinalSiemens - c.TargetSiemens) / o.Tile.SpanSiemens)).ToArray();
                ErrorHistogram(Path.Combine(temp, $"{stem}_errors.png"), $"{layer.Key}: final error of {errors.Length} cells, {config}", errors);
            }
        });
    }

    private static void WriteCsv<T>(string path, IEnumerable<T> rows)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        csv.WriteRecords(rows);
    }

    private static void PulseTrainPlot(string path, string title, CellProgramming cell)
    {
        var plot = new Plot();
        var pulses = cell.Train.Skip(1).ToList();
        var amplitude = plot.Add.Scatter(pulses.Select(p => (double)p.Index).ToArray(), pulses.Select(p => p.DeviceVolts).ToArray());
        amplitude.LineWidth = 0;
        amplitude.MarkerSize = 7;
        amplitude.LegendText = "pulse voltage row-column (V; < 0 = SET)";
        var read = plot.Add.Scatter(cell.Train.Select(p => (double)p.Index).ToArray(), cell.Train.Select(p => p.ReadSiemens * 1e6).ToArray());
        read.Axes.YAxis = plot.Axes.Right;
        read.LegendText = "verify read I/Vread (µS)";
        // In a 1T1R cell the read current also passes the access transistor, so the read and the device differ.
        var device = plot.Add.Scatter(cell.Train.Select(p => (double)p.Index).ToArray(), cell.Train.Select(p => p.DeviceSiemens * 1e6).ToArray());
        device.Axes.YAxis = plot.Axes.Right;
        device.LinePattern = LinePattern.Dotted;
        device.LegendText = "device conductance 1/R(x) (µS)";
        var target = plot.Add.HorizontalLine(cell.TargetSiemens * 1e6);
        target.Axes.YAxis = plot.Axes.Right;
        target.LinePattern = LinePattern.Dashed;
        target.LegendText = "target device conductance (µS)";
        plot.Title(title, size: 11);
        plot.XLabel("pulse number (0 = read before the first pulse)");
        plot.YLabel("pulse voltage (V)");
        plot.Axes.Right.Label.Text = "conductance (µS)";
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 1000, 600);
    }

    private static void ErrorHistogram(string path, string title, double[] errorsPercent)
    {
        var plot = new Plot();
        double lo = errorsPercent.Min(), hi = errorsPercent.Max();
        if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
        int bins = Math.Clamp((int)Math.Sqrt(errorsPercent.Length) + 1, 5, 60);
        double width = (hi - lo) / bins;
        var counts = new int[bins];
        foreach (var e in errorsPercent) counts[Math.Min(bins - 1, (int)((e - lo) / width))]++;
        plot.Add.Bars(counts.Select((c, i) => new Bar { Position = lo + (i + 0.5) * width, Value = c, Size = width * 0.95 }).ToList());
        plot.Title(title, size: 11);
        plot.XLabel("(G_final - G_target) / (Gmax - Gmin)  (%)");
        plot.YLabel("cells");
        plot.SavePng(path, 1000, 600);
    }

    public static void Print(IAnsiConsole console, IReadOnlyList<LayerProgramming> layers)
    {
        var table = new Table().AddColumns("layer", "cells", "pulses (mean/max)", "time", "energy", "|error| mean / p95 / max", "not conv.", "disturbed / drift max", "cells/s");
        foreach (var l in layers)
            table.AddRow(Terminal.Escape(l.Layer), $"{l.CellsProgrammed}/{l.CellsTotal}", FormattableString.Invariant($"{l.PulsesMean:F1}/{l.PulsesMax}"),
                FormattableString.Invariant($"{l.TimeSeconds * 1e3:G4} ms"), FormattableString.Invariant($"{l.EnergyJoules * 1e9:G4} nJ"),
                FormattableString.Invariant($"{l.ErrorMeanAbs:P2} / {l.ErrorP95:P2} / {l.ErrorMax:P2}"), l.NotConverged.ToString(CultureInfo.InvariantCulture),
                FormattableString.Invariant($"{l.DisturbedMean:F1} / {l.DriftMax:P2}"), FormattableString.Invariant($"{l.CellsPerSecond:G3}"));
        console.Write(table);
    }
}
