using System.Globalization;
using System.Text;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Cosim.Stability;

/// <summary>
/// The ngspice deck of a TIA loop (<see cref="TiaLoopCircuit"/>), written from the tile's own netlist
/// (<see cref="CrossbarNetlistWriter"/> with cells as read resistors, <see cref="NgspiceTileDeck"/>) and edited: wire
/// capacitors (far node of each segment to ground), Cf inside the TIA subcircuit, the TIA instance of the checked column
/// replaced by its op-amp reading a test node driven by "ac 1", its Rf (and Cf), and one .ac card per sweep. The loop
/// gain is T = −v(column) in every AC plot ngspice writes.
/// </summary>
public static class StabilityDeck
{
    /// <summary>The deck text.</summary>
    /// <param name="layout">The tile.</param>
    /// <param name="tia">The column whose loop is broken.</param>
    /// <param name="wireFarads">Wire capacitance per segment, F.</param>
    /// <param name="feedbackFarads">Cf across every Rf, F (0 = none).</param>
    /// <param name="deviceLibrary">Path written in the deck's .include of the device library.</param>
    /// <param name="sweeps">The AC sweeps, one .ac card each.</param>
    public static string LoopGain(CrossbarTileLayout layout, TiaStage tia, double wireFarads, double feedbackFarads, string deviceLibrary,
        IReadOnlyList<AcSweep> sweeps)
    {
        var op = layout.OpAmp ?? throw new ArgumentException("the TIA loop needs an op-amp macro model.");
        var rows = layout.Rows.Select(r => r.Volts).ToArray();
        var text = NgspiceTileDeck.OperatingPoint(layout, rows, deviceLibrary, NgspiceCellModel.ReadResistor);
        var sb = new StringBuilder();
        bool inTia = false;
        foreach (var line in text.Split('\n'))
        {
            var first = line.Split(' ')[0];
            if (line.StartsWith($".subckt {CrossbarNetlistWriter.TiaSubcircuit} ", StringComparison.Ordinal)) inTia = true;
            if (inTia && line.StartsWith(".ends", StringComparison.Ordinal))
            {
                if (feedbackFarads > 0) sb.Append("cf in out ").Append(N(feedbackFarads)).Append('\n');
                inTia = false;
            }
            // The operating-point deck saves only the tile outputs; the loop gain is read at the column (input) node.
            if (line == ".op" || line == ".end" || line.StartsWith(".save", StringComparison.Ordinal)) continue;
            if (string.Equals(first, tia.Name, StringComparison.OrdinalIgnoreCase))
            {
                // The loop of this column broken at its op-amp's inverting input (Middlebrook voltage injection, exact: no input current).
                string brk = $"{tia.Name}_brk";
                sb.Append("* ").Append(tia.Name).Append(": loop broken at the op-amp's inverting input, test source ac 1\n");
                sb.Append("x").Append(tia.Name).Append("_oa 0 ").Append(brk).Append(' ').Append(tia.OutputNode).Append(' ').Append(op.Name.ToUpperInvariant()).Append('\n');
                sb.Append("r").Append(tia.Name).Append("_rf ").Append(tia.InputNode).Append(' ').Append(tia.OutputNode).Append(' ').Append(N(layout.FeedbackOhms)).Append('\n');
                if (feedbackFarads > 0)
                    sb.Append("c").Append(tia.Name).Append("_cf ").Append(tia.InputNode).Append(' ').Append(tia.OutputNode).Append(' ').Append(N(feedbackFarads)).Append('\n');
                sb.Append("v").Append(tia.Name).Append("_brk ").Append(brk).Append(" 0 dc 0 ac 1\n");
                continue;
            }
            sb.Append(line).Append('\n');
        }
        if (wireFarads > 0)
        {
            sb.Append("\n* wire capacitance per segment (far node to ground)\n");
            foreach (var w in layout.Wires) sb.Append('c').Append(w.Name).Append(' ').Append(w.NodeB).Append(" 0 ").Append(N(wireFarads)).Append('\n');
        }
        foreach (var s in sweeps)
        {
            var kind = s.Kind switch { AcSweepKind.Decade => "dec", AcSweepKind.Octave => "oct", _ => "lin" };
            sb.Append(".ac ").Append(kind).Append(' ').Append(s.Points).Append(' ').Append(N(s.Start)).Append(' ').Append(N(s.Stop)).Append('\n');
        }
        sb.Append(".end\n");
        return sb.ToString();
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
