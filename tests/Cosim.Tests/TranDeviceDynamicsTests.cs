using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Tests;

public class TranDeviceDynamicsTests
{
    [Fact]
    public void Drifting_memristors_follow_the_engines_full_newton_transient()
    {
        // HP TiO2 linear-drift cells (Joglekar window) drift at any read voltage: dx/dt = µv·Ron/D²·i·f(x)
        // = 1e4·i per second, i up to 0.2 V/100 Ω. Our fast path integrates the states explicitly and refactors the
        // tile whenever a resistance moved by 1e-6; the reference is the engine's own transient of the same tile with
        // native Memristor entities (Newton at every step, adaptive trapezoid, reltol 1e-7, max step h), driven by
        // the same PWL pulse train. The drift effect (sample vs the DC read of the programmed states) is checked to
        // be visible; the two transients must agree within 2 % of it: forward Euler on the states with h = 0.1 µs
        // over 20 µs slots (Δx per step ≤ 2e-3·h/T) plus the 1e-6 refactor threshold are far below that
        // (measured: 9.4e-7 W·V against a drift effect of 1.6e-3 W·V, 600 refactors = one per step).
        var settings = new NonIdealities { DevicePreset = "HP_JOGLEKAR", OpAmpGain = 1e5, OpAmpGbwHz = 1e7, CalibrationImages = 10 };
        var options = new TranOptions { ReadTimeSeconds = 20e-6, StepsPerSlot = 200 };
        var backend = new TranBackend(settings, options);
        var controller = TestModels.Controller(settings, backend);
        var reader = (TranTileReader)controller.Plans.Single(p => p.Stage.Name == "dw2").Readers[2][0];
        var tile = reader.Tile;
        var layout = backend.Dc.Layout(tile);
        var rng = new Random(4);
        const int patches = 3;
        double[] Random1() => Enumerable.Range(0, tile.Rows).Select(r => r == tile.Rows - 1 ? settings.VreadVolts : rng.NextDouble() * settings.VreadVolts).ToArray();
        var previous = Random1();
        var train = Enumerable.Range(0, patches).SelectMany(_ => Random1()).ToArray();
        var ours = new double[patches * tile.Outputs];
        reader.Model.Simulate(previous, train, patches, ours, options.StepsPerSlot);
        Assert.True(reader.Model.StateRefactors > 0, "the cells did not drift enough to refactor: the test would not exercise the device dynamics");
        var dc = new double[patches * tile.Outputs];
        reader.StaticReader.Read(train, patches, dc);

        var circuit = CrossbarCircuitBuilder.Build(layout, CellElementKind.Memristor);
        double T = options.ReadTimeSeconds, h = options.StepSeconds;
        for (int r = 0; r < tile.Rows; r++)
        {
            var pairs = new List<double> { 0, previous[r] };
            double last = previous[r];
            for (int p = 0; p < patches; p++)
            {
                if (p > 0) pairs.AddRange([p * T, last]);
                last = train[p * tile.Rows + r];
                pairs.AddRange([p * T + h, last]);
            }
            var row = layout.Rows[r];
            circuit.Replace(new VoltageSource(row.SourceName, row.SourceNode, "0", previous[r], new PwlWaveform([.. pairs])));
        }
        var table = new Transient(circuit, h, patches * T, new SimulationOptions { RelTol = 1e-7, MaxStep = h }).Run();
        double drift = 0, diff = 0;
        for (int p = 0; p < patches; p++)
            for (int j = 0; j < tile.Outputs; j++)
            {
                double reference = table.Interpolate($"v({layout.OutputNodes[j].ToLowerInvariant()})", (p + 1) * T) * reader.Model.WeightVoltsPerVolt;
                drift = Math.Max(drift, Math.Abs(ours[p * tile.Outputs + j] - dc[p * tile.Outputs + j]));
                diff = Math.Max(diff, Math.Abs(ours[p * tile.Outputs + j] - reference));
            }
        double scale = dc.Max(Math.Abs);
        Assert.True(drift > 1e-4 * scale, $"drift effect {drift:G3} W·V is invisible next to outputs of {scale:G3} W·V");
        Assert.True(diff <= 0.02 * drift, $"fast path vs engine transient {diff:G3} W·V; drift effect {drift:G3} W·V; refactors {reader.Model.StateRefactors}");
    }
}
