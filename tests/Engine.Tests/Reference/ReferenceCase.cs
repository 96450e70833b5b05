using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;

namespace MemristorSpice.Engine.Tests.Reference;

/// <summary>What a reference deck asks for; mirrors the deck's single analysis line.</summary>
public abstract record AnalysisSpec
{
    public abstract WaveformTable? RunTable(Circuit circuit);
}

public sealed record OpSpec : AnalysisSpec
{
    public override WaveformTable? RunTable(Circuit circuit) => null;
}

public sealed record TranSpec(double Step, double Stop, SimulationOptions? Options = null, bool Uic = false) : AnalysisSpec
{
    public override WaveformTable RunTable(Circuit circuit) =>
        new Transient(circuit, Step, Stop, Options) { UseInitialConditions = Uic }.Run();
}

public sealed record DcSpec(SweepSpec Inner, SweepSpec? Outer = null, SimulationOptions? Options = null) : AnalysisSpec
{
    public override WaveformTable RunTable(Circuit circuit) => new DcSweep(circuit, Inner, Outer, Options).Run();
}

/// <summary>A deck under netlists/reference and the same circuit built in C#.</summary>
/// <param name="JumpSignals">Signals with true discontinuities (switch currents): samples adjacent to a jump are
/// not compared, because the jump instant is only resolved to one time step in either simulator.</param>
public sealed record ReferenceCase(string Deck, AnalysisSpec Analysis, Func<Circuit> Build, string[]? JumpSignals = null)
{
    public override string ToString() => Deck;
}
