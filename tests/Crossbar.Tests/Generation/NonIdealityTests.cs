using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using static MemristorSpice.Crossbar.Tests.Generation.GenerationFixtures;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>Levels, variation and stuck-at faults touch exactly the cells they should, reproducibly for a seed.</summary>
public class NonIdealityTests
{
    private static readonly CrossbarMatrix Matrix = RandomMatrix(20, 6, 5);

    private static GeneratedCrossbar Generate(CrossbarNonIdealities ni) =>
        new CrossbarGenerator(Options(ni)).Generate(Matrix, CrossbarContext.ForMatrix("ni"));

    private static IEnumerable<(int R, int C, CellConductance Cell)> All(GeneratedCrossbar x)
    {
        for (int r = 0; r < x.Cells.GetLength(0); r++)
            for (int c = 0; c < x.Cells.GetLength(1); c++) yield return (r, c, x.Cells[r, c]);
    }

    /// <summary>Without non-idealities every cell holds its exact target (bit-exact: no arithmetic is applied).</summary>
    [Fact]
    public void Ideal_EveryCellIsItsTarget()
    {
        foreach (var (_, _, cell) in All(Generate(CrossbarNonIdealities.None)))
        {
            Assert.Equal(cell.TargetSiemens, cell.ProgrammedSiemens);
            Assert.Equal(CellFault.None, cell.Fault);
        }
    }

    /// <summary>Levels: each cell moves to the nearest of N evenly spaced levels (within half a step, 1e-12 relative
    /// round-off), lands on a level exactly, and cells already on a level (the Gmin of every zero side) stay put.</summary>
    [Fact]
    public void Levels_SnapEachCellToTheNearestLevel()
    {
        var x = Generate(new CrossbarNonIdealities { Levels = 5 });
        var range = x.Mapping.Range;
        var step = range.SpanSiemens / 4;
        int unchanged = 0;
        foreach (var (_, _, cell) in All(x))
        {
            Assert.True(Math.Abs(cell.ProgrammedSiemens - cell.TargetSiemens) <= step / 2 * (1 + 1e-12));
            var k = (cell.ProgrammedSiemens - range.MinSiemens) / step;
            Assert.True(Math.Abs(k - Math.Round(k)) < 1e-9, $"{cell.ProgrammedSiemens} S is not on a level");
            if (cell.TargetSiemens == range.MinSiemens) { Assert.Equal(range.MinSiemens, cell.ProgrammedSiemens); unchanged++; }
        }
        Assert.Equal(Matrix.Rows * Matrix.Outputs, unchanged); // one side of every pair is at Gmin
    }

    /// <summary>Stuck-at faults: a stuck cell is exactly Gmin or Gmax, every other cell exactly its target; the same
    /// seed picks the same cells, another seed other cells; the fraction is near the rates (240 cells, ±4 sigma).</summary>
    [Fact]
    public void StuckAt_ChangesOnlyTheStuckCells_ReproduciblyForASeed()
    {
        var ni = new CrossbarNonIdealities { StuckAtMinRate = 0.1, StuckAtMaxRate = 0.05, FaultSeed = 42 };
        var a = Generate(ni);
        var b = Generate(ni);
        var c = Generate(ni with { FaultSeed = 43 });
        var range = a.Mapping.Range;
        int min = 0, max = 0;
        foreach (var (r, col, cell) in All(a))
        {
            Assert.Equal(cell, b.Cells[r, col]);
            switch (cell.Fault)
            {
                case CellFault.StuckAtMin: Assert.Equal(range.MinSiemens, cell.ProgrammedSiemens); min++; break;
                case CellFault.StuckAtMax: Assert.Equal(range.MaxSiemens, cell.ProgrammedSiemens); max++; break;
                default: Assert.Equal(cell.TargetSiemens, cell.ProgrammedSiemens); break;
            }
        }
        int n = Matrix.Rows * Matrix.Outputs * 2;
        Assert.InRange(min, n * 0.1 - 4 * Math.Sqrt(n * 0.09), n * 0.1 + 4 * Math.Sqrt(n * 0.09));
        Assert.InRange(max, n * 0.05 - 4 * Math.Sqrt(n * 0.0475), n * 0.05 + 4 * Math.Sqrt(n * 0.0475));
        Assert.Contains(All(a), t => t.Cell.Fault != c.Cells[t.R, t.C].Fault);
    }

    /// <summary>Variation: every cell is target·exp(sigma·z) (1e-15 relative round-off) clamped to the device range; the
    /// same seed gives bit-identical cells, another seed different ones; sigma 0 changes nothing; and adding faults does
    /// not move the variation draws of the healthy cells.</summary>
    [Fact]
    public void Variation_IsLogNormalPerCell_AndReproducible()
    {
        var ni = new CrossbarNonIdealities { VariationSigma = 0.1, VariationSeed = 9 };
        var a = Generate(ni);
        var b = Generate(ni);
        var other = Generate(ni with { VariationSeed = 10 });
        var withFaults = Generate(ni with { StuckAtMaxRate = 0.2 });
        double logSum = 0, logSq = 0;
        var device = CrossbarDevice.FromPreset(a.Options.DevicePreset);
        int count = 0;
        foreach (var (r, c, cell) in All(a))
        {
            Assert.Equal(cell, b.Cells[r, c]);
            Assert.NotEqual(cell.VariationFactor, other.Cells[r, c].VariationFactor);
            var expected = Math.Clamp(cell.TargetSiemens * cell.VariationFactor, device.MinConductanceSiemens, device.MaxConductanceSiemens);
            Assert.True(Math.Abs(cell.ProgrammedSiemens - expected) <= 1e-15 * expected);
            if (withFaults.Cells[r, c].Fault == CellFault.None) Assert.Equal(cell, withFaults.Cells[r, c]);
            var l = Math.Log(cell.VariationFactor);
            logSum += l; logSq += l * l; count++;
        }
        var sd = Math.Sqrt(logSq / count - Math.Pow(logSum / count, 2));
        Assert.InRange(sd, 0.08, 0.12); // 240 draws: the sample sigma is within ±20 % of 0.1 at > 4 sigma
        foreach (var (_, _, cell) in All(Generate(ni with { VariationSigma = 0 })))
            Assert.Equal(cell.TargetSiemens, cell.ProgrammedSiemens);
    }

    /// <summary>The programmed cells reach the netlist and the circuit: the rinit written for each instance is the
    /// resistance of its programmed conductance (1e-12 relative: state round trip), so faults show up in both.</summary>
    [Fact]
    public void ProgrammedConductances_AreWhatTheNetlistAndCircuitCarry()
    {
        var x = Generate(new CrossbarNonIdealities { VariationSigma = 0.2, StuckAtMinRate = 0.1, StuckAtMaxRate = 0.1 });
        var tile = x.Tiles[0];
        var text = CrossbarNetlistWriter.Write(tile);
        foreach (var cell in tile.Cells)
        {
            var expected = 1 / x.Cells[cell.LogicalRow, 2 * cell.Output + (cell.IsPositive ? 0 : 1)].ProgrammedSiemens;
            var line = text.Split('\n').Single(l => l.StartsWith(cell.Name + " ", StringComparison.Ordinal));
            var rinit = double.Parse(line[(line.IndexOf("rinit=", StringComparison.Ordinal) + 6)..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(rinit - expected) <= 1e-12 * expected, $"{cell.Name}: rinit {rinit}, expected {expected}");
            var entity = (Devices.Native.Memristor)CrossbarCircuitBuilder.Build(tile)[cell.Name];
            Assert.True(Math.Abs(entity.Model.Resistance(entity.InitialState) - expected) <= 1e-12 * expected);
        }
    }
}
