using MemristorSpice.Netlist.Elements;

namespace MemristorSpice.Netlist.Model;

/// <summary>An analysis requested by the netlist (.op, .dc, .tran).</summary>
public abstract record Analysis;

internal sealed record OperatingPointAnalysis : Analysis;

/// <summary>One swept source of .dc: start, stop, step (the step's sign must take start to stop).</summary>
/// <param name="Source">Lower-case name of the swept source or resistor, or <see cref="Temperature"/>.</param>
/// <param name="Start">First value (Volts, Amperes, Ohms or °C).</param>
/// <param name="Stop">Last value, same unit.</param>
/// <param name="Step">Increment, same unit; negative for a falling sweep.</param>
public sealed record DcSweep(string Source, double Start, double Stop, double Step)
{
    /// <summary>The sweep name of the circuit temperature in °C (ngspice's <c>.dc TEMP</c>).</summary>
    public const string Temperature = "temp";

    /// <summary>
    /// True when the swept quantity is not an independent source (a resistor or the temperature): the circuit is
    /// rebuilt at every point rather than one source overridden.
    /// </summary>
    public bool RebuildsCircuit(NetlistCircuit circuit) => Source == Temperature || circuit.FindElement(Source) is ResistorElement;

    /// <summary>Sweep values from start to stop, the same points the engine's source sweep takes (<see cref="Engine.Analyses.SweepSpec.Points"/>).</summary>
    public IReadOnlyList<double> Values() => new Engine.Analyses.SweepSpec(Source, Start, Stop, Step).Points();
}

/// <summary>.dc with one or two sweeps; the first sweep is the inner loop, as in SPICE.</summary>
/// <param name="Sweeps">One or two sweeps, inner first.</param>
public sealed record DcAnalysis(IReadOnlyList<DcSweep> Sweeps) : Analysis
{
    /// <summary>Structural equality: the same sweeps in the same order.</summary>
    public bool Equals(DcAnalysis? other) => other is not null && Sweeps.SequenceEqual(other.Sweeps);
    /// <summary>Hash consistent with <see cref="Equals(DcAnalysis?)"/>.</summary>
    public override int GetHashCode() => Sweeps.Count;
}

/// <summary>.ac dec|oct|lin points fstart fstop (frequencies in Hz); results in <see cref="Engine.Results.AcColumns"/> form.</summary>
internal sealed record AcAnalysis(Engine.Analyses.AcSweepKind Kind, int Points, double Start, double Stop) : Analysis
{
    /// <summary>SPICE keyword of the spacing: dec, oct or lin.</summary>
    public string Keyword => Kind switch { Engine.Analyses.AcSweepKind.Decade => "dec", Engine.Analyses.AcSweepKind.Octave => "oct", _ => "lin" };
}

/// <summary>.tran tstep tstop [tstart [tmax]] [uic].</summary>
/// <param name="Step">tstep: printing increment in Seconds.</param>
/// <param name="Stop">tstop: end time in Seconds.</param>
/// <param name="Start">tstart: first time written to the results, in Seconds.</param>
/// <param name="MaxStep">tmax: largest internal time step in Seconds; null lets the simulator choose.</param>
/// <param name="UseInitialConditions">uic: start from the .ic values and skip the initial operating point.</param>
public sealed record TransientAnalysis(double Step, double Stop, double Start = 0, double? MaxStep = null, bool UseInitialConditions = false) : Analysis;

/// <summary>
/// .tf v(node[,node2]) source: the small-signal DC transfer function from an independent source to a node voltage,
/// the input resistance seen by the source and the output resistance at the node (ngspice's three results).
/// </summary>
/// <param name="OutputNode">Node whose voltage is the output, lower-case.</param>
/// <param name="OutputReference">Second node of v(node,node2); null for ground.</param>
/// <param name="InputSource">Lower-case name of the independent source driving the input.</param>
public sealed record TransferFunctionAnalysis(string OutputNode, string? OutputReference, string InputSource) : Analysis
{
    /// <summary>The output as written in ngspice's result names: v(a) or v(a,b).</summary>
    public string Output => OutputReference is null ? $"v({OutputNode})" : $"v({OutputNode},{OutputReference})";
}
