using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Netlist.Simulation;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary>
/// <c>memspice compare FILE.cir</c>: runs our engine and ngspice on the same file and prints, per signal, the
/// largest and RMS difference; exit code 1 when a signal is off by more than the tolerance. For .ac each signal has
/// two rows: the magnitude difference in dB (vdb(x)) and the phase difference in degrees (vp(x)_deg).
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "SPICE netlist (ngspice dialect)." };
        var reltol = new Option<double?>("--reltol")
        {
            Description = "Relative tolerance for every analysis (of |ref| at DC points, of the peak-to-peak for transients). " +
                          "Default: the larger of 1e-4 and the deck's .options reltol for OP/DC, 1e-2 for TRAN. AC compares dB and degrees: default 0.01 dB and 0.1 deg; " +
                          "--reltol r allows 20·log10(1+r) dB and r rad.",
        };
        reltol.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is <= 0 or double.NaN) r.AddError("--reltol must be a positive number.");
        });
        var (maxIncludeBytes, maxElements) = (SimulateCommand.MaxIncludeBytesOption(), SimulateCommand.MaxElementsOption());
        var maxPoints = SimulateCommand.MaxPointsOption();
        var command = new Command("compare", "Simulate a netlist with our engine and with ngspice and compare every signal.") { file, reltol, maxIncludeBytes, maxElements, maxPoints };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var limits = SimulateCommand.Limits(parse.GetValue(maxIncludeBytes), parse.GetValue(maxElements));
            var ours = SimulateCommand.Run(path, Backend.Native, limits, parse.GetValue(maxPoints));
            // ngspice is given the same sequence of analyses and .control changes our run made, so results pair one to one.
            var reference = SimulateCommand.Run(path, Backend.Ngspice, limits, replay: ours);
            double deckRelTol = ours.Options.RelTol;
            var tolerance = parse.GetValue(reltol) is { } r ? ComparisonTolerance.Uniform(r) : ComparisonTolerance.ForDeck(deckRelTol);
            var report = BackendComparison.Compare(ours, reference, tolerance);
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            Print(report, ours, reference, console);
            if (parse.GetValue(reltol) is null && report.Signals.Any(s => s.Analysis.Contains(".op", StringComparison.Ordinal) || s.Analysis.Contains(".dc ", StringComparison.Ordinal) || s.Analysis.Contains(".tf ", StringComparison.Ordinal)))
                console.WriteLine($"OP/DC/TF tolerance: {tolerance.DcRelTol:G3}·|ref| + 1 µV (1 nA), the larger of 1e-4 and the deck's reltol " +
                                  $"{deckRelTol:G3} (a Newton solution is only as close as its reltol); .options reltol=1e-6 in the deck tightens both.");
            return report.Pass ? 0 : 1;
        });
        return command;
    }

    private static void Print(ComparisonReport report, SimulationResult ours, SimulationResult reference, IAnsiConsole console)
    {
        SimulateCommand.PrintWarnings(ours, console);
        var table = new Table().AddColumn("analysis").AddColumn("signal").AddColumn(new TableColumn("points").RightAligned())
            .AddColumn(new TableColumn("max diff").RightAligned()).AddColumn(new TableColumn("rms diff").RightAligned())
            .AddColumn(new TableColumn("tolerance").RightAligned()).AddColumn("status");
        foreach (var s in report.Signals)
            table.AddRow(Terminal.Escape(s.Analysis), Terminal.Escape(s.Signal), s.Skipped > 0 ? $"{s.Points} (+{s.Skipped} skipped)" : s.Points.ToString(), SimulateCommand.Number(s.MaxDifference),
                SimulateCommand.Number(s.RmsDifference), SimulateCommand.Number(s.Tolerance), s.Pass ? "[green]ok[/]" : "[red]OFF[/]");
        console.Write(table);
        if (report.Measurements.Count > 0)
        {
            var meas = new Table().AddColumn(".meas").AddColumn("analysis").AddColumn(new TableColumn("native").RightAligned())
                .AddColumn(new TableColumn("ngspice").RightAligned()).AddColumn(new TableColumn("tolerance").RightAligned()).AddColumn("status").AddColumn("note");
            foreach (var m in report.Measurements)
                meas.AddRow(Terminal.Escape(m.Name), Terminal.Escape(m.Analysis), m.Ours is { } o ? SimulateCommand.Number(o) : "failed",
                    m.Reference is { } r ? SimulateCommand.Number(r) : "failed", double.IsNaN(m.Tolerance) ? "-" : SimulateCommand.Number(m.Tolerance),
                    m.Pass ? "[green]ok[/]" : "[red]OFF[/]", Terminal.Escape(m.Note));
            console.Write(meas);
        }
        foreach (var p in report.Problems) console.WriteLine(Terminal.Plain("problem: " + p));
        foreach (var n in report.NotCompared) console.WriteLine(Terminal.Plain("not compared: " + n));
        if (report.Signals.Any(s => s.Skipped > 0))
            console.WriteLine("skipped points: transient samples at a switching edge of the reference, AC points more than 120 dB below the signal's peak.");
        if (report.Signals.Any(s => s.Analysis.Contains(".ac ", StringComparison.Ordinal)))
            console.WriteLine(".ac rows: vdb(x)/idb(x) differences in dB, vp(x)_deg/ip(x)_deg in degrees.");
        int off = report.Signals.Count(s => !s.Pass);
        console.WriteLine($"native {ours.Elapsed.TotalSeconds:F3} s, ngspice {reference.Elapsed.TotalSeconds:F3} s: " +
                          (report.Pass ? $"all {report.Signals.Count} signals within tolerance" : $"{off} of {report.Signals.Count} signals off, {report.Problems.Count} problems") +
                          MeasureSummary(report) +
                          (report.NotCompared.Count > 0 ? $"; {report.NotCompared.Count} not compared (listed above)." : "."));
    }

    private static string MeasureSummary(ComparisonReport report)
    {
        if (report.Measurements.Count == 0) return "";
        int bad = report.Measurements.Count(m => !m.Pass);
        return bad == 0 ? $", all {report.Measurements.Count} measurements agree" : $", {bad} of {report.Measurements.Count} measurements off";
    }
}
