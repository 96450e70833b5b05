using System.Numerics;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Devices.Native;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Cosim.Stability;

/// <summary>AC responses of one TIA's loop in a tile, sampled at <see cref="Hz"/>.</summary>
/// <param name="Hz">Frequencies, Hz (increasing).</param>
/// <param name="LoopGain">T(f) = A(f)·β(f), dimensionless.</param>
/// <param name="OpAmpGain">A(f): op-amp output per volt at its inverting input (sign removed), V/V.</param>
/// <param name="ColumnAdmittance">Y(f): admittance from the TIA input node into the rest of the tile, S.</param>
public sealed record LoopGainSweep(double[] Hz, Complex[] LoopGain, Complex[] OpAmpGain, Complex[] ColumnAdmittance);

/// <summary>
/// The AC circuits of one TIA loop, built from the tile's real circuit (<see cref="CrossbarCircuitBuilder"/>: the same
/// elements and node names the co-simulation solves, cells as their read resistances R(x0), op-amps as the native
/// single-pole macro model), plus the wire capacitance of tran mode (one capacitor per wire segment from its far node
/// to ground, as <see cref="MemristorSpice.Cosim.Backends.TranTileModel"/>) and optionally a feedback capacitor Cf in
/// parallel with Rf in every TIA of the tile.
/// <para>
/// Loop gain (<see cref="LoopGain"/>): the loop is broken at the op-amp's inverting input. The op-amp is rewired to
/// read a new node driven by a test source (1 V AC), while its feedback network still loads the column as before. This
/// is Middlebrook's voltage injection (R. D. Middlebrook, "Measurement of loop gain in feedback systems", Int. J.
/// Electronics 38(4), 1975): injecting where the impedance looking forward is Z_l and back is Z_s gives
/// T_v = T·(1 + Z_s/Z_l) + Z_s/Z_l; the macro model's input draws no current (Z_l = ∞), so the ratio is exact:
/// T = −V(column)/V(test). At DC the test source holds the column voltage of the closed loop (from an operating point
/// when the op-amp has rails), so the linearization point does not move.
/// </para>
/// <para>
/// Closed loop (<see cref="ClosedLoop"/>): 1 A AC injected into the column node with the loop closed; the TIA output
/// per ampere is the transimpedance Z(f) = −Zf·T/(1 + T), whose rise above its low-frequency value is the peaking.
/// </para>
/// </summary>
public sealed class TiaLoopCircuit
{
    private readonly CrossbarTileLayout _layout;
    private readonly double _wireFarads;

    /// <param name="layout">The generated tile (its op-amp must have a gain-bandwidth product).</param>
    /// <param name="wireFarads">Wire capacitance per wire segment to ground, F (0 = none).</param>
    public TiaLoopCircuit(CrossbarTileLayout layout, double wireFarads)
    {
        if (layout.OpAmp?.GainBandwidthHertz is null)
            throw new ArgumentException($"{layout.Title}: the TIA loop needs an op-amp with a gain-bandwidth product (an ideal or pole-free op-amp has no crossover).");
        if (!(wireFarads >= 0 && double.IsFinite(wireFarads))) throw new ArgumentException($"wire capacitance must be >= 0 F, got {wireFarads}.");
        _layout = layout;
        _wireFarads = wireFarads;
    }

    /// <summary>The tile the loops belong to.</summary>
    public CrossbarTileLayout Layout => _layout;

    /// <summary>Name of the test source of the broken loop of <paramref name="tia"/>.</summary>
    public static string TestSourceName(TiaStage tia) => $"{tia.Name}.vbrk";

    /// <summary>Node the op-amp of <paramref name="tia"/> reads in the broken loop.</summary>
    public static string BreakNode(TiaStage tia) => $"{tia.Name}.brk";

    /// <summary>
    /// The engine circuit: the tile with wire capacitors and <paramref name="feedbackFarads"/> across every Rf; the loop of
    /// <paramref name="tia"/> broken at its op-amp input (<paramref name="broken"/>) or closed with a 1 A AC source
    /// into its column.
    /// </summary>
    public Circuit Build(TiaStage tia, double feedbackFarads, bool broken, double breakVolts = 0)
    {
        var op = _layout.OpAmp!;
        var circuit = CrossbarCircuitBuilder.Build(_layout, CellElementKind.ReadResistor);
        if (_wireFarads > 0)
            foreach (var w in _layout.Wires) circuit.Add(new Capacitor($"{w.Name}.c", w.NodeB, "0", _wireFarads));
        if (feedbackFarads > 0)
            foreach (var t in _layout.Tias) circuit.Add(new Capacitor($"{t.Name}.cf", t.InputNode, t.OutputNode, feedbackFarads));
        if (broken)
        {
            circuit.Replace(new OpAmp($"{tia.Name}.xoa", "0", BreakNode(tia), tia.OutputNode, op));
            circuit.Add(new VoltageSource(TestSourceName(tia), BreakNode(tia), "0", breakVolts) { AcMagnitude = 1 });
        }
        else circuit.Add(new CurrentSource($"{tia.Name}.iinj", "0", tia.InputNode, 0.0) { AcMagnitude = 1 });
        return circuit;
    }

    /// <summary>Loop gain, op-amp gain and column admittance of <paramref name="tia"/> over <paramref name="sweep"/>.</summary>
    public LoopGainSweep LoopGain(TiaStage tia, double feedbackFarads, AcSweep sweep)
    {
        // With rails the op-amp's small-signal gain depends on where its output sits: hold the closed loop's column voltage.
        double hold = 0;
        if (_layout.OpAmp!.HasSwingLimit)
            hold = new OperatingPoint(Build(tia, feedbackFarads, broken: false)).Run()[Signal(tia.InputNode)];
        string col = Signal(tia.InputNode), output = Signal(tia.OutputNode);
        var result = new AcSmallSignal(Build(tia, feedbackFarads, broken: true, hold), sweep) { Signals = [col, output] }.Run();
        var vc = result[col];
        var vo = result[output];
        int n = result.Frequencies.Length;
        var t = new Complex[n];
        var a = new Complex[n];
        var y = new Complex[n];
        double gf = 1 / _layout.FeedbackOhms;
        for (int k = 0; k < n; k++)
        {
            // Test source 1 V: V(out) = −A, V(col) = β·V(out), T = A·β = −V(col); the current Yf·(Vout − Vcol) flows into Y.
            t[k] = -vc[k];
            a[k] = -vo[k];
            var yf = new Complex(gf, 2 * Math.PI * result.Frequencies[k] * feedbackFarads);
            y[k] = yf * (vo[k] - vc[k]) / vc[k];
        }
        return new LoopGainSweep(result.Frequencies, t, a, y);
    }

    /// <summary>Closed-loop transimpedance V(TIA output) per ampere injected into the column, Ω, over <paramref name="sweep"/>.</summary>
    public Complex[] ClosedLoop(TiaStage tia, double feedbackFarads, AcSweep sweep)
    {
        var output = Signal(tia.OutputNode);
        return new AcSmallSignal(Build(tia, feedbackFarads, broken: false), sweep) { Signals = [output] }.Run()[output];
    }

    private static string Signal(string node) => $"v({Circuit.NormalizeNode(node)})";
}
