using System.Diagnostics;
using System.Globalization;
using System.Text;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Engine;
using MemristorSpice.Netlist.Ngspice;

namespace MemristorSpice.Benchmarks;

/// <summary>
/// Side-by-side run of issue 6's device benchmark: 64 memristors (HP set, Biolek window, initial resistances
/// spread over 2..15 kOhm), each behind its own 1 kOhm resistor on one 1 V / 1 Hz sine, 10 periods, 1 ms maximum step.
/// The same circuit runs in our engine (native memristor entities) and in ngspice (generated subcircuits);
/// wall times include setup (ours: after one warm-up run for the JIT; ngspice: process start and raw file).
/// Also checks that the two agree (max RMS current difference relative to the peak).
/// Usage: MemristorSpice.Benchmarks memristors [repeats]
/// </summary>
internal static class MemristorArrayComparison
{
    private const int Devices = 64;
    private const double Stop = 10.0, MaxStep = 1e-3;

    private static double InitialOhms(int k) => 2e3 + 13e3 * k / (Devices - 1);

    public static int Run(int repeats)
    {
        var hp = MemristorPresets.Hp(WindowKind.Biolek);
        Circuit Build()
        {
            var c = new Circuit("bench").Add(new VoltageSource("V1", "in", "0", null, new SineWaveform(0, 1, 1)));
            for (var k = 0; k < Devices; k++)
                c.Add(new Resistor($"R{k}", "in", $"n{k}", 1e3),
                      new Memristor($"X{k}", $"n{k}", "0", new LinearDriftModel(hp with { InitialOhms = InitialOhms(k) })));
            return c;
        }

        var deck = new StringBuilder("* 64 memristors under a sine\n").Append(MemristorSubcircuit.Write(hp)).Append("V1 in 0 SIN(0 1 1)\n");
        for (var k = 0; k < Devices; k++)
            deck.Append(CultureInfo.InvariantCulture, $"R{k} in n{k} 1k\nX{k} n{k} 0 MEM_HP_BIOLEK rinit={InitialOhms(k):R}\n");
        deck.Append(CultureInfo.InvariantCulture, $".tran {MaxStep:R} {Stop:R} 0 {MaxStep:R}\n.end\n");

        var options = new SimulationOptions { MaxStep = MaxStep };
        var native = new Transient(Build(), MaxStep, Stop, options).Run(); // warm-up (JIT)
        var ours = new List<double>();
        var theirs = new List<double>();
        NgspiceResult? ng = null;
        for (var r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            native = new Transient(Build(), MaxStep, Stop, options).Run();
            ours.Add(sw.Elapsed.TotalSeconds);
            ng = new NgspiceRunner(timeout: TimeSpan.FromMinutes(5)).Run(deck.ToString());
            theirs.Add(ng.Elapsed.TotalSeconds);
        }
        var table = ng!.Transient.Table;
        double worst = 0;
        for (var k = 0; k < Devices; k++)
        {
            double sum = 0, peak = 0;
            for (var p = 0; p <= 4000; p++)
            {
                var t = Stop * p / 4000;
                var a = (native.Interpolate("v(in)", t) - native.Interpolate($"v(n{k})", t)) / 1e3;
                var b = (table.Interpolate("v(in)", t) - table.Interpolate($"v(n{k})", t)) / 1e3;
                sum += (a - b) * (a - b);
                peak = Math.Max(peak, Math.Abs(b));
            }
            worst = Math.Max(worst, Math.Sqrt(sum / 4001) / peak);
        }
        double Median(List<double> x) => x.Order().ElementAt(x.Count / 2);
        var (o, n) = (Median(ours), Median(theirs));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"64 memristors, sine 1 Hz, 10 periods, max step 1 ms, median of {repeats}: ours {o:F3} s ({native.Count} points), ngspice {n:F3} s ({table.Count} points), ratio {o / n:F2}; worst device current RMS difference {worst:E2} of its peak"));
        return 0;
    }
}
