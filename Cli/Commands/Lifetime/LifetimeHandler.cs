using System.Diagnostics;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Lifetime;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Lifetime;

/// <summary>Runs <see cref="LifetimeSettings"/>: programs the array once, then the retention and read-disturb analyses; writes and prints.</summary>
internal sealed class LifetimeHandler(IAnsiConsole console)
{
    public int Run(LifetimeSettings s)
    {
        s.Target.CheckFolder(s.OutDir);
        var model = WeightsLoader.Load(s.WeightsPath);
        var calibration = DataSetOption.LoadTrain(s.Dataset);
        var test = DataSetOption.LoadTest(s.Dataset);
        DataSetOption.RequireFits(model, s.WeightsPath, s.Dataset, test);
        if (s.Images > test.Count) throw new CliException($"--images {s.Images}: the test set has {test.Count} images.", CliApp.UsageError);
        var circuit = s.Design.Circuit;
        var caption = ConfigurationCaption.From(ConfigurationCaption.Settings(circuit, "dc", s.Design.ReadTimeSeconds, model.Name));
        LifetimeStudy study;
        try
        {
            console.WriteLine($"Programming {Terminal.Plain(model.Name)} on the tile circuits ({Terminal.Plain(circuit.DevicePreset)}), scoring {s.Images} test images at t = 0 ...");
            study = new LifetimeStudy(model, circuit, calibration, test, s.Images, s.CompensationImages) { Threads = s.Threads };
        }
        catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
        console.WriteLine($"  baseline accuracy {study.Baseline:P2} (setup {study.SetupSeconds:F1} s)");

        IReadOnlyList<RetentionPoint> retention = [];
        double retentionSeconds = 0;
        if (s.Times.Count > 0)
        {
            var sw = Stopwatch.StartNew();
            console.WriteLine($"Retention: {Terminal.Plain(s.Drift.Name)} at {s.Kelvin:G4} K{(s.RefreshSeconds is { } T ? $", refresh every {T:G4} s" : "")}");
            retention = LifetimeAnalyses.Retention(study, s.Drift, s.Times, s.RefreshSeconds, s.Kelvin, s.Seed,
                p => console.WriteLine($"  t = {p.TimeSeconds:G4} s: {p.Aged.Accuracy:P2}, compensated {p.Aged.CompensatedAccuracy:P2} ({p.Aged.Seconds:F1} s)"));
            retentionSeconds = sw.Elapsed.TotalSeconds;
        }

        IReadOnlyList<DisturbPoint> disturb = [];
        IReadOnlyList<DisturbStep> steps = [];
        double disturbSeconds = 0;
        int evaluations = 0;
        if (s.Checkpoints.Count > 0)
        {
            var sw = Stopwatch.StartNew();
            // The design's "settling" read time is measured per layer in tran runs only; the disturb takes the
            // default 1 us slot for every layer then, and says so.
            double pulse = s.Design.UnmeasuredReadTimeSeconds;
            var reads = new ReadDisturb(study, calibration, s.DisturbImages, pulse);
            console.WriteLine($"Read disturb: {pulse:G4} s read pulse{(s.Design.ReadTimeSeconds is null ? " (design read time 'settling': the default slot, give read.timeSeconds in --design for another)" : "")}, " +
                              $"disturb per inference from {reads.Images} calibration image(s), tolerance {s.Tolerance:G3}");
            (disturb, steps) = LifetimeAnalyses.Disturb(study, reads, s.Checkpoints, s.Tolerance,
                p => console.WriteLine($"  N = {p.Inferences:G4}: {p.Aged.Accuracy:P2}, compensated {p.Aged.CompensatedAccuracy:P2}, " +
                                       $"max |dG/G0| {p.Layers.Max(l => l.MaxAbsRelative):G3}"));
            evaluations = reads.Evaluations;
            disturbSeconds = sw.Elapsed.TotalSeconds;
        }

        var run = new LifetimeRun(model.Name, caption, study, s, retention, retentionSeconds, disturb, steps, evaluations, disturbSeconds);
        LifetimeOutput.Write(run);
        LifetimeOutput.Print(console, run);
        return 0;
    }
}

/// <summary>What one <c>memspice lifetime</c> run produced.</summary>
internal sealed record LifetimeRun(string Model, string Caption, LifetimeStudy Study, LifetimeSettings Settings,
    IReadOnlyList<RetentionPoint> Retention, double RetentionSeconds,
    IReadOnlyList<DisturbPoint> Disturb, IReadOnlyList<DisturbStep> Steps, int DisturbEvaluations, double DisturbSeconds);
