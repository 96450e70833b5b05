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
}
