using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;

namespace MemristorSpice.Engine.Analyses;

/// <summary>DC operating point (.op): capacitors open, inductors shorted, sources at their DC values.</summary>
public sealed class OperatingPoint : Simulation
{
    /// <summary>Operating point of circuit with the given options (SPICE defaults when null).</summary>
    public OperatingPoint(Circuit circuit, SimulationOptions? options = null) : base(circuit, options)
    {
        AnalysisName = "Operating point";
    }

    /// <summary>Solves the DC equations (with gmin and source stepping when plain Newton fails) and returns every node voltage and branch current.</summary>
    public OperatingPointResult Run()
    {
        Setup(AnalysisKind.OperatingPoint, checkFloating: true);
        SolveOperatingPoint(Options.DcMaxIterations, null);
        AcceptAll();
        var x = Context.Solution;
        return new OperatingPointResult(OutputUnknowns().Select(u => new KeyValuePair<string, double>(u.Name, x[u.Index])));
    }
}
