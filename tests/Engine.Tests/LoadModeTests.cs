using MemristorSpice.Engine;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// The sequence of load modes a device sees, against the order the engine documents for each analysis
/// (docs/engine.md, "Load modes"): a probe device records <see cref="LoadContext.Mode"/> on every load of a
/// diode circuit (nonlinear, so Newton iterates). Exact comparison: the sequence is discrete.
/// </summary>
public sealed class LoadModeTests
{
    private sealed class ModeProbe(string name, string node) : Entity(name)
    {
        public List<LoadMode> Seen { get; } = [];
        public override IReadOnlyList<string> Nodes => [node];

        public override Behavior CreateBehavior(SetupContext setup) => new B(Name, this);

        private sealed class B(string name, ModeProbe probe) : Behavior(name)
        {
            public override bool IsNonlinear => true;
            public override void Load(LoadContext ctx) => probe.Seen.Add(ctx.Mode);
        }
    }

    private static (Circuit Circuit, ModeProbe Probe) DiodeCircuit()
    {
        var probe = new ModeProbe("P1", "out");
        var c = new Circuit().Add(
            new VoltageSource("V1", "in", "0", 5),
            new Resistor("R1", "in", "out", 1e3),
            new Diode("D1", "out", "0", new DiodeModel { Cjo = 1e-12, Tt = 1e-9 }),
            new Capacitor("C1", "out", "0", 1e-9),
            probe);
        return (c, probe);
    }

    /// <summary>The sequence with repeats collapsed, and how often each mode occurs.</summary>
    private static List<LoadMode> Runs(List<LoadMode> seen)
    {
        var runs = new List<LoadMode>();
        foreach (var m in seen) if (runs.Count == 0 || runs[^1] != m) runs.Add(m);
        return runs;
    }

    [Fact]
    public void Operating_point_starts_at_the_junctions_once_then_iterates_in_dc()
    {
        var (c, probe) = DiodeCircuit();
        new OperatingPoint(c).Run();
        Assert.Equal([LoadMode.JunctionStart, LoadMode.Dc], Runs(probe.Seen));
        Assert.Equal(1, probe.Seen.Count(m => m == LoadMode.JunctionStart));
    }

    [Fact]
    public void Dc_sweep_starts_at_the_junctions_only_at_its_first_point()
    {
        var (c, probe) = DiodeCircuit();
        new DcSweep(c, new SweepSpec("V1", 0, 2, 0.1)).Run();
        Assert.Equal([LoadMode.JunctionStart, LoadMode.Dc], Runs(probe.Seen));
    }

    [Fact]
    public void Transient_solves_the_operating_point_then_stores_the_start_once_then_steps()
    {
        var (c, probe) = DiodeCircuit();
        new Transient(c, 1e-7, 1e-5).Run();
        Assert.Equal([LoadMode.JunctionStart, LoadMode.Dc, LoadMode.TransientStart, LoadMode.TimeStep], Runs(probe.Seen));
        Assert.Equal(1, probe.Seen.Count(m => m == LoadMode.TransientStart));
    }

    [Fact]
    public void Transient_with_uic_starts_from_the_initial_conditions_without_a_dc_solution()
    {
        var (c, probe) = DiodeCircuit();
        new Transient(c, 1e-7, 1e-5) { UseInitialConditions = true }.Run();
        Assert.Equal([LoadMode.TransientStartFromInitialConditions, LoadMode.TimeStep], Runs(probe.Seen));
        Assert.Equal(1, probe.Seen.Count(m => m == LoadMode.TransientStartFromInitialConditions));
    }

    [Theory]
    [InlineData(LoadMode.JunctionStart, true, false)]
    [InlineData(LoadMode.Dc, true, false)]
    [InlineData(LoadMode.TransientStart, true, true)]
    [InlineData(LoadMode.TransientStartFromInitialConditions, true, true)]
    [InlineData(LoadMode.TimeStep, false, true)]
    public void Derived_facts_follow_the_mode_table(LoadMode mode, bool solvesDc, bool tracksCharge)
    {
        Assert.Equal(solvesDc, mode.SolvesDc());
        Assert.Equal(tracksCharge, mode.TracksCharge());
    }
}
