using System.Diagnostics;
using MemristorSpice.Benchmarks.Circuits;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// Crossbars N×N with wire resistance, OP and a short transient, each size run by our engine and then by ngspice back
/// to back. Checks that the two agree on the column outputs within <see cref="AgreementRule"/>'s tolerances and
/// reports each check in <see cref="SectionResult.Agreements"/> (a disagreement fails the run), so a broken circuit
/// cannot pass as a fast one.
/// </summary>
public sealed class CrossbarSection(ComparisonOptions options, TextWriter log, TimeBreakdown breakdown)
{
    /// <summary>OP tolerance: relative to the largest column output (rounding only, see <see cref="AgreementRule"/>).</summary>
    public const double OpRelativeTolerance = 1e-6;
    /// <summary>Transient tolerance: relative to the column-1 output's peak (see <see cref="AgreementRule"/>).</summary>
    public const double TranRelativeTolerance = 0.01;

    /// <summary>The agreement tolerances and why, as printed in the report.</summary>
    public const string AgreementRule =
        "Our engine and ngspice must agree on the crossbar runs, or the run fails (non-zero exit). Crossbar OP: the largest " +
        "|Δv| over the N column outputs at most 1e-6 of the largest output: the circuit is linear, so both engines solve the " +
        "same equations directly and only rounding separates them (measured below 1e-13 relative at N = 4 and 12). Crossbar " +
        "transient: the largest |Δv| of the column-1 output at ngspice's time points (ours interpolated there) at most 1 % of " +
        "its peak: both integrate with the trapezoidal rule under default tolerances (reltol 1e-3) and pick their own time " +
        "points (measured 5e-5 to 2e-4 of the peak at N = 4 and 12).";

    private readonly NgspiceTimer _ngspice = new(options.NgspiceCap, options.Ngspice);

    public SectionResult Run()
    {
        Warm();
        var op = new ResultTable("Crossbar OP",
            "N×N resistive crossbar, 1 Ω wire segment per cell on rows and columns, cells 10k–100k Ω, row drivers, each column " +
            "to ground through 10 Ω. Ours: wall time of setup (topology check, numbering, pattern, ordering) plus the operating " +
            "point, in process. Factor-once solve: one more solve with `LinearCircuitSolver` after its single factorization " +
            "(what a crossbar co-simulation pays per input vector). ngspice: batch process wall time (`ngspice -b`, ASCII raw " +
            "file). Peak RSS: this process's resident high-water mark during our run (reset before each row). " +
            "max abs Δv: largest difference between the two engines over the N column outputs.",
            "N", "unknowns", "ours setup+OP (s)", "ours factor-once solve (ms)", "L+U non-zeros", "ngspice (s)", "speed-up", "our peak RSS (MB)", "max abs Δv (V)");
        var tran = new ResultTable("Crossbar transient",
            $"Same crossbar, every row driven by PULSE(0 V 1n 1n 1n 8n 40n), a {CrossbarCase.WireCapacitance * 1e15:G3} fF wire capacitance " +
            $"at every column node, `.tran {Part.N(CrossbarCase.TranStep)} {Part.N(CrossbarCase.TranStop)}`, default tolerances. " +
            "Times as above. Factorizations: done / kept because the matrix was unchanged since the previous one (linear circuit, same step). " +
            "max abs Δv: largest difference of the column-1 output voltage between the engines at ngspice's time points.",
            "N", "ours (s)", "ours points", "our factorizations done / kept", "ngspice (s)", "ngspice points", "ratio ours/ngspice", "our peak RSS (MB)", "max abs Δv (V)");
        var opOurs = new List<(double, double)>(); var opNg = new List<(double, double)>(); var opCap = new List<(double, double)>();
        var trOurs = new List<(double, double)>(); var trNg = new List<(double, double)>(); var trCap = new List<(double, double)>();
        double capS = options.NgspiceCap.TotalSeconds;
        var targets = new List<TargetCheck>();
        var agreements = new List<AgreementCheck>();
        string? opCapped = null, trCapped = null;
        foreach (int n in options.CrossbarSizes)
        {
            var (row, ours, ng, peak, agreement) = OpRow(n, opCapped);
            op.Add(row);
            agreements.Add(agreement);
            log.WriteLine($"OP   {string.Join(" | ", row)}");
            opOurs.Add((n, ours));
            if (ng.Seconds is double t) opNg.Add((n, t));
            if (ng.IsCapped) { opCapped ??= $"{n}x{n}"; opCap.Add((n, capS)); }
            if (n == 128) targets.Add(new("128x128 crossbar OP at least 10x faster than ngspice",
                ng.Seconds is double s ? s / ours >= 10 : ng.IsCapped ? options.NgspiceCap.TotalSeconds / ours >= 10 : null,
                $"ours {Format.Seconds(ours)} s, ngspice {ng.Text} s: {Format.SpeedUp(ours, ng, options.NgspiceCap)}"));
            if (n == 256) targets.Add(new("256x256 crossbar under 2 GB peak", peak < 2048, $"peak RSS {Format.Fixed(peak, 0)} MB"));
        }
        foreach (int n in options.CrossbarTransientSizes)
        {
            var (row, ours, ng, agreement) = TranRow(n, trCapped);
            tran.Add(row);
            agreements.Add(agreement);
            log.WriteLine($"TRAN {string.Join(" | ", row)}");
            trOurs.Add((n, ours));
            if (ng.Seconds is double t) trNg.Add((n, t));
            if (ng.IsCapped) { trCapped ??= $"{n}x{n}"; trCap.Add((n, capS)); }
        }
        string q = options.IsQuick ? "-quick" : "";
        var plots = new List<ScalingPlotSpec>
        {
            new($"crossbar-op{q}.png", "Crossbar N×N with wire resistance: operating point", "N (crossbar rows = columns)", "wall time (s)",
                [new("ours", opOurs), new("ngspice", opNg), new($"ngspice > {Format.Fixed(capS, 0)} s cap (lower bound)", opCap, IsLowerBound: true)]),
            new($"crossbar-tran{q}.png", "Crossbar N×N with wire resistance: 20 ns transient", "N (crossbar rows = columns)", "wall time (s)",
                [new("ours", trOurs), new("ngspice", trNg), new($"ngspice > {Format.Fixed(capS, 0)} s cap (lower bound)", trCap, IsLowerBound: true)]),
        };
        return new SectionResult([op, tran], plots, targets, agreements);
    }

    /// <summary>JIT warm-up on a small crossbar so the first timed row measures the solver, not the compiler.</summary>
    /// Repeated, because tiered JIT promotes hot methods only after several calls (one warm-up left the 16x16 row at
    /// tier-0 speed: 37 ms instead of 2 ms).
    private static void Warm()
    {
        for (int k = 0; k < 4; k++)
        {
            new OperatingPoint(new CrossbarCase(12, false).Circuit()).Run();
            new Transient(new CrossbarCase(6, true).Circuit(), CrossbarCase.TranStep, CrossbarCase.TranStop).Run();
        }
    }

    private (string[] Row, double Ours, WallTime Ng, double PeakMb, AgreementCheck Agreement) OpRow(int n, string? capped)
    {
        var bench = new CrossbarCase(n, false);
        var circuit = bench.Circuit();
        PeakMemory.Reset();
        var sw = Stopwatch.StartNew();
        var sim = new OperatingPoint(circuit);
        var result = sim.Run();
        double ours = sw.Elapsed.TotalSeconds;
        double peak = PeakMemory.PeakMegabytes();
        breakdown.Add(bench.Title + " OP", ours, sim);

        var solver = new LinearCircuitSolver(circuit, Enumerable.Range(1, n).Select(i => $"VR{i}").ToArray());
        var x = new double[solver.SolutionLength];
        var w = new double[solver.SolutionLength];
        var input = Enumerable.Range(1, n).Select(CrossbarCase.RowVolts).ToArray();
        int reps = n <= 64 ? 50 : 5;
        sw.Restart();
        for (int r = 0; r < reps; r++) solver.Solve(input, x, w);
        double solveMs = sw.Elapsed.TotalMilliseconds / reps;
        var outputs = Enumerable.Range(1, n).Select(j => $"v({bench.OutputNode(j)})").ToArray();
        double selfCheck = outputs.Max(s => Math.Abs(x[solver.SignalIndex(s)] - result[s]));
        if (selfCheck > 1e-9) throw new InvalidOperationException($"{bench.Title}: LinearCircuitSolver and OP disagree by {selfCheck} V");

        var (ng, ngResult) = capped is null ? _ngspice.Run(bench.Deck()) : (WallTime.CappedBefore(options.NgspiceCap, capped), null);
        string delta = "n/a";
        double? worst = null, largest = null;
        if (ngResult is not null)
        {
            var table = ngResult.OperatingPoint.Table;
            worst = outputs.Max(s => Math.Abs(table[s][0] - result[s]));
            largest = outputs.Max(s => Math.Abs(table[s][0]));
            delta = Format.Sci(worst.Value);
        }
        var agreement = new AgreementCheck($"{bench.Title} OP, column outputs", worst, OpRelativeTolerance * (largest ?? 0), "V");
        return ([$"{n}", $"{result.Values.Count}", Format.Seconds(ours), Format.Fixed(solveMs, 2), $"{solver.FactorNonZeros}", ng.Text,
            Format.SpeedUp(ours, ng, options.NgspiceCap), Format.Fixed(peak, 0), delta], ours, ng, peak, agreement);
    }

    private (string[] Row, double Ours, WallTime Ng, AgreementCheck Agreement) TranRow(int n, string? capped)
    {
        var bench = new CrossbarCase(n, true);
        var circuit = bench.Circuit();
        PeakMemory.Reset();
        var sw = Stopwatch.StartNew();
        var sim = new Transient(circuit, CrossbarCase.TranStep, CrossbarCase.TranStop);
        var table = sim.Run();
        double ours = sw.Elapsed.TotalSeconds;
        double peak = PeakMemory.PeakMegabytes();
        breakdown.Add(bench.Title, ours, sim);
        var (ng, ngResult) = capped is null ? _ngspice.Run(bench.Deck()) : (WallTime.CappedBefore(options.NgspiceCap, capped), null);
        string delta = "n/a", ngPoints = "n/a";
        double? worst = null, outputPeak = null;
        if (ngResult is not null)
        {
            var theirs = ngResult.Transient.Table;
            ngPoints = $"{theirs.Count}";
            string s = $"v({bench.OutputNode(1)})";
            worst = 0;
            outputPeak = theirs[s].Max(Math.Abs);
            var theirValues = theirs[s];
            for (int k = 0; k < theirs.Count; k++)
                worst = Math.Max(worst.Value, Math.Abs(table.Interpolate(s, theirs.Axis[k]) - theirValues[k]));
            delta = Format.Sci(worst.Value);
        }
        var agreement = new AgreementCheck($"{bench.Title}, column-1 output", worst, TranRelativeTolerance * (outputPeak ?? 0), "V");
        return ([$"{n}", Format.Seconds(ours), $"{table.Count}", $"{sim.Factorizations} / {sim.SkippedFactorizations}", ng.Text, ngPoints, Format.Ratio(ours, ng, options.NgspiceCap),
            Format.Fixed(peak, 0), delta], ours, ng, agreement);
    }
}
