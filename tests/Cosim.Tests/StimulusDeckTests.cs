using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// The transient stimulus deck (what <c>generate network --layer L --stimulus I</c> writes) run unchanged by ngspice
/// reproduces the co-simulation's ADC inputs of that image.
/// </summary>
public sealed class StimulusDeckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stimulus-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Tran mode with every dynamic element acting: op-amps A0 1e5 with GBW 20 MHz, 1 Ohm wire segments with 2 fF each,
    /// VTEAM memristor subcircuits, 1 µs read slots. dw1 of a seeded MSCCNN, patches 96..99 of test image 4 (96 starts
    /// one of the co-simulation's 16-patch pulse trains, so both start settled at patch 95), two of its crossbars (a
    /// small subset keeps ngspice's time in CI small). ngspice's .meas values agree with the co-simulation's ADC
    /// inputs within 1e-4 of each tile's ADC full scale (the required bound; two integrators of the same circuit:
    /// Gear-2 at a fixed step in our engine, ngspice's own step control, and ngspice prints 7 digits).
    /// </summary>
    [Fact]
    public void StimulusDeck_InNgspice_ReproducesTheCosimulationsAdcInputs()
    {
        var exe = Dependencies.RequireNgspice();
        var settings = new NonIdealities
        {
            WireRowOhms = 1, WireColumnOhms = 1, WireCapacitanceFarads = 2e-15, OpAmpGain = 1e5, OpAmpGbwHz = 2e7, CalibrationImages = 10,
        };
        var timing = new TranOptions();
        var backend = new TranBackend(settings, timing);
        var controller = TestModels.Controller(settings, backend, seed: 12, calibrationStart: 50);
        var (image, _) = TestModels.Mnist(4, 1).Batch(0, 1);
        var tiles = LayerStimulus.Record(controller, backend.Dc, image, "dw1", first: 96, maxPatches: 4).Take(2).ToList();

        var x0 = tiles[0].Crossbar;
        var p = NetlistParameters.Of(x0.Options, x0.Mapping.Range, settings.WireCapacitanceFarads);
        File.WriteAllText(Path.Combine(_dir, HierarchicalNetlistWriter.DeviceLibraryFile), DeviceLibrary.Generate());
        File.WriteAllText(Path.Combine(_dir, HierarchicalNetlistWriter.ReadoutLibrary), HierarchicalNetlistWriter.Readout(p, x0.Tiles[0].Device));
        var placed = tiles.Select(t => (Tile: t.Crossbar.PlacedTiles()[t.Tile], Initial: t.Previous, t.RowVolts)).ToList();
        foreach (var (tile, _, _) in placed) File.WriteAllText(Path.Combine(_dir, tile.SubcircuitFile), HierarchicalNetlistWriter.Tile(tile, p));
        File.WriteAllText(Path.Combine(_dir, "stim.cir"),
            HierarchicalNetlistWriter.StimulusDeck("dw1 stimulus", [], placed, 96, 4, timing.ReadTimeSeconds, timing.StepSeconds, p));

        var measured = NgspiceBatch.RunMeasures(exe, _dir, "stim.cir");
        double varied = 0;
        for (int i = 0; i < tiles.Count; i++)
        {
            var t = tiles[i];
            var nodes = placed[i].Tile.Layout.OutputNodes;
            for (int k = 0; k < t.Patches; k++)
                for (int j = 0; j < nodes.Count; j++)
                {
                    var name = HierarchicalNetlistWriter.MeasureName(placed[i].Tile, nodes[j], 96 + k);
                    Assert.True(measured.TryGetValue(name, out var spice), $"ngspice printed no {name}");
                    double cosim = t.AdcInputVolts[k * nodes.Count + j];
                    Assert.True(Math.Abs(spice - cosim) <= 1e-4 * t.AdcFullScaleVolts,
                        $"{name}: ngspice {spice} V, co-simulation {cosim} V, ADC full scale {t.AdcFullScaleVolts} V");
                    varied = Math.Max(varied, Math.Abs(cosim - t.AdcInputVolts[j]) / t.AdcFullScaleVolts);
                }
        }
        // The patches differ (the comparison is not of one repeated value): some output moves by more than 1 % of full scale.
        Assert.True(varied > 0.01, $"the chosen patches give nearly equal outputs (largest change {varied} of full scale)");
    }
}
