using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;
using static MemristorSpice.Crossbar.Tests.Generation.GenerationFixtures;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>Op-amp model choices and the co-simulator's access path (row sources in, output nodes out).</summary>
public class ReadoutTests
{
    /// <summary>
    /// Every op-amp macro model: ngspice on the netlist text agrees with the engine circuit within 1e-6 of the largest
    /// output (same equations on both sides: the op-amp subcircuit is generated from the parameters the native op-amp
    /// uses). The finite-gain outputs must also differ from the ideal ones by the expected gain error (> 1e-5 relative
    /// with A0 = 1e4), so the model choice demonstrably reaches both circuits.
    /// </summary>
    [Theory]
    [InlineData(OpAmpModelKind.FiniteGain)]
    [InlineData(OpAmpModelKind.SinglePole)]
    [InlineData(OpAmpModelKind.SwingLimited)]
    public void OpAmpModels_AgreeBetweenEngineAndNgspice(OpAmpModelKind kind)
    {
        var m = RandomMatrix(6, 3, 21);
        var patch = RandomPatch(6, 22);
        var options = Options(new CrossbarNonIdealities { RowWireOhms = 3, ColumnWireOhms = 3 }) with { OpAmp = CrossbarOpAmps.For(kind) };
        var tile = new CrossbarGenerator(options).Generate(m, CrossbarContext.ForMatrix("amp"), patch).Tiles[0];
        var engine = EngineOutputs(tile);
        var spice = NgspiceOutputs(tile, out _);
        Assert.True(MaxRelativeError(spice, engine, engine.Max(Math.Abs)) < 1e-6, $"{kind}: engine vs ngspice");
        var ideal = EngineOutputs(new CrossbarGenerator(options with { OpAmp = null }).Generate(m, CrossbarContext.ForMatrix("amp"), patch).Tiles[0]);
        if (kind == OpAmpModelKind.FiniteGain) Assert.True(MaxRelativeError(engine, ideal, ideal.Max(Math.Abs)) > 1e-5);
    }

    /// <summary>
    /// The co-simulator's fast path: read-resistor cells in a <see cref="LinearCircuitSolver"/> with the tile's row
    /// sources as inputs (<see cref="CrossbarTileLayout.RowSourceNames"/>, values from <see cref="CrossbarTileLayout.RowVolts"/>)
    /// and its output signals as probes; summed over the three tiles of a 300-row matrix and divided by K, each patch
    /// gives W·x + b within 1e-9 relative (ideal readout: exact up to round-off).
    /// </summary>
    [Fact]
    public void LinearSolverOverTiles_GivesWxPlusB_ForManyPatches()
    {
        var m = RandomMatrix(300, 4, 31);
        var x = new CrossbarGenerator(Options()).Generate(m, CrossbarContext.ForMatrix("cosim"));
        var patches = Enumerable.Range(0, 5).Select(s => RandomPatch(300, 40 + s)).ToList();
        var sums = patches.Select(_ => new double[4]).ToList();
        foreach (var tile in x.Tiles)
        {
            var solver = new LinearCircuitSolver(CrossbarCircuitBuilder.Build(tile, CellElementKind.ReadResistor), tile.RowSourceNames);
            var outs = solver.SolveBatch(patches.Select(p => tile.RowVolts(p)).ToList(), tile.OutputSignals);
            for (int e = 0; e < patches.Count; e++)
                for (int j = 0; j < 4; j++) sums[e][j] += outs[e][j];
        }
        for (int e = 0; e < patches.Count; e++)
        {
            var ideal = Ideal(m, patches[e]);
            var measured = sums[e].Select(v => v / x.OutputVoltsPerUnit).ToArray();
            Assert.True(MaxRelativeError(measured, ideal, ideal.Max(Math.Abs)) < 1e-9, $"patch {e}");
        }
    }
}
