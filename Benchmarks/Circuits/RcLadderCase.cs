using MemristorSpice.Engine.Core;

namespace MemristorSpice.Benchmarks.Circuits;

/// <summary>RC ladder of the engine benchmark: PULSE(0 1 0 1n 1n 5u 10u) source, stages of 100 Ω series and 1 nF shunt, .tran 10n 20u.</summary>
public sealed class RcLadderCase(int stages)
{
    public const double Step = 10e-9, Stop = 20e-6;

    public int Stages { get; } = stages;
    public string Title => $"RC ladder {Stages} stages";

    public IEnumerable<Part> Parts()
    {
        yield return new Part('V', "V1", "n0", "0", 0, new Pulse(0, 1, 0, 1e-9, 1e-9, 5e-6, 10e-6));
        for (int k = 1; k <= Stages; k++)
        {
            yield return new Part('R', $"R{k}", $"n{k - 1}", $"n{k}", 100);
            yield return new Part('C', $"C{k}", $"n{k}", "0", 1e-9);
        }
    }

    public Circuit Circuit() => Part.ToCircuit(Title, Parts());

    public string Deck() => Part.ToDeck(Title, Parts(), $".tran {Part.N(Step)} {Part.N(Stop)}");
}
