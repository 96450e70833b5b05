using System.Globalization;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;
using static MemristorSpice.Crossbar.Tests.Generation.GenerationFixtures;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>
/// The hierarchical netlists (cell, tile and readout subcircuits, .param design point, decks per tile and per layer,
/// devices.lib beside them) are the same circuits as the flat decks: both run unchanged in ngspice and in our own
/// reader and engine, and give the same outputs.
/// </summary>
public sealed class HierarchicalNetlistTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"hier-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    /// <summary>A 21-row, 3-output matrix in two tiles (12 + 9 rows), 1 Ohm wires, 50 Ohm drivers, single-pole op-amps, 10 % variation.</summary>
    private static GeneratedCrossbar Generate(string name = "m")
    {
        var options = new CrossbarOptions
        {
            MaxTileRows = 12, OpAmp = CrossbarOpAmps.For(OpAmpModelKind.SinglePole),
            DeviceLibraryInclude = HierarchicalNetlistWriter.DeviceLibraryFile,
            NonIdealities = new CrossbarNonIdealities { RowWireOhms = 1, ColumnWireOhms = 1.5, DriverOhms = 50, VariationSigma = 0.1 },
        };
        return new CrossbarGenerator(options).Generate(RandomMatrix(21, 3, seed: 7), CrossbarContext.ForMatrix(name), RandomPatch(21, seed: 8));
    }

    /// <summary>Writes both forms into their own folders, each with devices.lib beside the decks (a portable folder).</summary>
    private (string Flat, string Hier) WriteBoth(GeneratedCrossbar x)
    {
        string flat = Path.Combine(_dir, "flat"), hier = Path.Combine(_dir, "hier");
        Directory.CreateDirectory(flat);
        Directory.CreateDirectory(hier);
        File.WriteAllText(Path.Combine(flat, "devices.lib"), DeviceLibrary.Generate());
        for (int t = 0; t < x.Tiles.Count; t++) File.WriteAllText(Path.Combine(flat, x.FileName(t)), CrossbarNetlistWriter.Write(x.Tiles[t]));
        File.WriteAllText(Path.Combine(hier, "devices.lib"), DeviceLibrary.Generate());
        File.WriteAllText(Path.Combine(hier, HierarchicalNetlistWriter.ReadoutLibrary), HierarchicalNetlistWriter.Readout(x.Parameters, x.Tiles[0].Device));
        foreach (var (name, text) in x.HierarchicalFiles()) File.WriteAllText(Path.Combine(hier, name), text);
        File.WriteAllText(Path.Combine(hier, "m.layer.cir"), HierarchicalNetlistWriter.LayerDeck("m", [], x.PlacedTiles(), x.Parameters));
        return (flat, hier);
    }

    /// <summary>
    /// Every tile deck, flat and hierarchical, in ngspice (run unchanged in its folder) and in our reader + engine:
    /// the outputs of the two forms agree within 1e-12 of the largest output in our engine (the same circuit; the
    /// hierarchy recomputes each cell's 1/G and each row voltage from the .param values, a few ulps of rounding) and
    /// within 1e-10 in ngspice (its Newton loop on the B-source memristors stops at its own convergence test, and the
    /// hierarchy orders the nodes differently: 1.1e-11 measured), and the values ngspice prints (6 significant digits)
    /// are byte-identical. Across engines the hierarchical deck agrees
    /// within 1e-9 (two solvers on the same linear network, ngspice's default reltol far below).
    /// </summary>
    [Fact]
    public void HierarchicalDecks_GiveTheFlatResults_InNgspiceAndInOurEngine()
    {
        Dependencies.RequireNgspice();
        var x = Generate();
        Assert.Equal(2, x.Tiles.Count);
        var (flat, hier) = WriteBoth(x);
        Assert.DoesNotContain("../", string.Concat(Directory.GetFiles(hier).Select(File.ReadAllText)));
        var runner = new SimulationRunner();
        for (int t = 0; t < x.Tiles.Count; t++)
        {
            var signals = x.Tiles[t].OutputSignals;
            var ngFlat = RunInPlace(Path.Combine(flat, x.FileName(t)));
            var ngHier = RunInPlace(Path.Combine(hier, x.FileName(t)));
            var ourFlat = runner.RunFile(Path.Combine(flat, x.FileName(t)), Backend.Native).Analyses[0].Table;
            var ourHier = runner.RunFile(Path.Combine(hier, x.FileName(t)), Backend.Native).Analyses[0].Table;
            double[] V(Engine.Results.WaveformTable table) => signals.Select(s => table.Value(s, 0)).ToArray();
            double scale = V(ngFlat).Max(Math.Abs);
            Assert.True(scale > 1e-3, $"tile {t}: outputs too small to compare ({scale} V)");
            Assert.True(MaxRelativeError(V(ngHier), V(ngFlat), scale) < 1e-10,
                $"tile {t}: ngspice hierarchical vs flat: {MaxRelativeError(V(ngHier), V(ngFlat), scale)} ({string.Join(" ", V(ngHier))} vs {string.Join(" ", V(ngFlat))})");
            Assert.True(MaxRelativeError(V(ourHier), V(ourFlat), scale) < 1e-12, $"tile {t}: our engine hierarchical vs flat");
            Assert.True(MaxRelativeError(V(ourHier), V(ngHier), scale) < 1e-9, $"tile {t}: our engine vs ngspice");
            static string Printed(double v) => v.ToString("e5", CultureInfo.InvariantCulture);
            Assert.Equal(V(ngFlat).Select(Printed), V(ngHier).Select(Printed));
        }
    }

    /// <summary>
    /// The layer deck holds both tiles with prefixed nodes: each tile's outputs equal its own tile deck's (run in
    /// ngspice) within 1e-10 of the largest output in ngspice (Newton stopping point, as above) and within 1e-9 in our
    /// engine (two solvers on the same network).
    /// </summary>
    [Fact]
    public void LayerDeck_HoldsEveryTile_WithTheTileDeckResults()
    {
        Dependencies.RequireNgspice();
        var x = Generate();
        var (_, hier) = WriteBoth(x);
        var layerNg = RunInPlace(Path.Combine(hier, "m.layer.cir"));
        var layerOur = new SimulationRunner().RunFile(Path.Combine(hier, "m.layer.cir"), Backend.Native).Analyses[0].Table;
        foreach (var (tile, t) in x.PlacedTiles().Select((p, i) => (p, i)))
        {
            var deck = RunInPlace(Path.Combine(hier, x.FileName(t)));
            var expected = tile.Layout.OutputSignals.Select(s => deck.Value(s, 0)).ToArray();
            var nodes = tile.Layout.OutputNodes.Select(n => $"v({HierarchicalNetlistWriter.LayerNode(tile, n)})").ToArray();
            double scale = expected.Max(Math.Abs);
            Assert.True(MaxRelativeError(nodes.Select(n => layerNg.Value(n, 0)).ToArray(), expected, scale) < 1e-10, $"{tile.Stem}: ngspice layer deck");
            Assert.True(MaxRelativeError(nodes.Select(n => layerOur.Value(n, 0)).ToArray(), expected, scale) < 1e-9, $"{tile.Stem}: our engine layer deck");
        }
    }

    /// <summary>
    /// The .param design point acts: doubling rf (alterparam in ngspice, an edited .param line in our reader) doubles
    /// every output of an ideal-op-amp tile within 1e-9 relative (out = -rf·i exactly, the column currents do not depend
    /// on rf behind a virtual ground).
    /// </summary>
    [Fact]
    public void DesignPoint_IsOverridable_FromTheParamBlock()
    {
        var exe = Dependencies.RequireNgspice();
        var options = new CrossbarOptions { DeviceLibraryInclude = HierarchicalNetlistWriter.DeviceLibraryFile };
        var x = new CrossbarGenerator(options).Generate(RandomMatrix(6, 2, seed: 3), CrossbarContext.ForMatrix("p"), RandomPatch(6, seed: 4));
        var (_, hier) = WriteBoth(x);
        var deck = Path.Combine(hier, "p.cir");
        var text = File.ReadAllText(deck);
        Assert.Contains(".param rf=10000\n", text);
        var control = text.Replace("\n.op\n.end\n", "\n.op\n.control\nrun\nprint v(out0) v(out1)\nalterparam rf=20000\nreset\nrun\nprint v(out0) v(out1)\n.endc\n.end\n");
        File.WriteAllText(Path.Combine(hier, "alter.cir"), control);
        var psi = new System.Diagnostics.ProcessStartInfo(exe) { WorkingDirectory = hier, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-b");
        psi.ArgumentList.Add("alter.cir");
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit(60_000);
        var values = System.Text.RegularExpressions.Regex.Matches(output, @"v\(out(\d)\) = (\S+)")
            .Select(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(4, values.Length);
        for (int j = 0; j < 2; j++) Assert.Equal(2 * values[j], values[2 + j], 2 * Math.Abs(values[j]) * 1e-5); // 6 printed digits
        File.WriteAllText(Path.Combine(hier, "edited.cir"), text.Replace(".param rf=10000\n", ".param rf=20000\n"));
        var ours = new SimulationRunner().RunFile(Path.Combine(hier, "edited.cir"), Backend.Native).Analyses[0].Table;
        var baseline = new SimulationRunner().RunFile(deck, Backend.Native).Analyses[0].Table;
        for (int j = 0; j < 2; j++)
            Assert.Equal(2 * baseline.Value($"v(out{j})", 0), ours.Value($"v(out{j})", 0), 1e-9 * Math.Abs(baseline.Value($"v(out{j})", 0)));
    }
}
