using MemristorSpice.Engine.Analyses;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Engine.Tests;

public sealed class NgspiceRunnerTests
{
    [Fact]
    public void Broken_deck_is_reported_although_ngspice_exits_with_zero()
    {
        var runner = new NgspiceRunner(Dependencies.RequireNgspice(), TimeSpan.FromSeconds(20));
        var e = Assert.Throws<NgspiceException>(() => runner.Run("broken\nV1 a 0 1\nD1 a 0 nosuchmodel\n.op\n.end\n"));
        Assert.NotEmpty(e.ErrorLines);
    }

    [Fact]
    public void Op_and_tran_plots_are_both_parsed()
    {
        var runner = new NgspiceRunner(Dependencies.RequireNgspice(), TimeSpan.FromSeconds(20));
        var r = runner.Run("two plots\nV1 a 0 DC 2\nR1 a b 1k\nR2 b 0 1k\nC1 b 0 1n\n.op\n.tran 1u 10u\n.end\n");
        Assert.Equal(1.0, r.OperatingPoint.Table.Value("v(b)", 0), 9);
        Assert.Equal(-1e-3, r.OperatingPoint.Table.Value("i(v1)", 0), 12);
        Assert.Equal("time", r.Transient.Table.AxisName);
        Assert.Equal(10e-6, r.Transient.Table.Axis[^1], 12);
    }

    [Fact]
    public void Slow_run_is_killed_at_the_cap()
    {
        var runner = new NgspiceRunner(Dependencies.RequireNgspice(), TimeSpan.FromSeconds(0.5));
        var e = Assert.Throws<NgspiceTimeoutException>(() => runner.Run("slow\nV1 a 0 SIN(0 1 1meg)\nR1 a b 1k\nC1 b 0 1n\n.tran 1p 1 0 1p\n.end\n"));
        Assert.Equal(0.5, e.Cap.TotalSeconds);
    }

    [Fact]
    public void Raw_names_are_normalized() => Assert.Equal("i(v1)", RawFile.NormalizeName("V1#branch"));
}
