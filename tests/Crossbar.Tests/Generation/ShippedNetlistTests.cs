using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using static MemristorSpice.Crossbar.Tests.Generation.GenerationFixtures;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>netlists/&lt;model&gt;/ is current, and one netlist per layer kind runs unchanged in ngspice.</summary>
public class ShippedNetlistTests
{
    /// <summary>Every shipped weights file has its folder, and regenerating it gives the same file set, byte for byte.</summary>
    [Fact]
    public void NetlistFolders_AreExactlyWhatTheGeneratorWrites()
    {
        Assert.NotEmpty(ShippedNetlists.Models);
        foreach (var stem in ShippedNetlists.Models)
        {
            var dir = Path.Combine(ShippedNetlists.NetlistsDir, stem);
            var hint = $"regenerate netlists/{stem}/ from weights/{stem}.msw with ShippedNetlists.Generate (default circuit options, every bias as a crossbar row, one representative crossbar per layer), writing each of its Files()";
            Assert.True(Directory.Exists(dir), $"netlists/{stem}/ is missing; {hint}");
            var files = ShippedNetlists.Generate(stem).Files();
            var onDisk = Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(files.Select(f => f.Name).Order(StringComparer.Ordinal).ToList(), onDisk);
            foreach (var (name, text) in files)
                Assert.True(File.ReadAllText(Path.Combine(dir, name)) == text, $"netlists/{stem}/{name} differs from the generator; {hint}");
        }
    }

    /// <summary>Generation is deterministic: two runs give identical bytes (no dates, no hash-order dependence).</summary>
    [Fact]
    public void Generation_IsDeterministic()
    {
        var a = ShippedNetlists.Generate("msccnn").Files();
        var b = ShippedNetlists.Generate("msccnn").Files();
        Assert.Equal(a, b);
    }

    /// <summary>
    /// One checked-in netlist per layer kind (standard conv, depthwise, pointwise in two tiles, fully connected) runs
    /// unchanged in ngspice in its folder (relative .include). ngspice agrees with our engine on every output within
    /// 1e-6 of the largest output (same linear network in double precision), and the tiles' outputs summed equal
    /// K·(W·x + b) for the netlist's input (a = amax/2, bias 1) within 1e-9 relative in our engine (ideal readout).
    /// </summary>
    [Theory]
    [InlineData("msccnn", "conv1")]
    [InlineData("msccnn", "dw1")]
    [InlineData("msccnn", "classifier")]
    [InlineData("lenet", "fc3")]
    public void OneNetlistPerLayerKind_RunsInNgspice_AndComputesTheLayer(string model, string layer)
    {
        var generated = ShippedNetlists.Generate(model);
        var l = generated.Layers.Single(x => x.Stage.Name == layer);
        var xbar = l.Crossbars[Assert.Single(l.Written)];
        var patch = Enumerable.Repeat(0.5f, xbar.Matrix.Rows).ToArray();
        patch[^1] = 1f;
        var ideal = Ideal(xbar.Matrix, patch);
        var sum = new double[xbar.Matrix.Outputs];
        for (int t = 0; t < xbar.Tiles.Count; t++)
        {
            var engine = EngineOutputs(xbar.Tiles[t]);
            var table = RunInPlace(Path.Combine(ShippedNetlists.NetlistsDir, model, xbar.FileName(t)));
            var spice = xbar.Tiles[t].OutputSignals.Select(s => table.Value(s, 0)).ToArray();
            Assert.True(MaxRelativeError(spice, engine, engine.Max(Math.Abs)) < 1e-6, $"{xbar.FileName(t)}: ngspice vs engine");
            for (int j = 0; j < sum.Length; j++) sum[j] += engine[j];
        }
        var expected = ideal.Select(v => v * xbar.OutputVoltsPerUnit).ToArray();
        Assert.True(MaxRelativeError(sum, expected, expected.Max(Math.Abs)) < 1e-9, "tile sum vs K(Wx+b)");
    }
}
