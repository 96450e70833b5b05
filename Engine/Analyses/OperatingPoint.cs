using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;

namespace MemristorSpice.Engine.Analyses;

/// <summary>DC operating point (.op): capacitors open, inductors shorted, sources at their DC values.</summary>
public sealed class OperatingPoint : Simulation
{
    public OperatingPoint(Circuit circuit, SimulationOptions? options = null) : base(circuit, options)
    {
        AnalysisName = "Operating point";
    }

    public OperatingPointResult Run()
    {
        Setup(AnalysisKind.OperatingPoint, checkFloating: true);
        SolveOperatingPoint(Options.DcMaxIterations, null);
        AcceptAll();
        var x = Context.Solution;
        return new OperatingPointResult(OutputUnknowns().Select(u => new KeyValuePair<string, double>(u.Name, x[u.Index])));
    }
}
