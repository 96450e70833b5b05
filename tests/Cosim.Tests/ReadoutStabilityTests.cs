using System.Numerics;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Stability;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.OpAmps;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

public class ReadoutStabilityTests
{
    private const double A0 = 1e5, Gbw = 1e7;

    /// <summary>A 4-row, 1-output tile whose column is a lumped G + sC: column wire segments of 1 µΩ carry Cw each
    /// (ωRC ≤ 2π·1e9·1e-6·1e-11 ≈ 6e-8 rad at the top of the sweep: no distributed effect), ideal row wires and drivers.</summary>
    private static CrossbarTileLayout LumpedTile(double wireFarads, out double conductance, out double capacitance)
    {
        var matrix = new CrossbarMatrix(4, 1, [0.9f, -0.4f, 0.7f, 0.1f], null);
        var options = new CrossbarOptions
        {
            OpAmp = new OpAmpParameters("XBAR_OPAMP", "test single pole", A0, Gbw).Validate(),
            NonIdealities = new CrossbarNonIdealities { ColumnWireOhms = 1e-6 },
        };
        var layout = new CrossbarGenerator(options).Generate(matrix, CrossbarContext.ForMatrix("lumped")).Tiles[0];
        var tia = layout.Tias[0];
        conductance = layout.Cells.Where(c => c.Output == tia.Output && c.IsPositive == tia.IsPositive)
            .Sum(c => 1 / layout.Device.Model.Resistance(c.State));
        capacitance = 4 * wireFarads;
        return layout;
    }

    /// <summary>
    /// Independent truth: T(jω) = A0/(1 + jω/ωp)·Gf/(Gf + G + jωC) evaluated directly, |T| = 1 found by bisection in
    /// log ω (not the quadratic of the library), phase margin = 180° + arg T there.
    /// </summary>
    private static (double Hz, double Pm) TwoPoleClosedForm(double g, double c, double rf, double cf = 0)
    {
        double wp = 2 * Math.PI * Gbw / A0, gf = 1 / rf;
        Complex T(double w) => A0 / new Complex(1, w / wp) * new Complex(gf, w * cf) / new Complex(gf + g, w * (c + cf));
        double lo = Math.Log(wp), hi = Math.Log(2 * Math.PI * Gbw * 10);
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (T(Math.Exp(mid)).Magnitude > 1) lo = mid; else hi = mid;
        }
        double wc = Math.Exp(0.5 * (lo + hi));
        // arg T in (−180°, 0°] here (two poles, one zero): no unwrapping needed for the truth.
        return (wc / (2 * Math.PI), 180 + T(wc).Phase * 180 / Math.PI);
    }

    [Theory]
    [InlineData(0)]          // C = 0: one pole, PM ≈ 90°
    [InlineData(1e-13)]      // 0.4 pF column: noise-gain zero far above the crossover
    [InlineData(2e-12)]      // 8 pF: zero near the crossover
    [InlineData(1e-11)]      // 40 pF: zero well below the crossover
    public void Engine_loop_gain_of_a_lumped_column_matches_the_two_pole_closed_form(double wireFarads)
    {
        var layout = LumpedTile(wireFarads, out var g, out var c);
        var options = new StabilityOptions();
        var result = ReadoutStability.Analyze("lumped", [("lumped/tile0", layout)], wireFarads, options);
        // Both columns carry the same C; the smaller ΣG has the lower crossover-to-zero ratio, hence the smaller margin.
        Assert.Equal(ReadoutStability.Screen("t", layout, wireFarads).Min(x => x.ConductanceSiemens), result.Worst.ConductanceSiemens);
        Assert.Equal(c, result.Worst.CapacitanceFarads, 1e-25);
        Assert.True(g > 0);
        var truth = TwoPoleClosedForm(result.Worst.ConductanceSiemens, result.Worst.CapacitanceFarads, layout.FeedbackOhms);
        var m = result.AsBuilt.Margin!.Value;
        // Tolerance 0.02°: linear interpolation over refined samples 1/80 decade apart (error ≈ h²/8·60°/dec² ≈ 1e-3°);
        // the 1 µΩ column segments shift the phase by < 1e-6°.
        Assert.True(Math.Abs(m.PhaseMarginDegrees - truth.Pm) < 0.02, $"C = {c:G3} F: engine PM {m.PhaseMarginDegrees:F4}°, closed form {truth.Pm:F4}°");
        // Crossover within 0.05 %: log-linear interpolation of |T| between samples 1/80 decade apart.
        Assert.True(Math.Abs(m.CrossoverHz / truth.Hz - 1) < 5e-4, $"crossover {m.CrossoverHz:G6} Hz vs {truth.Hz:G6} Hz");
        // The library's own quadratic closed form (the screen) agrees with the bisection truth to rounding.
        var lumped = LumpedTiaLoop.Solve(A0, Gbw, layout.FeedbackOhms, 0, result.Worst.ConductanceSiemens, result.Worst.CapacitanceFarads)!.Value;
        Assert.Equal(truth.Pm, lumped.PhaseMarginDegrees, 1e-6);
    }

    [Fact]
    public void Recommended_cf_reaches_the_target_margin_and_is_the_smallest_that_does()
    {
        var layout = LumpedTile(1e-11, out _, out _);
        var options = new StabilityOptions { TargetPhaseMarginDegrees = 60 };
        var result = ReadoutStability.Analyze("lumped", [("lumped/tile0", layout)], 1e-11, options);
        Assert.True(result.AsBuilt.Margin!.Value.PhaseMarginDegrees < 50, "the case must need a feedback capacitor");
        var cf = result.RecommendedFeedbackFarads!.Value;
        Assert.True(cf > 0);
        // Re-simulated with Cf in the circuit: at least the target (the recommendation is rounded up to 3 digits).
        Assert.True(result.WithFeedbackCapacitor!.Margin!.Value.PhaseMarginDegrees >= 60, $"PM with Cf {cf:G3} F: {result.WithFeedbackCapacitor.Margin}");
        // Independent truth with Cf (closed form): also ≥ 60° within the 0.02° of the engine test above.
        var truth = TwoPoleClosedForm(result.Worst.ConductanceSiemens, result.Worst.CapacitanceFarads, layout.FeedbackOhms, cf);
        Assert.True(truth.Pm >= 60 - 0.02, $"closed form with Cf {cf:G3} F: {truth.Pm:F3}°");
        // Smallest: 2 % less Cf misses the target (3-digit rounding moves Cf by at most 1 %).
        var circuit = new TiaLoopCircuit(layout, 1e-11);
        var less = ReadoutStability.Simulate(circuit, result.Worst.Tia, cf * 0.98, ReadoutStability.Sweep(result.Worst, options), options);
        Assert.True(less.Margin!.Value.PhaseMarginDegrees < 60, $"0.98·Cf already gives {less.Margin}");
        // Peaking: a 40° loop peaks (≈ 3 dB for a two-pole loop at 40°); at 60° about 0.3 dB or less.
        Assert.True(result.AsBuilt.PeakingDb > 1, $"peaking as built {result.AsBuilt.PeakingDb:F2} dB");
        Assert.True(result.WithFeedbackCapacitor.PeakingDb < 0.5, $"peaking with Cf {result.WithFeedbackCapacitor.PeakingDb:F2} dB");
    }

    [Fact]
    public void Closed_loop_engine_run_equals_the_transimpedance_formula_the_peaking_uses()
    {
        // Z = −Zf·T/(1 + T) holds exactly when the op-amp input draws no current; the closed-loop .ac with 1 A injected is
        // a separate circuit and solve. Tolerance 1e-7 relative: LU rounding of two complex solves whose matrices hold the
        // 1 µΩ column segments (1e6 S) beside 1e-4 S cells, a condition number near 1e10 (measured: 1.5e-9).
        var layout = LumpedTile(1e-11, out _, out _);
        var circuit = new TiaLoopCircuit(layout, 1e-11);
        var sweep = new AcSweep(AcSweepKind.Decade, 5, 1e3, 1e9);
        var tia = layout.Tias[0];
        var loop = circuit.LoopGain(tia, 1e-13, sweep);
        var closed = circuit.ClosedLoop(tia, 1e-13, sweep);
        for (int k = 0; k < loop.Hz.Length; k++)
        {
            var zf = 1 / new Complex(1 / layout.FeedbackOhms, 2 * Math.PI * loop.Hz[k] * 1e-13);
            var formula = -zf * loop.LoopGain[k] / (1 + loop.LoopGain[k]);
            Assert.True((closed[k] - formula).Magnitude <= 1e-7 * formula.Magnitude, $"{loop.Hz[k]:G3} Hz: {closed[k]} vs {formula}");
        }
    }

    [Fact]
    public void Worst_column_margins_match_ngspice_ac_on_the_same_tile_netlist()
    {
        var exe = Dependencies.RequireNgspice();
        var lib = Path.Combine(Dependencies.RepoRoot, "netlists", "lib", "devices.lib");
        // Real msccnn tiles (seeded weights, calibrated as cosim does) with 1 Ω wires and a wire capacitance large enough
        // to bring the margin below 90°: conv1 (10 rows x 64 columns) and a depthwise channel.
        const double cw = 3e-12;
        var settings = new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1, WireCapacitanceFarads = cw, OpAmpGain = A0, OpAmpGbwHz = Gbw, CalibrationImages = 10 };
        var backend = new CircuitDcBackend(settings);
        var controller = TestModels.Controller(settings, backend);
        var runner = new NgspiceRunner(exe, TimeSpan.FromSeconds(120));
        var options = new StabilityOptions { TargetPhaseMarginDegrees = 60 };
        foreach (var layer in new[] { "conv1", "dw1" })
        {
            var plan = controller.Plans.Single(p => p.Stage.Name == layer);
            var tiles = plan.Readers.SelectMany(r => r).Take(4).Select(r => (r.Tile.Id, backend.Layout(r.Tile))).ToList();
            var result = ReadoutStability.Analyze(layer, tiles, cw, options);
            var sweep = ReadoutStability.Sweep(result.Worst, options);
            foreach (var ours in new[] { result.AsBuilt, result.WithFeedbackCapacitor! })
            {
                // The same sweeps in ngspice: the coarse decade sweep and a linear one inside the step holding our crossover.
                var step = Array.FindIndex(ours.Sweep.Hz, f => f >= ours.Margin!.Value.CrossoverHz);
                var fine = new AcSweep(AcSweepKind.Linear, options.RefinePoints + 2, ours.Sweep.Hz[step - 1], ours.Sweep.Hz[step]);
                var deck = StabilityDeck.LoopGain(result.Worst.Layout, result.Worst.Tia, cw, ours.FeedbackFarads, lib, [sweep, fine]);
                var plots = runner.Run(deck).Plots.Where(p => p.IsAc).ToList();
                Assert.Equal(2, plots.Count);
                var node = $"v({result.Worst.Tia.InputNode.ToLowerInvariant()})";
                var samples = plots.SelectMany(p => p.Ac!.Frequencies.Select((f, k) => (f, t: -p.Ac[node][k]))).OrderBy(s => s.f)
                    .GroupBy(s => s.f).Select(g => g.First()).ToList();
                var spice = SampledLoop.Margin(samples.Select(s => s.f).ToList(), samples.Select(s => s.t).ToList())!.Value;
                var m = ours.Margin!.Value;
                // Same circuit, same frequencies, same interpolation: the engines differ by solver rounding and ngspice's
                // RC-pole macro model (exactly the native pole): 0.05° and 0.1 % leave room for the B-source linearization.
                Assert.True(Math.Abs(m.PhaseMarginDegrees - spice.PhaseMarginDegrees) < 0.05,
                    $"{layer} Cf {ours.FeedbackFarads:G3} F: PM ours {m.PhaseMarginDegrees:F4}°, ngspice {spice.PhaseMarginDegrees:F4}°");
                Assert.True(Math.Abs(m.CrossoverHz / spice.CrossoverHz - 1) < 1e-3,
                    $"{layer}: crossover ours {m.CrossoverHz:G6} Hz, ngspice {spice.CrossoverHz:G6} Hz");
            }
            Assert.True(result.WithFeedbackCapacitor!.Margin!.Value.PhaseMarginDegrees >= 60);
        }
    }

    [Fact]
    public void Cosim_warning_lists_exactly_the_layers_below_45_degrees()
    {
        // One-tile "layers": a 40 pF column (closed-form PM below 45°) warns, with its full-circuit margin; a 0.4 pF column
        // (closed form near 90°) does not.
        var weak = LumpedTile(1e-11, out _, out _);
        Assert.Empty(NetworkStability.BelowMargin([("fine", [("fine/tile0", LumpedTile(1e-13, out _, out _))])], 1e-13));
        var warned = Assert.Single(NetworkStability.BelowMargin([("weak", [("weak/tile0", weak)])], 1e-11));
        Assert.Equal("weak", warned.Layer);
        var truth = TwoPoleClosedForm(warned.Worst.ConductanceSiemens, warned.Worst.CapacitanceFarads, weak.FeedbackOhms);
        Assert.True(truth.Pm < 45 && Math.Abs(warned.Margin.PhaseMarginDegrees - truth.Pm) < 0.02, $"{warned.Margin} vs {truth.Pm:F3}°");
    }
}
