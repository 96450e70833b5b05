using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Tests;

public class CircuitBackendTests
{
    private static DigitalController Controller(NonIdealities settings, ICrossbarBackend backend, int seed = 3) =>
        TestModels.Controller(settings, backend, seed);

    private static double[] RandomVolts(int rows, double vread, Random rng, bool holdsBias)
    {
        var v = new double[rows];
        for (int r = 0; r < rows; r++) v[r] = rng.NextDouble() * vread;
        if (holdsBias) v[^1] = vread;
        return v;
    }

    [Theory]
    [InlineData("conv1", 0, 0)]
    [InlineData("classifier", 0, 0)]
    [InlineData("classifier", 0, 1)]
    [InlineData("dw2", 5, 0)]
    public void Fast_path_equals_per_patch_newton_with_wires_and_finite_gain(string layer, int crossbar, int tile)
    {
        var settings = new NonIdealities
        {
            WireRowOhms = 1, WireColumnOhms = 1, DriverOhms = 5, OpAmpGain = 1e5, VariationSigma = 0.1, VariationSeed = 9,
            CalibrationImages = 10,
        };
        var backend = new CircuitDcBackend(settings);
        var controller = Controller(settings, backend);
        var plan = controller.Plans.Single(p => p.Stage.Name == layer);
        var reader = plan.Readers[crossbar][tile];
        var t = reader.Tile;
        var rng = new Random(17);
        // Newton with tight tolerances so that its own convergence error is far below the 1e-9 being checked.
        var tight = new SimulationOptions { RelTol = 1e-13, VnTol = 1e-15, AbsTol = 1e-18 };
        for (int patch = 0; patch < 3; patch++)
        {
            var volts = RandomVolts(t.Rows, settings.VreadVolts, rng, t.HoldsBiasRow);
            var fast = new double[t.Outputs];
            reader.Read(volts, 1, fast);
            var newton = backend.SolveWithNewton(t, volts, tight);
            double scale = newton.Max(Math.Abs);
            for (int j = 0; j < t.Outputs; j++)
                Assert.True(Math.Abs(fast[j] - newton[j]) <= 1e-9 * scale,
                    $"{t.Id} patch {patch} output {j}: fast {fast[j]:R}, Newton {newton[j]:R} (scale {scale:G3})");
        }
    }

    [Fact]
    public void Ideal_circuit_transfer_matrix_is_the_weight_matrix()
    {
        // Ideal wires, drivers and op-amps, continuous conductances: out = Rf·Σ(G+ − G−)·V, and the conversion by
        // wmax/(Rf·(Gmax − Gmin)) gives back Σ w·V; rounding in the LU solve is ~1e-15 relative.
        var settings = new NonIdealities { CalibrationImages = 10 };
        var controller = Controller(settings, new CircuitDcBackend(settings));
        foreach (var plan in controller.Plans)
        {
            var reader = (MatrixTileReader)plan.Readers[0][^1];
            var t = reader.Tile;
            double wmax = t.MaxAbsWeight;
            for (int i = 0; i < t.Weights.Length; i++)
                Assert.True(Math.Abs(reader.Transfer[i] - t.Weights[i]) <= 1e-12 * Math.Max(wmax, 1), $"{t.Id} entry {i}");
        }
    }

    [Fact]
    public void Wire_resistance_error_vanishes_linearly_as_the_segments_shrink()
    {
        // IR drop is first order in the segment resistance R for small R: the transfer-matrix deviation at 0.1 Ω must be
        // about a tenth of the one at 1 Ω (within 20 %, the second-order share at 1 Ω in a 10-row, 64-column tile).
        var ideal = new NonIdealities { CalibrationImages = 10, DacBits = 0, AdcBits = 0 };
        double[] Transfer(double ohms)
        {
            var s = ideal with { WireRowOhms = ohms, WireColumnOhms = ohms };
            var plan = Controller(s, new CircuitDcBackend(s)).Plans[0];
            return ((MatrixTileReader)plan.Readers[0][0]).Transfer.ToArray();
        }
        var t0 = Transfer(0);
        double Deviation(double[] t) => t0.Zip(t, (x, y) => Math.Abs(x - y)).Max();
        double d1 = Deviation(Transfer(1)), d01 = Deviation(Transfer(0.1));
        Assert.True(d1 > 0, "wire resistance had no effect");
        Assert.InRange(d01 / d1, 0.08, 0.12);
    }

    [Fact]
    public void Swing_limit_is_rejected_by_the_linear_fast_path_with_the_field_name()
    {
        var settings = new NonIdealities { OpAmpSwingVolts = 1.5, CalibrationImages = 10 };
        var ex = Assert.Throws<NonIdealitiesException>(() => Controller(settings, new CircuitDcBackend(settings)));
        Assert.Equal("opAmp.swingVolts", ex.Field);
    }
}

public class ColumnCorrectionTests
{
    [Fact]
    public void Correction_fit_is_identity_for_the_ideal_backend_and_undoes_a_known_gain()
    {
        var w = new double[] { 0.5, -1, 2, 0.25, 1, -0.5 }; // 3 rows × 2 outputs, last row is the bias row
        var matrix = new CrossbarMatrix(3, 2, w.Select(v => (float)v).ToArray(), null);
        var tile = new CrossbarTile("t", AnalogKind.Pointwise, 0, 0, 0, 0, 3, 2, w, true, 0.2, matrix, 1);
        var rng = new Random(3);
        var volts = new double[50 * 3];
        for (int p = 0; p < 50; p++) { volts[3 * p] = 0.2 * rng.NextDouble(); volts[3 * p + 1] = 0.2 * rng.NextDouble(); volts[3 * p + 2] = 0.2; }
        var identity = ColumnCorrection.Fit(new MatrixTileReader(tile, w, null), volts, 50);
        // Exact data: the least-squares fit recovers gain 1 and offset 0 up to double rounding of the sums.
        Assert.All(identity.Gain, g => Assert.Equal(1, g, 1e-12));
        Assert.All(identity.Offset, o => Assert.Equal(0, o, 1e-12));
        // A reader with 0.9× gain and an offset of 0.01 on each output is corrected back exactly.
        var scaled = new MatrixTileReader(tile, w.Select(v => 0.9 * v).ToArray(), [0.01, 0.01]);
        var c = ColumnCorrection.Fit(scaled, volts, 50);
        var read = new double[2];
        scaled.Read(volts.AsSpan(0, 3), 1, read);
        double ideal0 = volts[0] * w[0] + volts[1] * w[2] + volts[2] * w[4];
        Assert.Equal(ideal0, c.Apply(0, read[0]), 1e-12);
    }

    [Fact]
    public void Correction_reduces_the_wire_resistance_error_of_the_circuit()
    {
        var raw = new NonIdealities { WireRowOhms = 2, WireColumnOhms = 2, DacBits = 0, AdcBits = 0, CalibrationImages = 10, ColumnCalibrationImages = 0 };
        var corrected = raw with { ColumnCalibrationImages = 10 };
        double Rms(NonIdealities s)
        {
            var session = new CosimSession(TestModels.Msccnn(seed: 8), "w", s, new CircuitDcBackend(s), "dc",
                TestModels.Mnist(300, 10), TestModels.Mnist(0, 4), 4);
            return session.Run(Shard.Whole, 2).Outcome.Layers.Single(l => l.Layer == "pw2").VsSameInput.RmsError;
        }
        double before = Rms(raw), after = Rms(corrected);
        Assert.True(after < 0.5 * before, $"pw2 RMS error {before} without, {after} with the correction");
    }
}
