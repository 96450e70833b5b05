using System.Diagnostics;
using System.Globalization;
using System.Text;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Engine.Waveforms;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Benchmarks.Behavioral;

/// <summary>
/// B-source memristor benchmark: the 64-memristor sine circuit of the device benchmark (<see cref="MemristorArrayComparison"/>: HP set,
/// Biolek window, initial resistances spread over 2..15 kΩ, each behind its own 1 kΩ resistor on one 1 V / 1 Hz
/// sine, 10 periods, 1 ms maximum step) with the memristors as the B-source subcircuit MEM_HP_BIOLEK of
/// netlists/lib/devices.lib. Runs the same deck
/// in our engine (behavioral sources; read + elaborate + compile + transient) and in ngspice (batch process
/// wall time), and the same circuit with our native memristor devices. Prints a Markdown table with times,
/// ratios and the RMS difference of the total source current relative to its peak.
/// </summary>
public static class BehavioralBenchmarks
{
    private const int Devices = 64;
    private const double Stop = 10, MaxStep = 1e-3;

    private static double InitialOhms(int k) => 2e3 + 13e3 * k / (Devices - 1);

    public static string Run(string repoRoot, TextWriter? log = null)
    {
        log ??= Console.Out;
        string deck = Deck(File.ReadAllText(Path.Combine(repoRoot, "netlists", "lib", "devices.lib")));

        // Warm-up (JIT of engine and compiler) on a short run, then the timed runs.
        RunBehavioral(deck.Replace($".tran {N(MaxStep)} {N(Stop)}", $".tran {N(MaxStep)} 0.05"));
        var (behavioral, tB, stepsB) = RunBehavioral(deck);
        log.WriteLine($"behavioral (ours): {tB:F3} s");
        var (native, tN, stepsN) = RunNative();
        log.WriteLine($"native devices (ours): {tN:F3} s");
        var sw = Stopwatch.StartNew();
        var ng = new NgspiceRunner("ngspice", TimeSpan.FromSeconds(600)).Run(deck).Transient.Table;
        double tG = sw.Elapsed.TotalSeconds;
        log.WriteLine($"ngspice: {tG:F3} s");

        var md = new StringBuilder();
        md.AppendLine("| run | wall time (s) | accepted steps / points | ratio to ngspice | RMS difference of i(v1) vs ngspice (% of peak) |");
        md.AppendLine("|---|---|---|---|---|");
        md.AppendLine($"| ngspice 39, B-source subcircuits | {tG:F3} | {ng.Count} points | 1.00 | — |");
        md.AppendLine($"| ours, same deck (B sources compiled) | {tB:F3} | {stepsB} | {tB / tG:F2} | {Percent(behavioral, ng):F3} |");
        md.AppendLine($"| ours, native memristor devices | {tN:F3} | {stepsN} | {tN / tG:F2} | {Percent(native, ng):F3} |");
        return md.ToString();
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string Deck(string library)
    {
        var sb = new StringBuilder("64 B-source memristors under a sine\n").Append(library).Append('\n');
        sb.Append("V1 in 0 SIN(0 1 1)\n");
        for (int k = 0; k < Devices; k++) sb.Append($"R{k} in n{k} 1k\nX{k} n{k} 0 MEM_HP_BIOLEK rinit={N(InitialOhms(k))}\n");
        sb.Append($".tran {N(MaxStep)} {N(Stop)} 0 {N(MaxStep)}\n.end\n");
        return sb.ToString();
    }

    private static (WaveformTable Table, double Seconds, int Steps) RunBehavioral(string deck)
    {
        var sw = Stopwatch.StartNew();
        var netlist = NetlistReader.ReadText(deck, "bench.cir").Circuit;
        var built = new Elaborator().Elaborate(netlist);
        var tran = new Transient(built.Circuit, MaxStep, ((Netlist.Model.TransientAnalysis)netlist.Analyses[0]).Stop,
            built.Options with { MaxStep = MaxStep });
        var table = tran.Run();
        return (table, sw.Elapsed.TotalSeconds, tran.AcceptedSteps);
    }

    private static (WaveformTable Table, double Seconds, int Steps) RunNative()
    {
        var sw = Stopwatch.StartNew();
        var c = new Circuit("native 64").Add(new VoltageSource("V1", "in", "0", null, new SineWaveform(0, 1, 1)));
        var hp = MemristorPresets.Hp(WindowKind.Biolek);
        for (int k = 0; k < Devices; k++)
            c.Add(new Resistor($"R{k}", "in", $"n{k}", 1e3),
                new Memristor($"X{k}", $"n{k}", "0", new LinearDriftModel(hp with { InitialOhms = InitialOhms(k) })));
        var tran = new Transient(c, MaxStep, Stop, new SimulationOptions { MaxStep = MaxStep });
        var table = tran.Run();
        return (table, sw.Elapsed.TotalSeconds, tran.AcceptedSteps);
    }

    private static double Percent(WaveformTable ours, WaveformTable ng)
    {
        const int points = 10000;
        double sum = 0, peak = 0;
        for (int k = 0; k <= points; k++)
        {
            double t = Stop * k / points;
            double a = ours.Interpolate("i(v1)", t), b = ng.Interpolate("i(v1)", t);
            sum += (a - b) * (a - b);
            peak = Math.Max(peak, Math.Abs(b));
        }
        return 100 * Math.Sqrt(sum / (points + 1)) / peak;
    }
}
