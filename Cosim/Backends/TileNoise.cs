using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Cosim.Backends;

/// <summary>
/// The noise of one tile's outputs, computed once from the tile's own circuit with the superposition the read uses
/// (docs/cosim.md "Noise"):
/// <list type="bullet">
/// <item>Thermal: one adjoint solve per output on the factored DC matrix gives the transfer h = y[p] − y[n] in V/A
/// from every noise current (cells 4kT·G, Rf, wires, drivers, difference-stage resistors 4kT/R, op-amp en and in)
/// to the output; S_out(0) = Σ h²·S (exactly the engine's .noise at low frequency), and the variance is S_out(0)·B
/// with B the read's noise bandwidth (<see cref="NoiseSettings.NoiseBandwidthHz"/>, the TIA closed-loop pole
/// GBW/(1 + Rf·ΣG_column) of the output's slower column).</item>
/// <item>Read noise (1/f, RTN): a cell's current G·v fluctuates with relative variance σ²
/// (<see cref="ReadNoiseParameters.RelativeVariance"/>), so an output's variance for row volts V is
/// Σ_r V_r²·Q[r, j] with Q[r, j] = σ²·Σ_cells of row r (G·v·h_j)², v the cell voltage per volt on its own row (the
/// other rows' share of it, through wire drops, is neglected) and h_j its transfer to output j.</item>
/// </list>
/// Variances are in (weight·volt)², the reader's output units.
/// </summary>
public sealed class TileNoise
{
    /// <summary>Thermal variance per output, (weight·volt)².</summary>
    public required double[] ThermalVariance { get; init; }
    /// <summary>Read-noise coefficients Q [Rows × Outputs], row-major, (weight·volt)² per V²; null without read noise.</summary>
    public double[]? ReadCoefficients { get; init; }
    /// <summary>Low-frequency output PSD per output in V²/Hz at the TIA/difference output (before the unit conversion).</summary>
    public required double[] OutputPsdVoltsSquaredPerHz { get; init; }
    /// <summary>Noise bandwidth per output in Hz.</summary>
    public required double[] BandwidthHz { get; init; }

    /// <summary>
    /// Computes the noise of a tile from its factored solver. <paramref name="cellVolts"/> holds for each cell of the
    /// layout its voltage (row node − column node) per volt on its own row, from the read's superposition solves.
    /// </summary>
    public static TileNoise Compute(LinearCircuitSolver solver, CrossbarTileLayout layout, int[] outputs, double toWeightVolts,
        double[] cellVolts, NoiseSettings noise, double? gbwHz)
    {
        int outs = outputs.Length, rows = layout.Rows.Count;
        var sources = solver.NoiseSources(1.0);
        var y = new double[solver.SolutionLength];
        var work = new double[solver.SolutionLength];
        var psd = new double[outs];
        var variance = new double[outs];
        var bandwidth = new double[outs];
        var closedLoop = ClosedLoopHz(layout, gbwHz);
        double relative = noise.ReadNoise ? MemristorPresets.ReadNoise(layout.Device.PresetName).RelativeVariance : 0;
        double[]? q = relative > 0 ? new double[rows * outs] : null;
        var cells = layout.Cells.Select(c => (c.Row, P: solver.SignalIndex($"v({c.RowNode})"), N: solver.SignalIndex($"v({c.ColumnNode})"),
            G: 1 / layout.Device.Model.Resistance(c.State))).ToArray();
        double w2 = toWeightVolts * toWeightVolts;
        for (int j = 0; j < outs; j++)
        {
            solver.SolveAdjoint(outputs[j], y, work);
            double s = 0;
            foreach (var (_, p, n, density) in sources)
            {
                double h = y[p] - y[n];
                s += h * h * density;
            }
            psd[j] = s;
            bandwidth[j] = NoiseSettings.NoiseBandwidthHz(noise.ReadTimeSeconds, closedLoop[j]);
            variance[j] = s * bandwidth[j] * w2;
            if (q is null) continue;
            for (int c = 0; c < cells.Length; c++)
            {
                var (row, p, n, g) = cells[c];
                double current = g * cellVolts[c] * (y[p] - y[n]);
                q[row * outs + j] += relative * current * current * w2;
            }
        }
        return new TileNoise { ThermalVariance = variance, ReadCoefficients = q, OutputPsdVoltsSquaredPerHz = psd, BandwidthHz = bandwidth };
    }

    /// <summary>
    /// Closed-loop bandwidth in Hz per output: GBW/(1 + Rf·ΣG) of each TIA (ΣG the conductance of its column's cells),
    /// the lower of the output's two columns; infinite without a GBW.
    /// </summary>
    private static double[] ClosedLoopHz(CrossbarTileLayout layout, double? gbwHz)
    {
        var result = new double[layout.Outputs];
        Array.Fill(result, double.PositiveInfinity);
        if (gbwHz is not { } gbw) return result;
        var columnG = new Dictionary<(int, bool), double>();
        foreach (var c in layout.Cells)
            columnG[(c.Output, c.IsPositive)] = columnG.GetValueOrDefault((c.Output, c.IsPositive)) + 1 / layout.Device.Model.Resistance(c.State);
        foreach (var ((output, _), g) in columnG)
            result[output] = Math.Min(result[output], gbw / (1 + layout.FeedbackOhms * g));
        return result;
    }
}

/// <summary>
/// A tile reader that adds, per read, a Gaussian sample of the tile's noise (<see cref="TileNoise"/>) to each output of
/// the noiseless reader. Samples are a counter-based hash of (seed, tile, image, patch, output), so a run is the same
/// for any thread count: the image index comes from <see cref="ReadNoiseContext"/>. Reads outside an image
/// (calibration) are noiseless.
/// </summary>
public sealed class NoisyTileReader(MatrixTileReader inner, TileNoise noise, int seed) : ITileReader
{
    private readonly ulong _key = Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)StableHash(inner.Tile.Id));

    /// <inheritdoc/>
    public CrossbarTile Tile => inner.Tile;

    /// <summary>The tile's noise.</summary>
    public TileNoise Noise => noise;

    /// <summary>The noiseless reader.</summary>
    public MatrixTileReader Inner => inner;

    /// <inheritdoc/>
    public void Read(ReadOnlySpan<double> rowVolts, int patches, Span<double> outputs)
    {
        inner.Read(rowVolts, patches, outputs);
        AddNoise(rowVolts, patches, outputs);
    }

    /// <summary>
    /// Adds each read's noise sample to <paramref name="outputs"/> [patches × outputs], read p with row volts p: the
    /// dc read above and the tran read (<see cref="TranTileReader"/>, the same samples for the same image) use it.
    /// </summary>
    public void AddNoise(ReadOnlySpan<double> rowVolts, int patches, Span<double> outputs)
    {
        // Calibration reads (converter ranges, column correction) run outside an image and stay noiseless: the fit a
        // calibration that averages many reads converges to.
        if (ReadNoiseContext.Image < 0) return;
        int rows = Tile.Rows, outs = Tile.Outputs;
        var thermal = noise.ThermalVariance;
        var q = noise.ReadCoefficients;
        Span<double> variance = outs <= 512 ? stackalloc double[outs] : new double[outs];
        ulong image = ImageKey();
        for (int p = 0; p < patches; p++)
        {
            thermal.CopyTo(variance);
            if (q is not null)
            {
                var v = rowVolts.Slice(p * rows, rows);
                for (int r = 0; r < rows; r++)
                {
                    double v2 = v[r] * v[r];
                    if (v2 == 0) continue;
                    var qr = q.AsSpan(r * outs, outs);
                    for (int j = 0; j < outs; j++) variance[j] = Math.FusedMultiplyAdd(v2, qr[j], variance[j]);
                }
            }
            var o = outputs.Slice(p * outs, outs);
            ulong patch = Mix(image + (ulong)p);
            for (int j = 0; j < outs; j++) o[j] += Math.Sqrt(variance[j]) * Gaussian(patch, (ulong)j);
        }
    }

    /// <summary>
    /// The variance of the bias row's fixed read (Vread² times its read-noise coefficients) plus the thermal variance,
    /// per output: the part of every read's variance that does not depend on the input rows.
    /// </summary>
    public double[] FixedVariance(double vreadVolts)
    {
        var v = (double[])noise.ThermalVariance.Clone();
        if (noise.ReadCoefficients is { } q && Tile.HoldsBiasRow)
            for (int j = 0; j < v.Length; j++) v[j] += vreadVolts * vreadVolts * q[(Tile.Rows - 1) * Tile.Outputs + j];
        return v;
    }

    /// <summary>
    /// The controller's batched form of <see cref="Read"/>: adds to acc [outputs × patches] (output-major) the samples
    /// √variance·N(0,1) of the image being read, with the same (patch, output) counters as <see cref="Read"/>, so
    /// both paths draw the same samples. Outside an image nothing is added.
    /// </summary>
    public void AddSamples(Span<double> acc, ReadOnlySpan<double> variance, int outputs, int patches)
    {
        if (ReadNoiseContext.Image < 0) return;
        if (acc.Length < outputs * patches || variance.Length < outputs * patches)
            throw new ArgumentException("AddSamples: buffer too small.");
        ulong image = ImageKey();
        // The patch keys once per read (not once per output), then one contiguous run of patches per output.
        var keys = t_patchKeys is { } k && k.Length >= patches ? k : t_patchKeys = new ulong[Math.Max(patches, 64)];
        for (int p = 0; p < patches; p++) keys[p] = Mix(image + (ulong)p);
        for (int j = 0; j < outputs; j++)
            AddScaledGaussians(acc.Slice(j * patches, patches), variance.Slice(j * patches, patches), keys.AsSpan(0, patches), (ulong)j);
    }

    [ThreadStatic] private static ulong[]? t_patchKeys;

    /// <summary>
    /// acc[p] += √variance[p]·<see cref="Gaussian"/>(keys[p], j) for every p: the same hash, the same uniform-to-double
    /// conversion and the same IEEE operations in the same order as the scalar form (a sum of four 16-bit words is below
    /// 2^18, so it is converted exactly by placing it in the mantissa of 2^52), four patches per 256-bit vector, so the
    /// values are bit-identical to the scalar ones (tests/Cosim.Tests/CosimNoiseTests.cs checks it).
    /// </summary>
    internal static void AddScaledGaussians(Span<double> acc, ReadOnlySpan<double> variance, ReadOnlySpan<ulong> keys, ulong j)
    {
        int n = keys.Length, p = 0;
        ulong salt = j * 0x9E3779B97F4A7C15UL;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<ulong>.Count)
        {
            ref double ra = ref MemoryMarshal.GetReference(acc);
            ref double rv = ref MemoryMarshal.GetReference(variance);
            ref ulong rk = ref MemoryMarshal.GetReference(keys);
            var vSalt = Vector256.Create(salt);
            var c1 = Vector256.Create(0xBF58476D1CE4E5B9UL);
            var c2 = Vector256.Create(0x94D049BB133111EBUL);
            var word = Vector256.Create(0xFFFFUL);
            var exponent = Vector256.Create(0x4330000000000000UL);                    // the bits of 2^52
            var two52 = Vector256.Create(4503599627370496.0);
            var two = Vector256.Create(2.0);
            var lsb = Vector256.Create(1.0 / 65536);
            var root3 = Vector256.Create(1.7320508075688772);
            for (; p + Vector256<ulong>.Count <= n; p += Vector256<ulong>.Count)
            {
                var z = Vector256.LoadUnsafe(ref rk, (nuint)p) ^ vSalt;
                z = (z ^ Vector256.ShiftRightLogical(z, 30)) * c1;
                z = (z ^ Vector256.ShiftRightLogical(z, 27)) * c2;
                z ^= Vector256.ShiftRightLogical(z, 31);
                var sum = (z & word) + (Vector256.ShiftRightLogical(z, 16) & word) + (Vector256.ShiftRightLogical(z, 32) & word)
                          + Vector256.ShiftRightLogical(z, 48);
                var u = (sum | exponent).AsDouble() - two52;
                var g = ((u + two) * lsb - two) * root3;
                var a = Vector256.LoadUnsafe(ref ra, (nuint)p);
                (a + Vector256.Sqrt(Vector256.LoadUnsafe(ref rv, (nuint)p)) * g).StoreUnsafe(ref ra, (nuint)p);
            }
        }
        for (; p < n; p++) acc[p] += Math.Sqrt(variance[p]) * Gaussian(keys[p], j);
    }

    private ulong ImageKey() => Mix(_key ^ (ulong)ReadNoiseContext.Image * 0xD1B54A32D192ED03UL);

    /// <summary>
    /// Zero-mean, unit-variance sample j of a patch: the sum of four independent uniforms (the four 16-bit words of one
    /// hash), (Σu − 2)·√3 (Irwin–Hall; variance exactly 1, excess kurtosis −0.3, bounded at ±3.46). One hash per
    /// sample instead of Box–Muller's logarithm and sine keeps noisy reads within the cost budget; the noise of a read
    /// is itself a sum of many independent contributions (cells, resistors, op-amps), which this sum also stands for.
    /// </summary>
    internal static double Gaussian(ulong key, ulong j)
    {
        ulong h = Mix(key ^ (j * 0x9E3779B97F4A7C15UL));
        double sum = (h & 0xFFFF) + ((h >> 16) & 0xFFFF) + ((h >> 32) & 0xFFFF) + (h >> 48);
        // Each word is (k + 0.5)/65536 in (0, 1): mean 2 for the four, variance 4·(1 − 2^−32)/12 ≈ 1/3.
        return ((sum + 2) * (1.0 / 65536) - 2) * 1.7320508075688772;
    }

    /// <summary>SplitMix64 finalizer (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s) h = (h ^ c) * 16777619;
            return h;
        }
    }
}

/// <summary>
/// The image a thread is reading (set by the co-simulation runner around each image), so per-read noise samples depend
/// on the image and not on the thread schedule. −1 outside an image (calibration reads).
/// </summary>
public static class ReadNoiseContext
{
    [ThreadStatic] private static long t_image;
    [ThreadStatic] private static bool t_set;

    /// <summary>Index of the image being read on this thread, or −1.</summary>
    public static long Image => t_set ? t_image : -1;

    /// <summary>Sets the image of this thread until the returned scope is disposed.</summary>
    public static Scope For(long image)
    {
        var previous = (t_set, t_image);
        t_set = true; t_image = image;
        return new Scope(previous.t_set, previous.t_image);
    }

    /// <summary>Restores the previous image of the thread.</summary>
    public readonly struct Scope(bool wasSet, long previous) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() { t_set = wasSet; t_image = previous; }
    }
}
