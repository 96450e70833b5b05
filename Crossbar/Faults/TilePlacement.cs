namespace MemristorSpice.Crossbar.Faults;

/// <summary>
/// Where the logical rows and outputs of one tile sit on its physical rows and column pairs. The digital controller
/// routes the tile's input vector accordingly (DAC of physical row p gets the input of logical row
/// <see cref="LogicalRowAt"/>(p)) and reads output j from the difference stage of column pair <see cref="ColumnOf"/>[j];
/// column pairs no output uses (spare pairs) rest at Gmin and are not read.
/// </summary>
public sealed class TilePlacement
{
    private readonly int[] _rowOf, _columnOf, _logicalAt, _outputAt;

    /// <summary>A placement; throws unless rows form a permutation and outputs sit on distinct pairs.</summary>
    /// <param name="physicalRowOf">Physical row of each tile-local logical row (a permutation of 0..rows−1).</param>
    /// <param name="columnOf">Physical column pair of each output (distinct, in [0, columns)).</param>
    /// <param name="columns">Physical column pairs of the tile (outputs plus spare pairs).</param>
    public TilePlacement(IReadOnlyList<int> physicalRowOf, IReadOnlyList<int> columnOf, int columns)
    {
        if (columns < columnOf.Count) throw new ArgumentException($"{columnOf.Count} outputs do not fit on {columns} column pairs.");
        _rowOf = [.. physicalRowOf];
        _columnOf = [.. columnOf];
        _logicalAt = Inverse(_rowOf, _rowOf.Length, "physical row");
        _outputAt = Inverse(_columnOf, columns, "column pair");
    }

    /// <summary>Tile rows (logical = physical count).</summary>
    public int Rows => _rowOf.Length;
    /// <summary>Outputs placed.</summary>
    public int Outputs => _columnOf.Length;
    /// <summary>Physical column pairs (outputs plus spare pairs).</summary>
    public int Columns => _outputAt.Length;
    /// <summary>Physical row of each tile-local logical row.</summary>
    public IReadOnlyList<int> PhysicalRowOf => _rowOf;
    /// <summary>Physical column pair of each output.</summary>
    public IReadOnlyList<int> ColumnOf => _columnOf;

    /// <summary>Tile-local logical row held by physical row <paramref name="physicalRow"/>.</summary>
    public int LogicalRowAt(int physicalRow) => _logicalAt[physicalRow];

    /// <summary>Output held by column pair <paramref name="column"/>, or −1 for an unused (spare) pair.</summary>
    public int OutputAt(int column) => _outputAt[column];

    /// <summary>True when every row and output sits at its own index.</summary>
    public bool IsIdentity => _rowOf.Select((p, r) => p == r).All(x => x) && _columnOf.Select((s, j) => s == j).All(x => x);

    /// <summary>Rows and outputs in order, spare pairs after the outputs.</summary>
    public static TilePlacement Identity(int rows, int outputs, int spareColumns) =>
        new(Enumerable.Range(0, rows).ToArray(), Enumerable.Range(0, outputs).ToArray(), outputs + spareColumns);

    private static int[] Inverse(int[] map, int size, string what)
    {
        var inverse = new int[size];
        Array.Fill(inverse, -1);
        for (int i = 0; i < map.Length; i++)
        {
            if ((uint)map[i] >= (uint)size) throw new ArgumentException($"{what} {map[i]} is outside 0..{size - 1}.");
            if (inverse[map[i]] >= 0) throw new ArgumentException($"{what} {map[i]} is used twice.");
            inverse[map[i]] = i;
        }
        if (map.Length == size && inverse.Any(i => i < 0)) throw new ArgumentException($"every {what} must be used once.");
        return inverse;
    }
}

/// <summary>The fault-aware placement of a tile and its fault cost before and after.</summary>
/// <param name="Placement">The placement found.</param>
/// <param name="IdentityCost">Σ (u_r − u)² of the identity placement (normalised weight units, <see cref="PairFaultCost"/>).</param>
/// <param name="Cost">Σ (u_r − u)² of <see cref="Placement"/>; never above <see cref="IdentityCost"/>.</param>
/// <param name="Steps">Assignment problems solved (column and row steps).</param>
public sealed record PlacementResult(TilePlacement Placement, double IdentityCost, double Cost, int Steps);

/// <summary>
/// Fault-aware placement of one tile: permutes its rows (inputs) and columns (outputs, onto the pairs including the
/// spare ones) so that stuck devices meet the weights they hurt least. Total cost C = Σ over used faulty pairs of
/// <see cref="PairFaultCost.Error"/>(u of the weight placed there). With the rows fixed, choosing the pair of each
/// output is a linear assignment problem (cost of output j on pair s = Σ over the faulty devices of pair s); with the
/// columns fixed, so is choosing the row of each input. The two are solved alternately with the Hungarian method
/// (<see cref="LinearAssignment"/>), starting from the identity; a step is kept only if it lowers C, and the loop
/// stops after a round without gain or after <c>maxRounds</c> rounds, so C never exceeds the identity's cost.
/// </summary>
public static class FaultAwarePlacement
{
    /// <summary>Default bound on the column-then-row rounds.</summary>
    public const int DefaultRounds = 4;

    /// <summary>Total fault cost Σ (u_r − u)² of <paramref name="placement"/>.</summary>
    /// <param name="weights">Normalised weights u = w/wmax of the tile, [rows × outputs] row-major.</param>
    /// <param name="faults">Physical fault map (rows × column pairs).</param>
    /// <param name="placement">The placement to evaluate.</param>
    public static double Cost(ReadOnlySpan<double> weights, TileFaultMap faults, TilePlacement placement)
    {
        int outputs = placement.Outputs;
        double sum = 0;
        for (int p = 0; p < faults.Rows; p++)
            for (int s = 0; s < faults.Columns; s++)
            {
                var (plus, minus) = (faults[p, s, PairDevice.Positive], faults[p, s, PairDevice.Negative]);
                if (plus == Mapping.CellFault.None && minus == Mapping.CellFault.None) continue;
                int j = placement.OutputAt(s);
                if (j < 0) continue;
                sum += PairFaultCost.Error(weights[placement.LogicalRowAt(p) * outputs + j], plus, minus);
            }
        return sum;
    }

    /// <summary>The placement with the least fault cost found by alternating column and row assignments.</summary>
    /// <param name="weights">Normalised weights u = w/wmax, [rows × outputs] row-major, |u| ≤ 1.</param>
    /// <param name="outputs">Outputs of the tile.</param>
    /// <param name="faults">Physical fault map: rows = the tile's rows, columns ≥ outputs (the extra are spare pairs).</param>
    /// <param name="maxRounds">Bound on the rounds (each one column and one row assignment).</param>
    public static PlacementResult Find(double[] weights, int outputs, TileFaultMap faults, int maxRounds = DefaultRounds)
    {
        int rows = faults.Rows, columns = faults.Columns;
        if (outputs < 1 || weights.Length != rows * outputs)
            throw new ArgumentException($"weights hold {weights.Length} entries, expected {rows} rows x {outputs} outputs.");
        if (columns < outputs) throw new ArgumentException($"{outputs} outputs do not fit on {columns} column pairs.");
        if (maxRounds < 0) throw new ArgumentException($"rounds must be >= 0, got {maxRounds}.");
        var current = TilePlacement.Identity(rows, outputs, columns - outputs);
        double identityCost = Cost(weights, faults, current), best = identityCost;
        // The faulty pairs (physical row, pair, G+ fault, G− fault): the only places where a weight costs anything.
        var pairs = new List<(int P, int S, Mapping.CellFault Plus, Mapping.CellFault Minus)>();
        for (int p = 0; p < rows; p++)
            for (int s = 0; s < columns; s++)
                if (faults[p, s, PairDevice.Positive] is var fp && faults[p, s, PairDevice.Negative] is var fm
                    && (fp != Mapping.CellFault.None || fm != Mapping.CellFault.None))
                    pairs.Add((p, s, fp, fm));
        int steps = 0;
        for (int round = 0; round < maxRounds && best > 0; round++)
        {
            bool improved = false;
            // Column step: output j on pair s costs the errors of its weights on the faulty devices of s.
            var columnCost = new double[outputs, columns];
            foreach (var (p, s, fp, fm) in pairs)
            {
                int r = current.LogicalRowAt(p);
                for (int j = 0; j < outputs; j++) columnCost[j, s] += PairFaultCost.Error(weights[r * outputs + j], fp, fm);
            }
            var byColumns = new TilePlacement(current.PhysicalRowOf, LinearAssignment.Solve(columnCost), columns);
            steps++;
            if (Cost(weights, faults, byColumns) is var c1 && c1 < best) { current = byColumns; best = c1; improved = true; }
            if (best == 0) break;
            // Row step: logical row r on physical row p costs the errors of its weights on the faulty pairs of p.
            var rowCost = new double[rows, rows];
            foreach (var (p, s, fp, fm) in pairs)
            {
                int j = current.OutputAt(s);
                if (j < 0) continue;
                for (int r = 0; r < rows; r++) rowCost[r, p] += PairFaultCost.Error(weights[r * outputs + j], fp, fm);
            }
            var byRows = new TilePlacement(LinearAssignment.Solve(rowCost), current.ColumnOf, columns);
            steps++;
            if (Cost(weights, faults, byRows) is var c2 && c2 < best) { current = byRows; best = c2; improved = true; }
            if (!improved) break;
        }
        return new PlacementResult(current, identityCost, best, steps);
    }
}
