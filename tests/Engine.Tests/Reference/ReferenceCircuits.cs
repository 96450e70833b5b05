using MemristorSpice.Benchmarks.Circuits;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Engine.Tests.Reference;

/// <summary>C# builders of the decks in netlists/reference (same element values, same analysis).</summary>
public static class ReferenceCircuits
{
    private static readonly OpSpec Op = new();

    /// <summary>
    /// Nonlinear DC decks use .options reltol=1e-6: with the default 1e-3 Newton stops (in ngspice too) when the
    /// update is below 0.1 % of the value, which can leave ~1e-4 error, the size of the comparison tolerance.
    /// </summary>
    private static readonly SimulationOptions Tight = new() { RelTol = 1e-6 };

    public static readonly ReferenceCase[] All =
    [
        new("divider", Op, () => new Circuit().Add(
            new VoltageSource("V1", "in", "0", 10), new Resistor("R1", "in", "out", 1e3), new Resistor("R2", "out", "0", 2e3))),
        new("ladder1000", Op, Ladder),
        new("crossbar32", Op, () => Crossbar(32)),
        new("rc_step", new TranSpec(10e-6, 5e-3), () => new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0, 1e-6, 1e-6, 1, 2)),
            new Resistor("R1", "in", "out", 1e3), new Capacitor("C1", "out", "0", 1e-6))),
        new("rc_pulse", new TranSpec(5e-6, 3e-3), RcPulse),
        new("rc_pulse_gear", new TranSpec(5e-6, 3e-3, new SimulationOptions { Method = IntegrationMethod.Gear }), RcPulse),
        new("rlc_ringing", new TranSpec(2e-6, 2e-3), () => new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0, 1e-6, 1e-6, 1, 2)),
            new Resistor("R1", "in", "a", 10), new Inductor("L1", "a", "out", 1e-3), new Capacitor("C1", "out", "0", 1e-6))),
        new("rectifier", new TranSpec(10e-6, 5e-3, new SimulationOptions { MaxStep = 1e-6 }), Rectifier),
        new("rectifier_gear", new TranSpec(10e-6, 5e-3, new SimulationOptions { MaxStep = 1e-6, Method = IntegrationMethod.Gear }), Rectifier),
        new("rlc_ringing_gear", new TranSpec(2e-6, 2e-3, new SimulationOptions { Method = IntegrationMethod.Gear }), () => new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0, 1e-6, 1e-6, 1, 2)),
            new Resistor("R1", "in", "a", 10), new Inductor("L1", "a", "out", 1e-3), new Capacitor("C1", "out", "0", 1e-6))),
        new("diode_clamp", new TranSpec(10e-6, 2e-3), () => new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new SineWaveform(0, 5, 1e3)),
            new Resistor("R1", "in", "out", 1e3),
            new Diode("D1", "out", "ref", new DiodeModel { Is = 2.5e-9, N = 1.75, Rs = 0.1 }),
            new VoltageSource("V2", "ref", "0", 2), new Resistor("R2", "out", "0", 100e3))),
        new("inverting_amp", new TranSpec(10e-6, 2e-3), () => new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new SineWaveform(0, 0.1, 1e3)),
            new Resistor("R1", "in", "minus", 1e3), new Resistor("R2", "minus", "out", 10e3),
            new VoltageControlledVoltageSource("E1", "out", "0", "0", "minus", 1000), new Resistor("RL", "out", "0", 2e3))),
        new("vcvs", Op, () => new Circuit().Add(
            new VoltageSource("V1", "a", "0", 1.5), new Resistor("R1", "a", "b", 1e3), new Resistor("R2", "b", "0", 3e3),
            new VoltageControlledVoltageSource("E1", "c", "0", "b", "0", 2.5),
            new Resistor("R3", "c", "d", 500), new Resistor("R4", "d", "0", 1.5e3))),
        new("cccs", Op, () => new Circuit().Add(
            new VoltageSource("V1", "a", "0", 2), new Resistor("R1", "a", "b", 1e3), new VoltageSource("Vs", "b", "0", 0),
            new CurrentControlledCurrentSource("F1", "0", "c", "Vs", 3),
            new Resistor("R2", "c", "0", 2e3), new Resistor("R3", "c", "a", 5e3))),
        new("vccs", Op, () => new Circuit().Add(
            new VoltageSource("V1", "a", "0", 1), new Resistor("R1", "a", "b", 2e3), new Resistor("R2", "b", "0", 2e3),
            new VoltageControlledCurrentSource("G1", "0", "c", "b", "0", 2e-3),
            new Resistor("R3", "c", "0", 1e3), new Resistor("R4", "c", "b", 10e3))),
        new("ccvs", Op, () => new Circuit().Add(
            new VoltageSource("V1", "a", "0", 3), new Resistor("R1", "a", "b", 1e3), new VoltageSource("Vs", "b", "0", 0),
            new CurrentControlledVoltageSource("H1", "c", "0", "Vs", 500),
            new Resistor("R2", "c", "d", 1e3), new Resistor("R3", "d", "0", 1e3))),
        new("pwl_corners", new TranSpec(5e-6, 4e-3), () => new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new PwlWaveform(0, 0, 1e-3, 1, 1.5e-3, 1, 1.6e-3, -1, 3e-3, 0, 3.01e-3, 0.5)),
            new Resistor("R1", "in", "out", 1e3), new Capacitor("C1", "out", "0", 50e-9))),
        new("sin_source", new TranSpec(5e-6, 3e-3, new SimulationOptions { MaxStep = 1e-6 }), () => new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new SineWaveform(0.5, 1, 2e3, 0.2e-3, 500)),
            new Resistor("R1", "in", "out", 1e3), new Capacitor("C1", "out", "0", 20e-9), new Resistor("R2", "out", "0", 10e3))),
        new("exp_source", new TranSpec(5e-6, 2e-3), () => new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new ExponentialWaveform(0, 1, 0.2e-3, 0.1e-3, 1e-3, 0.2e-3)),
            new Resistor("R1", "in", "out", 1e3), new Capacitor("C1", "out", "0", 20e-9))),
        new("switch_rc", new TranSpec(5e-6, 4e-3), () => new Circuit().Add(
            new VoltageSource("V1", "ctl", "0", null, new PwlWaveform(0, 0, 0.5e-3, 0, 0.51e-3, 1.2, 0.52e-3, 2, 1.5e-3, 2, 1.51e-3, 0.8, 1.52e-3, 0, 2.5e-3, 0, 2.51e-3, 1.2, 2.52e-3, 2)),
            new Resistor("Rc", "ctl", "0", 1e3), new VoltageSource("V2", "vdd", "0", 5),
            new VoltageSwitch("S1", "vdd", "out", "ctl", "0", new SwitchModel { Vt = 1, Vh = 0.2, Ron = 1e3, Roff = 1e8 }),
            new Capacitor("C1", "out", "0", 1e-6), new Resistor("R1", "out", "0", 5e3)), ["i(v2)"]),
        new("diode_iv", new DcSpec(new SweepSpec("V1", -1, 2, 0.05), null, Tight), () => new Circuit().Add(
            new VoltageSource("V1", "a", "0", 0), new Resistor("R1", "a", "d", 100),
            new Diode("D1", "d", "0", new DiodeModel { Is = 1e-14, N = 1, Rs = 1 }))),
        new("dc_sweep2", new DcSpec(new SweepSpec("V1", 0, 2, 0.1), new SweepSpec("V2", 0, 1, 0.5), Tight), () => new Circuit().Add(
            new VoltageSource("V1", "a", "0", 0), new VoltageSource("V2", "b", "0", 0),
            new Resistor("R1", "a", "m", 1e3), new Resistor("R2", "b", "m", 2e3),
            new Diode("D1", "m", "0", new DiodeModel { Is = 1e-12, N = 1.5 }), new Resistor("R3", "m", "0", 10e3))),
        new("zener_sweep", new DcSpec(new SweepSpec("V1", -2, 10, 0.1), null, Tight), () => new Circuit().Add(
            new VoltageSource("V1", "a", "0", 0), new Resistor("R1", "a", "k", 100),
            new Diode("D1", "0", "k", new DiodeModel { Is = 1e-14, N = 1, Bv = 5.1, Ibv = 1e-3, Rs = 2 }))),
        new("diode_recovery", new TranSpec(2e-9, 4e-6), () => new Circuit().Add(
            new VoltageSource("V1", "in", "0", null, new PulseWaveform(-2, 2, 0.1e-6, 10e-9, 10e-9, 1e-6, 2e-6)),
            new Resistor("R1", "in", "a", 10e3),
            new Diode("D1", "a", "0", new DiodeModel { Is = 1e-14, Cjo = 5e-12, Vj = 0.7, M = 0.4, Tt = 50e-9 }))),
        new("rl_current_source", new TranSpec(5e-6, 2e-3), () => new Circuit().Add(
            new CurrentSource("I1", "0", "a", null, new PulseWaveform(0, 1e-3, 0.1e-3, 1e-6, 1e-6, 0.5e-3, 2e-3)),
            new Resistor("R1", "a", "0", 1e3), new Inductor("L1", "a", "b", 100e-3), new Resistor("R2", "b", "0", 100))),
        new("inductor_dc", Op, () => new Circuit().Add(
            new VoltageSource("V1", "a", "0", 5), new Resistor("R1", "a", "b", 100), new Inductor("L1", "b", "c", 10e-3),
            new Resistor("R2", "c", "0", 400), new CurrentSource("I1", "0", "c", 2e-3))),
        new("nmos_output", new DcSpec(new SweepSpec("VD", -0.5, 3, 0.1), new SweepSpec("VG", 0, 3, 0.5), Tight), () => new Circuit().Add(
            new VoltageSource("VD", "d", "0", 0), new VoltageSource("VG", "g", "0", 0), new VoltageSource("VB", "b", "0", -1),
            new Mosfet("M1", "d", "g", "0", "b",
                new MosfetModel { Name = "nch", Vto = 0.7, Kp = 110e-6, Gamma = 0.4, Phi = 0.65, Lambda = 0.04, Rd = 50, Rs = 50 },
                new MosfetGeometry { L = 2e-6, W = 10e-6 }))),
        new("cmos_inverter", new TranSpec(0.02e-9, 20e-9), CmosInverter),
    ];

    private static Circuit CmosInverter()
    {
        var nch = new MosfetModel { Name = "nch", Vto = 0.7, Kp = 110e-6, Gamma = 0.4, Phi = 0.65, Lambda = 0.04, Tox = 20e-9, Cgso = 0.3e-9, Cgdo = 0.3e-9, Cgbo = 0.2e-9 };
        var pch = new MosfetModel
        {
            Name = "pch", Polarity = MosfetPolarity.Pmos, Vto = -0.8, Gamma = 0.5, Phi = 0.65, Lambda = 0.05, Tox = 20e-9, U0 = 250,
            Cgso = 0.3e-9, Cgdo = 0.3e-9, Cgbo = 0.2e-9,
        };
        return new Circuit().Add(
            new VoltageSource("VDD", "vdd", "0", 3.3), new VoltageSource("VIN", "in", "0", null, new PulseWaveform(0, 3.3, 1e-9, 0.2e-9, 0.2e-9, 4e-9, 10e-9)),
            new Resistor("RIN", "in", "g", 2e3),
            new Mosfet("M1", "out", "g", "0", "0", nch, new MosfetGeometry { L = 1e-6, W = 2e-6 }),
            new Mosfet("M2", "out", "g", "vdd", "vdd", pch, new MosfetGeometry { L = 1e-6, W = 4e-6 }),
            new Capacitor("CL", "out", "0", 20e-15));
    }

    private static Circuit Rectifier() => new Circuit().Add(
        new VoltageSource("V1", "in", "0", null, new SineWaveform(0, 5, 1e3)),
        new Diode("D1", "in", "out", new DiodeModel { Is = 1e-14, N = 1.05, Rs = 0.5, Cjo = 5e-12, Tt = 5e-9 }),
        new Capacitor("C1", "out", "0", 10e-6), new Resistor("R1", "out", "0", 1e3));

    private static Circuit RcPulse() => new Circuit().Add(
        new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0.1e-3, 10e-6, 10e-6, 0.4e-3, 1e-3)),
        new Resistor("R1", "in", "out", 1e3), new Capacitor("C1", "out", "0", 100e-9));

    /// <summary>1000 series 1 kΩ resistors with 100 kΩ to ground at every node.</summary>
    public static Circuit Ladder()
    {
        var c = new Circuit();
        c.Add(new VoltageSource("V1", "n0", "0", 1));
        for (int k = 1; k <= 1000; k++)
            c.Add(new Resistor($"R{k}", $"n{k - 1}", $"n{k}", 1e3), new Resistor($"RG{k}", $"n{k}", "0", 100e3));
        return c;
    }

    /// <summary>The wired n×n crossbar of the benchmarks (<see cref="CrossbarCase"/>); crossbar32.cir is its 32×32 deck.</summary>
    public static Circuit Crossbar(int n) => new CrossbarCase(n, false).Circuit();
}
