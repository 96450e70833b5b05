using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Tests;

/// <summary>Every error kind, with the names/time it must carry.</summary>
public sealed class ErrorTests
{
    [Fact]
    public void Floating_nodes_are_named()
    {
        var c = new Circuit().Add(
            new VoltageSource("V1", "a", "0", 1), new Resistor("R1", "a", "0", 1e3),
            new Capacitor("C1", "a", "b", 1e-9), new Resistor("R2", "b", "c", 1e3), new CurrentSource("I1", "c", "0", 1e-3));
        var e = Assert.Throws<FloatingNodeException>(() => new OperatingPoint(c).Run());
        Assert.Equal(["b", "c"], e.Nodes.OrderBy(n => n));
        Assert.Contains("b", e.Message);
    }

    [Fact]
    public void Voltage_source_loop_names_the_sources()
    {
        var c = new Circuit().Add(new VoltageSource("V1", "a", "0", 1), new VoltageSource("V2", "a", "0", 2), new Resistor("R1", "a", "0", 1));
        var e = Assert.Throws<VoltageSourceLoopException>(() => new OperatingPoint(c).Run());
        Assert.Equal(["V1", "V2"], e.Elements.OrderBy(n => n));
        Assert.Contains("V2", e.Message);
    }

    [Fact]
    public void Loop_through_an_inductor_names_every_element()
    {
        var c = new Circuit().Add(new VoltageSource("V1", "a", "0", 1), new Inductor("L1", "a", "b", 1e-3),
            new VoltageSource("V2", "b", "0", 1), new Resistor("R1", "b", "0", 1), new Resistor("R2", "x", "0", 1), new VoltageSource("V3", "x", "0", 1));
        var e = Assert.Throws<VoltageSourceLoopException>(() => new OperatingPoint(c).Run());
        Assert.Equal(["L1", "V1", "V2"], e.Elements.OrderBy(n => n));
    }

    [Fact]
    public void A_transient_starts_an_inductor_that_closes_a_source_loop_at_zero_current()
    {
        // As ngspice's transient op: L1's DC current is undetermined (V1 and V2 fix both its ends), it starts at 0 A
        // (1/GMIN across it: 1e-12 · 0 V), and with 0 V across it, v = L·di/dt keeps it there: exactly 0 A throughout.
        var c = new Circuit().Add(new VoltageSource("V1", "a", "0", 1), new Inductor("L1", "a", "b", 1e-3),
            new VoltageSource("V2", "b", "0", 1), new Resistor("R1", "b", "0", 1));
        var tran = new Transient(c, 1e-6, 1e-5);
        var table = tran.Run();
        Assert.Equal(["L1"], tran.InductorsOpenAtOperatingPoint);
        Assert.All(table["i(l1)"], i => Assert.Equal(0, i, 15));
        Assert.All(table["i(v2)"], i => Assert.Equal(-1, i, 12));
    }

    [Fact]
    public void Zero_pivot_names_the_unknown()
    {
        // E1 forces v(a) = v(a): its branch equation is empty, so i(e1) is undetermined.
        var c = new Circuit().Add(new VoltageControlledVoltageSource("E1", "a", "0", "a", "0", 1), new Resistor("R1", "a", "0", 1e3));
        var e = Assert.ThrowsAny<CircuitException>(() => new OperatingPoint(c).Run());
        Assert.True(e is SingularMatrixException s ? s.Unknown is "i(e1)" or "v(a)" : e is FloatingNodeException f && f.Nodes.Contains("a"), e.Message);
    }

    [Fact]
    public void Non_convergence_names_the_worst_node()
    {
        var c = new Circuit().Add(new VoltageSource("V1", "in", "0", 1), new Resistor("R1", "in", "wild", 1e3),
            new ChaoticDevice("X1", "wild", double.NegativeInfinity));
        var e = Assert.Throws<ConvergenceException>(() => new OperatingPoint(c).Run());
        Assert.Contains("v(wild)", e.WorstUnknowns);
        Assert.Null(e.Time);
        Assert.Contains("v(wild)", e.Message);
        Assert.True(e.LastDelta > 0);
    }

    [Fact]
    public void Transient_failure_reports_the_time_point()
    {
        // The device behaves (a 1 kΩ resistor) until 1 ms, then never converges.
        var c = new Circuit().Add(new VoltageSource("V1", "in", "0", 1), new Resistor("R1", "in", "wild", 1e3),
            new ChaoticDevice("X1", "wild", 1e-3), new Capacitor("C1", "wild", "0", 1e-9));
        var e = Assert.Throws<TimestepTooSmallException>(() => new Transient(c, 10e-6, 2e-3).Run());
        Assert.InRange(e.Time, 0.99e-3, 1.0e-3);
        Assert.Contains("Timestep too small at time", e.Message);
    }

    [Fact]
    public void Unknown_controlling_source_is_reported()
    {
        var c = new Circuit().Add(new VoltageSource("V1", "a", "0", 1), new Resistor("R1", "a", "0", 1),
            new CurrentControlledCurrentSource("F1", "a", "0", "Vmissing", 2));
        var e = Assert.Throws<CircuitException>(() => new OperatingPoint(c).Run());
        Assert.Contains("Vmissing", e.Message);
    }

    [Fact]
    public void Duplicate_names_are_rejected()
    {
        var c = new Circuit().Add(new Resistor("R1", "a", "0", 1));
        Assert.Throws<CircuitException>(() => c.Add(new Resistor("r1", "b", "0", 1)));
    }

    /// <summary>
    /// Test device on the public extension API: after <paramref name="failAfter"/> s it injects a current whose
    /// sign flips every iteration and always reports non-convergence; before, it is a 1 kΩ resistor to ground.
    /// </summary>
    private sealed class ChaoticDevice(string name, string node, double failAfter) : Entity(name)
    {
        public override IReadOnlyList<string> Nodes => [node];
        public override void DescribeTopology(TopologyBuilder topology) => topology.Conductive(node, "0");
        public override Behavior CreateBehavior(SetupContext setup) => new B(Name, setup.Node(node), failAfter);

        private sealed class B(string name, int n, double failAfter) : Behavior(name)
        {
            private MatrixElement _nn;
            private int _count;
            public override bool IsNonlinear => true;
            public override void Bind(SetupContext setup) => _nn = setup.Element(n, n);
            public override void Load(LoadContext ctx)
            {
                ctx.Add(_nn, 1e-3);
                if (ctx.Time >= failAfter && !(ctx.Mode.SolvesDc() && failAfter > 0))
                {
                    ctx.AddRhs(n, (++_count % 2 == 0 ? 1 : -1) * 1e-2);
                    ctx.NotConverged(Name);
                }
            }
        }
    }
}
