using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Data;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Report;

/// <summary>Runs <see cref="ReportSettings"/>: co-simulates and counts each model, then writes and prints the comparison.</summary>
internal sealed class ReportHandler(IAnsiConsole console)
{
    public int Run(ReportSettings s)
    {
        s.Target.CheckFolder(s.OutDir);
        var test = DataSetOption.LoadTest(s.Dataset);
        var calibration = DataSetOption.LoadTrain(s.Dataset);
        DataSetOption.RequireNonNegative(s.Dataset, test, "report", s.Circuit.DacPolarity);
        int count = Math.Min(s.Images, test.Count);
        var results = new List<PpaRun.Result>();
        foreach (var (name, path) in s.Models)
        {
            var model = WeightsLoader.Load(path, "--models");
            DataSetOption.RequireFits(model, path, s.Dataset, test, "--models");
            var result = new ImageProgress(console).Run($"report {name}", progress =>
            {
                try
                {
                    return PpaRun.Run(name, model, RunSettings.FileSha256(path), s.Circuit, s.Technology, calibration, test, count, s.Threads, progress,
                        readTimeSeconds: s.ReadTimeSeconds);
                }
                catch (NonIdealitiesException ex) { throw new CliException($"--nonideal {ex.Message}"); }
            });
            var p = result.Ppa;
            console.WriteLine($"{name}: circuit {100 * p.CircuitAccuracy:F2} %, float {100 * p.FloatAccuracy:F2} % on {p.Images} images; " +
                              $"setup {result.SetupSeconds:F1} s, co-simulation {result.Cosim.Outcome.Seconds:F1} s");
            string measured = string.Join(", ", result.Settling.Select(l => $"{Terminal.Plain(l.Layer)} {l.Seconds * 1e6:F3} µs"));
            console.WriteLine(s.ReadTimeSeconds is { } fixedTime
                ? $"  read time source: design point, {fixedTime * 1e6:G4} µs for every layer; measured settling (0.5 LSB, worst column, first " +
                  $"{PpaRun.SettlingImages} calibration images) for comparison: {measured}"
                : $"  read time source: measured settling (0.5 LSB, worst column, first {PpaRun.SettlingImages} calibration images, rounded up to " +
                  $"{SettlingReadTime.GridSeconds * 1e9:G3} ns): " + string.Join(", ", p.Layers.Select(l => $"{Terminal.Plain(l.Layer)} {l.ReadSeconds * 1e6:G4} µs")) +
                  $" (measured {measured}); closed-form estimate of the slowest column {p.SettlingSeconds * 1e6:F2} µs");
            results.Add(result);
        }
        var ppas = results.Select(r => r.Ppa).ToList();
        var settling = PpaTables.Settling(results.Select(r => (r.Ppa.Model, r.Settling)).ToList());
        ReportOutput.Write(s.OutDir, s.Target, ppas, s.Technology, s.Circuit, s.RegenerateLine(count), settling, s.ReadTimeSeconds);
        ReportOutput.Print(console, ppas, s.Technology, settling);
        console.WriteLine($"Wrote {s.OutDir}/ ({ReportOutput.ModelsCsv}, {ReportOutput.SavingsCsv}, {ReportOutput.BreakdownCsv}, {ReportOutput.LayersCsv}, {ReportOutput.SettlingCsv}, " +
                          $"{ReportOutput.ReportMd}, {ReportOutput.TechnologyMd}, {ReportOutput.AreaPng}, {ReportOutput.PowerPng}, {ReportOutput.AccuracyPng})");
        return 0;
    }
}
