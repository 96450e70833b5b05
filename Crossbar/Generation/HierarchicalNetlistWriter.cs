using System.Text;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;
using static MemristorSpice.Devices.Spice.SpiceFormat;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>One tile placed in a deck: its file stem (conv1, dw1_ch3, classifier_t0) and its layout.</summary>
/// <param name="Stem">File stem of the tile (its .sub and .cir files), also the prefix of its nodes in a layer deck.</param>
/// <param name="Layout">The tile.</param>
public sealed record PlacedTile(string Stem, CrossbarTileLayout Layout)
{
    /// <summary>Name of the tile's subcircuit: TILE_stem.</summary>
    public string Subcircuit => "TILE_" + Stem;
    /// <summary>File of the tile's subcircuit: stem.sub.</summary>
    public string SubcircuitFile => Stem + ".sub";
}

/// <summary>
/// Writes crossbars as a hierarchy of ngspice subcircuits, from the same <see cref="CrossbarTileLayout"/> as the flat
/// <see cref="CrossbarNetlistWriter"/> (so both are the same circuit):
/// <list type="bullet">
/// <item><c>readout.lib</c>: the op-amp macro model, <c>XBAR_TIA in out</c>, <c>XBAR_DIFF plus minus out</c> and the cell
/// <c>XBAR_CELL row col params: u</c> (a memristor of devices.lib programmed to 1/(gmin + (gmax − gmin)·u)).</item>
/// <item><c>stem.sub</c>: <c>.subckt TILE_stem row0 .. rowN-1 out0 .. outM-1</c>: the cells, the wire segments (and their
/// capacitors), a TIA per column and a difference stage per output.</item>
/// <item><c>stem.cir</c>: a runnable deck of one tile (row sources, the tile instance, .op); <c>layer.layer.cir</c>: every
/// tile of a layer in one deck.</item>
/// </list>
/// Every deck starts with the <see cref="NetlistParameters"/> block and includes only files of its own folder
/// (devices.lib is copied beside the netlists), so the folder can be moved as a whole. Every file can be written
/// for another simulator (<see cref="SpiceDialect"/>): the same text with the pieces of <see cref="SpiceSyntax"/>.
/// </summary>
public static class HierarchicalNetlistWriter
{
    /// <summary>File name of the shared readout and cell subcircuits.</summary>
    public const string ReadoutLibrary = "readout.lib";

    /// <summary>File name of the device library copied beside the netlists.</summary>
    public const string DeviceLibraryFile = "devices.lib";

    /// <summary>Subcircuit name of one memristor cell (pins: row col; parameter u).</summary>
    public const string CellSubcircuit = "XBAR_CELL";

    /// <summary>readout.lib: op-amp, TIA, difference stage and cell subcircuits, all taking the design point from the global .param values.</summary>
    public static string Readout(NetlistParameters p, CrossbarDevice device, SpiceDialect dialect = SpiceDialect.Ngspice)
    {
        var y = SpiceSyntax.For(dialect);
        string E(string e) => y.Expression(e);
        var sb = new StringBuilder();
        sb.Append("* MemristorSpice crossbar readout and cell subcircuits (memspice generate). Do not edit: regenerate.\n");
        sb.Append("* They read the design point from the .param block of the deck that includes them (vread, gmin, gmax, rf, ...).\n");
        sb.Append('\n');
        sb.Append("* one memristor cell: position u in the conductance window, programmed to rinit = 1/(gmin + (gmax-gmin)*u) Ohms\n");
        sb.Append(y.SubcircuitHeader(CellSubcircuit, "row col", ["u=0"])).Append('\n');
        sb.Append("xm row col ").Append(device.SubcircuitName).Append(" rinit=").Append(E("1/(gmin+(gmax-gmin)*u)")).Append('\n');
        sb.Append(".ends ").Append(CellSubcircuit).Append('\n');
        if (p.OpAmp is { } op)
        {
            var opamp = op.Name.ToUpperInvariant();
            var overrides = " a0=" + E("a0") + (op.GainBandwidthHertz is null ? "" : " gbw=" + E("gbw"));
            sb.Append('\n').Append(OpAmpSubcircuit.Write(op, y, opamp));
            sb.Append('\n');
            sb.Append("* transimpedance amplifier: in is held at virtual ground, out = -rf*i(in)\n");
            sb.Append(".subckt ").Append(CrossbarNetlistWriter.TiaSubcircuit).Append(" in out\n");
            sb.Append("xoa 0 in out ").Append(opamp).Append(overrides).Append('\n');
            sb.Append("rf in out ").Append(E("rf")).Append('\n');
            sb.Append(".ends ").Append(CrossbarNetlistWriter.TiaSubcircuit).Append('\n');
            sb.Append('\n');
            sb.Append("* unity difference stage: out = v(plus) - v(minus)\n");
            sb.Append(".subckt ").Append(CrossbarNetlistWriter.DifferenceSubcircuit).Append(" plus minus out\n");
            sb.Append("r1 plus p ").Append(E("rdiff")).Append("\nr2 p 0 ").Append(E("rdiff")).Append("\nr3 minus n ").Append(E("rdiff"))
              .Append("\nr4 n out ").Append(E("rdiff")).Append('\n');
            sb.Append("xoa p n out ").Append(opamp).Append(overrides).Append('\n');
            sb.Append(".ends ").Append(CrossbarNetlistWriter.DifferenceSubcircuit).Append('\n');
        }
        else
        {
            sb.Append('\n');
            sb.Append("* ideal transimpedance amplifier (ideal op-amp + rf): in is held at exactly 0 V, out = -rf*i(in)\n");
            sb.Append(".subckt ").Append(CrossbarNetlistWriter.TiaSubcircuit).Append(" in out\n");
            sb.Append("vam in 0 0\nhout out 0 vam ").Append(E("-rf")).Append('\n');
            sb.Append(".ends ").Append(CrossbarNetlistWriter.TiaSubcircuit).Append('\n');
            sb.Append('\n');
            sb.Append("* ideal unity difference stage (ideal op-amp + four equal resistors): out = v(plus) - v(minus)\n");
            sb.Append(".subckt ").Append(CrossbarNetlistWriter.DifferenceSubcircuit).Append(" plus minus out\n");
            sb.Append("eout out 0 plus minus 1\n");
            sb.Append(".ends ").Append(CrossbarNetlistWriter.DifferenceSubcircuit).Append('\n');
        }
        return y.LibraryFile(sb.ToString(), ReadoutSection);
    }

    /// <summary>Section name of readout.lib in HSPICE form (<c>.lib 'readout.lib' memspice_readout</c>).</summary>
    public const string ReadoutSection = "memspice_readout";

    /// <summary>stem.sub: the tile subcircuit (pins: the row input nodes, then the outputs).</summary>
    public static string Tile(PlacedTile tile, NetlistParameters p, SpiceDialect dialect = SpiceDialect.Ngspice)
    {
        var y = SpiceSyntax.For(dialect);
        var layout = tile.Layout;
        var sb = new StringBuilder();
        sb.Append("* ").Append(SpiceText.Line(layout.Title)).Append(": ").Append(layout.Cells.Count).Append(" memristors, ")
          .Append(layout.Rows.Count).Append(" rows, ").Append(layout.Outputs).Append(" outputs. Do not edit: regenerate.\n");
        sb.Append("* pins: row inputs row0.. (after the drivers), outputs out0.. = K*(W x + b) partial sums of this tile\n");
        sb.Append(".subckt ").Append(tile.Subcircuit);
        Pins(sb, layout.Rows.Select(r => r.RowNode).Concat(layout.OutputNodes));
        sb.Append("\n* memristor cells (row -> column) at position u in [gmin, gmax]\n");
        foreach (var c in layout.Cells)
        {
            sb.Append(c.Name).Append(' ').Append(c.RowNode).Append(' ').Append(c.ColumnNode).Append(' ').Append(CellSubcircuit)
              .Append(" u=").Append(Number(p.Position(c.Conductance.ProgrammedSiemens))).Append('\n');
        }
        if (layout.Wires.Count > 0)
        {
            sb.Append("\n* wire segments\n");
            foreach (var w in layout.Wires)
                sb.Append(w.Name).Append(' ').Append(w.NodeA).Append(' ').Append(w.NodeB).Append(' ')
                  .Append(y.Expression(w.Name.StartsWith("rwr", StringComparison.Ordinal) ? "rrow" : "rcol")).Append('\n');
            if (p.WireFarads > 0)
            {
                sb.Append("* wire capacitance per segment (far node to ground)\n");
                foreach (var w in layout.Wires) sb.Append('c').Append(w.Name).Append(' ').Append(w.NodeB).Append(" 0 ").Append(y.Expression("cwire")).Append('\n');
            }
        }
        sb.Append("\n* readout: TIA per column, difference stage per output\n");
        foreach (var t in layout.Tias)
            sb.Append(t.Name).Append(' ').Append(t.InputNode).Append(' ').Append(t.OutputNode).Append(' ').Append(CrossbarNetlistWriter.TiaSubcircuit).Append('\n');
        foreach (var d in layout.Differences)
            sb.Append(d.Name).Append(' ').Append(d.PlusNode).Append(' ').Append(d.MinusNode).Append(' ').Append(d.OutputNode)
              .Append(' ').Append(CrossbarNetlistWriter.DifferenceSubcircuit).Append('\n');
        sb.Append(".ends ").Append(tile.Subcircuit).Append('\n');
        return sb.ToString();
    }

    /// <summary>stem.cir: one tile with its row sources at the layout's row volts, and .op. Node names as in the flat deck.</summary>
    public static string TileDeck(PlacedTile tile, NetlistParameters p, SpiceDialect dialect = SpiceDialect.Ngspice)
    {
        var y = SpiceSyntax.For(dialect);
        var layout = tile.Layout;
        var sb = new StringBuilder();
        Head(sb, layout.Title, layout.Header, p, [tile], y);
        sb.Append("\n* row drivers (DACs)\n");
        Sources(sb, layout, p, r => r.SourceName, n => n, r => r.DriverName, y);
        sb.Append("\n* the tile\n");
        sb.Append('x').Append(tile.Stem);
        Pins(sb, layout.Rows.Select(r => r.RowNode).Concat(layout.OutputNodes));
        sb.Append("+ ").Append(tile.Subcircuit).Append('\n');
        sb.Append("\n.op\n.end\n");
        return sb.ToString();
    }

    /// <summary>
    /// A deck of several tiles (a whole layer): each tile's nodes and sources get its stem as prefix (node
    /// <c>stem_row3</c>, output <c>stem_out5</c>, source <c>vstem_row3</c>); rows at the layouts' row volts; .op.
    /// </summary>
    public static string LayerDeck(string title, IReadOnlyList<string> header, IReadOnlyList<PlacedTile> tiles, NetlistParameters p,
        SpiceDialect dialect = SpiceDialect.Ngspice)
    {
        var y = SpiceSyntax.For(dialect);
        var sb = new StringBuilder();
        Head(sb, title, header, p, tiles, y);
        Instances(sb, tiles, p, y);
        sb.Append("\n.op\n.end\n");
        return sb.ToString();
    }

    /// <summary>
    /// A transient deck of several tiles driven by PWL row sources: every row starts at its initial level (the
    /// operating point at t = 0 is the settled state of the patch before); patch p ramps in linearly over
    /// [p·T, p·T + h] and holds until (p + 1)·T (T = <paramref name="readSeconds"/>, h = <paramref name="stepSeconds"/>,
    /// the co-simulation's pulse train). One <c>.meas tran NAME find v(stem_outJ) at=(p+1)·T</c> per output and patch
    /// samples what the ADC converts; NAME is <see cref="MeasureName"/> with the patch index offset by <paramref name="firstPatch"/>.
    /// </summary>
    /// <param name="title">Title line.</param>
    /// <param name="header">Header comment lines.</param>
    /// <param name="tiles">The tiles with their initial row volts [rows] and row volts [patch × rows] (in each layout's row order).</param>
    /// <param name="firstPatch">Index of the first patch in the feature map (names the .meas).</param>
    /// <param name="patches">Patches (read slots) applied.</param>
    /// <param name="readSeconds">Read slot T per patch, seconds.</param>
    /// <param name="stepSeconds">DAC ramp time and largest time step h, seconds.</param>
    /// <param name="p">Design point.</param>
    /// <param name="dialect">Simulator the deck is written for.</param>
    public static string StimulusDeck(string title, IReadOnlyList<string> header, IReadOnlyList<(PlacedTile Tile, double[] Initial, double[] RowVolts)> tiles,
        int firstPatch, int patches, double readSeconds, double stepSeconds, NetlistParameters p, SpiceDialect dialect = SpiceDialect.Ngspice) =>
        Stimulus(title, header, [new StimulusWindow("", tiles, firstPatch, patches, 0)], readSeconds, stepSeconds, p, SpiceSyntax.For(dialect));

    /// <summary>
    /// One transient deck of several layers, one window of read slots per layer in network order: layer L's rows hold
    /// their initial level until its window starts at slot S (the digital controller has then read every ADC sample
    /// of the layers before it and computed L's inputs), and then apply its patches as in <see cref="StimulusDeck"/>,
    /// shifted by S·T; its .meas sample at (S + k + 1)·T. Every tile of every layer is in the circuit all the time,
    /// so ngspice integrates the whole network over the sum of the windows: slow, for users who want one file.
    /// </summary>
    /// <param name="title">Title line.</param>
    /// <param name="header">Header comment lines.</param>
    /// <param name="windows">The layers' tiles and slots, in time order, not overlapping.</param>
    /// <param name="readSeconds">Read slot T per patch, seconds.</param>
    /// <param name="stepSeconds">DAC ramp time and largest time step h, seconds.</param>
    /// <param name="p">Design point (shared by every layer: the generator options and the device's conductance window).</param>
    /// <param name="dialect">Simulator the deck is written for.</param>
    public static string NetworkStimulusDeck(string title, IReadOnlyList<string> header, IReadOnlyList<StimulusWindow> windows,
        double readSeconds, double stepSeconds, NetlistParameters p, SpiceDialect dialect = SpiceDialect.Ngspice)
    {
        for (int w = 1; w < windows.Count; w++)
            if (windows[w].StartSlot < windows[w - 1].StartSlot + windows[w - 1].Patches)
                throw new ArgumentException($"Window {windows[w].Layer} starts at slot {windows[w].StartSlot}, inside the window of {windows[w - 1].Layer}.");
        return Stimulus(title, header, windows, readSeconds, stepSeconds, p, SpiceSyntax.For(dialect));
    }

    private static string Stimulus(string title, IReadOnlyList<string> header, IReadOnlyList<StimulusWindow> windows, double readSeconds, double stepSeconds,
        NetlistParameters p, SpiceSyntax y)
    {
        var sb = new StringBuilder();
        var placed = windows.SelectMany(w => w.Tiles.Select(t => t.Tile)).ToList();
        var starts = WindowStarts(windows, readSeconds);
        var slotOf = windows.ToDictionary(w => w, w => w.ReadSeconds ?? readSeconds);
        var rampOf = windows.ToDictionary(w => w, w => w.StepSeconds ?? stepSeconds);
        var startOf = windows.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => starts[x.i]);
        Head(sb, title, header, p, placed, y);
        var volts = windows.SelectMany(w => w.Tiles.Select(t => (t.Tile.Stem, Window: w, t.Initial, t.RowVolts)))
            .ToDictionary(t => t.Stem, t => (t.Window, t.Initial, t.RowVolts), StringComparer.Ordinal);
        Instances(sb, placed, p, y, (tile, row) =>
        {
            var (w, initial, v) = volts[tile.Stem];
            int rows = tile.Layout.Rows.Count, r = row.Row;
            double last = initial[r];
            var pwl = new StringBuilder("pwl(0 ").Append(Number(last));
            double slotSeconds = slotOf[w], ramp = rampOf[w], start = startOf[w];
            for (int k = 0; k < w.Patches; k++)
            {
                double now = v[k * rows + r];
                double at = start + k * slotSeconds;
                pwl.Append("\n+ ");
                // The level before the ramp is repeated at the slot start (at t = 0 the list already holds it).
                if (at > 0) pwl.Append(Number(at)).Append(' ').Append(Number(last)).Append(' ');
                pwl.Append(Number(at + ramp)).Append(' ').Append(Number(now));
                last = now;
            }
            return pwl.Append(')').ToString();
        });
        sb.Append("\n* ADC samples: the tile outputs at the end of every read slot\n");
        foreach (var w in windows)
        {
            if (windows.Count > 1)
                sb.Append("* ").Append(SpiceText.Line(w.Layer)).Append(": slots ").Append(w.StartSlot).Append("..").Append(w.StartSlot + w.Patches - 1)
                  .Append(", patches ").Append(w.FirstPatch).Append("..").Append(w.FirstPatch + w.Patches - 1)
                  .Append(", ").Append(Number(slotOf[w])).Append(" s per read slot from ").Append(Number(startOf[w])).Append(" s\n");
            foreach (var (tile, _, _) in w.Tiles)
                for (int k = 0; k < w.Patches; k++)
                    foreach (var node in tile.Layout.OutputNodes)
                        sb.Append(".meas tran ").Append(MeasureName(tile, node, w.FirstPatch + k)).Append(" find v(").Append(LayerNode(tile, node)).Append(") at=")
                          .Append(Number(startOf[w] + (k + 1) * slotOf[w])).Append('\n');
        }
        int slots = windows[^1].StartSlot + windows[^1].Patches;
        double end = startOf[windows[^1]] + windows[^1].Patches * slotOf[windows[^1]];
        double step = windows.Min(w => rampOf[w]);
        bool uniform = windows.All(w => slotOf[w] == readSeconds && rampOf[w] == stepSeconds);
        sb.Append("\n* pulse train: ").Append(slots).Append(" patches, ").Append(uniform ? Number(readSeconds) + " s per read slot, DAC ramp " + Number(stepSeconds) + " s"
            : "each layer's own read slot and DAC ramp (above)").Append('\n');
        // Tight Newton tolerances: a node error at a TIA's virtual ground shows up multiplied by A0 at its output.
        sb.Append(y.Options("reltol=1e-7 abstol=1e-15 vntol=1e-12")).Append('\n');
        sb.Append(y.Transient(step, end)).Append('\n');
        sb.Append(".end\n");
        return sb.ToString();
    }

    /// <summary>
    /// Start time of each window, seconds: window 0 at StartSlot·T_0; a later window after the slots before it, each slot
    /// as long as the read slot of the window it follows (<see cref="StimulusWindow.ReadSeconds"/>, default <paramref name="readSeconds"/>).
    /// With one read time for every window this is StartSlot·T.
    /// </summary>
    public static double[] WindowStarts(IReadOnlyList<StimulusWindow> windows, double readSeconds)
    {
        var starts = new double[windows.Count];
        for (int w = 0; w < windows.Count; w++)
        {
            if (w == 0) { starts[0] = windows[0].StartSlot * (windows[0].ReadSeconds ?? readSeconds); continue; }
            var before = windows[w - 1];
            starts[w] = starts[w - 1] + (windows[w].StartSlot - before.StartSlot) * (before.ReadSeconds ?? readSeconds);
        }
        return starts;
    }

    /// <summary>Name of the .meas of output <paramref name="node"/> of a tile in read slot <paramref name="patch"/>: stem_outJ_pP.</summary>
    public static string MeasureName(PlacedTile tile, string node, int patch) => $"{tile.Stem}_{node}_p{patch}";

    /// <summary>Node of a tile in a layer deck: the tile's stem, '_', the node name inside the tile.</summary>
    public static string LayerNode(PlacedTile tile, string node) => tile.Stem + "_" + node;

    /// <summary>Row source of a tile in a layer deck: v + stem + '_' + the source name without its leading v.</summary>
    public static string LayerSource(PlacedTile tile, RowDriver row) => "v" + tile.Stem + "_" + row.SourceName[1..];

    /// <summary>Row sources and tile instances of a multi-tile deck; <paramref name="source"/> replaces a source's value text.</summary>
    internal static void Instances(StringBuilder sb, IReadOnlyList<PlacedTile> tiles, NetlistParameters p, SpiceSyntax y,
        Func<PlacedTile, RowDriver, string>? source = null)
    {
        foreach (var tile in tiles)
        {
            var layout = tile.Layout;
            sb.Append("\n* ").Append(SpiceText.Line(layout.Title)).Append(": row drivers, then the tile\n");
            Sources(sb, layout, p, r => LayerSource(tile, r), n => LayerNode(tile, n), r => r.DriverName is null ? null : "r" + tile.Stem + "_" + r.DriverName[1..], y,
                source is null ? null : r => source(tile, r));
            sb.Append('x').Append(tile.Stem);
            Pins(sb, layout.Rows.Select(r => LayerNode(tile, r.RowNode)).Concat(layout.OutputNodes.Select(n => LayerNode(tile, n))));
            sb.Append("+ ").Append(tile.Subcircuit).Append('\n');
        }
    }

    /// <summary>Title, generator note, header comments, the .param block and the includes (devices.lib, readout.lib, the tiles).</summary>
    internal static void Head(StringBuilder sb, string title, IReadOnlyList<string> header, NetlistParameters p, IEnumerable<PlacedTile> tiles, SpiceSyntax y)
    {
        // Title and header text carry layer names from input files: SpiceText keeps each on its own single line.
        sb.Append(SpiceText.Line(title)).Append('\n');
        sb.Append("* Generated by MemristorSpice.Crossbar (memspice generate). Do not edit: regenerate.\n");
        foreach (var line in header) sb.Append(SpiceText.Comment(line)).Append('\n');
        sb.Append("* hierarchy: ").Append(ReadoutLibrary).Append(" (XBAR_CELL, XBAR_TIA, XBAR_DIFF), one TILE_<stem> subcircuit per tile in <stem>.sub\n");
        if (y.Dialect != SpiceDialect.Ngspice)
            sb.Append("* ").Append(y.Simulator).Append(" netlist, translated from the ngspice form (same circuit); ").Append(y.CheckNote).Append('\n');
        sb.Append('\n').Append(p.Block(y)).Append('\n');
        sb.Append(y.Library(DeviceLibraryFile, Devices.Spice.DeviceLibrary.HspiceSection)).Append('\n');
        sb.Append(y.Library(ReadoutLibrary, ReadoutSection)).Append('\n');
        foreach (var t in tiles) sb.Append(y.Include(t.SubcircuitFile)).Append('\n');
        sb.Append("* Each memristor's state node is held by a 1e15 Ohm tie in OP; its 1e-15 S pivot is below ngspice's default\n");
        sb.Append("* pivot thresholds, which sends Sparse 1.3 into full-matrix pivot searches.\n");
        sb.Append(y.Options(CrossbarNetlistWriter.PivotOptions[".options ".Length..])).Append('\n');
    }

    /// <summary>Value text of a row source at <paramref name="volts"/>: a multiple of vread, so a new vread scales every input.</summary>
    public static string RowValue(double volts, NetlistParameters p, SpiceDialect dialect = SpiceDialect.Ngspice)
    {
        var y = SpiceSyntax.For(dialect);
        return volts == 0 ? "0" : volts == p.ReadVolts ? y.Expression("vread") : y.Expression("vread*" + Number(volts / p.ReadVolts));
    }

    private static void Sources(StringBuilder sb, CrossbarTileLayout layout, NetlistParameters p, Func<RowDriver, string> name,
        Func<string, string> node, Func<RowDriver, string?> driver, SpiceSyntax y, Func<RowDriver, string>? value = null)
    {
        foreach (var r in layout.Rows)
        {
            sb.Append(name(r)).Append(' ').Append(node(r.SourceNode)).Append(" 0 ")
              .Append(value is null ? "dc " + RowValue(r.Volts, p, y.Dialect) : value(r)).Append(r.IsBias ? "\n* (bias row)\n" : "\n");
            if (driver(r) is { } d) sb.Append(d).Append(' ').Append(node(r.SourceNode)).Append(' ').Append(node(r.RowNode)).Append(' ').Append(y.Expression("rdrv")).Append('\n');
        }
    }

    /// <summary>Pin or node list after a name, wrapped on continuation lines of at most 12 names.</summary>
    private static void Pins(StringBuilder sb, IEnumerable<string> names)
    {
        int k = 0;
        foreach (var n in names)
        {
            if (k % 12 == 0) sb.Append("\n+");
            sb.Append(' ').Append(n);
            k++;
        }
        sb.Append('\n');
    }
}

/// <summary>One layer's read slots in a network stimulus deck (<see cref="HierarchicalNetlistWriter.NetworkStimulusDeck"/>).</summary>
/// <param name="Layer">Name of the analog layer (a comment in the deck).</param>
/// <param name="Tiles">Every tile of the layer with its initial row volts [rows] and row volts [patch × rows].</param>
/// <param name="FirstPatch">Index of the first patch in the feature map (names the .meas).</param>
/// <param name="Patches">Patches (read slots) of the layer.</param>
/// <param name="StartSlot">Read slot of the deck at which the layer's first patch is applied.</param>
public sealed record StimulusWindow(string Layer, IReadOnlyList<(PlacedTile Tile, double[] Initial, double[] RowVolts)> Tiles, int FirstPatch, int Patches, int StartSlot)
{
    /// <summary>This layer's read slot, seconds (each layer at its measured settling); null: the deck's read slot.</summary>
    public double? ReadSeconds { get; init; }
    /// <summary>This layer's DAC ramp, seconds (its read slot / steps per slot); null: the deck's.</summary>
    public double? StepSeconds { get; init; }
}
