using MemristorSpice.Cli.Commands;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

public class DemoTests
{
    private static string DemoNetlist => Path.Combine(Dependencies.RepoRoot, "netlists", "demo", "crossbar-4x3.cir");

    [Fact]
    public void IdealOutputs_EqualTheWeightsOfTheNetlistHeader()
    {
        // The header states W, b and x; out_K = Rf (Gmax - Gmin) Vread (W x + b)_K = 1k * 937.5 uS * 0.2 V * y_K.
        // Tolerance 1e-5 V: the netlist rounds each resistance to 6 significant digits.
        var circuit = NetlistReader.ReadFile(DemoNetlist).Circuit;
        var ideal = DemoCommand.IdealOutputs(circuit);
        double scale = 1e3 * (1e-3 - 1 / 16e3) * 0.2;
        double[] x = [0.90, 0.10, 0.55, 0.30];
        double[][] w = [[-0.35, -0.70, +0.30, -0.86], [+0.07, -0.27, -0.88, +0.01], [-0.93, -0.13, -0.86, -0.82]];
        double[] b = [-0.08, +0.33, -0.38];
        for (int k = 0; k < 3; k++)
        {
            double y = b[k] + Enumerable.Range(0, 4).Sum(i => w[k][i] * x[i]);
            Assert.Equal(scale * y, ideal[$"out{k + 1}"], 1e-5);
        }
    }

    [Fact]
    public void Demo_RunsBothBackends_AndTheyAgree()
    {
        Dependencies.RequireNgspice();
        var r = CliRunner.Run("demo");
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("our engine", r.Out);
        Assert.Contains("out3", r.Out);
    }

    [Fact]
    public void Demo_MissingNetlist_NamesTheOption()
    {
        var r = CliRunner.Run("demo", "--netlist", "/no/such/file.cir");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--netlist: file not found: /no/such/file.cir", r.Err);
    }
}
