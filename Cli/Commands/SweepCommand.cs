using System.CommandLine;
using System.Globalization;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary>
/// <c>memspice sweep</c>: circuit accuracy vs one non-ideality, per model, mean and spread over seeds; CSV and PNG.
/// Shardable (<c>--shard k/N</c> over the ordered list of points) and mergeable with <c>memspice merge</c>.
/// </summary>
internal static class SweepCommand
{
    public const string SweepPng = "sweep.png";

    public static Command Create()
    {
        var param = new Option<string>("--param") { Description = "Parameter to sweep: " + string.Join(", ", SweepParameter.All.Select(p => $"{p.Name} ({p.Meaning})")) + ".", Required = true }
            .OneOf([.. SweepParameter.All.Select(p => p.Name)]);
        var values = new Option<string>("--values") { Description = "Comma-separated values of the parameter, in plot order (e.g. 0,0.05,0.1,0.2).", Required = true };
        var models = new Option<string>("--models") { Description = "Comma-separated models (WEIGHTS-DIR/NAME.msw).", DefaultValueFactory = _ => "msccnn" };
        var weightsDir = new Option<string?>("--weights-dir") { Description = "Folder of the .msw files (default: weights/ of this checkout)." };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per value (variation and stuck-at draws use seed-base, seed-base+1, ...).", DefaultValueFactory = _ => 3 }.InRange();
        var seedBase = new Option<int>("--seed-base") { Description = "First seed.", DefaultValueFactory = _ => 1 };
        var images = new Option<int>("--images") { Description = "MNIST test images per point.", DefaultValueFactory = _ => 200 }.InRange();
        var nonIdeal = new Option<string?>("--nonideal") { Description = "Base non-idealities JSON (default: 1 ohm wires, A0 1e5, 8-bit DAC/ADC); the swept parameter overrides its field." };
        var tech = new Option<string?>("--tech") { Description = "Technology JSON (only read.volts is used here)." };
        var shard = new Option<string?>("--shard") { Description = "Run slice k of N of the ordered points (model, value, seed), 1-based; combine with 'memspice merge'." };
        var threads = new Option<int>("--threads") { Description = "Images processed in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount }.InRange();
        var dataset = DataSetOption.Create();
        var output = new Option<string>("--out") { Description = "Output folder (written atomically).", Required = true };
        var force = OutputOptions.Force();
        var command = new Command("sweep", "Circuit accuracy vs a non-ideality (wire resistance, variation, levels, converter bits, stuck-at faults, op-amp gain), mean and spread over seeds.")
        {
            param, values, models, weightsDir, seeds, seedBase, images, nonIdeal, tech, shard, threads, dataset, output, force,
        };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var parameter = SweepParameter.Parse(parse.GetValue(param)!);
            var valueList = ParseValues(parse.GetValue(values)!);
            var technology = ReportCommand.LoadTechnology(parse.GetValue(tech));
            var settings = ReportCommand.BaseSettings(parse.GetValue(nonIdeal), technology);
            foreach (var v in valueList)
            {
                if (SameRangeAs(parameter.Name) is { } option && OptionChecks.Problem(option, v) is not null)
                {
                    var range = OptionChecks.RangeOf(option);
                    throw new CliException($"--values: {parameter.Name} must be in [{range.Min:G6}, {range.Max:G6}] {range.Unit}, the range of " +
                                           $"{option} (got {v.ToString("G6", CultureInfo.InvariantCulture)}).", CliApp.UsageError);
                }
                try { parameter.Apply(settings, v, parse.GetValue(seedBase)); }
                catch (ArgumentException ex) { throw new CliException($"--values: {ex.Message}.", CliApp.UsageError); }
            }
            Shard part;
            try { part = parse.GetValue(shard) is { } s ? Shard.Parse(s) : Shard.Whole; }
            catch (FormatException ex) { throw new CliException($"--shard: {ex.Message}", CliApp.UsageError); }
            var list = ModelList.Parse(parse.GetValue(models)!, parse.GetValue(weightsDir), "--models");
            var loaded = list.ToDictionary(m => m.Name, m => WeightsLoader.Load(m.Path, "--models"));
            var target = OutputOptions.Target("sweep", parse.GetValue(force),
                [.. list.Select(m => m.Path), parse.GetValue(nonIdeal), parse.GetValue(tech), DataSetOption.Folder(parse.GetValue(dataset)!)]);
            target.CheckFolder(parse.GetValue(output)!);
            var test = DataSetOption.LoadTest(parse.GetValue(dataset)!);
            var calibration = DataSetOption.LoadTrain(parse.GetValue(dataset)!);
            int count = Math.Min(parse.GetValue(images), test.Count);
            var plan = new SweepPlan(parameter, valueList, list.Select(m => new SweepModel(m.Name, RunSettings.FileSha256(m.Path))).ToList(),
                parse.GetValue(seeds), parse.GetValue(seedBase), parse.GetValue(dataset)!, count, settings);
            var points = plan.Points();
            var (start, slice) = part.Range(points.Count);
            // More shards than points (e.g. a fixed-size cluster array) leaves some shards empty: they still write a
            // folder, so that 'memspice merge' sees every k in 1..N.
            if (slice == 0) console.WriteLine($"shard {part}: the sweep has only {points.Count} point(s); this shard is empty.");
            console.WriteLine($"sweep {parameter.Name} over {valueList.Count} value(s) x {list.Count} model(s) x {plan.Seeds} seed(s) = {points.Count} points; " +
                              $"shard {part}: points {start}..{start + slice - 1}, {count} images each");
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                var results = new ImageProgress(console).Run($"sweep {parameter.Name} {part}",
                    progress => SweepRunner.Run(plan, part, loaded, calibration, test, parse.GetValue(threads), progress, cancel.Token));
                cancel.Token.ThrowIfCancellationRequested();
                var outDir = parse.GetValue(output)!;
                Write(outDir, target, plan, part, 1, results);
                Print(console, plan, part, results);
                console.WriteLine($"Wrote {outDir}/ ({SweepFiles.PointsCsv}{(part.Count == 1 ? $", {SweepFiles.SummaryCsv}, {SweepPng}" : "")}, {SweepFiles.SweepJson})");
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
        });
        return command;
    }

    /// <summary>The option whose range (OptionChecks.Ranges) also bounds a swept parameter's values.</summary>
    private static string? SameRangeAs(string parameter) => parameter switch
    {
        "wire-r" => "--wire-ohms",
        "opamp-gain" => "--a0",
        "adc-bits" => "--adc-bits",
        "dac-bits" => "--dac-bits",
        _ => null,
    };

    private static List<double> ParseValues(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new CliException("--values: give at least one value.", CliApp.UsageError);
        var list = new List<double>();
        foreach (var p in parts)
        {
            if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new CliException($"--values: '{p}' is not a number.", CliApp.UsageError);
            if (list.Contains(v)) throw new CliException($"--values: {p} is listed twice.", CliApp.UsageError);
            list.Add(v);
        }
        return list;
    }

    /// <summary>Writes a sweep folder (a whole sweep also gets summary.csv and the plot); shared with merge.</summary>
    internal static void Write(string outDir, OutputTarget target, SweepPlan plan, Shard shard, int mergedShards, IReadOnlyList<SweepPointResult> results)
    {
        AtomicDirectory.Write(outDir, target, dir =>
        {
            SweepFiles.Write(dir, plan, shard, mergedShards, results);
            if (shard.Count == 1)
                SweepPlot.Save(plan.Parameter, SweepSummaryRow.Of(plan, results),
                    $"Circuit accuracy vs {plan.Parameter.Name}, {plan.Images} MNIST test images", Path.Combine(dir, SweepPng));
        });
    }

    internal static void Print(IAnsiConsole console, SweepPlan plan, Shard shard, IReadOnlyList<SweepPointResult> results)
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
