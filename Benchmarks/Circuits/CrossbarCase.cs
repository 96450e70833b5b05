using MemristorSpice.Engine.Core;

namespace MemristorSpice.Benchmarks.Circuits;

/// <summary>
/// N×N resistive crossbar with wire resistance, the one builder of the wired-crossbar test circuit (the engine
/// benchmarks, the comparison run, the solver micro-benchmarks and the engine's reference tests, which compile this
/// file in; netlists/reference/crossbar32.cir is its 32×32 deck): row i driven at r{i}_0, one 1 Ω wire segment per
/// cell on rows and columns, cells 10k..100k Ω, each column to ground through a 10 Ω sense resistor at c{j}_{N+1}.
/// The transient variant drives the rows with a pulse and adds a 1 fF wire capacitance at every column node.
/// It depends on the engine only (with <see cref="Part"/>), so tests can use it without referencing Benchmarks.
/// </summary>
public sealed class CrossbarCase(int n, bool transient)
{
    /// <summary>.tran step and stop of the transient variant.</summary>
    public const double TranStep = 1e-9, TranStop = 20e-9, WireCapacitance = 1e-15;

    public int N { get; } = n;
    public bool IsTransient { get; } = transient;
    public string Title => $"crossbar {N}x{N}{(IsTransient ? " transient" : "")}";

    public static double RowVolts(int i) => 0.1 + 0.01 * (i % 10);

    public static double CellOhms(int i, int j) => 10000 + 1000 * ((7 * i + 13 * j) % 91);

    /// <summary>Name of the output node of column j (1-based), where the sense resistor sits.</summary>
    public string OutputNode(int j) => $"c{j}_{N + 1}";

    public IEnumerable<Part> Parts()
    {
        for (int i = 1; i <= N; i++)
        {
            double v = RowVolts(i);
            yield return IsTransient
                ? new Part('V', $"VR{i}", $"r{i}_0", "0", 0, new Pulse(0, v, 1e-9, 1e-9, 1e-9, 8e-9, 40e-9))
                : new Part('V', $"VR{i}", $"r{i}_0", "0", v);
            for (int j = 1; j <= N; j++) yield return new Part('R', $"RWR{i}_{j}", $"r{i}_{j - 1}", $"r{i}_{j}", 1);
        }
        for (int j = 1; j <= N; j++)
        {
            for (int i = 1; i <= N; i++)
            {
                yield return new Part('R', $"RWC{j}_{i}", $"c{j}_{i}", $"c{j}_{i + 1}", 1);
                if (IsTransient) yield return new Part('C', $"CWC{j}_{i}", $"c{j}_{i}", "0", WireCapacitance);
            }
            yield return new Part('R', $"RS{j}", OutputNode(j), "0", 10);
        }
        for (int i = 1; i <= N; i++)
            for (int j = 1; j <= N; j++) yield return new Part('R', $"RX{i}_{j}", $"r{i}_{j}", $"c{j}_{i}", CellOhms(i, j));
    }

    public Circuit Circuit() => Part.ToCircuit(Title, Parts());

    public string Deck() => IsTransient
        ? Part.ToDeck(Title, Parts(), $".tran {Part.N(TranStep)} {Part.N(TranStop)}")
        : Part.ToDeck(Title, Parts(), ".op");
}
