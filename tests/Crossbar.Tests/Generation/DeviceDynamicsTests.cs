using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;
using static MemristorSpice.Crossbar.Tests.Generation.GenerationFixtures;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>The cells are memristor instances: a transient read moves their state when the device allows it.</summary>
public class DeviceDynamicsTests
{
    /// <summary>
    /// 1 ms read at the DC row voltages (columns at exact virtual ground, so each cell sees its row voltage). HP linear
    /// drift has no threshold: every cell not already at the ON bound must move as the same device driven alone by that
    /// voltage (Devices' StateIntegrator, 1000 trapezoidal steps), within 1 % (the engine's step control works at
    /// reltol 1e-3); the read-safe VTEAM_XBAR (v_off 0.8 V, read ≤ 0.2 V, exact dead zone) must
    /// hold every state to 1e-12 (integration round-off only).
    /// </summary>
    [Theory]
    [InlineData("HP_NONE", true)]
    [InlineData("VTEAM_XBAR", false)]
    public void TransientRead_MovesTheStateOnlyForDriftingDevices(string preset, bool drifts)
    {
        var m = RandomMatrix(3, 1, 51);
        var tile = new CrossbarGenerator(Options() with { DevicePreset = preset }).Generate(m, CrossbarContext.ForMatrix("tran"), RandomPatch(3, 52)).Tiles[0];
        var table = new Transient(CrossbarCircuitBuilder.Build(tile), 1e-5, 1e-3).Run();
        foreach (var cell in tile.Cells)
        {
            var x = table[$"x({cell.Name})"];
            var moved = Math.Abs(x[^1] - cell.State);
            Assert.Equal(cell.State, x[0], 12);
            // A cell already fully ON (x0 = 1, at Gmax) cannot move further in the direction the read current pushes.
            if (drifts && cell.State < 1 - 1e-3)
            {
                var alone = new Devices.Memristors.StateIntegrator(tile.Device.Model).Hold(cell.State, tile.Rows[cell.Row].Volts, 1e-3, 1000);
                var expected = Math.Abs(alone - cell.State);
                Assert.True(Math.Abs(moved - expected) <= 0.01 * expected, $"{cell.Name}: state moved {moved}, device alone {expected}");
            }
            else if (!drifts) Assert.True(moved < 1e-12, $"{cell.Name}: state moved {moved}");
        }
    }
}
