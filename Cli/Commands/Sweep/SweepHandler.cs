using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.Layers;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Sweep;

/// <summary>Runs <see cref="SweepSettings"/>: loads models and data, runs this shard's points with progress and Ctrl-C, writes and prints.</summary>
internal sealed class SweepHandler(IAnsiConsole console)
{
    public int Run(SweepSettings s)
    {
        var loaded = s.Models.ToDictionary(m => m.Name, m => WeightsLoader.Load(m.Path, "--models"));
        s.Target.CheckFolder(s.OutDir);
        var test = DataSetOption.LoadTest(s.Dataset);
        var calibration = DataSetOption.LoadTrain(s.Dataset);
        foreach (var m in s.Models) DataSetOption.RequireFits(loaded[m.Name], m.Path, s.Dataset, test, "--models");
        DataSetOption.RequireNonNegative(s.Dataset, test, "sweep", s.Circuit.DacPolarity);
        int count = Math.Min(s.Images, test.Count);
        var plan = new SweepPlan(s.Parameter, s.Values, s.Models.Select(m => new SweepModel(m.Name, RunSettings.FileSha256(m.Path))).ToList(),
            s.Seeds, s.SeedBase, s.Dataset.ToString(), count, s.Circuit) { Tran = s.Tran, Technology = s.Technology };
        if (s.PerLayer) return new PerLayerOutput(console).Run(s, plan, loaded, calibration, test);
        var points = plan.Points();
        var (start, slice) = s.Shard.Range(points.Count);
        // More shards than points (e.g. a fixed-size cluster array) leaves some shards empty: they still write a
        // folder, so that 'memspice merge' sees every k in 1..N.
        if (slice == 0) console.WriteLine($"shard {s.Shard}: the sweep has only {points.Count} point(s); this shard is empty.");
        console.WriteLine($"sweep {s.Parameter.Name} over {s.Values.Count} value(s) x {s.Models.Count} model(s) x {plan.Seeds} seed(s) = {points.Count} points; " +
                          $"shard {s.Shard}: points {start}..{start + slice - 1}, {count} images each");
        console.WriteLine(SweepOutput.ModeLine(plan));
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var results = new ImageProgress(console).Run($"sweep {s.Parameter.Name} {s.Shard}",
                progress => SweepRunner.Run(plan, s.Shard, loaded, calibration, test, s.Threads, progress, cancel.Token));
            cancel.Token.ThrowIfCancellationRequested();
            SweepOutput.Write(s.OutDir, s.Target, plan, s.Shard, 1, results);
            SweepOutput.Print(console, plan, s.Shard, results);
            console.WriteLine($"Wrote {s.OutDir}/ ({SweepFiles.PointsCsv}{(s.Shard.Count == 1 ? $", {SweepFiles.SummaryCsv}, {SweepOutput.SweepPng}, {SweepOutput.CostPng}" : "")}, {SweepFiles.SweepJson})");
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
}
