using System.Globalization;
using BenchmarkDotNet.Running;
using MemristorSpice.Benchmarks.Compare;

namespace MemristorSpice.Benchmarks;

/// <summary>
/// Modes:
///   compare [--quick] [--out DIR] [--cap SECONDS] [--sizes 16,32] [--only cosim,crossbar,...] [--cosim-images N] [--tran-images N]
///                                                   side-by-side run; writes DIR/benchmarks.md and DIR/benchmarks/*.png
///                                                   (default DIR: the repository's docs/, or a temp folder with --quick)
///   bdn [BenchmarkDotNet arguments]                 micro-benchmarks of the hot paths (e.g. bdn --filter *SparseLu*; default
///                                                   in process, --job short, all suites)
///   engine [sizes...]                               the engine engineer's crossbar/ladder table
///   generation [capSeconds] [rows] [outputs]       the generator engineer's 128x128 tile generation + OP vs ngspice
///   memristors [repeats]                            the device engineer's 64-memristor medians
///   behavioral [repo-root]                          64 B-source memristors: native vs ngspice
///   cosim [images] [threads] [repeats] [--noise]    co-simulation (benchmark settings, --noise: noiseless and noisy interleaved) vs the float network, with the time breakdown
///   reader [size] [repeats] [--deck PATH] [--allocations]   netlist reading + elaboration of the generated size x size crossbar deck, MB/s
///                                                   (--deck: also keep the deck at PATH, e.g. for timing ngspice on it;
///                                                   --allocations: sampled allocated bytes by type)
///   programming [0t1r|1t1r] [v2|v3] [cells] [engine|reduced] [rows] [columns]   write-verify programming speed on one tile
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "compare":
                return RunCompare(args[1..]);
            case "bdn":
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(BdnArguments(args[1..]));
                return 0;
            case "engine":
                int[]? sizes = args.Length > 1 ? args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : null;
                Console.WriteLine(Engine.EngineBenchmarks.Run(sizes));
                return 0;
            case "generation":
                string[] rest = args[1..];
                return Generation.CrossbarGenerationBenchmark.Run(Console.Out, "netlists/lib/devices.lib",
                    rest.Length > 0 ? double.Parse(rest[0], CultureInfo.InvariantCulture) : 180,
                    rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 128, rest.Length > 2 ? int.Parse(rest[2], CultureInfo.InvariantCulture) : 64);
            case "memristors":
                return MemristorArrayComparison.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3);
            case "training": return args.ElementAtOrDefault(1) == "profile"   // training [repo-root] [epochs] [seed] [csv] | training profile [repo-root] [batches]
                ? Training.TrainingBenchmark.Profile(args[2..], Console.Out) : Training.TrainingBenchmark.Run(args[1..], Console.Out);
            case "behavioral":
                Console.WriteLine(Behavioral.BehavioralBenchmarks.Run(args.Length > 1 ? args[1] : Directory.GetCurrentDirectory()));
                return 0;
            case "cosim":
                return RunCosim(args[1..]);
            case "reader":
                return RunReader(args[1..]);
            case "programming":
                return RunProgramming(args[1..]);
            default:
                Console.Error.WriteLine("usage: compare [--quick] [--out DIR] [--cap SECONDS] [--sizes N,N] [--only SECTION,...] [--cosim-images N] [--tran-images N] | bdn [filter args] | engine [sizes] | generation [cap] [rows] [outputs] | memristors [repeats] | behavioral [repo-root] | cosim [images] [threads] [repeats] [--noise] | reader [size] [repeats] [--deck PATH] [--allocations] | programming [0t1r|1t1r] [v2|v3] [cells] [engine|reduced] [rows] [columns]");
                return 2;
        }
    }

    /// <summary>reader [size] [repeats]: reading + elaboration of the generated size × size crossbar deck, in MB/s.</summary>
    private static int RunReader(string[] args)
    {
        string? keep = Array.IndexOf(args, "--deck") is var d and >= 0 && d + 1 < args.Length ? args[d + 1] : null;
        if (keep is not null) args = [.. args[..Array.IndexOf(args, "--deck")], .. args[(Array.IndexOf(args, "--deck") + 2)..]];
        bool allocations = args.Contains("--allocations");
        args = [.. args.Where(a => a != "--allocations")];
        int size = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 128;
        int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var library = Path.Combine(RepositoryRoot.Find(), "netlists", "lib", "devices.lib");
        var dir = Directory.CreateTempSubdirectory("memspice-reader-");
        try
        {
            string warm = Path.Combine(dir.FullName, "warm.cir"), deck = Path.Combine(dir.FullName, "deck.cir");
            Reading.ReaderBenchmark.WriteDeck(warm, 16, 16, library);
            Reading.ReaderBenchmark.WriteDeck(deck, size, size, library);
            if (keep is not null) File.Copy(deck, keep, overwrite: true);
            using var sampler = allocations ? new Reading.AllocationSampler() : null;
            var m = Reading.ReaderBenchmark.Measure(deck, size, size, repeats, warm, sampler);
            Console.WriteLine($"load average {MachineInfo.LoadAverageNow()}; {size}x{size} deck {m.Bytes / 1e6:F2} MB, {m.Elements} elements: " +
                              $"read {m.ReadSeconds:F3} s, elaborate {m.ElaborateSeconds:F3} s, {m.MegabytesPerSecond:F2} MB/s; CPU {m.CpuSeconds:F3} s, {m.MegabytesPerCpuSecond:F2} MB per CPU second (medians of {repeats}); " +
                              $"allocated {m.AllocatedBytes.Read / 1e6:F0} MB reading, {m.AllocatedBytes.Elaborate / 1e6:F0} MB elaborating");
            foreach (var (type, bytes) in sampler?.Top(25) ?? []) Console.WriteLine($"  {bytes / 1e6 / repeats,8:F1} MB per run  {type}");
        }
        finally { dir.Delete(true); }
        return 0;
    }

    /// <summary>programming [cell] [scheme] [cells] [solver] [rows] [columns]: write-verify programming speed on one tile.</summary>
    private static int RunProgramming(string[] args)
    {
        string Arg(int i, string fallback) => args.Length > i ? args[i] : fallback;
        var o = new Crossbar.Programming.ProgrammingOptions
        {
            Cell = Arg(0, "0t1r") == "1t1r" ? Crossbar.Programming.CellKind.OneTransistor : Crossbar.Programming.CellKind.Passive,
            Scheme = Arg(1, "v3") == "v2" ? Crossbar.Programming.BiasScheme.HalfVoltage : Crossbar.Programming.BiasScheme.ThirdVoltage,
            Solver = Arg(3, "reduced") == "engine" ? Crossbar.Programming.ArraySolver.Engine : Crossbar.Programming.ArraySolver.Reduced,
        };
        int cells = int.Parse(Arg(2, "256"), CultureInfo.InvariantCulture);
        int rows = int.Parse(Arg(4, "33"), CultureInfo.InvariantCulture), columns = int.Parse(Arg(5, "128"), CultureInfo.InvariantCulture);
        var (run, _) = Compare.ProgrammingSection.Measure(Arg(3, "reduced"), o, rows, columns, cells);
        Console.WriteLine($"{rows}x{columns} {o.Cell} {o.Scheme} {run.Label}: {cells} cells in {run.Seconds:F2} s = {run.CellsPerSecond:F3} cells/s; " +
                          $"{run.Solves} solves, {100 * run.SolveSeconds / run.Seconds:F0} % of the time in solves, {run.Factorizations} factorizations, {run.BandSolves} band solves; " +
                          $"CPU {run.CpuSeconds:F2} s = {cells / run.CpuSeconds:F3} cells per CPU second");
        return 0;
    }

    private static int RunCosim(string[] args)
    {
        int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
        var clean = Cosim.CosimBenchmark.IssueSettings;
        bool noise = args.Contains("--noise");
        args = [.. args.Where(a => a != "--noise")];
        // --noise: the noiseless and the noisy run interleaved, each with its breakdown, and their ratio.
        Cosim.CosimMeasurement[] runs = noise
            ? Cosim.CosimBenchmark.MeasureInterleaved(Arg(0, 1000), Arg(1, Environment.ProcessorCount), Arg(2, 3), Console.Out,
                [clean, clean with { Noise = clean.Noise with { Enabled = true, Seed = 1 } }])
            : [Cosim.CosimBenchmark.Measure(Arg(0, 1000), Arg(1, Environment.ProcessorCount), Arg(2, 3), Console.Out, clean)];
        foreach (var m in runs)
        {
            Console.WriteLine($"load average {MachineInfo.LoadAverageNow()}; setup {m.SetupSeconds:F2} s; float {m.FloatSeconds:F3} s; co-simulation {m.CosimSeconds:F3} s " +
                              $"({m.Images / m.CosimSeconds:F0} images/s); ratio {m.Ratio:F2}x (CPU time {m.FloatCpuSeconds:F3} s vs {m.CosimCpuSeconds:F3} s: {m.CpuRatio:F2}x); peak {m.PeakMegabytes:F0} MB; " +
                              $"accuracy analog {100 * m.AnalogAccuracy:F2} % vs float {100 * m.FloatAccuracy:F2} % ({m.PredictionsDiffering} predictions differ)");
            Console.WriteLine(Cosim.CosimBenchmark.Breakdown(m).ToMarkdown());
        }
        if (noise)
            Console.WriteLine($"noisy / noiseless: wall {runs[1].CosimSeconds / runs[0].CosimSeconds:F2}x, CPU {runs[1].CosimCpuSeconds / runs[0].CosimCpuSeconds:F2}x, " +
                              $"thread CPU of the profiled parts {runs[1].Profile.Parts().Sum(p => p.Seconds) / runs[0].Profile.Parts().Sum(p => p.Seconds):F2}x");
        return 0;
    }

    private static int RunCompare(string[] args)
    {
        bool quick = args.Contains("--quick");
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var folder = Value("--out") ?? (quick ? Directory.CreateTempSubdirectory("memspice-bench-").FullName : RepositoryDocs());
        var options = quick ? ComparisonOptions.Quick(folder) : ComparisonOptions.Full(folder);
        if (Value("--sizes") is { } sizes)
        {
            int[] n = sizes.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            options = options with { CrossbarSizes = n, CrossbarTransientSizes = n };
        }
        if (Value("--only") is { } only)
        {
            var names = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
            if (names.FirstOrDefault(n => !ComparisonOptions.SectionNames.Contains(n)) is { } bad)
            {
                Console.Error.WriteLine($"--only: unknown section '{bad}' (known: {string.Join(", ", ComparisonOptions.SectionNames)})");
                return 2;
            }
            // A partial run must not replace the full report: it goes to benchmarks-<sections>.md beside it.
            options = options with { Only = names, ReportFileName = $"benchmarks-{string.Join('-', names.Order(StringComparer.Ordinal))}.md" };
        }
        if (Value("--cosim-images") is { } ci) options = options with { CosimImages = int.Parse(ci, CultureInfo.InvariantCulture) };
        if (Value("--tran-images") is { } ti) options = options with { TranImages = int.Parse(ti, CultureInfo.InvariantCulture) };
        if (Value("--cap") is { } cap) options = options with { NgspiceCap = TimeSpan.FromSeconds(double.Parse(cap, CultureInfo.InvariantCulture)) };
        var outcome = CompareRunner.Run(options, Console.Out);
        Console.WriteLine(File.ReadAllText(outcome.ReportPath));
        foreach (var d in outcome.Disagreements)
            Console.Error.WriteLine($"FAILED: {d.Run}: our engine and ngspice differ by {Format.Sci(d.Difference ?? double.NaN)} {d.Unit}, tolerance {Format.Sci(d.Tolerance)} {d.Unit}");
        return outcome.Disagreements.Count > 0 ? 1 : 0;
    }

    /// <summary>
    /// BenchmarkDotNet runs in process (the assembly name differs from the project name, and a child build on a shared
    /// 2-core machine costs minutes) with the short-run job unless the caller chose a job.
    /// </summary>
    private static string[] BdnArguments(string[] args)
    {
        var list = args.ToList();
        if (list.Count > 0 && !list[0].StartsWith('-'))                               // `bdn SparseLu` = `bdn --filter *SparseLu*`
        {
            if (!list[0].Contains('*')) list[0] = $"*{list[0]}*";
            list.Insert(0, "--filter");
        }
        if (!list.Contains("--inProcess") && !list.Contains("-i")) list.Add("--inProcess");
        if (!list.Contains("--job") && !list.Contains("-j")) list.AddRange(["--job", "short"]);
        if (!list.Contains("--filter") && !list.Contains("-f")) list.AddRange(["--filter", "*"]);
        return [.. list];
    }

    /// <summary>docs/ of the repository that contains the current directory.</summary>
    private static string RepositoryDocs() => Path.Combine(RepositoryRoot.Find(), "docs");
}
