using System.Diagnostics;
using MemristorSpice.Benchmarks.Circuits;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// The two transient targets: the engine's RC ladder and the device benchmark's memristor array under a sine
/// (native memristors vs the generated ngspice subcircuit). Ours then ngspice, back to back.
/// </summary>
public sealed class TransientSection(ComparisonOptions options, TextWriter log, TimeBreakdown breakdown)
{
    private readonly NgspiceTimer _ngspice = new(options.NgspiceCap, options.Ngspice);

    public SectionResult Run()
    {
        var table = new ResultTable("Transients",
            "RC ladder: PULSE source, 100 Ω / 1 nF per stage, `.tran 10n 20u`, trapezoidal, default tolerances. " +
            "Memristors: each behind its own 1 kΩ resistor on one 1 V / 1 Hz sine, HP set with Biolek window, initial " +
            "resistances 2..15 kΩ, maximum step 1 ms; ours uses the native memristor (state as an MNA unknown), ngspice " +
            "the generated MEM_HP_BIOLEK subcircuit (B sources). Ours: in-process wall time including setup, after a " +
            "JIT warm-up on a smaller copy. Agreement: ladder, largest abs Δv of node n10 on 401 common points; " +
            "memristors, worst device's RMS current difference relative to its peak.",
            "circuit", "ours (s)", "ours points", "ngspice (s)", "ngspice points", "ratio ours/ngspice", "our peak RSS (MB)", "agreement");
        var targets = new List<TargetCheck>();

        var ladder = new RcLadderCase(options.LadderStages);
        new Transient(new RcLadderCase(10).Circuit(), RcLadderCase.Step, RcLadderCase.Stop).Run();
        PeakMemory.Reset();
        var sw = Stopwatch.StartNew();
        var ladderSim = new Transient(ladder.Circuit(), RcLadderCase.Step, RcLadderCase.Stop);
        var ours = ladderSim.Run();
        double t = sw.Elapsed.TotalSeconds, peak = PeakMemory.PeakMegabytes();
        breakdown.Add(ladder.Title, t, ladderSim);
        var (ng, result) = _ngspice.Run(ladder.Deck());
        string agree = "n/a", ngPoints = "n/a";
        if (result is not null)
        {
            var theirs = result.Transient.Table;
            ngPoints = $"{theirs.Count}";
            // Node 10: the far end of a 1000-stage ladder stays at 0 V for 20 µs (diffusion time ~N²RC), which compares nothing.
            string s = $"v(n{Math.Min(10, ladder.Stages)})";
            double worst = 0;
            for (int k = 0; k <= 400; k++)
            {
                double x = RcLadderCase.Stop * k / 400;
                worst = Math.Max(worst, Math.Abs(ours.Interpolate(s, x) - theirs.Interpolate(s, x)));
            }
            agree = $"max abs Δv {Format.Sci(worst)} V";
        }
        table.Add(ladder.Title, Format.Seconds(t), $"{ours.Count}", ng.Text, ngPoints, Format.Ratio(t, ng, options.NgspiceCap), Format.Fixed(peak, 0), agree);
        log.WriteLine($"TRAN {string.Join(" | ", table.Rows[^1])}");
        if (ladder.Stages == 1000)
            targets.Add(new("1000-stage RC ladder transient at most 0.5x ngspice", ng.Seconds is double s ? t / s <= 0.5 : null,
                $"ours {Format.Seconds(t)} s, ngspice {ng.Text} s: ratio {Format.Ratio(t, ng, options.NgspiceCap)}"));

        var array = new MemristorArrayCase(options.Memristors, options.MemristorPeriods);
        var small = new MemristorArrayCase(4, 1);
        new Transient(small.Circuit(), MemristorArrayCase.MaxStep, small.Stop, small.Options).Run();
        PeakMemory.Reset();
        sw.Restart();
        var arraySim = new Transient(array.Circuit(), MemristorArrayCase.MaxStep, array.Stop, array.Options);
        var native = arraySim.Run();
        double tm = sw.Elapsed.TotalSeconds; peak = PeakMemory.PeakMegabytes();
        breakdown.Add(array.Title, tm, arraySim);
        var (ngm, resultm) = _ngspice.Run(array.Deck());
        agree = "n/a"; ngPoints = "n/a";
        if (resultm is not null)
        {
            var theirs = resultm.Transient.Table;
            ngPoints = $"{theirs.Count}";
            agree = $"RMS Δi {Format.Sci(array.WorstCurrentDifference(native, theirs))} of peak";
        }
        table.Add(array.Title, Format.Seconds(tm), $"{native.Count}", ngm.Text, ngPoints, Format.Ratio(tm, ngm, options.NgspiceCap), Format.Fixed(peak, 0), agree);
        log.WriteLine($"TRAN {string.Join(" | ", table.Rows[^1])}");
        if (array.Devices == 64 && array.Periods == 10)
            targets.Add(new("64-memristor sine transient, native at most 0.5x ngspice", ngm.Seconds is double s ? tm / s <= 0.5 : null,
                $"ours {Format.Seconds(tm)} s, ngspice {ngm.Text} s: ratio {Format.Ratio(tm, ngm, options.NgspiceCap)}"));
        return new SectionResult([table], [], targets);
    }
}
