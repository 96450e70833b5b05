using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Network.Layers;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

public class NgspiceBackendCheckTests
{
    private static string Library => Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib");

    private static DigitalController Controller(NonIdealities settings, ICrossbarBackend backend) =>
        TestModels.Controller(settings, backend, seed: 12, calibrationStart: 50);

    [Fact]
    public void Dc_mode_small_tiles_agree_with_ngspice_with_wires_and_finite_gain()
    {
        var exe = Dependencies.RequireNgspice();
        var settings = new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5, CalibrationImages = 10 };
        var backend = new CircuitDcBackend(settings);
        var controller = Controller(settings, backend);
        // Depthwise tiles (20 memristors) and the classifier's bias-only tile; the bigger tiles with wires take ngspice minutes.
        var check = new NgspiceBackendCheck(controller, backend, null, new NgspiceRunner(exe, TimeSpan.FromSeconds(60)), Library) { MaxCells = 100 };
        var (image, _) = TestModels.Mnist(0, 1).Batch(0, 1);
        var rows = check.Run(image, patchesPerTile: 2);
        var compared = rows.Where(r => r.Problem is null).ToList();
        Assert.Equal(["dw1", "dw2", "classifier"], compared.Select(r => r.Layer).ToArray());
        Assert.All(compared, r => Assert.Equal("memristor", r.Cells));
        Assert.All(rows.Where(r => r.Problem is not null), r => Assert.StartsWith("skipped", r.Problem));
        // Same netlist in both engines, linear read: agreement is limited by ngspice's printed digits and its Newton
        // stopping rule; measured about 1e-11 relative, checked at the required 1e-6 relative or 1e-12 W·V absolute (for
        // tiles whose outputs are themselves near zero, e.g. a bias-only tile of an untrained model: measured 1.3e-14).
        Assert.All(compared, r => Assert.True(r.MaxRelDiff <= 1e-6 || r.MaxAbsDiff <= 1e-12,
            $"{r.Layer} tile {r.Tile}: difference {r.MaxAbsDiff} W·V, relative {r.MaxRelDiff}"));
        // Every deck ngspice ran is kept with its output (one .op per compared patch), so the run folder can repeat it.
        Assert.Equal(compared.Sum(r => r.Patches), check.Runs.Count);
        Assert.All(check.Runs, run => Assert.Contains(".op", run.Deck));
        Assert.All(check.Runs, run => Assert.False(string.IsNullOrWhiteSpace(run.Output), run.Name));
    }

    [Fact]
    public void Tran_mode_backend_ngspice_agrees_with_native_on_settled_reads_with_memristors_and_with_resistors()
    {
        // Finite GBW, read slot 5 µs: the slowest closed-loop pole of these small tiles (10 rows) is below 0.1 µs (noise
        // gain 1 + Rf·ΣG ≤ 1 + 1e4·10·1e-4 = 11 at GBW 20 MHz, τ = 11/(2π·20 MHz) = 88 ns), so a sample is e^-57 from
        // settled in both simulators and both equal the DC read; agreement is then limited by ngspice's Newton
        // tolerances in the deck (vntol 1e-12 V at a virtual ground, times A0 = 1e5 at the output): checked at the
        // required 1e-6 relative.
        var exe = Dependencies.RequireNgspice();
        var settings = new NonIdealities { OpAmpGain = 1e5, OpAmpGbwHz = 2e7, CalibrationImages = 10 };
        var backend = new TranBackend(settings, new TranOptions { ReadTimeSeconds = 5e-6, StepsPerSlot = 40 });
        var controller = Controller(settings, backend);
        var (image, _) = TestModels.Mnist(0, 1).Batch(0, 1);
        foreach (var (maxMemristors, cells) in new[] { (1000, "memristor"), (0, "resistor") })
        {
            // Small tiles only (dw1, dw2: 20 cells; the classifier's bias tile: 20 cells): ngspice needs minutes for .tran of the big ones.
            var check = new NgspiceBackendCheck(controller, backend.Dc, backend, new NgspiceRunner(exe, TimeSpan.FromSeconds(120)), Library)
                { MaxCells = 100, MaxMemristorCells = maxMemristors };
            var rows = check.Run(image, patchesPerTile: 3);
            var compared = rows.Where(r => r.Problem is null).ToList();
            Assert.True(compared.Count == 3, string.Join("\n", rows.Select(r => $"{r.Layer} {r.Tile} {r.Cells} {r.NgspiceSeconds:F1} s {r.Problem}")));
            Assert.Equal(["dw1", "dw2", "classifier"], compared.Select(r => r.Layer).ToArray());
            Assert.All(compared, r => Assert.Equal(cells, r.Cells));
            Assert.All(compared, r => Assert.Equal("tran", r.Mode));
            Assert.All(compared, r => Assert.True(r.MaxRelDiff <= 1e-6 || r.MaxAbsDiff <= 1e-12,
                $"{cells}: {r.Layer} tile {r.Tile}: difference {r.MaxAbsDiff} W·V, relative {r.MaxRelDiff}"));
        }
    }
}
