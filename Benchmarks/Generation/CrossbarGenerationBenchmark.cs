using System.Diagnostics;
using System.Globalization;
using MemristorSpice.Engine;
using MemristorSpice.Netlist.Generation;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Network;

namespace MemristorSpice.Benchmarks.Generation;

/// <summary>
/// Issue 7 benchmark: one 128 × 128 tile (128 rows, 64 outputs = 128 columns, 16,384 memristors) with 1 Ohm row and
/// column wire segments, 100 Ohm drivers and single-pole op-amp TIAs and difference stages (192 op-amps).
/// Measures generation (layout + engine circuit) plus the operating point in our engine, against ngspice running
/// the same generated netlist text (time cap, reported as "&gt; cap"), and compares the outputs. Target: 10× faster.
/// Call <see cref="Run"/> (Benchmarks/Program.cs: <c>generation [capSeconds]</c>).
/// </summary>
public static class CrossbarGenerationBenchmark
{
    public const int Rows = 128;
    public const int Outputs = 64;

    public static int Run(TextWriter output, string deviceLibraryPath, double ngspiceCapSeconds = 180, int rows = Rows, int outputs = Outputs)
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
            NonIdealities = new NonIdealities { RowWireOhms = 1, ColumnWireOhms = 1, DriverOhms = 100 },
        };

        // Warm-up on a small tile so JIT time is not billed to the measurement.
        Solve(new CrossbarGenerator(options).Generate(new CrossbarMatrix(4, 2, new float[8], null), CrossbarContext.ForMatrix("warm")).Tiles[0]);

        var sw = Stopwatch.StartNew();
        var tile = new CrossbarGenerator(options).Generate(matrix, CrossbarContext.ForMatrix("bench128"), patch).Tiles[0];
        var generated = sw.Elapsed;
        var circuit = CrossbarCircuitBuilder.Build(tile);
        var built = sw.Elapsed;
        var op = new OperatingPoint(circuit).Run();
        var engineTotal = sw.Elapsed;
        var engine = tile.OutputSignals.Select(s => op[s]).ToArray();
        var text = CrossbarNetlistWriter.Write(tile);

        output.WriteLine($"{rows}x{2 * outputs} tile: {tile.Cells.Count} memristors, {tile.Wires.Count} wire segments, {tile.OpAmpCount} op-amps (single pole), netlist {text.Length / 1024} KiB");
        output.WriteLine($"engine: layout {Ms(generated)} ms, circuit {Ms(built - generated)} ms, OP {Ms(engineTotal - built)} ms, total {Ms(engineTotal)} ms");

        string spiceTime;
        double ratio;
        try
        {
            var result = new NgspiceRunner(timeout: TimeSpan.FromSeconds(ngspiceCapSeconds)).Run(text);
            var spice = tile.OutputSignals.Select(s => result.OperatingPoint.Table.Value(s, 0)).ToArray();
            var scale = engine.Max(Math.Abs);
            var diff = engine.Zip(spice, (a, b) => Math.Abs(a - b)).Max() / scale;
            spiceTime = $"{Ms(result.Elapsed)} ms";
            ratio = result.Elapsed.TotalSeconds / engineTotal.TotalSeconds;
            output.WriteLine($"ngspice: {spiceTime} (process wall time incl. parsing); outputs agree within {diff.ToString("E2", CultureInfo.InvariantCulture)} of the largest output");
        }
        catch (NgspiceTimeoutException)
        {
            spiceTime = $"> {ngspiceCapSeconds} s (cap)";
            ratio = ngspiceCapSeconds / engineTotal.TotalSeconds;
            output.WriteLine($"ngspice: {spiceTime}");
        }
        output.WriteLine($"speed-up (ngspice / engine incl. generation): {(spiceTime.StartsWith('>') ? "> " : "")}{ratio.ToString("F1", CultureInfo.InvariantCulture)}x (target 10x)");
        return 0;
    }

    private static void Solve(CrossbarTileLayout tile) => new OperatingPoint(CrossbarCircuitBuilder.Build(tile)).Run();

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
}
