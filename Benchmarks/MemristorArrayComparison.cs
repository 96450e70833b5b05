using System.Diagnostics;
using System.Globalization;
using MemristorSpice.Benchmarks.Circuits;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;
using MemristorSpice.Netlist.Ngspice;

namespace MemristorSpice.Benchmarks;

/// <summary>
/// Side-by-side run of the device benchmark (<see cref="MemristorArrayCase"/>, 64 devices, 10 periods), repeated;
/// prints medians. Wall times include setup (ours: after one warm-up run for the JIT; ngspice: process start and raw
/// file). Usage: MemristorSpice.Benchmarks memristors [repeats]
/// </summary>
internal static class MemristorArrayComparison
{
    public static int Run(int repeats)
    {
        var bench = new MemristorArrayCase();
        var deck = bench.Deck();
        var native = new Transient(bench.Circuit(), MemristorArrayCase.MaxStep, bench.Stop, bench.Options).Run(); // warm-up (JIT)
        var ours = new List<double>();
        var theirs = new List<double>();
        NgspiceResult? ng = null;
        for (var r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            native = new Transient(bench.Circuit(), MemristorArrayCase.MaxStep, bench.Stop, bench.Options).Run();
            ours.Add(sw.Elapsed.TotalSeconds);
            ng = new NgspiceRunner(timeout: TimeSpan.FromMinutes(5)).Run(deck);
            theirs.Add(ng.Elapsed.TotalSeconds);
        }
        var table = ng!.Transient.Table;
        double worst = bench.WorstCurrentDifference(native, table);
        double Median(List<double> x) => x.Order().ElementAt(x.Count / 2);
        var (o, n) = (Median(ours), Median(theirs));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{bench.Title}, max step 1 ms, median of {repeats}: ours {o:F3} s ({native.Count} points), ngspice {n:F3} s ({table.Count} points), ratio {o / n:F2}; worst device current RMS difference {worst:E2} of its peak"));
        return 0;
    }
}
