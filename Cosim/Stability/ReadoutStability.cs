using System.Numerics;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Cosim.Stability;

/// <summary>Settings of the readout stability check.</summary>
public sealed record StabilityOptions
{
    /// <summary>Default target phase margin, degrees.</summary>
    public const double DefaultPhaseMarginDegrees = 60;

    /// <summary>Phase margin the recommended feedback capacitor must reach, degrees (0 &lt; PM &lt; 90).</summary>
    public double TargetPhaseMarginDegrees { get; init; } = DefaultPhaseMarginDegrees;

    /// <summary>AC points per decade of the coarse sweep; the decade step around each crossover is then resampled with
    /// <see cref="RefinePoints"/> linearly spaced points.</summary>
    public int PointsPerDecade { get; init; } = 10;

    /// <summary>Linearly spaced AC points inside the coarse step that holds a crossover (9 = 1/80 decade apart at 10 per decade).</summary>
    public int RefinePoints { get; init; } = 9;

    /// <summary>Largest feedback capacitor considered, F; a target not reached below it is reported as unreachable.</summary>
    public double MaxFeedbackFarads { get; init; } = 1e-9;

    /// <summary>Design and verify a feedback capacitor (false: only the margins of the circuit as it is, e.g. cosim's warning).</summary>
    public bool DesignFeedbackCapacitor { get; init; } = true;


    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public StabilityOptions Validate()
    {
        if (!(TargetPhaseMarginDegrees > 0 && TargetPhaseMarginDegrees < 90))
            throw new ArgumentException($"target phase margin must be in (0, 90) degrees, got {TargetPhaseMarginDegrees}.");
        if (PointsPerDecade is < 5 or > 1000) throw new ArgumentException($"points per decade must be in [5, 1000], got {PointsPerDecade}.");
        if (RefinePoints is < 2 or > 1000) throw new ArgumentException($"refine points must be in [2, 1000], got {RefinePoints}.");
        if (!(MaxFeedbackFarads > 0 && MaxFeedbackFarads <= 1e-3)) throw new ArgumentException($"largest feedback capacitor must be in (0, 1e-3] F, got {MaxFeedbackFarads}.");
        return this;
    }
}

/// <summary>One TIA column of a tile with what its input sees.</summary>
/// <param name="TileId">Tile identifier (layer/xbarN/tileM).</param>
/// <param name="Layout">The tile.</param>
/// <param name="Tia">The column's TIA.</param>
/// <param name="ConductanceSiemens">Σ G of the column's cells (programmed read conductances), S.</param>
/// <param name="CapacitanceFarads">Wire capacitance on the column's nodes (segments × capacitance per segment), F.</param>
/// <param name="Lumped">Crossover and margin of the lumped model (<see cref="LumpedTiaLoop"/>), null without crossover.</param>
public sealed record ColumnLoad(string TileId, CrossbarTileLayout Layout, TiaStage Tia, double ConductanceSiemens, double CapacitanceFarads, LoopMargin? Lumped)
{
    /// <summary>Column name inside its tile (the TIA input node, e.g. col3p).</summary>
    public string Column => Tia.InputNode;
}

/// <summary>Margins of one TIA loop as simulated.</summary>
/// <param name="FeedbackFarads">Cf across every Rf of the tile, F.</param>
/// <param name="Margin">Crossover and phase margin, null when |T| &lt; 1 everywhere.</param>
/// <param name="PeakingDb">Closed-loop peaking of the transimpedance, dB.</param>
/// <param name="Sweep">The loop-gain samples the margin comes from (coarse sweep merged with the refined crossover steps).</param>
/// <param name="ClosedLoop">Closed-loop transimpedance Z = −Zf·T/(1 + T) at the same frequencies, Ω.</param>
public sealed record TiaLoopResult(double FeedbackFarads, LoopMargin? Margin, double PeakingDb, LoopGainSweep Sweep, Complex[] ClosedLoop);

/// <summary>The stability check of one analog layer.</summary>
/// <param name="Layer">Layer name.</param>
/// <param name="ColumnsScreened">TIA columns of the layer's tiles that the lumped screen ranked.</param>
/// <param name="Worst">The column with the smallest lumped phase margin.</param>
/// <param name="AsBuilt">Its loop as generated (no feedback capacitor).</param>
/// <param name="RecommendedFeedbackFarads">Smallest Cf (3 significant digits, rounded up) whose loop reaches the target; 0
/// when the loop already does; null when no Cf up to the maximum does (or no design was asked).</param>
/// <param name="WithFeedbackCapacitor">The loop re-simulated with the recommended Cf in every TIA of the tile; null without a recommendation.</param>
/// <param name="TargetPhaseMarginDegrees">The target the recommendation was made for, degrees.</param>
public sealed record LayerStability(string Layer, int ColumnsScreened, ColumnLoad Worst, TiaLoopResult AsBuilt, double? RecommendedFeedbackFarads,
    TiaLoopResult? WithFeedbackCapacitor, double TargetPhaseMarginDegrees);

/// <summary>
/// Readout stability of the column TIAs of a layer. Each TIA sees its column as a source admittance: the cells'
/// conductance sum G (set by the programmed weights) and the column wire capacitance C. The loop gain is
/// T = A·Yf/(Yf + Y) (<see cref="LumpedTiaLoop"/>), so its second pole (Gf + G)/(2π·(C + Cf)) closes in on the
/// crossover ≈ GBW·Gf/(Gf + G) as C grows and as G shrinks. Steps per layer:
/// (1) screen every column of every tile with the lumped closed form and take the smallest margin (largest C, then
/// smallest G); (2) simulate that column's loop on the full tile circuit with our engine's .ac
/// (<see cref="TiaLoopCircuit"/>): crossover, phase margin, closed-loop peaking; (3) choose the smallest Cf whose loop
/// T = A·Yf(Cf)/(Yf(Cf) + Y), with A and Y measured in step 2, reaches the target margin (bisection in log Cf);
/// (4) add that Cf to every TIA of the tile and simulate again, reporting the margin the circuit actually has.
/// </summary>
public static class ReadoutStability
{
    /// <summary>Screens the columns of one layer's tiles and analyses the worst one.</summary>
    /// <param name="layer">Layer name.</param>
    /// <param name="tiles">Every tile of the layer (identifier and generated layout).</param>
    /// <param name="wireFarads">Wire capacitance per segment to ground, F.</param>
    /// <param name="options">Target margin and sweep density.</param>
    public static LayerStability Analyze(string layer, IEnumerable<(string TileId, CrossbarTileLayout Layout)> tiles, double wireFarads, StabilityOptions options)
    {
        options.Validate();
        var columns = tiles.SelectMany(t => Screen(t.TileId, t.Layout, wireFarads)).ToList();
        if (columns.Count == 0) throw new ArgumentException($"{layer}: no TIA columns to check.");
        var worst = Worst(columns);
        var circuit = new TiaLoopCircuit(worst.Layout, wireFarads);
        var sweep = Sweep(worst, options);
        var asBuilt = Simulate(circuit, worst.Tia, 0, sweep, options);
        double? cf = null;
        TiaLoopResult? withCf = null;
        if (options.DesignFeedbackCapacitor)
        {
            cf = RecommendFeedbackFarads(asBuilt.Sweep, worst.Layout.FeedbackOhms, options);
            if (cf == 0) withCf = asBuilt;
            else if (cf is { } value)
            {
                // The design interpolates between coarse samples away from the new crossover, and the other TIAs' Cf
                // changes the column admittance slightly: a re-simulation below the target raises Cf by 2 % and checks again.
                withCf = Simulate(circuit, worst.Tia, value, sweep, options);
                for (int i = 0; i < 10 && withCf.Margin is { } m && m.PhaseMarginDegrees < options.TargetPhaseMarginDegrees && value < options.MaxFeedbackFarads; i++)
                {
                    value = RoundUp(value * 1.02);
                    withCf = Simulate(circuit, worst.Tia, value, sweep, options);
                }
                cf = value;
            }
        }
        return new LayerStability(layer, columns.Count, worst, asBuilt, cf, withCf, options.TargetPhaseMarginDegrees);
    }

    /// <summary>Every TIA column of a tile with its conductance sum, wire capacitance and lumped margin.</summary>
    public static IEnumerable<ColumnLoad> Screen(string tileId, CrossbarTileLayout layout, double wireFarads)
    {
        var op = layout.OpAmp;
        if (op?.GainBandwidthHertz is not { } gbw)
            throw new ArgumentException($"{tileId}: the readout stability check needs op-amps with a gain-bandwidth product (opAmp.gbwHz / --gbw).");
        // The column's net: the TIA input node and every node joined to it by wire segments (a column wire never
        // touches a row wire; cells are not wires). Its capacitance is one capacitor per segment whose far node lies on it.
        var adjacent = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var w in layout.Wires)
        {
            adjacent.TryAdd(w.NodeA, []);
            adjacent.TryAdd(w.NodeB, []);
            adjacent[w.NodeA].Add(w.NodeB);
            adjacent[w.NodeB].Add(w.NodeA);
        }
        var cellsByNode = layout.Cells.ToLookup(c => c.ColumnNode, StringComparer.OrdinalIgnoreCase);
        foreach (var tia in layout.Tias)
        {
            var net = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { tia.InputNode };
            var pending = new Stack<string>([tia.InputNode]);
            while (pending.Count > 0)
                foreach (var next in adjacent.GetValueOrDefault(pending.Pop()) ?? [])
                    if (net.Add(next)) pending.Push(next);
            double g = net.Sum(n => cellsByNode[n].Sum(c => 1 / layout.Device.Model.Resistance(c.State)));
            double c = layout.Wires.Count(w => net.Contains(w.NodeB)) * wireFarads;
            yield return new ColumnLoad(tileId, layout, tia, g, c, LumpedTiaLoop.Solve(op.OpenLoopGain, gbw, layout.FeedbackOhms, 0, g, c));
        }
    }

    /// <summary>The column with the smallest lumped margin (a column without crossover ranks last); ties: larger C, then smaller G.</summary>
    public static ColumnLoad Worst(IEnumerable<ColumnLoad> columns) => columns
        .OrderBy(c => c.Lumped?.PhaseMarginDegrees ?? double.PositiveInfinity)
        .ThenByDescending(c => c.CapacitanceFarads)
        .ThenBy(c => c.ConductanceSiemens)
        .First();

    /// <summary>
    /// The AC sweep of a column: decades from 1e−5·GBW (or 1e−3 of the lumped crossover, if lower) to 100·GBW (or 1e3
    /// times the lumped crossover, if higher), so the low end lies inside the closed-loop band (the peaking reference)
    /// and the high end beyond the crossover (the loop gain of a passive RC feedback network never exceeds A, whose
    /// unity-gain frequency is the GBW).
    /// </summary>
    public static AcSweep Sweep(ColumnLoad column, StabilityOptions options)
    {
        double gbw = column.Layout.OpAmp!.GainBandwidthHertz!.Value;
        double low = 1e-5 * gbw, high = 100 * gbw;
        if (column.Lumped is { } m)
        {
            low = Math.Min(low, 1e-3 * m.CrossoverHz);
            high = Math.Max(high, 1e3 * m.CrossoverHz);
        }
        // Whole decades, so the frequencies are those of ".ac dec N low high" in both engines.
        low = Math.Pow(10, Math.Floor(Math.Log10(low)));
        high = Math.Pow(10, Math.Ceiling(Math.Log10(high)));
        return new AcSweep(AcSweepKind.Decade, options.PointsPerDecade, low, high);
    }

    /// <summary>
    /// The smallest Cf (rounded up to 3 significant digits) for which T = A·Yf/(Yf + Y), Yf = 1/Rf + jωCf, with A and Y
    /// the op-amp gain and column admittance measured in <paramref name="sweep"/>, has at least the target margin; 0 when
    /// the loop already has it (Cf only slows the read: the TIA's own pole 1/(2π·Rf·Cf)); null when even
    /// <see cref="StabilityOptions.MaxFeedbackFarads"/> does not reach it. A larger Cf moves the zero Gf/(2πCf) of β
    /// below the crossover and the margin rises towards 90° monotonically, so bisection in log Cf converges.
    /// </summary>
    public static double? RecommendFeedbackFarads(LoopGainSweep sweep, double feedbackOhms, StabilityOptions options)
    {
        double target = options.TargetPhaseMarginDegrees;
        bool Reaches(double cf) => MarginWith(sweep, feedbackOhms, cf) is not { } m || m.PhaseMarginDegrees >= target;
        if (Reaches(0)) return 0;
        if (!Reaches(options.MaxFeedbackFarads)) return null;
        double lo = Math.Log(1e-21), hi = Math.Log(options.MaxFeedbackFarads);
        for (int i = 0; i < 60 && hi - lo > 1e-6; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Reaches(Math.Exp(mid))) hi = mid; else lo = mid;
        }
        // Rounding up keeps the margin at or above the target.
        return RoundUp(Math.Exp(hi));
    }

    /// <summary><paramref name="value"/> rounded up to 3 significant digits.</summary>
    private static double RoundUp(double value)
    {
        double scale = Math.Pow(10, Math.Floor(Math.Log10(value)) - 2);
        return Math.Ceiling(value / scale - 1e-9) * scale;
    }

    /// <summary>The margin of the measured loop with a feedback capacitor <paramref name="feedbackFarads"/> added (F).</summary>
    public static LoopMargin? MarginWith(LoopGainSweep sweep, double feedbackOhms, double feedbackFarads)
    {
        var t = new Complex[sweep.Hz.Length];
        for (int k = 0; k < t.Length; k++)
        {
            var yf = new Complex(1 / feedbackOhms, 2 * Math.PI * sweep.Hz[k] * feedbackFarads);
            t[k] = sweep.OpAmpGain[k] * yf / (yf + sweep.ColumnAdmittance[k]);
        }
        return SampledLoop.Margin(sweep.Hz, t);
    }

    /// <summary>
    /// Simulates the loop with Cf = <paramref name="cf"/>: the coarse sweep, then each coarse step that holds a downward
    /// crossing of |T| = 1 resampled with <see cref="StabilityOptions.RefinePoints"/> linear points (".ac lin"), merged.
    /// The peaking is that of Z = −Zf·T/(1 + T), the closed-loop transimpedance from the column current to the TIA
    /// output, which is exact for the macro model (its input draws no current and its output is a voltage source).
    /// </summary>
    public static TiaLoopResult Simulate(TiaLoopCircuit circuit, TiaStage tia, double cf, AcSweep sweep, StabilityOptions options)
    {
        var loop = circuit.LoopGain(tia, cf, sweep);
        var pieces = new List<LoopGainSweep> { loop };
        for (int k = 0; k + 1 < loop.Hz.Length; k++)
            if (loop.LoopGain[k].Magnitude >= 1 && loop.LoopGain[k + 1].Magnitude < 1)
                pieces.Add(circuit.LoopGain(tia, cf, new AcSweep(AcSweepKind.Linear, options.RefinePoints + 2, loop.Hz[k], loop.Hz[k + 1])));
        var merged = Merge(pieces);
        var margin = SampledLoop.Margin(merged.Hz, merged.LoopGain);
        var closed = new Complex[merged.Hz.Length];
        for (int k = 0; k < closed.Length; k++)
        {
            var zf = 1 / new Complex(1 / circuit.Layout.FeedbackOhms, 2 * Math.PI * merged.Hz[k] * cf);
            closed[k] = -zf * merged.LoopGain[k] / (1 + merged.LoopGain[k]);
        }
        return new TiaLoopResult(cf, margin, SampledLoop.PeakingDb(closed), merged, closed);
    }

    private static LoopGainSweep Merge(List<LoopGainSweep> pieces)
    {
        if (pieces.Count == 1) return pieces[0];
        var rows = pieces.SelectMany(p => p.Hz.Select((f, k) => (f, t: p.LoopGain[k], a: p.OpAmpGain[k], y: p.ColumnAdmittance[k])))
            .OrderBy(r => r.f).ToList();
        // The refined steps repeat their end points: keep one sample per frequency (same circuit, same value).
        var unique = new List<(double f, Complex t, Complex a, Complex y)>();
        foreach (var r in rows)
            if (unique.Count == 0 || r.f > unique[^1].f * (1 + 1e-12)) unique.Add(r);
        return new LoopGainSweep(unique.Select(r => r.f).ToArray(), unique.Select(r => r.t).ToArray(),
            unique.Select(r => r.a).ToArray(), unique.Select(r => r.y).ToArray());
    }
}
