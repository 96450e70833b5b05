using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Tests.Reference;

namespace MemristorSpice.Engine.Tests;

public sealed class LinearCircuitSolverTests
{
    private static Circuit CrossbarWith(double[] rowVoltages)
    {
        var c = ReferenceCircuits.Crossbar(rowVoltages.Length);
        for (int i = 1; i <= rowVoltages.Length; i++)
        {
            var v = (VoltageSource)c[$"VR{i}"];
            c.Replace(new VoltageSource(v.Name, v.Positive, v.Negative, rowVoltages[i - 1]));
        }
        return c;
    }

    [Fact]
    public void Factored_crossbar_matches_full_operating_point_for_many_excitations()
    {
        const int n = 12;
        var solver = new LinearCircuitSolver(ReferenceCircuits.Crossbar(n), Enumerable.Range(1, n).Select(i => $"VR{i}").ToArray());
        var rng = new Random(7);
        var probes = Enumerable.Range(1, n).Select(j => $"v(c{j}_{n + 1})").Append("i(vr1)").ToArray();
        var excitations = Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var batch = solver.SolveBatch(excitations, probes);
        foreach (var (x, k) in excitations.Select((x, k) => (x, k)).Take(5))
        {
            var op = new OperatingPoint(CrossbarWith(x)).Run();
            for (int p = 0; p < probes.Length; p++)
            {
                // Same linear equations, different factorization/rhs assembly: rounding only (1e-12 relative).
                double expected = op[probes[p]];
                Assert.True(Math.Abs(batch[k][p] - expected) <= 1e-12 + 1e-9 * Math.Abs(expected), $"{probes[p]}: {batch[k][p]} vs {expected}");
            }
        }
        // Superposition: the solution is linear in the excitations.
        var a = solver.Solve(excitations[0]); var b = solver.Solve(excitations[1]);
        var sum = solver.Solve(excitations[0].Zip(excitations[1], (u, v) => u + v).ToArray());
        for (int i = 1; i < a.Length; i++) Assert.True(Math.Abs(a[i] + b[i] - sum[i]) <= 1e-12 + 1e-9 * Math.Abs(sum[i]));
    }

    [Fact]
    public void Nonlinear_circuit_is_rejected_with_the_element_name()
    {
        var c = new Circuit().Add(new VoltageSource("V1", "a", "0", 1), new Diode("D1", "a", "0", new DiodeModel()));
        var e = Assert.Throws<CircuitException>(() => new LinearCircuitSolver(c, ["V1"]));
        Assert.Contains("D1", e.Message);
    }
}
