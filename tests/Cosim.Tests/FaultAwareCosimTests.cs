using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Faults;
using MemristorSpice.Crossbar.Mapping;

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
}
