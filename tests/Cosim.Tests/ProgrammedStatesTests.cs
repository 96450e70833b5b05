using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Programming;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cosim.Tests;

/// <summary><c>cosim --programmed</c>: programmed states replace the mapped conductances cell by cell.</summary>
public sealed class ProgrammedStatesTests
{
    // Ideal wires, op-amps and converters, so the native tile computes exactly Σ w·V of the mapping.
    private static readonly NonIdealities Settings = NonIdealities.Ideal with { CalibrationImages = 10 };

    private static (CrossbarNetwork Network, IReadOnlyList<StageRanges> Ranges, IReadOnlyList<ProgrammingTile> Tiles) Dw2()
    {
        var network = CrossbarNetwork.FromModel(TestModels.Msccnn(seed: 3), BiasPlacement.Analog);
        var ranges = ConverterCalibration.Calibrate(network, TestModels.Mnist(200, 10), Settings);
        return (network, ranges, ProgrammingTargets.Tiles(network, ranges, Settings, "dw2"));
    }

    private static List<ProgrammedCell> Exact(IReadOnlyList<ProgrammingTile> tiles) =>
        tiles.SelectMany(t => t.Layout.Cells.Select(c => new ProgrammedCell
        {
            Layer = t.Layer, Crossbar = t.Crossbar, Tile = t.Tile, Row = t.Layout.Tile.FirstRow + c.Row, Column = 2 * c.Output + (c.IsPositive ? 0 : 1),
            TargetSiemens = c.Conductance.LevelSiemens, ProgrammedSiemens = c.Conductance.LevelSiemens, State = c.State,
        })).ToList();

    private static ProgrammedStates RoundTrip(IEnumerable<ProgrammedCell> cells)
    {
        var folder = Directory.CreateTempSubdirectory("memspice-programmed-");
        try
        {
            ProgrammedStates.Write(Path.Combine(folder.FullName, ProgrammedStates.FileName), cells);
            return ProgrammedStates.Load(folder.FullName);
        }
        finally { folder.Delete(true); }
    }

    [Fact]
    public void Zero_error_programmed_states_reproduce_the_ideal_mapping()
    {
        var (network, ranges, tiles) = Dw2();
        var states = RoundTrip(Exact(tiles));
        var programmed = new DigitalController(network, ranges, Settings, new CircuitDcBackend(Settings) { Programmed = states });
        var ideal = new DigitalController(network, ranges, Settings, new IdealBackend());
        Assert.Equal(states.Count, states.Applied);
        var p = programmed.Plans.Single(x => x.Stage.Name == "dw2");
        var q = ideal.Plans.Single(x => x.Stage.Name == "dw2");
        var rng = new Random(5);
        for (int c = 0; c < p.Readers.Count; c++)
        {
            var tile = p.Readers[c][0].Tile;
            var volts = Enumerable.Range(0, tile.Rows).Select(_ => Settings.VreadVolts * rng.NextDouble()).ToArray();
            double[] a = new double[tile.Outputs], b = new double[tile.Outputs];
            p.Readers[c][0].Read(volts, 1, a);
            q.Readers[c][0].Read(volts, 1, b);
            // 1e-9 of the output scale: the circuit solve and the CSV round trip (shortest round-trip doubles) are exact to rounding.
            double scale = Math.Max(b.Max(Math.Abs), 1e-30);
            for (int j = 0; j < tile.Outputs; j++)
                Assert.True(Math.Abs(a[j] - b[j]) <= 1e-9 * scale, $"{tile.Id} output {j}: programmed {a[j]:R}, ideal {b[j]:R}");
        }
    }

    [Fact]
    public void A_programming_error_shifts_the_output_by_the_mapped_weight_error()
    {
        // Closed form of the differential mapping: a G+ cell off by ΔG changes output j by wmax·ΔG/(Gmax − Gmin)·V_row
        // (weight·volt units). Tolerance 1e-9 relative: the ideal circuit is exact to rounding.
        var (network, ranges, tiles) = Dw2();
        var cells = Exact(tiles);
        int k = cells.FindIndex(c => c.Crossbar == 2 && c.Row == 4 && c.Column == 0);
        double dg = 3e-6;
        cells[k] = cells[k] with { ProgrammedSiemens = cells[k].TargetSiemens + dg };
        var backend = new CircuitDcBackend(Settings) { Programmed = RoundTrip(cells) };
        var programmed = new DigitalController(network, ranges, Settings, backend);
        var ideal = new DigitalController(network, ranges, Settings, new IdealBackend());
        var reader = programmed.Plans.Single(x => x.Stage.Name == "dw2").Readers[2][0];
        var volts = Enumerable.Repeat(0.0, reader.Tile.Rows).ToArray();
        volts[4] = 0.15;
        double[] a = new double[1], b = new double[1];
        reader.Read(volts, 1, a);
        ideal.Plans.Single(x => x.Stage.Name == "dw2").Readers[2][0].Read(volts, 1, b);
        var mapping = backend.Generated(reader.Tile).Mapping;
        double expected = mapping.WeightFullScale * dg / mapping.Range.SpanSiemens * 0.15;
        Assert.True(Math.Abs(a[0] - b[0] - expected) <= 1e-9 * Math.Abs(expected) + 1e-15, $"shift {a[0] - b[0]:R}, closed form {expected:R}");
    }

    [Fact]
    public void States_made_for_another_mapping_are_refused()
    {
        var (network, ranges, tiles) = Dw2();
        var cells = Exact(tiles);
        cells[0] = cells[0] with { TargetSiemens = cells[0].TargetSiemens * 1.5 };
        var ex = Assert.Throws<InvalidOperationException>(() => new DigitalController(network, ranges, Settings, new CircuitDcBackend(Settings) { Programmed = RoundTrip(cells) }));
        Assert.Contains("was made for a target", ex.Message);
    }

    /// <summary>
    /// A fault-aware placement with a spare pair (2 % + 2 % stuck devices, seed 7) on conv1 (10 × 32 outputs): the
    /// programming targets sit at the permuted physical positions, and programmed.csv entries made from array positions
    /// (<see cref="ProgrammingTile.Entry"/>) find their logical cells. Programmed exactly, every listed cell is applied
    /// (a wrong key would meet another target and be refused) and the reads equal the unprogrammed backend's to 1e-9 of
    /// the output scale (ideal circuit, rounding). A programming error ΔG on one G+ device at a permuted position shifts
    /// exactly its logical output by wmax·ΔG/(Gmax − Gmin)·V_row (closed form of the differential mapping, 1e-9 relative).
    /// </summary>
    [Fact]
    public void A_fault_aware_layout_with_spare_pairs_is_programmed_at_its_physical_positions()
    {
        var settings = Settings with { StuckAtGminRate = 0.02, StuckAtGmaxRate = 0.02, FaultSeed = 7, FaultAware = true, SpareColumns = 1 };
        var network = CrossbarNetwork.FromModel(TestModels.Msccnn(seed: 3), BiasPlacement.Analog);
        var ranges = ConverterCalibration.Calibrate(network, TestModels.Mnist(200, 10), settings);
        var tile = ProgrammingTargets.Tiles(network, ranges, settings, "conv1").Single();
        Assert.Equal(2 * (tile.Layout.Outputs + 1), tile.Columns);
        var targets = tile.Targets();
        var entries = new List<ProgrammedCell>();
        int spares = 0, stuck = 0;
        for (int r = 0; r < tile.Rows; r++)
            for (int c = 0; c < tile.Columns; c++)
            {
                if (double.IsNaN(targets[r, c])) { stuck++; continue; }
                if (tile.Entry(r, c, targets[r, c], targets[r, c]) is { } e) entries.Add(e); else spares++;
            }
        Assert.True(stuck > 0 && spares > 0, $"{stuck} stuck, {spares} spare cells");
        // The placement must really permute (else this test would not tell physical from logical positions).
        var moved = Enumerable.Range(0, tile.Rows).SelectMany(r => Enumerable.Range(0, tile.Columns).Select(c => (r, c)))
            .Where(p => tile.Entry(p.r, p.c, 1e-5, 1e-5) is { } e && (e.Row != p.r || e.Column != p.c) && p.c % 2 == 0 && !double.IsNaN(targets[p.r, p.c])
                && !double.IsNaN(targets[p.r, p.c + 1])).ToList();
        Assert.NotEmpty(moved);

        var states = RoundTrip(entries);
        var plain = new DigitalController(network, ranges, settings, new CircuitDcBackend(settings));
        var exact = new DigitalController(network, ranges, settings, new CircuitDcBackend(settings) { Programmed = states });
        Assert.Equal(states.Count, states.Applied);
        var volts = Enumerable.Range(0, tile.Rows).Select(i => settings.VreadVolts * (0.1 + 0.08 * i)).ToArray();
        double[] Read(DigitalController controller, double[] v)
        {
            var y = new double[tile.Layout.Outputs];
            controller.Plans.Single(p => p.Stage.Name == "conv1").Readers[0][0].Read(v, 1, y);
            return y;
        }
        var a = Read(exact, volts);
        var b = Read(plain, volts);
        double scale = b.Max(Math.Abs);
        for (int j = 0; j < a.Length; j++) Assert.True(Math.Abs(a[j] - b[j]) <= 1e-9 * scale, $"output {j}: programmed {a[j]:R}, mapped {b[j]:R}");

        var (pr, pc) = moved[0];
        var cell = tile.Entry(pr, pc, targets[pr, pc], targets[pr, pc])!;
        double dg = 3e-6;
        int k = entries.FindIndex(e => e.Row == cell.Row && e.Column == cell.Column);
        entries[k] = entries[k] with { ProgrammedSiemens = entries[k].TargetSiemens + dg };
        var backend = new CircuitDcBackend(settings) { Programmed = RoundTrip(entries) };
        var shifted = new DigitalController(network, ranges, settings, backend);
        var one = new double[tile.Rows];
        one[cell.Row] = 0.15;
        var after = Read(shifted, one);
        var before = Read(plain, one);
        var mapping = backend.Generated(shifted.Plans.Single(p => p.Stage.Name == "conv1").Readers[0][0].Tile).Mapping;
        double expected = mapping.WeightFullScale * dg / mapping.Range.SpanSiemens * 0.15;
        for (int j = 0; j < after.Length; j++)
        {
            double want = j == cell.Column / 2 ? expected : 0;
            Assert.True(Math.Abs(after[j] - before[j] - want) <= 1e-9 * Math.Abs(expected) + 1e-15, $"output {j}: shift {after[j] - before[j]:R}, closed form {want:R}");
        }
    }
}
