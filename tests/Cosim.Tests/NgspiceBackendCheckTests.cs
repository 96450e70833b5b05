using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Network;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

public class NgspiceCrossCheckTests
{
    [Fact]
    public void Small_tiles_agree_with_ngspice_with_wires_and_finite_gain()
    {
        var exe = Dependencies.RequireNgspice();
        var settings = new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5, CalibrationImages = 10 };
        var backend = new CircuitDcBackend(settings);
        var network = CrossbarNetwork.FromModel(TestModels.Msccnn(seed: 12));
        var controller = new DigitalController(network, ConverterCalibration.Calibrate(network, TestModels.Mnist(50, 10), settings), settings, backend);
        var lib = Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib");
        // Depthwise tiles (20 memristors) and the classifier's bias-only tile; the bigger tiles take ngspice minutes.
        var check = new NgspiceCrossCheck(controller, backend, new NgspiceRunner(exe, TimeSpan.FromSeconds(60)), lib) { MaxCells = 100 };
        var (image, _) = TestModels.Mnist(0, 1).Batch(0, 1);
        var rows = check.Run(image, patchesPerTile: 2);
        var compared = rows.Where(r => r.Problem is null).ToList();
        Assert.Equal(["dw1", "dw2", "classifier"], compared.Select(r => r.Layer).ToArray());
        Assert.All(rows.Where(r => r.Problem is not null), r => Assert.StartsWith("skipped", r.Problem));
        // Same netlist in both engines, linear read: agreement is limited by ngspice's printed digits and its Newton
        // stopping rule; measured about 1e-11 relative, checked at 1e-8 relative or 1e-12 W·V absolute (for tiles whose
        // outputs are themselves near zero, e.g. a bias-only tile of an untrained model: measured 1.3e-14 absolute).
        Assert.All(compared, r => Assert.True(r.MaxRelDiff <= 1e-8 || r.MaxAbsDiff <= 1e-12,
            $"{r.Layer} tile {r.Tile}: difference {r.MaxAbsDiff} W·V, relative {r.MaxRelDiff}"));
    }
}
