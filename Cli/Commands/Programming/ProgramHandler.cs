using System.Diagnostics;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Programming;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Crossbar.Programming;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Programming;

/// <summary>One programmed tile: which tile, its cells' outcomes and the wall time it took.</summary>
internal sealed record TileOutcome(ProgrammingTile Tile, IReadOnlyList<CellProgramming> Cells, double WallSeconds, long Solves);

/// <summary>Runs <see cref="ProgramSettings"/>: maps the network as cosim does, programs the chosen tiles cell by cell, writes and prints.</summary>
internal sealed class ProgramHandler(IAnsiConsole console)
{
    public int Run(ProgramSettings s)
    {
        s.Target.CheckFolder(s.OutDir);
        var model = WeightsLoader.Load(s.WeightsPath);
        var calibration = DataSetOption.LoadTrain(s.Dataset);
        DataSetOption.RequireFits(model, s.WeightsPath, s.Dataset, calibration);
        var network = CrossbarNetwork.FromModel(model, s.Circuit.BiasRow);
        if (s.Layer is { } only && !network.AnalogStages.Any(a => a.Name == only))
            throw new CliException($"--layer: no analog layer '{Terminal.Plain(only)}'; analog layers: {string.Join(", ", network.AnalogStages.Select(a => Terminal.Plain(a.Name)))}.", CliApp.UsageError);
        var ranges = ConverterCalibration.Calibrate(network, calibration.Take(Math.Min(s.Circuit.CalibrationImages, calibration.Count)), s.Circuit);
        var all = ProgrammingTargets.Tiles(network, ranges, s.Circuit, s.Layer);
        var chosen = Choose(all, s.MaxTiles, s.Seed);
        var device = all[0].Layout.Device;
        long cellsToDo = chosen.Sum(t => Math.Min(s.MaxCells ?? int.MaxValue, Programmable(t)));
        console.MarkupLine(Terminal.Escape($"{model.Name} ({s.WeightsPath}): programming {chosen.Count} of {all.Count} tiles, {cellsToDo} cells, " +
            $"{Describe(s.Options)}, device {device.PresetName}"));
        var outcomes = new List<TileOutcome>();
        var clock = Stopwatch.StartNew();
        Progress(cellsToDo, advance =>
        {
            foreach (var tile in chosen)
            {
                var tileClock = Stopwatch.StartNew();
                var array = new ProgrammingArray(device.Model, tile.Rows, tile.Columns, s.Options);
                var cells = new ArrayProgrammer(array, s.Options, tile.SpanSiemens)
                    .ProgramAll(tile.Targets(), s.MaxCells ?? int.MaxValue, _ => advance());
                outcomes.Add(new TileOutcome(tile, cells, tileClock.Elapsed.TotalSeconds, array.Solves));
            }
        });
        var layers = ProgramOutput.Summaries(all, outcomes);
        ProgramOutput.Write(s, outcomes, layers);
        ProgramOutput.Print(console, layers);
        console.WriteLine($"{cellsToDo} cells in {clock.Elapsed.TotalSeconds:F1} s ({cellsToDo / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):G3} cells/s on this machine). " +
                          $"Wrote {s.OutDir}/ (layers.csv, cells.csv, {ProgrammedStates.FileName}, <layer>_pulse_train.csv/.png, <layer>_errors.png); " +
                          $"'memspice cosim --programmed {s.OutDir}' uses the programmed conductances.");
        return 0;
    }

    /// <summary>Cells of a tile that can be programmed (stuck-at cells cannot).</summary>
    internal static int Programmable(ProgrammingTile tile) => tile.Layout.Cells.Count(c => c.Conductance.Fault == CellFault.None);

    /// <summary>Every tile, or per layer a seeded sample of <paramref name="maxTiles"/> tiles kept in network order.</summary>
    internal static List<ProgrammingTile> Choose(IReadOnlyList<ProgrammingTile> all, int? maxTiles, int seed)
    {
        if (maxTiles is not { } n) return [.. all];
        var random = new Random(seed);
        return all.GroupBy(t => t.Layer)
            .SelectMany(g => g.Count() <= n ? (IEnumerable<ProgrammingTile>)g : g.OrderBy(_ => random.Next()).Take(n).OrderBy(t => (t.Crossbar, t.Tile)))
            .ToList();
    }

    /// <summary>The programming configuration in one line (console, plot titles, CSV).</summary>
    internal static string Describe(ProgrammingOptions o) =>
        FormattableString.Invariant($"{(o.Scheme == BiasScheme.HalfVoltage ? "V/2" : "V/3")} {(o.Cell == CellKind.Passive ? "0T1R" : "1T1R")}, ISPP {o.StartVolts:G3}+{o.StepVolts:G3}..{o.MaxVolts:G3} V, ") +
        FormattableString.Invariant($"{o.PulseSeconds * 1e9:G4} ns x{o.WidthShrink:G2} per overshoot, tolerance {o.Tolerance:P1} of Gmax-Gmin, wires {o.RowWireOhms:G3}/{o.ColumnWireOhms:G3} Ohm");

    private void Progress(long total, Action<Action> work)
    {
        long done = 0;
        if (!console.Profile.Capabilities.Interactive)
        {
            int lastDecile = 0;
            work(() =>
            {
                done++;
                int decile = (int)(10 * done / Math.Max(total, 1));
                if (decile <= lastDecile) return;
                lastDecile = decile;
                console.WriteLine($"program: {done}/{total} cells");
            });
            return;
        }
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("program (cells)", maxValue: Math.Max(total, 1));
                work(() => task.Value = ++done);
                task.StopTask();
            });
    }
}
