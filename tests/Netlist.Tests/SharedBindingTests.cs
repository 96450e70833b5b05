using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.NativeDevices;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;
using static MemristorSpice.Netlist.Tests.TestNetlists;
using OperatingPoint = MemristorSpice.Engine.Analyses.OperatingPoint;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// B-source expressions inside subcircuits are bound once per distinct set of the parameter values they read and shared
/// between instances (BindingCache); these tests check the shared path against closed forms and against ngspice.
/// </summary>
public class SharedBindingTests
{
    /// <summary>
    /// A cell whose B-source reads an instance parameter directly (g), through a subcircuit-local .func (gain reads g and k)
    /// and through a default that depends on another parameter (k = 2·g·1000): each instance drives its own 1 kΩ load
    /// with I = gain(v(in, out)) = g·k·(v(in) − v(out)), so v(out) = vin·a/(1 + a) with a = 1000 Ω·g·k and vin = 2 V.
    /// </summary>
    private const string Cells = """
        shared bindings
        .param gtop=0.5m
        .subckt cell in out params: g=1m k={2*g*1000}
        .func gain(x) {g*k*x}
        Bx 0 out I=gain(v(in,out))
        Rl out 0 1k
        .ends cell
        V1 in 0 2
        X1 in o1 cell g=1m
        X2 in o2 cell g=2m
        X3 in o3 cell g=1m
        X4 in o4 cell g={gtop*3}
        X5 in o5 cell g=1m k=5
        X6 0 o6 cell g=1m
        X7 o7 o7 cell g=1m
        .op
        .end
        """;

    [Fact]
    public void Instances_get_their_own_parameter_values_through_a_shared_binding()
    {
        var netlist = Read(Cells);
        var op = new OperatingPoint(new Elaborator(NativeDeviceRegistry.Empty).Elaborate(netlist).Circuit).Run();
        // The OP is linear in v(out) (one Newton step from the exact solution); 1e-9 relative covers the solver's residual.
        foreach (var (node, g, k) in new[] { ("o1", 1e-3, 2.0), ("o2", 2e-3, 4.0), ("o3", 1e-3, 2.0), ("o4", 1.5e-3, 3.0), ("o5", 1e-3, 5.0) })
        {
            double a = 1000 * g * k, expected = 2 * a / (1 + a);
            Assert.True(Math.Abs(op.Voltage(node) - expected) <= 1e-9 * expected, $"v({node}) = {op.Voltage(node)}, closed form {expected}");
        }
        // X6 reads v(in) = ground: v(out) = −a·v(out), so 0 V. X7's input is its own output: no current, 0 V. They map a
        // template input to ground or onto the other input and take the per-instance path.
        Assert.True(Math.Abs(op.Voltage("o6")) <= 1e-12);
        Assert.True(Math.Abs(op.Voltage("o7")) <= 1e-9);

        // X1, X3, X6 and X7 read the same values (g = 1 mS, k = 2) and share one template; X2, X4 and X5 each have their own.
        var template = Source(netlist, "b.x1.bx").Shared!.Template;
        Assert.Same(template, Source(netlist, "b.x3.bx").Shared!.Template);
        Assert.Same(template, Source(netlist, "b.x6.bx").Shared!.Template);
        Assert.NotSame(template, Source(netlist, "b.x2.bx").Shared!.Template);
        Assert.NotSame(Source(netlist, "b.x2.bx").Shared!.Template, Source(netlist, "b.x4.bx").Shared!.Template);
        // The tree an instance shows (writer, messages) has its own names and values, as binding it alone gives.
        Assert.Equal("((0.002 * 4) * v(in, o2))", Source(netlist, "b.x2.bx").Expression.ToString());
        Assert.Equal("((0.001 * 2) * v(o7, o7))", Source(netlist, "b.x7.bx").Expression.ToString());
    }

    [Fact]
    public void Shared_bindings_give_ngspices_operating_point()
    {
        Dependencies.RequireNgspice();
        string path = Path.Combine(Path.GetTempPath(), $"shared-cells-{Environment.ProcessId}.cir");
        File.WriteAllText(path, Cells.Replace("X7 o7 o7 cell g=1m\n", ""));
        try
        {
            var runner = new SimulationRunner();
            var report = BackendComparison.Compare(runner.RunFile(path, Backend.Native), runner.RunFile(path, Backend.Ngspice), ComparisonTolerance.Default);
            Assert.True(report.Pass, string.Join("; ", report.Problems.Concat(report.Signals.Where(s => !s.Pass).Select(s => $"{s.Signal}: {s.MaxDifference:G3}"))));
            Assert.True(report.Signals.Count >= 7, $"only {report.Signals.Count} signals compared");
        }
        finally { File.Delete(path); }
    }

    /// <summary>
    /// A 3 × 4 passive crossbar with 1 Ω wire segments and devices.lib VTEAM memristors (three B-sources each) programmed
    /// to three resistance levels (rinit is read by Cx and Vx0, not by the B lines, so all 12 cells share one template per
    /// B line while their states differ), read at 0.2 V on every row; OP against ngspice with the default comparison tolerances.
    /// </summary>
    [Fact]
    public void Small_crossbar_read_with_shared_bindings_matches_ngspice()
    {
        Dependencies.RequireNgspice();
        var deck = new System.Text.StringBuilder("shared crossbar\n.include " + Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib") + "\n");
        deck.Append(".options pivtol=1e-30 pivrel=1e-20\n");
        double[] levels = [1e4, 2.5e5, 1e6];
        for (int r = 0; r < 3; r++)
        {
            deck.Append($"vrow{r} row{r} 0 0.2\n");
            for (int c = 0; c < 4; c++)
            {
                string left = c == 0 ? $"row{r}" : $"row{r}_c{c - 1}";
                deck.Append($"rwr{r}_{c} {left} row{r}_c{c} 1\n");
                string above = r == 0 ? $"col{c}" : $"col{c}_r{r - 1}";
                deck.Append($"rwc{r}_{c} col{c}_r{r} {above} 1\n");
                deck.Append($"xm{r}_{c} row{r}_c{c} col{c}_r{r} MEM_VTEAM_XBAR rinit={levels[(r + c) % 3]}\n");
            }
        }
        for (int c = 0; c < 4; c++) deck.Append($"vcol{c} col{c} 0 0\n");
        deck.Append(".op\n.end\n");
        string path = Path.Combine(Path.GetTempPath(), $"shared-xbar-{Environment.ProcessId}.cir");
        File.WriteAllText(path, deck.ToString());
        try
        {
            var read = NetlistReader.ReadFile(path).Circuit;
            var bg = Source(read, "b.xm0_0.bg").Shared!.Template;
            var bgs = read.Elements.OfType<BehavioralSourceElement>().Where(b => b.Name.EndsWith(".bg", StringComparison.Ordinal)).ToList();
            Assert.Equal(12, bgs.Count);
            Assert.All(bgs, b => Assert.Same(bg, b.Shared!.Template));
            var runner = new SimulationRunner();
            var report = BackendComparison.Compare(runner.RunFile(path, Backend.Native), runner.RunFile(path, Backend.Ngspice), ComparisonTolerance.Default);
            Assert.True(report.Pass, string.Join("; ", report.Problems.Concat(report.Signals.Where(s => !s.Pass).Select(s => $"{s.Signal}: {s.MaxDifference:G3}"))));
            Assert.True(report.Signals.Count >= 40, $"only {report.Signals.Count} signals compared");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void An_unknown_parameter_in_a_shared_line_is_reported_at_each_instance_with_its_location()
    {
        var ex = Assert.Throws<Diagnostics.NetlistException>(() => Read("t\n.subckt c a\nB1 a 0 I=v(a)*nope\n.ends\nX1 1 c\nX2 2 c\nV1 1 0 1\nV2 2 0 1\n", "bad.cir"));
        Assert.Contains("bad.cir:3:", ex.Message);
        Assert.Contains("unknown parameter 'nope'", ex.Message);
    }

    private static BehavioralSourceElement Source(Model.NetlistCircuit netlist, string name) =>
        Assert.IsType<BehavioralSourceElement>(netlist.FindElement(name));
}
