using System.Globalization;
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
        var cells = new CellProgrammer(mapping, Device, o.NonIdealities).Program(matrix, o.InputFullScale, context.SeedSalt);
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
        // A digital bias (BiasPlacement) has no crossbar row: the tiles cover the input rows only.
        var tiles = TileSplitter.Split(matrix.AnalogRows, o.MaxTileRows);
        var representative = patch.IsEmpty;
        var layouts = tiles.Select(t => Layout(matrix, context, cells, t, tiles.Count, k, wmax, inputs, representative)).ToList();
        return new GeneratedCrossbar(context, matrix, o, mapping, cells, k, layouts);
    }

    private CrossbarTileLayout Layout(CrossbarMatrix m, CrossbarContext ctx, CellConductance[,] cells, TileRows tile, int tileCount,
        double k, double wmax, double[] inputs, bool representative)
    {
        var o = Options;
        var ni = o.NonIdealities;
        int outputs = m.Outputs;
        var rows = new List<RowDriver>();
        for (int r = 0; r < tile.Rows; r++)
        {
            int logical = tile.FirstRow + r;
            bool bias = logical == m.BiasRow;
            var perUnit = bias ? o.ReadVolts : o.ReadVolts / o.InputFullScale;
            var volts = bias ? o.ReadVolts : inputs[logical] * perUnit;
            var driver = ni.DriverOhms > 0;
            rows.Add(new RowDriver(r, logical, bias, $"vrow{r}", driver ? $"dac{r}" : $"row{r}", $"row{r}",
                driver ? $"rdrv{r}" : null, ni.DriverOhms, volts, perUnit));
        }

        string Col(int j, bool plus) => $"{j}{(plus ? 'p' : 'n')}";
        var cellList = new List<CrossbarCell>();
        var wires = new List<WireSegment>();
        bool rowWires = ni.RowWireOhms > 0, colWires = ni.ColumnWireOhms > 0;
        for (int r = 0; r < tile.Rows; r++)
        {
            var previous = $"row{r}";
            for (int j = 0; j < outputs; j++)
            {
                foreach (var plus in new[] { true, false })
                {
                    var c = Col(j, plus);
                    var rowNode = rowWires ? $"row{r}_c{c}" : $"row{r}";
                    if (rowWires)
                    {
                        wires.Add(new WireSegment($"rwr{r}_c{c}", previous, rowNode, ni.RowWireOhms));
                        previous = rowNode;
                    }
                    var colNode = colWires ? $"col{c}_r{r}" : $"col{c}";
                    var g = cells[tile.FirstRow + r, 2 * j + (plus ? 0 : 1)];
                    cellList.Add(new CrossbarCell($"xm_r{r}_c{c}", rowNode, colNode, r, tile.FirstRow + r, j, plus, g,
                        Device.StateFor(g.ProgrammedSiemens)));
                }
            }
        }
        if (colWires)
        {
            for (int j = 0; j < outputs; j++)
                foreach (var plus in new[] { true, false })
                {
                    var c = Col(j, plus);
                    for (int r = 0; r < tile.Rows; r++)
                        wires.Add(new WireSegment($"rwc{c}_r{r}", $"col{c}_r{r}", r + 1 < tile.Rows ? $"col{c}_r{r + 1}" : $"col{c}", ni.ColumnWireOhms));
                }
        }
        var tias = new List<TiaStage>();
        var diffs = new List<DifferenceStage>();
        for (int j = 0; j < outputs; j++)
        {
            tias.Add(new TiaStage($"xtia{j}p", $"col{j}p", $"tia{j}p", j, true));
            tias.Add(new TiaStage($"xtia{j}n", $"col{j}n", $"tia{j}n", j, false));
            diffs.Add(new DifferenceStage($"xdiff{j}", $"tia{j}n", $"tia{j}p", $"out{j}", j));
        }
        var title = tileCount == 1 ? $"{ctx.Stem} crossbar" : $"{ctx.Stem} crossbar tile {tile.Index + 1} of {tileCount}";
        return new CrossbarTileLayout
        {
            Title = title,
            Header = Header(m, ctx, tile, tileCount, k, wmax, representative),
            Tile = tile, TileCount = tileCount, Outputs = outputs, Device = Device, OpAmp = o.OpAmp,
            FeedbackOhms = o.FeedbackOhms, DifferenceOhms = o.DifferenceOhms, OutputVoltsPerUnit = k,
            DeviceLibraryInclude = o.DeviceLibraryInclude,
            Rows = rows, Cells = cellList, Wires = wires, Tias = tias, Differences = diffs,
        };
    }

    private List<string> Header(CrossbarMatrix m, CrossbarContext ctx, TileRows tile, int tileCount, double k, double wmax, bool representative)
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
            $"variation sigma {N(ni.VariationSigma)} (seed {ni.VariationSeed}), levels {(ni.Levels?.ToString(CultureInfo.InvariantCulture) ?? "continuous")}, " +
            $"stuck-at Gmin {N(ni.StuckAtMinRate)} / Gmax {N(ni.StuckAtMaxRate)} (seed {ni.FaultSeed})",
            "nodes: rowR = row R input (dacR before the driver resistor), colJp/colJn = TIA inputs of output J, tiaJp/tiaJn = TIA outputs,",
            "  outJ = output J; with wire resistance rowR_cJp is the row node at cell (R, Jp) and colJp_rR the column node at row R",
            representative
                ? "row sources vrowR hold a representative input (every a = amax/2); the co-simulator sets them per patch"
                : "row sources vrowR hold the input vector given to the generator",
        };
        return lines;
    }
}
