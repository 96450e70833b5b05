using CsCheck;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using static MemristorSpice.Crossbar.Tests.Generation.GenerationFixtures;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>Ideal op-amps, no wires, no variation: the circuit computes K·(W·x + b).</summary>
public class IdealCrossbarTests
{
    /// <summary>
    /// Tolerance 1e-9 relative to the output scale K·max|W·x+b|: the only modelled error is the op-amp gain error,
    /// noise gain / A0 ≤ (1 + 17·Rf·Gmax)/1e12 ≈ 2e-11 for these sizes, plus round-off of a well-conditioned solve.
    /// </summary>
    [Fact]
    public void EngineOutput_EqualsScaledWxPlusB_ForRandomMatricesAndInputs()
    {
        Gen.Select(Gen.Int[2, 17], Gen.Int[1, 6], Gen.Int, Gen.Int).Sample((rows, outputs, wSeed, xSeed) =>
        {
            var m = RandomMatrix(rows, outputs, wSeed);
            var patch = RandomPatch(rows, xSeed);
            var xbar = new CrossbarGenerator(Options()).Generate(m, CrossbarContext.ForMatrix("prop"), patch);
            var tile = Assert.Single(xbar.Tiles);
            var ideal = Ideal(m, patch);
            var outputs_ = EngineOutputs(tile);
            var scale = ideal.Max(Math.Abs) * xbar.OutputVoltsPerUnit;
            for (int j = 0; j < outputs; j++)
            {
                var err = Math.Abs(outputs_[j] - xbar.OutputVoltsPerUnit * ideal[j]) / Math.Max(scale, 1e-12);
                if (err > 1e-9) return false;
            }
            return true;
        }, iter: 40);
    }

    /// <summary>Same property through the read-mode resistor cells (the linear fast path), same tolerance.</summary>
    [Fact]
    public void ReadResistorCells_GiveTheSameOutputsAsMemristorCells()
    {
        var m = RandomMatrix(12, 4, 3);
        var patch = RandomPatch(12, 4);
        var tile = new CrossbarGenerator(Options()).Generate(m, CrossbarContext.ForMatrix("read"), patch).Tiles[0];
        var a = EngineOutputs(tile);
        var b = EngineOutputs(tile, CellElementKind.ReadResistor);
        Assert.True(MaxRelativeError(a, b, 1e-6) < 1e-12, "memristors in OP are the resistors R(x0)");
    }

    /// <summary>ngspice on the same netlist text: 1e-6 relative (ngspice's iteration stops at reltol 1e-3 on a
    /// problem that is linear once the frozen states are found, so its answer is exact to round-off in practice).</summary>
    [Fact]
    public void Ngspice_AgreesWithEngine_OnTheSameNetlist()
    {
        var m = RandomMatrix(9, 4, 11);
        var patch = RandomPatch(9, 12);
        var xbar = new CrossbarGenerator(Options()).Generate(m, CrossbarContext.ForMatrix("ideal"), patch);
        var tile = xbar.Tiles[0];
        var engine = EngineOutputs(tile);
        var spice = NgspiceOutputs(tile, out _);
        var floor = 1e-3 * engine.Max(Math.Abs);
        Assert.True(MaxRelativeError(spice, engine, floor) < 1e-6, $"engine [{string.Join(", ", engine)}] vs ngspice [{string.Join(", ", spice)}]");
        var ideal = Ideal(m, patch).Select(v => v * xbar.OutputVoltsPerUnit).ToArray();
        Assert.True(MaxRelativeError(spice, ideal, floor) < 1e-6);
    }
}
