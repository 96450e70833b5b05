using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using static MemristorSpice.Crossbar.Tests.Generation.GenerationFixtures;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>Row/column wire segments and driver resistance: closed form, ngspice, monotone degradation.</summary>
public class WireResistanceTests
{
    private static readonly CrossbarMatrix TwoByTwo = new(2, 1, [0.7f, -0.4f], null);
    private static readonly float[] TwoByTwoInput = [0.6f, 1f];

    /// <summary>
    /// 2 rows (input, bias) × 1 output (columns p, n), column wires only, ideal op-amps (columns end at exactly 0 V).
    /// Column c, cells G0 (row 0, top) and G1 (row 1), nodes B0, B1, segment conductance g:
    ///   KCL B0: G0·(V0 − B0) = g·(B0 − B1);  KCL B1: G1·(V1 − B1) + g·(B0 − B1) = g·B1
    ///   ⇒ B1 = (G1·V1 + g·G0·V0/(G0 + g)) / (G1 + 2g − g²/(G0 + g)),  I_c = g·B1,  out = Rf·(I_p − I_n).
    /// Tolerance 1e-9 relative: exact circuit, only round-off.
    /// </summary>
    [Fact]
    public void TwoByTwo_ColumnWires_MatchTheClosedForm()
    {
        const double rw = 250.0;
        var xbar = new CrossbarGenerator(Options(new CrossbarNonIdealities { ColumnWireOhms = rw })).Generate(TwoByTwo, CrossbarContext.ForMatrix("cw"), TwoByTwoInput);
        var tile = xbar.Tiles[0];
        double v0 = tile.Rows[0].Volts, v1 = tile.Rows[1].Volts, g = 1 / rw;
        double Column(int c)
        {
            double g0 = xbar.Cells[0, c].ProgrammedSiemens, g1 = xbar.Cells[1, c].ProgrammedSiemens;
            var b1 = (g1 * v1 + g * g0 * v0 / (g0 + g)) / (g1 + 2 * g - g * g / (g0 + g));
            return g * b1;
        }
        var expected = xbar.Options.FeedbackOhms * (Column(0) - Column(1));
        var actual = EngineOutputs(tile)[0];
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), $"engine {actual} V, closed form {expected} V");
    }

    /// <summary>
    /// Same 2×2, row wires plus driver resistance only. Row r: source V → (Rd + Rw) → A0 (cell Gp) → Rw → A1 (cell Gn),
    /// columns at 0 V. With g1 = 1/(Rd + Rw), g = 1/Rw: A1 = A0·g/(g + Gn), A0 = g1·V / (g1 + Gp + g − g²/(g + Gn));
    /// I_p = Σ_r Gp·A0, I_n = Σ_r Gn·A1. Tolerance 1e-9 relative (exact circuit).
    /// </summary>
    [Fact]
    public void TwoByTwo_RowWiresAndDriver_MatchTheClosedForm()
    {
        const double rw = 400.0, rd = 1000.0;
        var xbar = new CrossbarGenerator(Options(new CrossbarNonIdealities { RowWireOhms = rw, DriverOhms = rd }))
            .Generate(TwoByTwo, CrossbarContext.ForMatrix("rw"), TwoByTwoInput);
        var tile = xbar.Tiles[0];
        double g = 1 / rw, g1 = 1 / (rd + rw), ip = 0, inn = 0;
        for (int r = 0; r < 2; r++)
        {
            double gp = xbar.Cells[r, 0].ProgrammedSiemens, gn = xbar.Cells[r, 1].ProgrammedSiemens, v = tile.Rows[r].Volts;
            var a0 = g1 * v / (g1 + gp + g - g * g / (g + gn));
            var a1 = a0 * g / (g + gn);
            ip += gp * a0;
            inn += gn * a1;
        }
        var expected = xbar.Options.FeedbackOhms * (ip - inn);
        var actual = EngineOutputs(tile)[0];
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), $"engine {actual} V, closed form {expected} V");
    }

    /// <summary>
    /// N rows × N/2 outputs (N physical columns) with 5 Ohm row and column segments and 50 Ohm drivers: ngspice on the
    /// same netlist text within 1e-6 relative to the largest output (double-precision solves of the same linear
    /// network once the frozen states are found; ngspice stops iterating on its own tolerances).
    /// </summary>
    [Theory]
    [InlineData(8)]
    [InlineData(32)]
    public void WithWires_NgspiceAgreesWithEngine(int n)
    {
        var m = RandomMatrix(n, n / 2, 100 + n);
        var patch = RandomPatch(n, 200 + n);
        var ni = new CrossbarNonIdealities { RowWireOhms = 5, ColumnWireOhms = 5, DriverOhms = 50 };
        var tile = new CrossbarGenerator(Options(ni)).Generate(m, CrossbarContext.ForMatrix($"w{n}"), patch).Tiles[0];
        var engine = EngineOutputs(tile);
        var spice = NgspiceOutputs(tile, out _);
        var floor = engine.Max(Math.Abs);
        Assert.True(MaxRelativeError(spice, engine, floor) < 1e-6,
            $"max relative difference {MaxRelativeError(spice, engine, floor):E3}");
    }

    /// <summary>
    /// RMS output error against K·(W·x + b) for wire segments of 0 … 50 Ohms on a 16 × 8 crossbar with inputs in [0, 1]:
    /// every step up in resistance must raise the error (IR drop only removes current; checked strictly).
    /// </summary>
    [Fact]
    public void OutputError_GrowsMonotonicallyWithWireResistance()
    {
        var m = RandomMatrix(16, 8, 7);
        var patch = RandomPatch(16, 8);
        double previous = -1;
        foreach (var rw in new[] { 0.0, 0.5, 1, 2, 5, 10, 20, 50 })
        {
            var xbar = new CrossbarGenerator(Options(new CrossbarNonIdealities { RowWireOhms = rw, ColumnWireOhms = rw }))
                .Generate(m, CrossbarContext.ForMatrix("mono"), patch);
            var outs = EngineOutputs(xbar.Tiles[0]);
            var ideal = Ideal(m, patch);
            var rms = Math.Sqrt(outs.Select((v, j) => Math.Pow(v - xbar.OutputVoltsPerUnit * ideal[j], 2)).Average());
            Assert.True(rms > previous, $"RMS error {rms} V at {rw} Ohms is not above {previous} V");
            previous = rms;
        }
    }
}
