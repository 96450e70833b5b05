using System.Globalization;
using MemristorSpice.Crossbar.Faults;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>
/// Turns one logical crossbar (a <see cref="CrossbarMatrix"/>: input rows, bias row last, one column per output) into
/// its tiles' <see cref="CrossbarTileLayout"/>s: conductances (<see cref="CellProgrammer"/>), tiles
/// (<see cref="TileSplitter"/>), node and element names, wire segments, TIAs and difference stages.
/// </summary>
public sealed class CrossbarGenerator
{
    /// <summary>Creates a generator; the options are validated and the device and its conductance range resolved once.</summary>
    public CrossbarGenerator(CrossbarOptions options)
    {
        Options = options.Validate();
        Device = CrossbarDevice.FromPreset(options.DevicePreset);
        Range = options.Conductances ?? ConductanceRange.Of(Device);
    }

    /// <summary>The validated options.</summary>
    public CrossbarOptions Options { get; }
    /// <summary>The memristor device every cell uses.</summary>
    public CrossbarDevice Device { get; }
    /// <summary>Conductance window [Gmin, Gmax] of the device, Siemens.</summary>
    public ConductanceRange Range { get; }

    /// <param name="matrix">Signed weights in crossbar form.</param>
    /// <param name="context">Layer name and kind for names and the manifest.</param>
    /// <param name="patch">Input vector written as the DC row voltages (length Rows, bias entry ignored: the bias row is
    /// always at Vread); null = every input at amax/2, a representative read the co-simulator replaces.</param>
    /// <param name="programmed">Optional replacement of each cell's conductance (logical row, physical column, mapped
    /// cell → cell), e.g. the states a programming run reached; null = the mapping as computed.</param>
    public GeneratedCrossbar Generate(CrossbarMatrix matrix, CrossbarContext context, ReadOnlySpan<float> patch = default,
        Func<int, int, CellConductance, CellConductance>? programmed = null)
    {
        var o = Options;
        if (!patch.IsEmpty && patch.Length != matrix.Rows)
            throw new ArgumentException($"input vector has {patch.Length} entries, the crossbar {matrix.Rows} rows (bias included).");
        var wmax = o.WeightFullScale ?? CellProgrammer.FullScaleOf(matrix, o.InputFullScale);
        var mapping = new ConductanceMapping(Range, wmax, o.NonIdealities.Levels);
        // A digital bias (BiasPlacement) has no crossbar row: the tiles cover the input rows only.
        var tiles = TileSplitter.Split(matrix.AnalogRows, o.MaxTileRows);
        // Faults belong to the physical tiles; the placement of the weights on them is chosen knowing them (fault-aware) or not.
        var faultMaps = tiles.Select(t => FaultMap(context, t, matrix.Outputs + o.SpareColumns)).ToList();
        var placed = tiles.Select((t, i) => Place(matrix, wmax, t, faultMaps[i])).ToList();
        var programmer = new CellProgrammer(mapping, Device, o.NonIdealities);
        var cells = programmer.Program(matrix, o.InputFullScale, context.SeedSalt, (r, c) =>
        {
            if (r >= matrix.AnalogRows) return CellFault.None;
            int t = r / o.MaxTileRows;
            var place = placed[t].Placement;
            return faultMaps[t][place.PhysicalRowOf[r - tiles[t].FirstRow], place.ColumnOf[c / 2], (PairDevice)(c % 2)];
        }, compensate: o.FaultAware);
        if (programmed is not null)
            for (int r = 0; r < cells.GetLength(0); r++)
                for (int c = 0; c < cells.GetLength(1); c++)
                {
                    // A device state cannot leave [1/Roff, 1/Ron]; the clamp only removes the round-off of 1/(1/G).
                    var p = programmed(r, c, cells[r, c]);
                    cells[r, c] = p with { ProgrammedSiemens = Math.Clamp(p.ProgrammedSiemens, Device.MinConductanceSiemens, Device.MaxConductanceSiemens) };
                }
        var k = o.FeedbackOhms * Range.SpanSiemens * o.ReadVolts / (wmax * o.InputFullScale);
        var inputs = new double[matrix.Rows];
        for (int r = 0; r < matrix.Rows; r++) inputs[r] = patch.IsEmpty ? 0.5 * o.InputFullScale : patch[r];
        var representative = patch.IsEmpty;
        var layouts = tiles.Select((t, i) => Layout(matrix, context, cells, t, tiles.Count, k, wmax, inputs, representative,
            placed[i].Placement, faultMaps[i], programmer)).ToList();
        return new GeneratedCrossbar(context, matrix, o, mapping, cells, k, layouts) { Placements = placed, FaultMaps = faultMaps };
    }

    /// <summary>
    /// Test hook: a placement to use instead of the identity or fault-aware one (tile rows, fault map → placement);
    /// null = the options decide.
    /// </summary>
    internal Func<TileRows, TileFaultMap, TilePlacement>? PlacementOverride { get; init; }

    /// <summary>The physical faults of a tile: drawn from the seed at each device's position, plus the listed ones.</summary>
    private TileFaultMap FaultMap(CrossbarContext context, TileRows tile, int columns)
    {
        var ni = Options.NonIdealities;
        var map = TileFaultMap.Draw(tile.Rows, columns, ni.StuckAtMinRate, ni.StuckAtMaxRate, ni.FaultSeed,
            TileFaultMap.TileSalt(context.Stem, context.Crossbar, tile.Index));
        ni.ListedFaults?.AddTo(ListedFaults.TileId(context.Layer, context.Crossbar, tile.Index), map);
        return map;
    }

    private PlacementResult Place(CrossbarMatrix matrix, double wmax, TileRows tile, TileFaultMap faults)
    {
        var o = Options;
        int outputs = matrix.Outputs;
        var u = new double[tile.Rows * outputs];
        for (int r = 0; r < tile.Rows; r++)
            for (int j = 0; j < outputs; j++)
                u[r * outputs + j] = Math.Clamp(CellProgrammer.StoredWeight(matrix, tile.FirstRow + r, j, o.InputFullScale) / wmax, -1, 1);
        if (PlacementOverride is { } chosen)
        {
            var placement = chosen(tile, faults);
            return new PlacementResult(placement, FaultAwarePlacement.Cost(u, faults, TilePlacement.Identity(tile.Rows, outputs, o.SpareColumns)),
                FaultAwarePlacement.Cost(u, faults, placement), 0);
        }
        if (o.FaultAware) return FaultAwarePlacement.Find(u, outputs, faults);
        var identity = TilePlacement.Identity(tile.Rows, outputs, o.SpareColumns);
        var cost = FaultAwarePlacement.Cost(u, faults, identity);
        return new PlacementResult(identity, cost, cost, 0);
    }

    /// <summary>
    /// One tile's parts. Node and element names carry PHYSICAL indices (rowP, column pair S); the row drivers are listed
    /// in logical row order and the difference stages in output order (spare pairs after them), so index k of
    /// <see cref="CrossbarTileLayout.Rows"/> is logical row FirstRow + k and output j is read from
    /// <see cref="CrossbarTileLayout.OutputSignals"/>[j], whatever the placement. Wires follow the physical order.
    /// </summary>
    private CrossbarTileLayout Layout(CrossbarMatrix m, CrossbarContext ctx, CellConductance[,] cells, TileRows tile, int tileCount,
        double k, double wmax, double[] inputs, bool representative, TilePlacement place, TileFaultMap faults, CellProgrammer programmer)
    {
        var o = Options;
        var ni = o.NonIdealities;
        int outputs = m.Outputs, columns = place.Columns;
        var rows = new List<RowDriver>();
        for (int r = 0; r < tile.Rows; r++)
        {
            int logical = tile.FirstRow + r, p = place.PhysicalRowOf[r];
            bool bias = logical == m.BiasRow;
            var perUnit = bias ? o.ReadVolts : o.ReadVolts / o.InputFullScale;
            var volts = bias ? o.ReadVolts : inputs[logical] * perUnit;
            var driver = ni.DriverOhms > 0;
            rows.Add(new RowDriver(r, logical, bias, $"vrow{p}", driver ? $"dac{p}" : $"row{p}", $"row{p}",
                driver ? $"rdrv{p}" : null, ni.DriverOhms, volts, perUnit) { PhysicalRow = p });
        }

        // Output index of column pair s in the layout: its output, or outputs + (rank among the unused pairs) for a spare one.
        var slotOutput = new int[columns];
        for (int s = 0, spare = 0; s < columns; s++) slotOutput[s] = place.OutputAt(s) is var j and >= 0 ? j : outputs + spare++;
        string Col(int s, bool plus) => $"{s}{(plus ? 'p' : 'n')}";
        var cellList = new List<CrossbarCell>();
        var wires = new List<WireSegment>();
        bool rowWires = ni.RowWireOhms > 0, colWires = ni.ColumnWireOhms > 0;
        for (int p = 0; p < tile.Rows; p++)
        {
            int r = place.LogicalRowAt(p);
            var previous = $"row{p}";
            for (int s = 0; s < columns; s++)
            {
                int j = place.OutputAt(s);
                foreach (var plus in new[] { true, false })
                {
                    var c = Col(s, plus);
                    var rowNode = rowWires ? $"row{p}_c{c}" : $"row{p}";
                    if (rowWires)
                    {
                        wires.Add(new WireSegment($"rwr{p}_c{c}", previous, rowNode, ni.RowWireOhms));
                        previous = rowNode;
                    }
                    var colNode = colWires ? $"col{c}_r{p}" : $"col{c}";
                    var g = j >= 0 ? cells[tile.FirstRow + r, 2 * j + (plus ? 0 : 1)]
                        : programmer.Spare(faults[p, s, plus ? PairDevice.Positive : PairDevice.Negative]);
                    cellList.Add(new CrossbarCell($"xm_r{p}_c{c}", rowNode, colNode, r, tile.FirstRow + r, slotOutput[s], plus, g,
                        Device.StateFor(g.ProgrammedSiemens)) { PhysicalRow = p, PhysicalColumn = s });
                }
            }
        }
        if (colWires)
        {
            for (int s = 0; s < columns; s++)
                foreach (var plus in new[] { true, false })
                {
                    var c = Col(s, plus);
                    for (int p = 0; p < tile.Rows; p++)
                        wires.Add(new WireSegment($"rwc{c}_r{p}", $"col{c}_r{p}", p + 1 < tile.Rows ? $"col{c}_r{p + 1}" : $"col{c}", ni.ColumnWireOhms));
                }
        }
        var tias = new List<TiaStage>();
        var diffs = new List<DifferenceStage>();
        // Output order first (output j at its pair), then the spare pairs: Differences[j] is output j, Tias[2j], Tias[2j+1] its TIAs.
        foreach (int s in Enumerable.Range(0, columns).OrderBy(s => slotOutput[s]))
        {
            int j = slotOutput[s];
            tias.Add(new TiaStage($"xtia{s}p", $"col{s}p", $"tia{s}p", j, true));
            tias.Add(new TiaStage($"xtia{s}n", $"col{s}n", $"tia{s}n", j, false));
            diffs.Add(new DifferenceStage($"xdiff{s}", $"tia{s}n", $"tia{s}p", $"out{s}", j));
        }
        var title = tileCount == 1 ? $"{ctx.Stem} crossbar" : $"{ctx.Stem} crossbar tile {tile.Index + 1} of {tileCount}";
        return new CrossbarTileLayout
        {
            Title = title,
            Header = Header(m, ctx, tile, tileCount, k, wmax, representative, place),
            Tile = tile, TileCount = tileCount, Outputs = outputs, Device = Device, OpAmp = o.OpAmp,
            FeedbackOhms = o.FeedbackOhms, DifferenceOhms = o.DifferenceOhms, OutputVoltsPerUnit = k,
            DeviceLibraryInclude = o.DeviceLibraryInclude,
            Rows = rows, Cells = cellList, Wires = wires, Tias = tias, Differences = diffs,
        };
    }

    private List<string> Header(CrossbarMatrix m, CrossbarContext ctx, TileRows tile, int tileCount, double k, double wmax, bool representative,
        TilePlacement place)
    {
        var o = Options;
        var ni = o.NonIdealities;
        var op = o.OpAmp;
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        bool hasBias = tile.EndRow == m.Rows;
        var lines = new List<string>
        {
            $"layer {ctx.Layer} ({ctx.Kind}), logical crossbar {ctx.Crossbar}{(ctx.Channel is { } c ? $" (channel {c})" : "")}: " +
            $"{m.Rows} rows x {m.Outputs} outputs ({m.Shape.Columns} columns)",
            $"rows: {ctx.RowMeaning}",
            $"tile {tile.Index + 1} of {tileCount}: logical rows {tile.FirstRow}..{tile.EndRow - 1}" +
            (hasBias ? " (the last one is the bias row)" : " (no bias row; tile partial sums are added after the ADC)") +
            (m.BiasOnCrossbar ? "" : "; the bias has no crossbar row: the digital controller adds it after the ADC"),
            $"mapping: differential, G+ = Gmin + (Gmax-Gmin)*max(w,0)/wmax, G- = Gmin + (Gmax-Gmin)*max(-w,0)/wmax; bias row at Vread stores b/amax",
            $"  Gmin {N(Range.MinSiemens)} S, Gmax {N(Range.MaxSiemens)} S, wmax {N(wmax)}, amax {N(o.InputFullScale)}, Vread {N(o.ReadVolts)} V",
            $"  input a -> row voltage a*Vread/amax; out_j = K*(sum_i w_ij*a_i + b_j), K = Rf*(Gmax-Gmin)*Vread/(wmax*amax) = {N(k)} V per unit",
            $"devices: {Device.SubcircuitName} memristors (devices.lib), programmed by rinit = 1/G (Ohms)",
            $"readout: TIA per column (Rf {N(o.FeedbackOhms)} Ohms) and a unity difference stage per output (R {N(o.DifferenceOhms)} Ohms)",
            $"op-amp: {CrossbarOpAmps.Describe(op)}",
            $"non-idealities: row wire {N(ni.RowWireOhms)} Ohms/segment, column wire {N(ni.ColumnWireOhms)} Ohms/segment, driver {N(ni.DriverOhms)} Ohms, " +
            $"variation sigma {N(ni.VariationSigma)} (seed {ni.VariationSeed}{(ni.DevicesPerCell == 1 ? "" : $", mean of {ni.DevicesPerCell} parallel devices per cell")}), levels {(ni.Levels?.ToString(CultureInfo.InvariantCulture) ?? "continuous")}, " +
            $"stuck-at Gmin {N(ni.StuckAtMinRate)} / Gmax {N(ni.StuckAtMaxRate)} (seed {ni.FaultSeed})",
            "nodes: rowR = row R input (dacR before the driver resistor), colJp/colJn = TIA inputs of output J, tiaJp/tiaJn = TIA outputs,",
            "  outJ = output J; with wire resistance rowR_cJp is the row node at cell (R, Jp) and colJp_rR the column node at row R",
            representative
                ? "row sources vrowR hold a representative input (every a = amax/2); the co-simulator sets them per patch"
                : "row sources vrowR hold the input vector given to the generator",
        };
        if (ni.ListedFaults is { } listed) lines.Add($"stuck-at: plus the devices listed in {listed.Source}");
        if (o.SpareColumns > 0 || o.FaultAware || !place.IsIdentity)
        {
            lines.Add($"placement: {(o.FaultAware ? "fault-aware" : "identity")}, {o.SpareColumns} spare column pair(s) per tile (at Gmin, not read); " +
                      "physical row P holds logical row " + string.Join(" ", Enumerable.Range(0, place.Rows).Select(p => tile.FirstRow + place.LogicalRowAt(p))));
            lines.Add("  column pair S holds output " + string.Join(" ", Enumerable.Range(0, place.Columns).Select(s => place.OutputAt(s) is var j and >= 0
                ? j.ToString(CultureInfo.InvariantCulture) : "-")));
        }
        return lines;
    }
}
