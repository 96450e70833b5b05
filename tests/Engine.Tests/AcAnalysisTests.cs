using System.Numerics;
using MemristorSpice.Devices.Native;
using MemristorSpice.Devices.OpAmps;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// AC small-signal analysis against closed forms (no ngspice here; see Netlist.Tests for the ngspice runs).
/// Linear circuits are one exact complex solve per frequency, so the bar is rounding: 1e-9 relative on phasors.
/// </summary>
public sealed class AcAnalysisTests
{
    private static Complex Jw(double f) => new(0, 2 * Math.PI * f);

    [Fact]
    public void Rc_low_pass_is_minus_3_dB_and_minus_45_degrees_at_its_corner()
    {
        double r = 1e3, c = 1e-6, fc = 1 / (2 * Math.PI * r * c);
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", 0.7) { AcMagnitude = 1 },
            new Resistor("R1", "in", "out", r), new Capacitor("C1", "out", "0", c));
        var result = new AcSmallSignal(circuit, new AcSweep(AcSweepKind.Linear, 1, fc, fc)).Run();
        var v = result["v(out)"][0];
        // Exact: H = 1/(1 + j) at the corner: |H| = 1/√2 (−3.0103 dB), −45°.
        Assert.Equal(-10 * Math.Log10(2), AcColumns.ToDecibels(v), 9);
        Assert.Equal(-45, AcColumns.ToDegrees(v), 9);
        // The source current: −(1 − H)/R flows into the + pin (SPICE sign).
        var expected = -(1 - 1 / new Complex(1, 1)) / r;
        Assert.True((result["i(v1)"][0] - expected).Magnitude < 1e-9 * expected.Magnitude);
    }

    [Fact]
    public void Series_rlc_peaks_at_its_resonance_with_the_closed_form_response()
    {
        double r = 10, l = 1e-3, c = 1e-6;
        double f0 = 1 / (2 * Math.PI * Math.Sqrt(l * c)), q = Math.Sqrt(l / c) / r;
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", null) { AcMagnitude = 2, AcPhaseDegrees = 30 },
            new Inductor("L1", "in", "a", l), new Capacitor("C1", "a", "out", c), new Resistor("R1", "out", "0", r));
        var sweep = new AcSweep(AcSweepKind.Decade, 200, 100, 100e3);
        var result = new AcSmallSignal(circuit, sweep).Run();
        var vin = Complex.FromPolarCoordinates(2, Math.PI / 6);
        var f = result.Frequencies;
        for (int k = 0; k < f.Length; k++)
        {
            var s = Jw(f[k]);
            var expected = vin * r / (r + s * l + 1 / (s * c));
            Assert.True((result["v(out)"][k] - expected).Magnitude <= 1e-9 * expected.Magnitude, $"{f[k]} Hz");
        }
        // Peak at f0 (within one sweep step, 10^(1/200) = 1.2 %), unity gain there; Q = √(L/C)/R = 3.16.
        var gain = result["v(out)"].Select(v => v.Magnitude / 2).ToArray();
        int peak = Array.IndexOf(gain, gain.Max());
        Assert.InRange(f[peak], f0 / 1.012, f0 * 1.012);
        var exactAtF0 = new AcSmallSignal(circuit, new AcSweep(AcSweepKind.Linear, 1, f0, f0)).Run()["v(out)"][0];
        Assert.Equal(1.0, exactAtF0.Magnitude / 2, 9);
        Assert.Equal(30, AcColumns.ToDegrees(exactAtF0), 7);
        // −3 dB band edges f0·(√(1 + 1/(4Q²)) ± 1/(2Q)): bandwidth f0/Q.
        double lower = f0 * (Math.Sqrt(1 + 1 / (4 * q * q)) - 1 / (2 * q));
        var atEdge = new AcSmallSignal(circuit, new AcSweep(AcSweepKind.Linear, 1, lower, lower)).Run()["v(out)"][0];
        Assert.Equal(1 / Math.Sqrt(2), atEdge.Magnitude / 2, 9);
    }

    [Fact]
    public void Sweeps_follow_spice_spacing()
    {
        // Lists as ngspice 39 writes them (raw files of ".ac dec 5 10 100k", ".ac dec 7 3 2.9k", ".ac oct 3 10 1k").
        var dec = new AcSweep(AcSweepKind.Decade, 5, 10, 100e3).Frequencies();
        Assert.Equal(21, dec.Length);
        Assert.Equal(100e3, dec[^1], 6);
        // 2.985 decades · 7 = 20.9 → 20 equal ratios of (2900/3)^(1/20) = 1.41014, ending on 2.9 kHz.
        var uneven = new AcSweep(AcSweepKind.Decade, 7, 3, 2.9e3).Frequencies();
        Assert.Equal(21, uneven.Length);
        Assert.Equal(4.230435636186242, uneven[1], 12);
        Assert.Equal(2900, uneven[^1], 9);
        // oct 3 from 10 Hz: 10·2^(k/3) up to 806.35 Hz (k = 19); k = 20 would be 1016 Hz > 1 kHz.
        var oct = new AcSweep(AcSweepKind.Octave, 3, 10, 1e3).Frequencies();
        Assert.Equal(20, oct.Length);
        Assert.Equal(806.3494719327189, oct[^1], 9);
        Assert.Equal(new[] { 1.0, 2, 4, 8 }, new AcSweep(AcSweepKind.Octave, 1, 1, 8).Frequencies().Select(x => Math.Round(x, 9)));
        Assert.Equal(new[] { 1.0, 1.5, 2 }, new AcSweep(AcSweepKind.Linear, 3, 1, 2).Frequencies());
        Assert.Equal(new[] { 10.0, 175, 340, 505, 670, 835, 1000 }, new AcSweep(AcSweepKind.Linear, 7, 10, 1e3).Frequencies().Select(x => Math.Round(x, 9)));
        Assert.Throws<CircuitException>(() => new AcSweep(AcSweepKind.Decade, 10, 0, 1e3).Frequencies());
        // A stop frequency at double's limit ends like any other (closed form: floor(3·308) + 1 = 925 points, the last
        // one 1e308); the end test once overflowed to infinity and never stopped.
        var huge = new AcSweep(AcSweepKind.Decade, 3, 1, 1e308).Frequencies();
        Assert.Equal(925, huge.Length);
        Assert.Equal(1e308, huge[^1], 1e295);
        // lin 3 from 1 Hz to the next double above 1: the step (1.1e-16) does not move 1 Hz; it once looped forever.
        Assert.Contains("below the resolution", Assert.Throws<CircuitException>(() => new AcSweep(AcSweepKind.Linear, 3, 1, 1.0000000000000002).Frequencies()).Message);
        // .noise steps by 10^(1/3) from 1 Hz and need not end on fstop: 10^(k/3) <= 1e308·(1 + 10^(1/3)·1e-3), k = 0..924.
        Assert.Equal(925, NoiseSmallSignal.Frequencies(new AcSweep(AcSweepKind.Decade, 3, 1, 1e308)).Length);
    }

    [Fact]
    public void Forward_biased_diode_is_its_small_signal_resistance_n_vt_over_id_with_junction_capacitance()
    {
        // 5 V through 4.3 kΩ: about 1 mA in the diode. An AC current of 1 A (phasor) into the anode sees
        // R1 ∥ rd ∥ Cd, with gd = IS/(N·Vt)·e^(vd/(N·Vt)) + gmin at the OP (= Id/(N·Vt) to 1e-9) and, below
        // FC·VJ, Cd = CJO·(1 − vd/VJ)^(−M) (+ TT·gd, here 0).
        var model = new DiodeModel { Is = 1e-14, N = 1.5, Cjo = 2e-12, Vj = 1.2, M = 0.4, Fc = 0.95 };
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "supply", "0", 5),
            new Resistor("R1", "supply", "a", 4.3e3),
            new Diode("D1", "a", "0", model),
            new CurrentSource("I1", "0", "a", null) { AcMagnitude = 1 });
        var options = new SimulationOptions();
        var ac = new AcSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 1, 1e3, 1e9), options);
        var result = ac.Run();
        double vd = ac.OperatingPoint!.Voltage("a");
        double nvt = model.N * Junction.ThermalVoltage(options.Temperature);
        double id = model.Is * (Math.Exp(vd / nvt) - 1);
        double gd = model.Is / nvt * Math.Exp(vd / nvt) + options.Gmin;
        Assert.Equal(id / nvt, gd, 9); // rd = N·Vt/Id (the gmin term is 1e-12 S)
        // VJ 1.2 V is above 1/FC: ngspice's diotemp.c (and our diode) limit it to 1/FC = 1.0526 V.
        double vj = 1 / model.Fc;
        double cd = model.Cjo * Math.Pow(1 - vd / vj, -model.M);
        for (int k = 0; k < result.Frequencies.Length; k++)
        {
            var y = 1 / 4.3e3 + gd + Jw(result.Frequencies[k]) * cd;
            var expected = 1 / y;
            // Tolerance 1e-6 relative: the OP itself is Newton-converged to RELTOL 1e-3 on the iterate update,
            // but the closed form uses the same vd, so only the final update (quadratic convergence) differs.
            Assert.True((result["v(a)"][k] - expected).Magnitude <= 1e-6 * expected.Magnitude,
                $"{result.Frequencies[k]} Hz: {result["v(a)"][k]} vs {expected}");
        }
    }

    [Fact]
    public void Inverting_amplifier_with_a_single_pole_op_amp_has_bandwidth_gbw_times_beta()
    {
        double a0 = 1e5, gbw = 10e6, rin = 1e3, rf = 9e3;
        var opamp = new OpAmp("XU1", "0", "inn", "out", OpAmpPresets.SinglePole(a0, gbw));
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", 0.01) { AcMagnitude = 1 },
            new Resistor("R1", "in", "inn", rin), new Resistor("R2", "inn", "out", rf), opamp);
        var ac = new AcSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 20, 10, 100e6));
        var result = ac.Run();
        var f = result.Frequencies;
        // Closed form: H = −(Rf/Rin) / (1 + 1/(β·A(s))), A(s) = A0/(1 + s/ωp), ωp = 2π·GBW/A0, β = Rin/(Rin+Rf).
        double beta = rin / (rin + rf);
        for (int k = 0; k < f.Length; k++)
        {
            var a = a0 / (1 + Jw(f[k]) / (2 * Math.PI * gbw / a0));
            var expected = -(rf / rin) / (1 + 1 / (beta * a));
            Assert.True((result["v(out)"][k] - expected).Magnitude <= 1e-9 * expected.Magnitude, $"{f[k]} Hz");
        }
        // Closed-loop −3 dB frequency ≈ GBW·β = 1 MHz (exact: (1 + A0β)·fp = 1.00001 MHz).
        double corner = CornerHertz(f, result["v(out)"]);
        Assert.InRange(corner, 0.99e6, 1.01e6);
    }

    [Fact]
    public void Op_amp_pole_in_ac_matches_the_transient_sine_response_of_the_same_model()
    {
        // The native op-amp's pole is a state equation integrated in transient (τ·da/dt + a = A0·vd); AC adds jωτ
        // to the same row. Driving the inverting amplifier with a 1 mV sine at its closed-loop corner (1 MHz) must
        // give, once settled, the amplitude and phase AC predicts. Tolerance 0.5 % and 1°: trapezoidal steps of
        // 1/400 period (amplitude error ~(ωh)²/12 = 2e-5) and the sampled peak (1 − cos(π/400) = 3e-5), far inside.
        double a0 = 1e5, gbw = 10e6, f = 1e6;
        Circuit Build(Waveform? sine) => new Circuit().Add(
            new VoltageSource("V1", "in", "0", sine is null ? 0 : null, sine) { AcMagnitude = 1 },
            new Resistor("R1", "in", "inn", 1e3), new Resistor("R2", "inn", "out", 9e3),
            new OpAmp("XU1", "0", "inn", "out", OpAmpPresets.SinglePole(a0, gbw)));
        var h = new AcSmallSignal(Build(null), new AcSweep(AcSweepKind.Linear, 1, f, f)).Run()["v(out)"][0];
        double period = 1 / f, amplitude = 1e-3;
        var tran = new Transient(Build(new SineWaveform(0, amplitude, f)), period / 400, 12 * period,
            new SimulationOptions { MaxStep = period / 400 }).Run();
        var t = tran.Axis;
        var vout = tran["v(out)"];
        // Last two periods: the closed-loop time constant is 0.16 µs, so 10 µs is 60 time constants of settling.
        var window = Enumerable.Range(0, t.Length).Where(k => t[k] >= 10 * period).ToArray();
        double peak = window.Max(k => Math.Abs(vout[k]));
        Assert.Equal(h.Magnitude * amplitude, peak, h.Magnitude * amplitude * 5e-3);
        // Phase: the fundamental's Fourier coefficients over the two periods (rectangle rule on the uniform steps).
        double re = 0, im = 0;
        foreach (int k in window) { double w = 2 * Math.PI * f * t[k]; re += vout[k] * Math.Cos(w); im += vout[k] * Math.Sin(w); }
        // v = A·sin(ωt + φ) → Σ v·sin = A/2·cos φ·N, Σ v·cos = A/2·sin φ·N.
        double phase = Math.Atan2(re, im) * 180 / Math.PI;
        Assert.Equal(0, Math.IEEERemainder(phase - AcColumns.ToDegrees(h), 360), 1.0);
    }

    [Fact]
    public void Frozen_memristor_is_the_resistor_of_its_initial_state()
    {
        var model = new MemristorSpice.Devices.Memristors.LinearDriftModel(MemristorSpice.Devices.Memristors.MemristorPresets.Hp());
        var memristor = new Memristor("M1", "in", "out", model, initialState: 0.25);
        double rx = model.Resistance(0.25);
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", 0.1) { AcMagnitude = 1 }, memristor, new Resistor("R1", "out", "0", 5e3));
        var result = new AcSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 2, 1, 1e6)).Run();
        foreach (var v in result["v(out)"]) Assert.Equal(5e3 / (5e3 + rx), v.Real, 12);
        Assert.DoesNotContain(result.Names, n => n.StartsWith("x(", StringComparison.Ordinal));
    }

    [Fact]
    public void A_device_without_a_small_signal_model_is_named()
    {
        var circuit = new Circuit().Add(new VoltageSource("V1", "a", "0", 1) { AcMagnitude = 1 }, new Resistor("R1", "a", "0", 1),
            new NoAcDevice("Q7", "a"));
        var ex = Assert.Throws<CircuitException>(() => new AcSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 1, 1, 10)).Run());
        Assert.Contains("Q7", ex.Message);
        Assert.Contains("no small-signal model", ex.Message);
    }

    [Fact]
    public void A_sweep_without_any_ac_source_is_an_error()
    {
        var circuit = new Circuit().Add(new VoltageSource("V1", "a", "0", 1), new Resistor("R1", "a", "0", 1));
        var ex = Assert.Throws<CircuitException>(() => new AcSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 1, 1, 10)).Run());
        Assert.Contains("ac 1", ex.Message);
    }

    /// <summary>−3 dB point relative to the first frequency, interpolated in log f.</summary>
    internal static double CornerHertz(double[] f, Complex[] v)
    {
        double target = v[0].Magnitude / Math.Sqrt(2);
        for (int k = 1; k < f.Length; k++)
        {
            double m0 = v[k - 1].Magnitude, m1 = v[k].Magnitude;
            if (m0 >= target && m1 < target)
            {
                double t = (20 * Math.Log10(m0 / target)) / (20 * Math.Log10(m0 / m1));
                return Math.Pow(10, Math.Log10(f[k - 1]) + t * Math.Log10(f[k] / f[k - 1]));
            }
        }
        return double.NaN;
    }

    /// <summary>A resistor-like device that has no AC behavior, as a third-party device might be.</summary>
    private sealed class NoAcDevice(string name, string node) : Entity(name)
    {
        public override IReadOnlyList<string> Nodes => [node];
        public override Behavior CreateBehavior(SetupContext setup) => new B(Name, setup.Node(node));
        private sealed class B(string name, int n) : Behavior(name)
        {
            private MatrixElement _nn;
            public override void Bind(SetupContext setup) => _nn = setup.Element(n, n);
            public override void Load(LoadContext ctx) => ctx.Add(_nn, 1e-3);
        }
    }
}
