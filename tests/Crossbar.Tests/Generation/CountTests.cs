using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.NativeDevices;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Network.IO;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>Counts read back from generated netlist text equal the generator's report and CrossbarMappingRules.</summary>
public class CountTests
{
    /// <summary>Keeps memristor, TIA and difference-stage instances as X instances when reading, so they can be counted.</summary>
    private sealed class Kept(string name, int pins) : INativeDevice
    {
        public string SubcircuitName => name;
        public int PinCount => pins;
        public IReadOnlyDictionary<string, double> DefaultParameters { get; } = new Dictionary<string, double> { ["rinit"] = 1.0 };
        public string SubcircuitText => "";

        // Reading keeps the X instances; these tests only count them and never elaborate to the engine.
        public MemristorSpice.Engine.Core.Entity Create(string name, IReadOnlyList<string> pins, IReadOnlyDictionary<string, double> parameters) =>
            throw new NotSupportedException("the counting registry only reads netlists");
    }

    private static readonly INativeDeviceRegistry Registry = CreateRegistry();

    private static INativeDeviceRegistry CreateRegistry()
    {
        var r = new NativeDeviceRegistry();
        foreach (var p in CrossbarDevice.PresetNames) r.Register(new Kept(MemristorSubcircuit.NameOf(p).ToLowerInvariant(), 2));
        r.Register(new Kept(CrossbarNetlistWriter.TiaSubcircuit.ToLowerInvariant(), 2));
        r.Register(new Kept(CrossbarNetlistWriter.DifferenceSubcircuit.ToLowerInvariant(), 3));
        return r;
    }

    /// <summary>Memristors and op-amps (one per TIA, one per difference stage) of one parsed netlist.</summary>
    private static (long Memristors, int OpAmps) Parse(string text)
    {
        var circuit = NetlistReader.ReadText(text, Path.Combine(ShippedNetlists.NetlistsDir, "msccnn", "read.cir"), Registry).Circuit;
        var instances = circuit.Elements.OfType<SubcircuitInstance>().ToList();
        long mem = instances.Count(i => i.Subcircuit.StartsWith("mem_", StringComparison.OrdinalIgnoreCase));
        int amps = instances.Count(i => i.Subcircuit.Equals(CrossbarNetlistWriter.TiaSubcircuit, StringComparison.OrdinalIgnoreCase)
                                        || i.Subcircuit.Equals(CrossbarNetlistWriter.DifferenceSubcircuit, StringComparison.OrdinalIgnoreCase));
        return (mem, amps);
    }

    /// <summary>Every crossbar of the shipped MSCCNN and its pruned version (exact integer counts): netlist files =
    /// crossbars, parsed instances = memristors and op-amps, equal to the generator, to CrossbarMappingRules and to
    /// ModelCounter, layer by layer.</summary>
    [Theory]
    [InlineData("msccnn")]
    [InlineData("msccnn-pruned")]
    public void ParsedNetlistCounts_EqualGeneratorAndMappingRules(string model)
    {
        var generated = ShippedNetlists.Generate(model, CrossbarSelection.All);
        var counter = ModelCounter.Count(CrossbarNetwork.FromModel(WeightsFile.Load(Path.Combine(ShippedNetlists.WeightsDir, model + ".msw"))).Folded, BiasPlacement.Analog);
        // The flat form holds each tile's instances in one text (the hierarchical decks include their .sub files from disk).
        var files = generated.Files(NetlistForm.Flat);
        foreach (var layer in generated.Layers)
        {
            long mem = 0; int amps = 0, netlists = 0;
            foreach (var x in layer.Crossbars)
                for (int t = 0; t < x.Tiles.Count; t++)
                {
                    var (m, a) = Parse(files.Single(f => f.Name == x.FileName(t)).Text);
                    mem += m; amps += a; netlists++;
                }
            var parsed = new GeneratedCounts(netlists, mem, amps);
            Assert.Equal(layer.Counts, parsed);
            Assert.Equal(layer.Rules, parsed);
            var row = counter.Layers.Single(r => r.Name == layer.Stage.Name);
            Assert.Equal(new GeneratedCounts(row.Crossbars, row.Memristors, row.OpAmps), parsed);
        }
        Assert.Equal(generated.Rules, generated.Counts);
    }

    /// <summary>A 300-row matrix with the default tile size splits as CrossbarMappingRules says (128 + 128 + 44 rows,
    /// bias only in the last tile), and the counts parsed from the three netlists equal the rules' cost.</summary>
    [Fact]
    public void TiledMatrix_CountsEqualMappingRules()
    {
        var m = GenerationFixtures.RandomMatrix(300, 3, 1);
        var x = new CrossbarGenerator(GenerationFixtures.Options()).Generate(m, CrossbarContext.ForMatrix("tiled"));
        Assert.Equal([128, 128, 44], x.Tiles.Select(t => t.Rows.Count));
        Assert.Equal([false, false, true], x.Tiles.Select(t => t.Rows.Any(r => r.IsBias)));
        long mem = 0; int amps = 0;
        foreach (var t in x.Tiles) { var (a, b) = Parse(CrossbarNetlistWriter.Write(t)); mem += a; amps += b; }
        var cost = CrossbarMappingRules.Cost(m.Shape);
        Assert.Equal(new GeneratedCounts(cost.Tiles, cost.Memristors, cost.OpAmps), new GeneratedCounts(x.Tiles.Count, mem, amps));
    }
}

/// <summary>Tile splitting follows CrossbarMappingRules for every size, and the same rule for other maxima.</summary>
public class TileSplitterTests
{
    /// <summary>Exact integer comparison for 1 … 1000 rows with the default maximum.</summary>
    [Fact]
    public void DefaultSplit_IsCrossbarMappingRules()
    {
        for (int rows = 1; rows <= 1000; rows++)
        {
            var tiles = TileSplitter.Split(rows);
            Assert.Equal(CrossbarMappingRules.Tiles(rows), tiles.Count);
            for (int t = 0; t < tiles.Count; t++)
                Assert.Equal(CrossbarMappingRules.TileRows(rows, t), (tiles[t].FirstRow, tiles[t].Rows));
        }
    }

    /// <summary>--max-rows 4 on 10 rows: tiles of 4, 4 and 2 rows, the bias in the last, every tile with all columns.</summary>
    [Fact]
    public void SmallerMaximum_SplitsTheSameWay()
    {
        var x = new CrossbarGenerator(GenerationFixtures.Options() with { MaxTileRows = 4 })
            .Generate(GenerationFixtures.RandomMatrix(10, 3, 2), CrossbarContext.ForMatrix("small"));
        Assert.Equal([4, 4, 2], x.Tiles.Select(t => t.Rows.Count));
        Assert.Equal([0, 4, 8], x.Tiles.Select(t => t.Tile.FirstRow));
        Assert.All(x.Tiles, t => Assert.Equal(6, t.Tias.Count));
        Assert.True(x.Tiles[^1].Rows[^1].IsBias);
        Assert.Equal(60, x.Counts.Memristors);
    }
}
