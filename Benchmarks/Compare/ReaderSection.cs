using System.Diagnostics;
using MemristorSpice.Benchmarks.Reading;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// Netlist reader throughput (reading plus elaboration into the engine, MB of deck per second) on generated crossbar
/// decks (<see cref="ReaderBenchmark"/>), and `memspice simulate` against `ngspice -b` on the largest of them as
/// whole processes (start, read, OP, exit). Targets: at least 20 MB/s, and the whole process at least 50x faster
/// than ngspice's.
/// </summary>
public sealed class ReaderSection(ComparisonOptions options, TextWriter log)
{
    public const string Title = "Netlist reader throughput";

    public SectionResult Run()
    {
        var root = RepositoryRoot.Find();
        var library = Path.Combine(root, "netlists", "lib", "devices.lib");
        var dir = Directory.CreateTempSubdirectory("memspice-reader-");
        try
        {
            var table = new ResultTable(Title,
                "The deck `memspice generate crossbar --flat` writes for an N × N weight matrix (seeded weights): 1 Ω row and " +
                "column wire segments, one VTEAM memristor subcircuit instance per cell (six elements after flattening, three " +
                "of them B-sources), ideal TIAs and difference stages, `.op`. In process, after a warm-up on a 16 × 16 deck: " +
                "`NetlistReader.Read` (lines, tokens, parameters, flattening) and `Elaborator.Elaborate` (engine elements, " +
                "compiled B-sources), medians of " + options.ReaderRepeats + " run(s). MB/s: deck bytes over the wall time of both; " +
                "MB per CPU s: over the process CPU time (the GC's included), less sensitive to waiting for a core.",
                "N × N", "deck (MB)", "elements", "read (s)", "elaborate (s)", "MB/s", "MB per CPU s");
            string warm = Path.Combine(dir.FullName, "warm.cir");
            ReaderBenchmark.WriteDeck(warm, 16, 16, library);
            ReaderMeasurement? largest = null;
            string largestDeck = "";
            foreach (int n in options.ReaderSizes)
            {
                string deck = Path.Combine(dir.FullName, $"xbar{n}.cir");
                ReaderBenchmark.WriteDeck(deck, n, n, library);
                var m = ReaderBenchmark.Measure(deck, n, n, options.ReaderRepeats, warm);
                table.Add($"{n} x {n}", Format.Fixed(m.Bytes / 1e6, 2), $"{m.Elements}", Format.Seconds(m.ReadSeconds), Format.Seconds(m.ElaborateSeconds),
                    Format.Fixed(m.MegabytesPerSecond, 2), Format.Fixed(m.MegabytesPerCpuSecond, 2));
                log.WriteLine($"READ {string.Join(" | ", table.Rows[^1])}");
                (largest, largestDeck) = (m, deck);
            }
            var targets = new List<TargetCheck>();
            if (largest is null) return new SectionResult([table], [], targets);
            if (!options.IsQuick)
                targets.Add(new("Reading plus elaboration at least 20 MB/s", largest.MegabytesPerSecond >= 20,
                    $"{largest.Rows} x {largest.Outputs} deck: {Format.Fixed(largest.MegabytesPerSecond, 2)} MB/s wall, {Format.Fixed(largest.MegabytesPerCpuSecond, 2)} MB per CPU second"));

            var whole = new ResultTable("Whole process: memspice simulate vs ngspice",
                $"The {largest.Rows} x {largest.Outputs} deck above as a file: `memspice simulate deck.cir --signals v(out0) --out ...` " +
                "(the Release build of Cli/, native engine) against `ngspice -b` (ASCII raw file), each process's wall time from start to " +
                "exit, ours first. ngspice is capped at " + Format.Seconds(options.NgspiceCap.TotalSeconds) + " s.",
                "deck", "memspice (s)", "ngspice (s)", "speed-up");
            var memspice = Path.Combine(root, "Cli", "bin", "Release", "net10.0", OperatingSystem.IsWindows() ? "memspice.exe" : "memspice");
            double? ours = File.Exists(memspice) ? RunMemspice(memspice, largestDeck, dir.FullName) : null;
            var (ng, _) = new NgspiceTimer(options.NgspiceCap, options.Ngspice).Run(File.ReadAllText(largestDeck));
            whole.Add($"{largest.Rows} x {largest.Outputs}", ours is { } o ? Format.Seconds(o) : "Cli not built", ng.Text,
                ours is { } t ? Format.SpeedUp(t, ng, options.NgspiceCap) : "n/a");
            log.WriteLine($"WHOLE {string.Join(" | ", whole.Rows[^1])}");
            if (!options.IsQuick)
                targets.Add(new($"memspice simulate on the {largest.Rows} x {largest.Outputs} deck at least 50x faster than ngspice (whole processes)",
                    ours is not { } w ? null : ng.Seconds is double s ? s / w >= 50 : ng.IsCapped ? options.NgspiceCap.TotalSeconds / w >= 50 : null,
                    ours is { } w2 ? $"ours {Format.Seconds(w2)} s, ngspice {ng.Text} s: {Format.SpeedUp(w2, ng, options.NgspiceCap)}" : "Cli/bin/Release not built"));
            return new SectionResult([table, whole], [], targets);
        }
        finally { dir.Delete(true); }
    }

    /// <summary>Wall time of one `memspice simulate` process; a failed run is an error, not a time.</summary>
    private static double RunMemspice(string exe, string deck, string folder)
    {
        var start = new ProcessStartInfo(exe, ["simulate", deck, "--signals", "v(out0)", "--out", Path.Combine(folder, "out.csv"), "--force"])
        { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double seconds = sw.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"memspice simulate failed ({process.ExitCode}): {stderr.Result}");
        return seconds;
    }
}
