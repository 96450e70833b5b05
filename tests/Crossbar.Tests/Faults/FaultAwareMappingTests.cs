using CsCheck;
using MemristorSpice.Crossbar.Faults;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;
using static MemristorSpice.Crossbar.Tests.Generation.GenerationFixtures;

namespace MemristorSpice.Crossbar.Tests.Faults;

/// <summary>Physical fault maps, the pair cost, the Hungarian solver and the fault-aware placement.</summary>
public class FaultAwareMappingTests
{
    /// <summary>
    /// The Hungarian method against brute force over every injective row → column map of small random matrices
    /// (n ≤ m ≤ 6). Tolerance 1e-9 absolute on costs in [0, 10]: both sum at most 6 of the same doubles, the
    /// potentials only change which sum is picked.
    /// </summary>
    [Fact]
    public void Hungarian_FindsTheBruteForceMinimum()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Int[0, 3], Gen.Int, Gen.Bool).Sample((n, extra, seed, integers) =>
        {
            int m = Math.Min(6, n + extra);
            var rng = new Random(seed);
            var cost = new double[n, m];
            // Integer costs make ties (several optima), the real ones the general case.
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++) cost[i, j] = integers ? rng.Next(4) : 10 * rng.NextDouble();
            var assignment = LinearAssignment.Solve(cost);
            if (assignment.Distinct().Count() != n || assignment.Any(j => j < 0 || j >= m)) return false;
            return Math.Abs(LinearAssignment.Cost(cost, assignment) - BruteForce(cost)) < 1e-9;
        }, iter: 300);
    }

    private static double BruteForce(double[,] cost)
    {
        int n = cost.GetLength(0), m = cost.GetLength(1);
        double best = double.PositiveInfinity;
        var used = new bool[m];
        void Walk(int i, double sum)
        {
            if (i == n) { best = Math.Min(best, sum); return; }
            for (int j = 0; j < m; j++)
            {
                if (used[j]) continue;
                used[j] = true;
                Walk(i + 1, sum + cost[i, j]);
                used[j] = false;
            }
        }
        Walk(0, 0);
        return best;
    }

    /// <summary>
    /// The closed-form pair error against a grid search over the working devices' values (step 1e-3 on [0, 1], plus
    /// the fixed values of stuck ones). The grid can only miss the optimum by half a step, which moves the error
    /// (|e| ≤ 2, derivative ≤ 4) by at most 2e-3, so the closed form must lie in [grid − 2e-3, grid] (it is the true
    /// minimum, so never above the grid's).
    /// </summary>
    [Fact]
    public void PairError_IsTheLeastErrorAWorkingPartnerCanReach()
    {
        var faults = new[] { CellFault.None, CellFault.StuckAtMin, CellFault.StuckAtMax };
        var grid = Enumerable.Range(0, 1001).Select(k => k / 1000.0).ToArray();
        foreach (var plus in faults)
            foreach (var minus in faults)
                for (int k = -20; k <= 20; k++)
                {
                    double u = k / 20.0;
                    double[] Values(CellFault f) => f switch { CellFault.StuckAtMin => [0.0], CellFault.StuckAtMax => [1.0], _ => grid };
                    double best = double.PositiveInfinity;
                    foreach (var gp in Values(plus))
                        foreach (var gm in Values(minus)) best = Math.Min(best, (gp - gm - u) * (gp - gm - u));
                    double closed = PairFaultCost.Error(u, plus, minus);
                    Assert.InRange(closed, best - 2e-3, best + 1e-15);
                    var (p, m) = PairFaultCost.Best(u, plus, minus);
                    Assert.Equal(closed, (p - m - u) * (p - m - u), 15);
                    Assert.InRange(p, 0, 1);
                    Assert.InRange(m, 0, 1);
                }
    }

    /// <summary>
    /// Monotonicity on random tiles: the fault-aware placement never costs more than the identity (a step is kept only
    /// when it lowers the cost, and every assignment problem has the current placement as a feasible point), and the
    /// reported cost is the cost of the placement returned. Exact comparisons: both sides are the same sums.
    /// </summary>
    [Fact]
    public void FaultAwarePlacement_NeverCostsMoreThanTheIdentity()
    {
        Gen.Select(Gen.Int[1, 24], Gen.Int[1, 8], Gen.Int[0, 3], Gen.Double[0, 0.3], Gen.Int).Sample((rows, outputs, spare, rate, seed) =>
        {
            var rng = new Random(seed);
            var u = Enumerable.Range(0, rows * outputs).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            var faults = TileFaultMap.Draw(rows, outputs + spare, rate / 2, rate / 2, seed, 7);
            var result = FaultAwarePlacement.Find(u, outputs, faults);
            double identity = FaultAwarePlacement.Cost(u, faults, TilePlacement.Identity(rows, outputs, spare));
            return result.IdentityCost == identity && result.Cost <= identity
                && result.Cost == FaultAwarePlacement.Cost(u, faults, result.Placement);
        }, iter: 200);
    }

    /// <summary>
    /// On random tiles with 2 % stuck devices and one spare pair the placement removes most of the fault cost: the
    /// mean over 20 tiles of 32 × 8 must fall below half the identity's (measured ≈ 0.1; half leaves room for seeds).
    /// </summary>
    [Fact]
    public void FaultAwarePlacement_RemovesMostOfTheCost_OnRandomTiles()
    {
        double before = 0, after = 0;
        for (int seed = 1; seed <= 20; seed++)
        {
            var rng = new Random(seed);
            var u = Enumerable.Range(0, 32 * 8).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            var result = FaultAwarePlacement.Find(u, 8, TileFaultMap.Draw(32, 9, 0.01, 0.01, seed, 3));
            before += result.IdentityCost;
            after += result.Cost;
        }
        Assert.True(before > 0, "the seeds must place some faults");
        Assert.True(after < 0.5 * before, $"fault cost {after} after vs {before} before");
    }

    /// <summary>
    /// Faults are physical: the same seed gives the same faulty devices whatever the placement (here identity vs
    /// fault-aware with a spare pair), and each logical cell carries the fault of the device it is placed on.
    /// </summary>
    [Fact]
    public void FaultMap_BelongsToThePhysicalDevices_NotToTheWeights()
    {
        var m = RandomMatrix(40, 5, 21);
        var ni = new CrossbarNonIdealities { StuckAtMinRate = 0.03, StuckAtMaxRate = 0.03, FaultSeed = 9 };
        var plain = new CrossbarGenerator(Options(ni) with { SpareColumns = 1 }).Generate(m, CrossbarContext.ForMatrix("phys"));
        var aware = new CrossbarGenerator(Options(ni) with { SpareColumns = 1, FaultAware = true }).Generate(m, CrossbarContext.ForMatrix("phys"));
        var a = plain.FaultMaps.Single();
        var b = aware.FaultMaps.Single();
        Assert.True(a.Count > 0);
        Assert.Equal(a.Stuck(), b.Stuck());
        var place = aware.Placements.Single().Placement;
        Assert.False(place.IsIdentity);
        int moved = 0;
        for (int r = 0; r < m.Rows; r++)
            for (int j = 0; j < m.Outputs; j++)
                for (int side = 0; side < 2; side++)
                {
                    var expected = b[place.PhysicalRowOf[r], place.ColumnOf[j], (PairDevice)side];
                    Assert.Equal(expected, aware.Cells[r, 2 * j + side].Fault);
                    if (aware.Cells[r, 2 * j + side].Fault != plain.Cells[r, 2 * j + side].Fault) moved++;
                }
        Assert.True(moved > 0, "a different placement must move the faults to other weights");
        // The layout cells sit on the physical devices the map names.
        foreach (var cell in aware.Tiles[0].Cells)
            Assert.Equal(b[cell.PhysicalRow, cell.PhysicalColumn, cell.IsPositive ? PairDevice.Positive : PairDevice.Negative], cell.Conductance.Fault);
    }

    /// <summary>
    /// Without faults a permuted tile (random row and column permutation, two spare pairs) is the same circuit with
    /// other names: its outputs equal the unpermuted tile's within 1e-12 relative to the output scale (round-off of two
    /// solves in a different order), and both equal K·(W·x + b) in ideal math within 1e-9 (the ideal op-amps' finite
    /// gain, see IdealCrossbarTests).
    /// </summary>
    [Fact]
    public void PermutedTile_ComputesTheSameResult_WithoutFaults()
    {
        Gen.Select(Gen.Int[2, 14], Gen.Int[1, 5], Gen.Int).Sample((rows, outputs, seed) =>
        {
            var m = RandomMatrix(rows, outputs, seed);
            var patch = RandomPatch(rows, seed + 1);
            var identity = new CrossbarGenerator(Options()).Generate(m, CrossbarContext.ForMatrix("perm"), patch);
            var rng = new Random(seed);
            var permuted = new CrossbarGenerator(Options() with { SpareColumns = 2 })
            {
                PlacementOverride = (tile, faults) => new TilePlacement(
                    Enumerable.Range(0, tile.Rows).OrderBy(_ => rng.Next()).ToArray(),
                    Enumerable.Range(0, faults.Columns).OrderBy(_ => rng.Next()).Take(outputs).ToArray(), faults.Columns),
            }.Generate(m, CrossbarContext.ForMatrix("perm"), patch);
            var a = EngineOutputs(identity.Tiles[0], CellElementKind.ReadResistor);
            var b = EngineOutputs(permuted.Tiles[0], CellElementKind.ReadResistor);
            var ideal = Ideal(m, patch).Select(v => v * identity.OutputVoltsPerUnit).ToArray();
            double scale = Math.Max(ideal.Max(Math.Abs), 1e-12);
            for (int j = 0; j < outputs; j++)
            {
                if (Math.Abs(a[j] - b[j]) > 1e-12 * scale) return false;
                if (Math.Abs(b[j] - ideal[j]) > 1e-9 * scale) return false;
            }
            return true;
        }, iter: 30);
    }

    /// <summary>
    /// A tiny layer with one known fault: every weight is positive, so the G+ device stuck at Gmin at physical
    /// (row 1, pair 0) hurts whichever output sits on pair 0, whatever the row order. The obvious optimum leaves
    /// pair 0 unused (both outputs on pairs 1 and 2, cost 0); the generated circuit then computes K·(W·x + b) exactly again
    /// (1e-9 relative, the ideal op-amps' gain error), while the identity placement loses weight w[1, 0].
    /// </summary>
    [Fact]
    public void KnownFault_GetsTheObviousPlacement()
    {
        var m = new CrossbarMatrix(3, 2, [0.9f, 0.5f, 0.8f, 0.6f, 0.7f, 0.4f], null);
        var faults = new List<(string, StuckDevice)> { (ListedFaults.TileId("tiny", 0, 0), new StuckDevice(1, 0, PairDevice.Positive, CellFault.StuckAtMin)) };
        var ni = new CrossbarNonIdealities { ListedFaults = new ListedFaults(faults, "test") };
        var patch = new float[] { 0.5f, 0.25f, 1f };
        var aware = new CrossbarGenerator(Options(ni) with { SpareColumns = 1, FaultAware = true }).Generate(m, CrossbarContext.ForMatrix("tiny"), patch);
        var result = aware.Placements.Single();
        Assert.DoesNotContain(0, result.Placement.ColumnOf);
        Assert.Equal(0, result.Cost);
        // u = w/wmax with wmax = 0.9; the weights are floats, so 1e-6 relative.
        Assert.True(Math.Abs(result.IdentityCost - 0.8 * 0.8 / (0.9 * 0.9)) < 1e-6, $"{result.IdentityCost}");
        var ideal = Ideal(m, patch).Select(v => v * aware.OutputVoltsPerUnit).ToArray();
        var circuit = EngineOutputs(aware.Tiles[0], CellElementKind.ReadResistor);
        for (int j = 0; j < 2; j++) Assert.True(Math.Abs(circuit[j] - ideal[j]) < 1e-9 * ideal.Max(Math.Abs), $"output {j}: {circuit[j]} vs {ideal[j]}");
        var plain = new CrossbarGenerator(Options(ni) with { SpareColumns = 1 }).Generate(m, CrossbarContext.ForMatrix("tiny"), patch);
        var lost = EngineOutputs(plain.Tiles[0], CellElementKind.ReadResistor);
        // The identity loses w[1,0]·x[1] = 0.8·0.25 of output 0 (the stuck G+ cannot carry it): K·0.2 within 1e-9 relative.
        Assert.True(Math.Abs(ideal[0] - lost[0] - 0.2 * plain.OutputVoltsPerUnit) < 1e-6 * ideal[0], $"{ideal[0] - lost[0]}");
    }

    /// <summary>
    /// Partner compensation: a G+ stuck at Gmax under a positive weight is cancelled exactly by G− = Gmax − w, so the
    /// fault-aware tile (no spare, no permutation needed to reach cost 0) equals K·(W·x + b) within 1e-9 relative.
    /// </summary>
    [Fact]
    public void StuckAtGmax_IsCompensatedByThePartner()
    {
        var m = new CrossbarMatrix(2, 1, [0.5f, 0.25f], null);
        var faults = new List<(string, StuckDevice)> { (ListedFaults.TileId("comp", 0, 0), new StuckDevice(0, 0, PairDevice.Positive, CellFault.StuckAtMax)) };
        var ni = new CrossbarNonIdealities { ListedFaults = new ListedFaults(faults, "test") };
        var patch = new float[] { 0.7f, 1f };
        var aware = new CrossbarGenerator(Options(ni) with { FaultAware = true }).Generate(m, CrossbarContext.ForMatrix("comp"), patch);
        var ideal = Ideal(m, patch)[0] * aware.OutputVoltsPerUnit;
        var circuit = EngineOutputs(aware.Tiles[0], CellElementKind.ReadResistor)[0];
        Assert.True(Math.Abs(circuit - ideal) < 1e-9 * Math.Abs(ideal), $"{circuit} vs {ideal}");
    }
}
