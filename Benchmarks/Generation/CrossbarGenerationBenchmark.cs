using System.Diagnostics;
using System.Globalization;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;
using MemristorSpice.Netlist.Ngspice;

namespace MemristorSpice.Benchmarks.Generation;

/// <summary>One measurement of <see cref="CrossbarGenerationBenchmark"/>.</summary>
public sealed record GenerationMeasurement(int Rows, int Outputs, int Memristors, int Wires, int OpAmps, int NetlistKiB,
    TimeSpan Layout, TimeSpan Circuit, TimeSpan OperatingPoint, TimeSpan? Ngspice, double? RelativeDifference, OperatingPoint Simulation)
{
    public TimeSpan EngineTotal => Layout + Circuit + OperatingPoint;
}

/// <summary>
/// Generator benchmark: one 128 × 128 tile (128 rows, 64 outputs = 128 columns, 16,384 memristors) with 1 Ohm row and
/// column wire segments, 100 Ohm drivers and single-pole op-amp TIAs and difference stages (192 op-amps).
/// Measures generation (layout + engine circuit) plus the operating point in our engine, against ngspice running
/// the same generated netlist text (time cap, reported as "&gt; cap"), and compares the outputs. Target: 10× faster.
/// Call <see cref="Run"/> (Benchmarks/Program.cs: <c>generation [capSeconds]</c>) or <see cref="Measure"/>.
/// </summary>
public static class CrossbarGenerationBenchmark
{
    public const int Rows = 128;
    public const int Outputs = 64;

    public static int Run(TextWriter output, string deviceLibraryPath, double ngspiceCapSeconds = 180, int rows = Rows, int outputs = Outputs)
    {
        var m = Measure(deviceLibraryPath, TimeSpan.FromSeconds(ngspiceCapSeconds), rows, outputs);
        output.WriteLine($"{rows}x{2 * outputs} tile: {m.Memristors} memristors, {m.Wires} wire segments, {m.OpAmps} op-amps (single pole), netlist {m.NetlistKiB} KiB");
        output.WriteLine($"engine: layout {Ms(m.Layout)} ms, circuit {Ms(m.Circuit)} ms, OP {Ms(m.OperatingPoint)} ms, total {Ms(m.EngineTotal)} ms");
        double ratio;
        string spiceTime;
        if (m.Ngspice is { } ng)
        {
            spiceTime = $"{Ms(ng)} ms";
            ratio = ng.TotalSeconds / m.EngineTotal.TotalSeconds;
            output.WriteLine($"ngspice: {spiceTime} (process wall time incl. parsing); outputs agree within {m.RelativeDifference!.Value.ToString("E2", CultureInfo.InvariantCulture)} of the largest output");
        }
        else
        {
            spiceTime = $"> {ngspiceCapSeconds} s (cap)";
            ratio = ngspiceCapSeconds / m.EngineTotal.TotalSeconds;
            output.WriteLine($"ngspice: {spiceTime}");
        }
        output.WriteLine($"speed-up (ngspice / engine incl. generation): {(spiceTime.StartsWith('>') ? "> " : "")}{ratio.ToString("F1", CultureInfo.InvariantCulture)}x (target 10x)");
        return 0;
    }

    /// <summary>Generates and solves the tile in our engine, then runs its netlist in ngspice (null time: capped).</summary>
    public static GenerationMeasurement Measure(string deviceLibraryPath, TimeSpan ngspiceCap, int rows = Rows, int outputs = Outputs, string ngspice = "ngspice")
    {
        var rng = new Random(7);
        var values = new float[rows * outputs];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(2 * rng.NextDouble() - 1);
        var matrix = new CrossbarMatrix(rows, outputs, values, null);
        var patch = new float[rows];
        for (int r = 0; r < rows - 1; r++) patch[r] = (float)rng.NextDouble();
        patch[^1] = 1f;
        var options = new CrossbarOptions
        {
            OpAmp = CrossbarOpAmps.For(OpAmpModelKind.SinglePole),
            DeviceLibraryInclude = Path.GetFullPath(deviceLibraryPath),
            NonIdealities = new CrossbarNonIdealities { RowWireOhms = 1, ColumnWireOhms = 1, DriverOhms = 100 },
        };

        // Warm-up on a small tile so JIT time is not billed to the measurement.
        Solve(new CrossbarGenerator(options).Generate(new CrossbarMatrix(4, 2, new float[8], null), CrossbarContext.ForMatrix("warm")).Tiles[0]);

        var sw = Stopwatch.StartNew();
        var tile = new CrossbarGenerator(options).Generate(matrix, CrossbarContext.ForMatrix("bench128"), patch).Tiles[0];
        var generated = sw.Elapsed;
        var circuit = CrossbarCircuitBuilder.Build(tile);
        var built = sw.Elapsed;
        var sim = new OperatingPoint(circuit);
        var op = sim.Run();
        var engineTotal = sw.Elapsed;
        var engine = tile.OutputSignals.Select(s => op[s]).ToArray();
        var text = CrossbarNetlistWriter.Write(tile);

        TimeSpan? spice = null;
        double? diff = null;
        try
        {
            var result = new NgspiceRunner(ngspice, ngspiceCap).Run(text);
            var values2 = tile.OutputSignals.Select(s => result.OperatingPoint.Table.Value(s, 0)).ToArray();
            var scale = engine.Max(Math.Abs);
            diff = engine.Zip(values2, (a, b) => Math.Abs(a - b)).Max() / scale;
            spice = result.Elapsed;
        }
        catch (NgspiceTimeoutException) { }
        return new GenerationMeasurement(rows, outputs, tile.Cells.Count, tile.Wires.Count, tile.OpAmpCount, text.Length / 1024,
            generated, built - generated, engineTotal - built, spice, diff, sim);
    }

    private static void Solve(CrossbarTileLayout tile) => new OperatingPoint(CrossbarCircuitBuilder.Build(tile)).Run();

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
}
