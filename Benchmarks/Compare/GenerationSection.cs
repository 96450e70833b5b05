using MemristorSpice.Benchmarks.Generation;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// The generator benchmark (<see cref="CrossbarGenerationBenchmark"/>): a generated tile with wire resistance,
/// drivers and single-pole op-amp TIAs and difference stages; generation plus OP in our engine vs ngspice on the
/// generated netlist.
/// </summary>
public sealed class GenerationSection(ComparisonOptions options, TextWriter log, TimeBreakdown breakdown)
{
    public SectionResult Run()
    {
        var table = new ResultTable("Generated crossbar tile",
            "`CrossbarGenerator` tile: memristor cells at their programmed states, 1 Ω row and column wire segments, 100 Ω " +
            "drivers, single-pole op-amp TIA per column and difference stage per output. Ours: layout + engine circuit + " +
            "operating point, after a JIT warm-up on a 4x2 tile. ngspice: the generated netlist text (with the generator's " +
            "pivot options and the device library), process wall time. Difference: largest output difference relative to the largest output.",
            "tile (rows x columns)", "memristors", "op-amps", "ours: layout + circuit + OP (s)", "ngspice (s)", "speed-up", "our peak RSS (MB)", "difference");
        var library = Path.Combine(RepositoryRoot.Find(), "netlists", "lib", "devices.lib");
        PeakMemory.Reset();
        var m = CrossbarGenerationBenchmark.Measure(library, options.NgspiceCap, options.GenerationRows, options.GenerationOutputs, options.Ngspice);
        double peak = PeakMemory.PeakMegabytes();
        double ours = m.EngineTotal.TotalSeconds;
        var ng = m.Ngspice is { } t ? WallTime.Of(t.TotalSeconds) : WallTime.Capped(options.NgspiceCap);
        table.Add($"{m.Rows} x {2 * m.Outputs}", $"{m.Memristors}", $"{m.OpAmps}",
            $"{Format.Seconds(ours)} ({Format.Seconds(m.Layout.TotalSeconds)} + {Format.Seconds(m.Circuit.TotalSeconds)} + {Format.Seconds(m.OperatingPoint.TotalSeconds)})",
            ng.Text, Format.SpeedUp(ours, ng, options.NgspiceCap), Format.Fixed(peak, 0),
            m.RelativeDifference is { } d ? Format.Sci(d) : "n/a");
        log.WriteLine($"GEN  {string.Join(" | ", table.Rows[^1])}");
        breakdown.Add($"generated tile {m.Rows} x {2 * m.Outputs} OP", m.OperatingPoint.TotalSeconds, m.Simulation);
        var targets = new List<TargetCheck>();
        if (m.Rows == 128)
            targets.Add(new("128x128 generated tile: generation + OP at least 10x faster than ngspice",
                ng.Seconds is double s ? s / ours >= 10 : ng.IsCapped ? options.NgspiceCap.TotalSeconds / ours >= 10 : null,
                $"ours {Format.Seconds(ours)} s, ngspice {ng.Text} s: {Format.SpeedUp(ours, ng, options.NgspiceCap)}"));
        return new SectionResult([table], [], targets);
    }
}
