using System.Globalization;
using CsvHelper;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Cosim.Lifetime;
using MemristorSpice.Cosim.Reports;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Lifetime;

/// <summary>The lifetime folder (retention.csv/png, disturb.csv/png, disturb_steps.csv, drift_maps/) and the console tables.</summary>
internal static class LifetimeOutput
{
    public const string RetentionCsv = "retention.csv";
    public const string RetentionPng = "retention.png";
    public const string DisturbCsv = "disturb.csv";
    public const string DisturbPng = "disturb.png";
    public const string StepsCsv = "disturb_steps.csv";
    public const string MapsFolder = "drift_maps";

    public static void Write(LifetimeRun run)
    {
        var s = run.Settings;
        AtomicDirectory.Write(s.OutDir, s.Target, dir =>
        {
            if (run.Retention.Count > 0)
            {
                WriteCsv(Path.Combine(dir, RetentionCsv),
                    ["time", "time_seconds", "age_seconds", "equivalent_seconds_at_reference", "accuracy", "accuracy_compensated", "baseline_accuracy",
                     "mean_relative_conductance_change", "layer_gains", "seconds"],
                    run.Retention.Select((p, i) => new object[]
                    {
                        s.TimeLabels[i], R(p.TimeSeconds), R(p.AgeSeconds), R(p.EquivalentSeconds), R(p.Aged.Accuracy), R(p.Aged.CompensatedAccuracy),
                        R(run.Study.Baseline), R(p.MeanRelativeChange), string.Join(';', p.Aged.Gains.Select(R)), R(p.Aged.Seconds),
                    }));
                LifetimePlot.Save(run.Retention.Select(p => p.TimeSeconds).ToArray(), run.Retention.Select(p => p.Aged.Accuracy).ToArray(),
                    run.Retention.Select(p => p.Aged.CompensatedAccuracy).ToArray(), run.Study.Baseline, "time since first programming (s), log scale",
                    $"{run.Model}: accuracy vs time, {s.Drift.Name} drift at {s.Kelvin:G4} K" + (s.RefreshSeconds is { } T ? $", refresh every {T:G4} s" : ", no refresh") +
                    $", {s.Images} images, seed {s.Seed}\n{run.Caption}", Path.Combine(dir, RetentionPng), s.TimeLabels);
            }
            if (run.Disturb.Count > 0)
            {
                var layers = run.Disturb[0].Layers.Select(l => l.Layer).ToList();
                WriteCsv(Path.Combine(dir, DisturbCsv),
                    ["inferences", "accuracy", "accuracy_compensated", "baseline_accuracy", .. layers.SelectMany(l => new[] { $"{l}_mean_abs_dG_over_G0", $"{l}_max_abs_dG_over_G0" })],
                    run.Disturb.Select(p => new object[] { R(p.Inferences), R(p.Aged.Accuracy), R(p.Aged.CompensatedAccuracy), R(run.Study.Baseline) }
                        .Concat(p.Layers.SelectMany(l => new object[] { R(l.MeanAbsRelative), R(l.MaxAbsRelative) })).ToArray()));
                WriteCsv(Path.Combine(dir, StepsCsv), ["inferences", "step_inferences", "local_error_estimate"],
                    run.Steps.Select(st => new object[] { R(st.Inferences), R(st.StepInferences), R(st.ErrorEstimate) }));
                LifetimePlot.Save(run.Disturb.Select(p => p.Inferences).ToArray(), run.Disturb.Select(p => p.Aged.Accuracy).ToArray(),
                    run.Disturb.Select(p => p.Aged.CompensatedAccuracy).ToArray(), run.Study.Baseline, "inferences, log scale",
                    $"{run.Model}: accuracy vs inferences under read disturb ({s.Design.ReadTimeSeconds:G3} s reads), {s.Images} images\n{run.Caption}",
                    Path.Combine(dir, DisturbPng));
                var maps = Directory.CreateDirectory(Path.Combine(dir, MapsFolder)).FullName;
                foreach (var p in run.Disturb) WriteMaps(run.Study, p, maps);
            }
        });
    }

    /// <summary>One CSV per layer and checkpoint: rows = (crossbar, logical row), columns = physical columns (2j = G+, 2j+1 = G−), value G/G0 − 1 (empty: no cell, a digital bias row).</summary>
    private static void WriteMaps(LifetimeStudy study, DisturbPoint p, string folder)
    {
        foreach (var plan in study.Programmed.Plans)
        {
            var name = string.Concat(plan.Stage.Name.Select(ch => char.IsLetterOrDigit(ch) || ch is '_' or '-' ? ch : '_'));
            using var writer = new StreamWriter(Path.Combine(folder, $"{name}_n{p.Inferences.ToString("G6", CultureInfo.InvariantCulture)}.csv"));
            var keys = p.Siemens.Values.Keys.Where(k => k.Stage == plan.StageIndex).OrderBy(k => k.Crossbar).ToList();
            int columns = p.Siemens.Values[keys[0]].GetLength(1);
            writer.Write("crossbar,row");
            for (int c = 0; c < columns; c++) writer.Write($",c{c / 2}{(c % 2 == 0 ? "p" : "n")}");
            writer.WriteLine();
            foreach (var key in keys)
            {
                var g = p.Siemens.Values[key];
                var g0 = study.ProgrammedSiemens.Values[key];
                for (int r = 0; r < g.GetLength(0); r++)
                {
                    writer.Write($"{key.Crossbar},{r}");
                    for (int c = 0; c < g.GetLength(1); c++) writer.Write("," + (g0[r, c] == 0 ? "" : (g[r, c] / g0[r, c] - 1).ToString("G4", CultureInfo.InvariantCulture)));
                    writer.WriteLine();
                }
            }
        }
    }

    public static void Print(IAnsiConsole console, LifetimeRun run)
    {
        var s = run.Settings;
        if (run.Retention.Count > 0)
        {
            var table = new Table { Title = new TableTitle(Terminal.Escape($"accuracy vs time: {run.Model}, {s.Drift.Name} drift, {s.Kelvin:G4} K" +
                (s.RefreshSeconds is { } T ? $", refresh every {T:G4} s" : "") + $" (t = 0: {run.Study.Baseline:P2})")) };
            foreach (var h in new[] { "time", "age (s)", "accuracy", "compensated", "mean ΔG/G0", "layer gains α" }) table.AddColumn(new TableColumn(h).RightAligned());
            for (int i = 0; i < run.Retention.Count; i++)
            {
                var p = run.Retention[i];
                table.AddRow(Terminal.Escape(s.TimeLabels[i]), G(p.AgeSeconds), $"{p.Aged.Accuracy:P2}", $"{p.Aged.CompensatedAccuracy:P2}",
                    $"{p.MeanRelativeChange:P2}", string.Join(" ", p.Aged.Gains.Select(g => g.ToString("F3", CultureInfo.InvariantCulture))));
            }
            console.Write(table);
            console.WriteLine($"Retention: {run.Retention.Count} time(s) in {run.RetentionSeconds:F1} s ({run.RetentionSeconds / run.Retention.Count:F1} s per time, two scorings each). " +
                              $"Source: {Terminal.Plain(s.Drift.Source)}");
        }
        if (run.Disturb.Count > 0)
        {
            var table = new Table { Title = new TableTitle(Terminal.Escape($"accuracy vs inferences under read disturb: {run.Model}, {s.Design.Circuit.DevicePreset}, {s.Design.ReadTimeSeconds:G3} s reads")) };
            foreach (var h in new[] { "inferences", "accuracy", "compensated", "mean |ΔG/G0|", "max |ΔG/G0|" }) table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var p in run.Disturb)
                table.AddRow(G(p.Inferences), $"{p.Aged.Accuracy:P2}", $"{p.Aged.CompensatedAccuracy:P2}",
                    G(p.Layers.Average(l => l.MeanAbsRelative)), G(p.Layers.Max(l => l.MaxAbsRelative)));
            console.Write(table);
            console.WriteLine($"Read disturb: {run.Steps.Count} multi-rate step(s), {run.DisturbEvaluations} circuit evaluation(s) of the per-inference disturb, " +
                              $"{run.DisturbSeconds:F1} s in total; sum of local error estimates {run.Steps.Sum(x => x.ErrorEstimate):G3} (state units).");
        }
        console.WriteLine($"Wrote {s.OutDir}/");
    }

    private static void WriteCsv(string path, IReadOnlyList<string> header, IEnumerable<object[]> rows)
    {
        using var writer = new StreamWriter(path);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var h in header) csv.WriteField(h);
        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var v in row) csv.WriteField(v);
            csv.NextRecord();
        }
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
