using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using AcSmallSignal = MemristorSpice.Engine.Analyses.AcSmallSignal;
using AcSweep = MemristorSpice.Engine.Analyses.AcSweep;
using AcSweepKind = MemristorSpice.Engine.Analyses.AcSweepKind;
using WaveformTable = MemristorSpice.Engine.Results.WaveformTable;

namespace MemristorSpice.Netlist.Simulation;

/// <summary>
/// .tf v(out[,ref]) src (SPICE's small-signal DC transfer function): the circuit linearized at its operating point,
/// then (1) a unit excitation of the input source gives the gain Δv(out)/Δsrc and the input resistance (for a V source
/// 1/(−Δi), for an I source the voltage across it), (2) a unit current injected into the output node, sources at rest,
/// gives the output resistance. Both solves are the small-signal (.ac) system at a frequency so low (1e-9 Hz) that
/// capacitors are open and inductors short to far below double precision; the results are their real parts.
/// Named as ngspice writes them: v(transfer_function), v(src#input_impedance), v(output_impedance_at_v(out)).
/// </summary>
public static class TransferFunction
{
    private const double FrequencyHz = 1e-9;
    private const string Probe = "itf#output_probe";

    /// <summary>Runs the .tf analysis; the table has one row with gain, input and output resistance (Ohms).</summary>
    public static WaveformTable Run(NetlistCircuit netlist, TransferFunctionAnalysis tf, Elaborator elaborator)
    {
        var input = netlist.FindElement(tf.InputSource) as TwoTerminal
            ?? throw new SimulationException($".tf: no independent source '{tf.InputSource}'");
        var driven = Solve(Quiet(netlist, tf.InputSource), elaborator);
        double gain = Voltage(driven, tf.OutputNode) - Voltage(driven, tf.OutputReference);
        double inputResistance = input is VoltageSourceElement
            ? -1 / driven[$"i({input.Name})"][0].Real
            : Voltage(driven, input.Negative) - Voltage(driven, input.Positive);

        var probed = Quiet(netlist, null);
        // The probe's current flows from + through it to −, i.e. into the output node from the reference node.
        probed.Elements.Add(new CurrentSourceElement(Probe, tf.OutputReference ?? "0", tf.OutputNode, 0, AcMagnitude: 1));
        var injected = Solve(probed, elaborator);
        double outputResistance = Voltage(injected, tf.OutputNode) - Voltage(injected, tf.OutputReference);

        return new WaveformTable("point", [0], new KeyValuePair<string, double[]>[]
        {
            new("v(transfer_function)", [gain]),
            new($"v({input.Name}#input_impedance)", [inputResistance]),
            new($"v(output_impedance_at_{tf.Output})", [outputResistance]),
        });
    }

    /// <summary>A copy with every source's AC excitation removed, and a unit one on <paramref name="driven"/>.</summary>
    private static NetlistCircuit Quiet(NetlistCircuit netlist, string? driven) => netlist.With(e => e switch
    {
        VoltageSourceElement v => v with { AcMagnitude = v.Name == driven ? 1 : null, AcPhaseDegrees = null },
        CurrentSourceElement i => i with { AcMagnitude = i.Name == driven ? 1 : null, AcPhaseDegrees = null },
        _ => e,
    });

    private static Engine.Results.AcResult Solve(NetlistCircuit netlist, Elaborator elaborator)
    {
        var built = elaborator.Elaborate(netlist);
        return new AcSmallSignal(built.Circuit, new AcSweep(AcSweepKind.Linear, 1, FrequencyHz, FrequencyHz), built.Options).Run();
    }

    private static double Voltage(Engine.Results.AcResult result, string? node) =>
        node is null or "0" ? 0 : result[$"v({node})"][0].Real;
}
