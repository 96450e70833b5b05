using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Simulation;

/// <summary>Which simulator ran a netlist.</summary>
public enum Backend
{
    /// <summary>Our engine (MemristorSpice.Engine).</summary>
    Native,
    /// <summary>ngspice in batch mode, the reference.</summary>
    Ngspice,
}

/// <summary>
/// The table of one analysis: OP as a one-row table (axis "point"), DC versus the first swept source
/// (a second sweep adds the column "sweep2"), TRAN versus time. Signals are named v(node) and i(element).
/// AC versus "frequency" in Hz with two columns per signal, "vdb(node)" (dB) and "vp(node)_deg" (degrees), see
/// <see cref="AcColumns"/>.
/// </summary>
/// <param name="Analysis">The analysis as requested.</param>
/// <param name="Table">Its results.</param>
public sealed record AnalysisResult(Analysis Analysis, WaveformTable Table)
{
    /// <summary>ngspice's name of the plot (op1, dc1, tran2 ...: kind and a counter shared by all kinds); empty when not named.</summary>
    public string PlotName { get; init; } = "";

    /// <summary>The alter/altermod/option changes of a .control block in force when it ran (e.g. "r1 resistance=2000"); empty when none.</summary>
    public string Changes { get; init; } = "";

    /// <summary>The command or dot line that asked for it.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Plot name, analysis line and changes, e.g. "tran2 .tran 1e-09 1e-06 [r1 resistance=2000]", for tables and messages.</summary>
    public string Label => (PlotName.Length == 0 ? "" : PlotName + " ") + Simulation.SimulationRunner.Describe(Analysis) + (Changes.Length == 0 ? "" : $" [{Changes}]");

    /// <summary>SPICE keyword of the analysis: op, dc, tran, ac, tf or noise.</summary>
    public string Kind => KindOf(Analysis);

    /// <summary>SPICE keyword of <paramref name="analysis"/> (op, dc, tran, ac, tf or noise), as ngspice names its plots.</summary>
    public static string KindOf(Analysis analysis) => analysis switch
    {
        OperatingPointAnalysis => "op",
        DcAnalysis => "dc",
        TransientAnalysis => "tran",
        AcAnalysis => "ac",
        TransferFunctionAnalysis => "tf",
        NoiseAnalysis => "noise",
        _ => "analysis",
    };

    /// <summary>The complex phasors of an AC analysis (frequency in Hz); null for other analyses or when not kept.</summary>
    public AcResult? Ac { get; init; }

    /// <summary>The values of the netlist's .meas lines for this analysis's kind, in netlist order.</summary>
    public IReadOnlyList<Measurements.MeasurementResult> Measurements { get; init; } = [];
}

/// <summary>Everything one run of a netlist produced.</summary>
/// <param name="Title">The netlist title.</param>
/// <param name="Backend">The simulator that ran it.</param>
/// <param name="Analyses">One result per analysis, in netlist order.</param>
/// <param name="Warnings">Reader and elaboration warnings.</param>
/// <param name="Elapsed">Wall time of the simulation, reading excluded (for ngspice: its process run).</param>
public sealed record SimulationResult(string Title, Backend Backend, IReadOnlyList<AnalysisResult> Analyses, IReadOnlyList<Diagnostic> Warnings, TimeSpan Elapsed)
{
    /// <summary>The netlist's .options (tolerances a comparison of two runs takes into account).</summary>
    public Model.SimulationOptions Options { get; init; } = new();

    /// <summary>
    /// The runs as ngspice commands (alter, altermod, option, reset and one analysis command per result), which
    /// <see cref="SimulationRunner.RunFile(string, Backend, SimulationResult?)"/> replays in ngspice for a comparison.
    /// </summary>
    public IReadOnlyList<Ngspice.NgspiceCommand> NgspiceScript { get; init; } = [];
}

/// <summary>A simulation that could not run or did not converge; the message says why and where.</summary>
public sealed class SimulationException(string message, Exception? inner = null) : Exception(message, inner);
