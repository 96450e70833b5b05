using System.Diagnostics;
using System.Globalization;
using System.Text;
using MemristorSpice.Benchmarks.Circuits;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;
using MemristorSpice.Netlist.Ngspice;

namespace MemristorSpice.Benchmarks.Engine;

/// <summary>
/// Side-by-side runs of our engine and ngspice on the same circuits (the engine's first performance targets):
/// N×N resistive crossbars (<see cref="CrossbarCase"/>, OP) and a 1000-stage RC ladder (transient). Call <see cref="Run"/>; it prints a
/// Markdown table. ngspice gets a time cap per run; a capped run is reported as "> cap".
/// </summary>
public static class EngineBenchmarks
{
    /// <summary>Runs all benchmarks and returns the Markdown report.</summary>
    /// <param name="sizes">Crossbar sizes N (default 16, 32, 64, 128, 256).</param>
    /// <param name="ngspiceCap">Time cap for each ngspice run.</param>
    public static string Run(int[]? sizes = null, TimeSpan? ngspiceCap = null, TextWriter? log = null)
    {
        sizes ??= [16, 32, 64, 128, 256];
        var cap = ngspiceCap ?? TimeSpan.FromSeconds(120);
        log ??= Console.Out;
        var md = new StringBuilder();
        md.AppendLine("| circuit | unknowns | ours: setup+OP (s) | ours: factor-once solve (ms) | L+U non-zeros | ngspice (s) | speed-up | our peak working set (MB) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var n in sizes)
        {
            var row = CrossbarRow(n, cap);
            md.AppendLine(row);
            log.WriteLine(row);
        }
        md.AppendLine();
        md.AppendLine("| circuit | ours (s) | ours accepted steps | ngspice (s) | ratio ours/ngspice |");
        md.AppendLine("|---|---|---|---|---|");
        var ladder = LadderRow(1000, cap);
        md.AppendLine(ladder);
        log.WriteLine(ladder);
        return md.ToString();
    }

    private static string CrossbarRow(int n, TimeSpan cap)
    {
        var crossbar = new CrossbarCase(n, false);
        var circuit = crossbar.Circuit();
        GC.Collect();
        var sw = Stopwatch.StartNew();
        var op = new OperatingPoint(circuit).Run();
        double ours = sw.Elapsed.TotalSeconds;
        int unknowns = op.Values.Count;

        var solver = new LinearCircuitSolver(circuit, Enumerable.Range(1, n).Select(i => $"VR{i}").ToArray());
        var x = new double[solver.SolutionLength]; var w = new double[solver.SolutionLength];
        var input = Enumerable.Range(1, n).Select(CrossbarCase.RowVolts).ToArray();
        sw.Restart();
        int reps = n <= 64 ? 100 : 10;
        for (int r = 0; r < reps; r++) solver.Solve(input, x, w);
        double solveMs = sw.Elapsed.TotalMilliseconds / reps;
        string output = $"v({crossbar.OutputNode(1)})";
        double check = Math.Abs(x[solver.SignalIndex(output)] - op[output]);
        if (check > 1e-9) throw new InvalidOperationException($"Linear solver and OP disagree by {check}");
        long peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);

        var (ng, ngText) = TimeNgspice(crossbar.Deck(), cap);
        string speedup = ng is double t ? $"{t / ours:F1}x" : $"> {cap.TotalSeconds / ours:F0}x";
        return $"| crossbar {n}x{n} | {unknowns} | {ours:F3} | {solveMs:F2} | {solver.FactorNonZeros} | {ngText} | {speedup} | {peakMb} |";
    }

    private static string LadderRow(int stages, TimeSpan cap)
    {
        const double tstep = 10e-9, tstop = 20e-6;
        var sw = Stopwatch.StartNew();
        var tran = new Transient(RcLadder(stages), tstep, tstop);
        var table = tran.Run();
        double ours = sw.Elapsed.TotalSeconds;
        var (ng, ngText) = TimeNgspice(RcLadderDeck(stages, tstep, tstop), cap);
        string ratio = ng is double t ? $"{ours / t:F2}" : "n/a";
        return $"| RC ladder {stages} stages, .tran {tstep:G3} {tstop:G3} | {ours:F3} | {tran.AcceptedSteps} ({table.Count} points) | {ngText} | {ratio} |";
    }

    private static (double? Seconds, string Text) TimeNgspice(string deck, TimeSpan cap)
    {
        try
        {
            var sw = Stopwatch.StartNew();
            new NgspiceRunner("ngspice", cap).Run(deck);
            double s = sw.Elapsed.TotalSeconds;
            return (s, s.ToString("F3", CultureInfo.InvariantCulture));
        }
        catch (NgspiceTimeoutException) { return (null, $"> {cap.TotalSeconds:F0} (cap)"); }
    }

    /// <summary>RC ladder: PULSE source, stages of 100 Ω series and 1 nF shunt.</summary>
    public static Circuit RcLadder(int stages)
    {
        var c = new Circuit($"RC ladder {stages}");
        c.Add(new VoltageSource("V1", "n0", "0", null, new PulseWaveform(0, 1, 0, 1e-9, 1e-9, 5e-6, 10e-6)));
        for (int k = 1; k <= stages; k++)
            c.Add(new Resistor($"R{k}", $"n{k - 1}", $"n{k}", 100), new Capacitor($"C{k}", $"n{k}", "0", 1e-9));
        return c;
    }

    public static string RcLadderDeck(int stages, double tstep, double tstop)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder($"RC ladder {stages}\nV1 n0 0 PULSE(0 1 0 1n 1n 5u 10u)\n");
        for (int k = 1; k <= stages; k++) sb.Append(inv, $"R{k} n{k - 1} n{k} 100\nC{k} n{k} 0 1n\n");
        sb.Append(inv, $".tran {tstep.ToString("R", inv)} {tstop.ToString("R", inv)}\n.end\n");
        return sb.ToString();
    }
}
