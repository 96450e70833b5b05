using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// The array power of the report (row-current matrix from the superposition solves) against power computed
/// independently from full operating points of the same tile netlist: our engine's Newton solution with memristor
/// cells (Σ over cells of V_cell²·G_cell plus wire and driver losses) and ngspice's row-source currents (Σ V·I).
/// </summary>
public class ArrayPowerTests
{
    // Ideal TIAs hold every column exactly at 0 V, so all power the row drivers deliver is dissipated in the cells,
    // wires and driver resistors (Tellegen); wires and drivers make the input conductance matrix non-diagonal.
    private static readonly NonIdealities Settings = new()
    {
        WireRowOhms = 2, WireColumnOhms = 3, DriverOhms = 50, VariationSigma = 0.1, VariationSeed = 4, CalibrationImages = 10,
    };

    private static (CircuitDcBackend Backend, ArrayPowerMeter Meter, DigitalController Controller) Setup()
    {
        var meter = new ArrayPowerMeter();
        var backend = new CircuitDcBackend(Settings) { SolveObserver = meter };
        var network = CrossbarNetwork.FromModel(TestModels.Msccnn(5), BiasPlacement.Analog);   // keeps the classifier's bias-only tile
        var ranges = ConverterCalibration.Calibrate(network, TestModels.Mnist(300, 10), Settings);
        return (backend, meter, new DigitalController(network, ranges, Settings, backend));
    }

    private static double[] RandomVolts(CrossbarTile t, Random rng)
    {
        var v = new double[t.Rows];
        for (int r = 0; r < t.Rows; r++) v[r] = rng.NextDouble() * t.VreadVolts;
        if (t.HoldsBiasRow) v[^1] = t.VreadVolts;
        return v;
    }

    /// <summary>Σ V²/R over every resistive part of the tile from node voltages (ground = 0).</summary>
    private static double Dissipated(CrossbarTileLayout layout, Func<string, double> v)
    {
        double p = 0;
        foreach (var c in layout.Cells)
        {
            double dv = v(c.RowNode) - v(c.ColumnNode);
            p += dv * dv / layout.Device.Model.Resistance(c.State);
        }
        foreach (var w in layout.Wires)
        {
            double dv = v(w.NodeA) - v(w.NodeB);
            p += dv * dv / w.Ohms;
        }
        foreach (var r in layout.Rows.Where(r => r.DriverName is not null))
        {
            double dv = v(r.SourceNode) - v(r.RowNode);
            p += dv * dv / r.DriverOhms;
        }
        return p;
    }

    [Theory]
    [InlineData("conv1", 0, 0)]
    [InlineData("dw2", 7, 0)]
    [InlineData("classifier", 0, 1)]
    public void Row_power_equals_cell_wire_and_driver_dissipation_of_a_newton_operating_point(string layer, int crossbar, int tile)
    {
        var (backend, meter, controller) = Setup();
        var t = controller.Plans.Single(p => p.Stage.Name == layer).Readers[crossbar][tile].Tile;
        var model = meter.Models[t.Id];
        var layout = backend.Layout(t);
        var rng = new Random(11);
        // Newton with tight tolerances so that its convergence error is far below the 1e-9 checked (the circuit is linear in read mode).
        var tight = new SimulationOptions { RelTol = 1e-13, VnTol = 1e-15, AbsTol = 1e-18 };
        for (int patch = 0; patch < 3; patch++)
        {
            var volts = RandomVolts(t, rng);
            var op = new OperatingPoint(CrossbarCircuitBuilder.Build(CircuitDcBackend.WithRowVolts(layout, volts), CellElementKind.Memristor), tight).Run();
            double reference = Dissipated(layout, node => node == "0" ? 0 : op.Voltage(node));
            double fast = model.Watts(volts);
            Assert.True(reference > 0);
            Assert.True(Math.Abs(fast - reference) <= 1e-9 * reference, $"{t.Id} patch {patch}: row-current form {fast:R} W, Newton dissipation {reference:R} W");
        }
    }

    [Fact]
    public void Row_power_equals_sum_of_v_times_i_of_ngspice_row_sources()
    {
        var ngspice = Dependencies.RequireNgspice();
        var (backend, meter, controller) = Setup();
        var t = controller.Plans.Single(p => p.Stage.Name == "dw1").Readers[3][0].Tile;
        var layout = backend.Layout(t);
        var lib = Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib");
        var volts = RandomVolts(t, new Random(23));
        var deck = CrossbarNetlistWriter.Write(CircuitDcBackend.WithRowVolts(layout, volts, lib));
        var table = new NgspiceRunner(ngspice, TimeSpan.FromSeconds(60)).Run(deck).OperatingPoint.Table;
        double delivered = 0;
        for (int r = 0; r < layout.Rows.Count; r++)
        {
            var name = layout.Rows[r].SourceName.ToLowerInvariant();
            var signal = table.Contains($"i({name})") ? $"i({name})" : $"{name}#branch";
            // SPICE sign: the branch current flows into the source's + terminal, so the source delivers −V·i.
            delivered += -volts[r] * table[signal][0];
        }
        // ngspice solves the memristor B-source netlist to its own tolerances; 1e-6 relative is far above that
        // (the crossbar outputs agree to ~1e-11, docs/cosim.md) and far below any modelling difference.
        double fast = meter.Models[t.Id].Watts(volts);
        Assert.True(Math.Abs(fast - delivered) <= 1e-6 * delivered, $"row-current form {fast:R} W, ngspice Σ V·I {delivered:R} W");
    }

    [Fact]
    public void Without_wires_and_drivers_each_row_draws_v_squared_times_its_cell_conductances()
    {
        // Closed form: with ideal wires, drivers and TIAs every cell sits between V_r and 0 V, so
        // P = Σ_r V_r²·Σ_j G_rj; G from the layout's programmed states.
        var settings = new NonIdealities { CalibrationImages = 10, VariationSigma = 0.2, VariationSeed = 2 };
        var meter = new ArrayPowerMeter();
        var backend = new CircuitDcBackend(settings) { SolveObserver = meter };
        var network = CrossbarNetwork.FromModel(TestModels.Msccnn(6));
        var controller = new DigitalController(network, ConverterCalibration.Calibrate(network, TestModels.Mnist(0, 10), settings), settings, backend);
        var t = controller.Plans.Single(p => p.Stage.Name == "pw1").Readers[0][0].Tile;
        var layout = backend.Layout(t);
        var volts = RandomVolts(t, new Random(3));
        double expected = layout.Cells.Sum(c => volts[c.Row] * volts[c.Row] / layout.Device.Model.Resistance(c.State));
        double fast = meter.Models[t.Id].Watts(volts);
        // Only LU rounding separates the two (~1e-15 relative per entry over 33 rows).
        Assert.True(Math.Abs(fast - expected) <= 1e-10 * expected, $"{fast:R} vs {expected:R}");
    }

    [Fact]
    public void Metered_reads_add_the_power_of_exactly_the_patches_applied_while_enabled()
    {
        // The controller reads every tile once per output position; the tally must hold that many patches for the
        // metered image and none from the column calibration or from reads made while disabled.
        var settings = Settings with { ColumnCalibrationImages = 5 };
        var meter = new ArrayPowerMeter();
        var network = CrossbarNetwork.FromModel(TestModels.Msccnn(5));
        var data = TestModels.Mnist(300, 10);
        var controller = new DigitalController(network, ConverterCalibration.Calibrate(network, data, settings), settings, meter.CreateBackend(settings), data);
        Assert.All(meter.Tallies, t => Assert.Equal(0, t.Patches));
        var (x, _) = TestModels.Mnist(0, 1).Batch(0, 1);
        meter.Enabled = true;
        controller.Run(x);
        meter.Enabled = false;
        controller.Run(x);
        foreach (var plan in controller.Plans)
            foreach (var tally in meter.Tallies.Where(t => t.Tile.Layer == plan.Stage.Name))
            {
                Assert.Equal(plan.Stage.Positions, tally.Patches);
                Assert.True(tally.WattsSum.Value > 0, tally.Tile.Id);
            }
        Assert.Equal(controller.Plans.Sum(p => p.Stage.Crossbars.Count * p.TileCount), meter.Tallies.Count);
    }
}
