using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Faults;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.IO;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

/// <summary>Fault-aware mapping through the co-simulation: design point fields, the fault-map CSV, and the tile reads.</summary>
public class FaultAwareCosimTests
{
    /// <summary>
    /// Ideal wires, drivers and op-amps: a read realises wmax·(g+ − g−) per cell pair, so the squared distance of
    /// each tile's transfer matrix from its weights is exactly wmax²·(fault cost of its placement) (1e-9 relative:
    /// LU round-off on entries of order wmax). With 1 % + 1 % stuck devices the fault-aware placement (2 spare pairs,
    /// compensation) must cost no more than the identity on every tile and less in total, and the reads must come
    /// back in logical order (an unrouted permutation would be far off).
    /// </summary>
    [Fact]
    public void Tile_reads_realise_exactly_the_placement_fault_cost()
    {
        var settings = new NonIdealities
        {
            CalibrationImages = 10, StuckAtGminRate = 0.01, StuckAtGmaxRate = 0.01, FaultSeed = 5, FaultAware = true, SpareColumns = 2,
        };
        var backend = new CircuitDcBackend(settings);
        var controller = TestModels.Controller(settings, backend);
        double before = 0, after = 0;
        foreach (var plan in controller.Plans)
            foreach (var tiles in plan.Readers)
                foreach (var reader in tiles.Cast<MatrixTileReader>())
                {
                    var t = reader.Tile;
                    var generated = backend.Generated(t);
                    var placed = generated.Placements[t.Tile];
                    double wmax = generated.Mapping.WeightFullScale, squared = 0;
                    for (int i = 0; i < t.Weights.Length; i++) squared += Math.Pow(reader.Transfer[i] - t.Weights[i], 2);
                    double expected = wmax * wmax * placed.Cost;
                    Assert.True(Math.Abs(squared - expected) <= 1e-9 * wmax * wmax * Math.Max(1, placed.IdentityCost), $"{t.Id}: {squared} vs {expected}");
                    Assert.True(placed.Cost <= placed.IdentityCost);
                    before += placed.IdentityCost;
                    after += placed.Cost;
                }
        Assert.True(before > 0 && after < before, $"fault cost {after} after vs {before} before");
    }

    /// <summary>The design-point fields read, validate and write back (mapping only written when not the default).</summary>
    [Fact]
    public void Mapping_fields_round_trip_and_bad_values_name_the_field()
    {
        var n = NonIdealitiesJson.Parse("""{ "mapping": { "faultAware": true, "spareColumns": 3 } }""");
        Assert.True(n.FaultAware);
        Assert.Equal(3, n.SpareColumns);
        Assert.Equal(n, NonIdealitiesJson.Parse(NonIdealitiesJson.Write(n)));
        Assert.DoesNotContain("mapping", NonIdealitiesJson.Write(DesignPoint.Default.Circuit));
        var ex = Assert.Throws<NonIdealitiesException>(() => NonIdealitiesJson.Parse("""{ "mapping": { "spareColumns": -1 } }""", "cfg.json"));
        Assert.Equal("mapping.spareColumns", ex.Field);
        ex = Assert.Throws<NonIdealitiesException>(() => NonIdealitiesJson.Parse("""{ "mapping": { "spare": 1 } }""", "cfg.json"));
        Assert.Equal("mapping.spare", ex.Field);
    }

    /// <summary>
    /// The fault-map CSV: written devices read back equal, a relative stuckAt.mapFile is found next to the design file,
    /// and a bad line is refused naming the file, the line and the field.
    /// </summary>
    [Fact]
    public void Fault_map_csv_reads_back_and_names_bad_lines()
    {
        var dir = Directory.CreateTempSubdirectory("faultmap-").FullName;
        try
        {
            var devices = new List<(string, StuckDevice)>
            {
                ("conv1/xbar0/tile0", new StuckDevice(3, 1, PairDevice.Positive, CellFault.StuckAtMax)),
                ("fc1/xbar0/tile1", new StuckDevice(0, 9, PairDevice.Negative, CellFault.StuckAtMin)),
            };
            var path = Path.Combine(dir, "failed.csv");
            FaultMapCsv.Write(path, devices);
            var listed = FaultMapCsv.Load(path);
            Assert.Equal(2, listed.Count);
            var map = new TileFaultMap(4, 2);
            listed.AddTo("conv1/xbar0/tile0", map);
            Assert.Equal([new StuckDevice(3, 1, PairDevice.Positive, CellFault.StuckAtMax)], map.Stuck());
            // A listed cell outside the tile is refused with the source named.
            Assert.Contains("outside the tile", Assert.Throws<ArgumentException>(() => listed.AddTo("fc1/xbar0/tile1", new TileFaultMap(4, 2))).Message);

            File.WriteAllText(Path.Combine(dir, "design.json"), """{ "stuckAt": { "mapFile": "failed.csv" } }""");
            var design = NonIdealitiesJson.LoadDesign(Path.Combine(dir, "design.json"));
            Assert.Equal(2, design.Circuit.ListedFaults!.Count);

            File.WriteAllText(path, "tile,row,column,device,stuck\nconv1/xbar0/tile0,3,1,sideways,gmax\n");
            var bad = Assert.Throws<InvalidDataException>(() => FaultMapCsv.Load(path));
            Assert.Contains("line 2", bad.Message);
            Assert.Contains("device", bad.Message);
            File.WriteAllText(path, "tile,row,column,device,stuck\nconv1/xbar0/tile0,-3,1,p,gmax\n");
            Assert.Contains("row must be an integer", Assert.Throws<InvalidDataException>(() => FaultMapCsv.Load(path)).Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>
    /// A spare column pair replaces a stuck column (closed form): every G+ device of conv1's output pair 5 is listed
    /// stuck at Gmax. Ideal wires, drivers and op-amps, so a read is exactly wmax·Σ(g+ − g−)·V per output. With one spare
    /// pair the fault-aware placement moves output 5 onto it (fault cost 0) and the tile's read must equal the fault-free
    /// read to 1e-9 of the output scale (LU round-off). The same faults with the identity placement leave the stuck column
    /// in output 5's read, off by more than 5 % of the output scale (so the list really hits a read column).
    /// </summary>
    [Fact]
    public void A_spare_pair_replaces_a_stuck_column_and_the_tile_reads_fault_free()
    {
        var stuck = new ListedFaults(Enumerable.Range(0, 10).Select(r =>
            (ListedFaults.TileId("conv1", 0, 0), new StuckDevice(r, 5, PairDevice.Positive, CellFault.StuckAtMax))), "test list");
        var clean = NonIdealities.Ideal with { CalibrationImages = 10 };
        double[] Read(NonIdealities settings)
        {
            var controller = TestModels.Controller(settings, new CircuitDcBackend(settings));
            var reader = controller.Plans.Single(p => p.Stage.Name == "conv1").Readers[0][0];
            var volts = Enumerable.Range(0, reader.Tile.Rows).Select(i => clean.VreadVolts * (0.2 + 0.07 * i)).ToArray();
            var y = new double[reader.Tile.Outputs];
            reader.Read(volts, 1, y);
            return y;
        }
        var truth = Read(clean);
        var spared = Read(clean with { ListedFaults = stuck, FaultAware = true, SpareColumns = 1 });
        var unspared = Read(clean with { ListedFaults = stuck });
        double scale = truth.Max(Math.Abs);
        for (int j = 0; j < truth.Length; j++)
            Assert.True(Math.Abs(spared[j] - truth[j]) <= 1e-9 * scale, $"output {j}: with a spare pair {spared[j]:R}, fault-free {truth[j]:R}");
        Assert.True(Math.Abs(unspared[5] - truth[5]) > 0.05 * scale, $"identity placement: output 5 {unspared[5]:R}, fault-free {truth[5]:R}");
    }

    /// <summary>
    /// End to end on MNIST: the shipped msccnn with 2 % + 2 % stuck devices (seed 11), fault-aware mapping with and
    /// without 2 spare pairs per tile, native dc on 100 test images against the float network's labels. Spares only add
    /// placement choices (the assignment without them is still available, so every tile's fault cost is no higher), and
    /// the accuracy with them must not be lower.
    /// </summary>
    [Fact]
    public void Spare_pairs_do_not_lower_the_accuracy_under_stuck_devices()
    {
        var model = WeightsFile.Load(Path.Combine(Dependencies.RepoRoot, "weights", "msccnn.msw"));
        double Accuracy(int spares)
        {
            var settings = NonIdealities.Ideal with { CalibrationImages = 20, StuckAtGminRate = 0.02, StuckAtGmaxRate = 0.02, FaultSeed = 11, FaultAware = true, SpareColumns = spares };
            var session = new Cosim.Driver.CosimSession(model, "test", settings, new CircuitDcBackend(settings), "dc",
                TestModels.MnistTrainHead(20), TestModels.Mnist(0, 100), 100);
            return session.Run(Cosim.Driver.Shard.Whole, 2).Outcome.Analog.Accuracy;
        }
        double without = Accuracy(0), with = Accuracy(2);
        Assert.True(with >= without, $"accuracy {with:P1} with 2 spare pairs, {without:P1} without");
    }
}
