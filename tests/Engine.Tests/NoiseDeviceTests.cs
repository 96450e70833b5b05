using System.Globalization;
using MemristorSpice.Devices.Native;
using MemristorSpice.Devices.OpAmps;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// .noise of BJTs, level-1 MOSFETs and the op-amp macro model's input noise, against live ngspice 39 .noise on the
/// same circuits (spectra per frequency and totals, 1e-4 relative, see <see cref="NoiseAnalysisTests.Compare"/>), and
/// the TIA against its closed form.
/// </summary>
public sealed class NoiseDeviceTests
{
    private const double K = NoiseLoadContext.Boltzmann, T = 300.15;

    [Fact]
    public void Bjt_common_emitter_stage_shot_thermal_and_flicker_noise_match_ngspice()
    {
        var model = new BjtModel
        {
            Is = 1e-15, Bf = 150, Vaf = 80, Rb = 200, Rbm = 50, Re = 1, Rc = 10, Cje = 2e-12, Cjc = 1e-12, Tf = 0.3e-9,
            Kf = 1e-15, Af = 1.2,
        };
        var circuit = new Circuit().Add(
            new VoltageSource("VCC", "vcc", "0", 12.0),
            new VoltageSource("VIN", "in", "0", 0.0) { AcMagnitude = 1 },
            new Capacitor("CIN", "in", "b", 10e-6),
            new Resistor("RB1", "vcc", "b", 100e3), new Resistor("RB2", "b", "0", 22e3),
            new Resistor("RC", "vcc", "c", 4.7e3), new Resistor("RE", "e", "0", 1e3), new Capacitor("CE", "e", "0", 100e-6),
            new Bjt("Q1", "c", "b", "e", "0", model));
        // RELTOL 1e-6 in both: ngspice's .noise reads Ic and Ib stored by its last Newton load, one iterate before the
        // converged solution; at the default RELTOL 1e-3 that iterate's Ib is 7e-4 off (measured against reltol=1e-6).
        var options = new SimulationOptions { RelTol = 1e-6 };
        var result = new NoiseSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 5, 10, 1e8), "c", null, "vin", options).Run();
        // Base flicker dominates the collector shot noise at 10 Hz with KF = 1e-15 (a check that 1/f is in).
        Assert.True(result.Sources["q1 1overf"][0] > result.Sources["q1 ic"][0]);
        NoiseAnalysisTests.Compare(result, Deck("noise_bjt_ce.cir"));
    }

    [Fact]
    public void Mosfet_common_source_stage_channel_thermal_and_flicker_noise_match_ngspice()
    {
        var model = new MosfetModel
        {
            Vto = 0.7, Kp = 50e-6, Lambda = 0.02, Tox = 20e-9, Ld = 0.1e-6, Rd = 20, Rs = 10, Cgso = 1e-9, Cgdo = 1e-9, Cbd = 10e-15,
            Kf = 1e-30, Af = 1.1,
        };
        var circuit = new Circuit().Add(
            new VoltageSource("VDD", "dd", "0", 5.0),
            new VoltageSource("VG", "g", "0", 1.5) { AcMagnitude = 1 },
            new Resistor("RL", "dd", "d", 10e3), new Resistor("RSRC", "s", "0", 100),
            new Mosfet("M1", "d", "g", "s", "0", model, new MosfetGeometry { W = 10e-6, L = 2e-6 }));
        var result = new NoiseSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 5, 1, 1e8), "d", null, "vg").Run();
        // Above the 1/f corner the channel's 8kT·gm/3 dominates; at 1 Hz flicker does.
        Assert.True(result.Sources["m1 1overf"][0] > result.Sources["m1 id"][0], $"{result.Sources["m1 1overf"][0]} {result.Sources["m1 id"][0]}");
        Assert.True(result.Sources["m1 1overf"][^1] < result.Sources["m1 id"][^1], $"{result.Sources["m1 1overf"][^1]} {result.Sources["m1 id"][^1]}");
        NoiseAnalysisTests.Compare(result, Deck("noise_mos_cs.cir"));
    }

    /// <summary>
    /// A crossbar column of four cells into a TIA built from the op-amp macro model with en and in: the native
    /// model against ngspice running the subcircuit text <see cref="OpAmpSubcircuit.Write"/> makes (so both forms of
    /// the macro model carry the same noise), with the pole (TIA preset) and without it (finite gain only).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Crossbar_column_into_a_macro_model_tia_with_input_noise_matches_ngspice_and_the_closed_form(bool pole)
    {
        double rf = 10e3;
        double[] cells = [20e3, 50e3, 100e3, 200e3];
        var op = pole ? OpAmpPresets.Tia()
            : OpAmpPresets.FiniteGain(1e5) with { NoiseVoltage = OpAmpPresets.CmosNoiseVoltage, NoiseCurrent = 2e-12 };
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", 0.2) { AcMagnitude = 1 },
            new OpAmp("X1", "0", "inn", "out", op),
            new Resistor("RF", "inn", "out", rf));
        for (int i = 0; i < cells.Length; i++) circuit.Add(new Resistor($"RC{i}", "in", "inn", cells[i]));
        var result = new NoiseSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 4, 100, 1e8), "out", null, "v1").Run();

        // Closed form of an ideal TIA at low frequency: cell and Rf thermal noise through Rf, en through the noise gain
        // 1 + Rf/R‖, in at the inverting input through Rf (the one at the grounded input sees no impedance).
        // Finite A0 = 1e5 with noise gain 2 changes it by ~4e-5 (at 100 Hz the pole of the TIA preset, at 100 Hz, too):
        // 1e-3 relative.
        double noiseGain = 1 + cells.Sum(rc => rf / rc);
        double ideal = 4 * K * T * rf * noiseGain + Math.Pow(op.NoiseVoltage * noiseGain, 2) + Math.Pow(op.NoiseCurrent * rf, 2);
        Assert.Equal(1, result.OutputDensity[0] * result.OutputDensity[0] / ideal, 3);

        var deck = OpAmpSubcircuit.Write(op, "OPA") + "v1 in 0 dc 0.2 ac 1\nx1 0 inn out OPA\nrf inn out 10k\n" +
                   string.Concat(cells.Select((rc, i) => $"rc{i} in inn {rc.ToString(CultureInfo.InvariantCulture)}\n")) +
                   ".noise v(out) v1 dec 4 100 1e8";
        NoiseAnalysisTests.Compare(result, deck);
    }

    [Fact]
    public void Reference_deck_carries_the_subcircuit_text_the_writer_makes()
    {
        // netlists/reference/noise_crossbar_opamp.cir states that its subcircuit is OpAmpSubcircuit's OPAMP_TIA.
        var written = OpAmpSubcircuit.Write(OpAmpPresets.Tia()).Split('\n').Where(l => l.Length > 0 && !l.StartsWith('*'));
        var deck = File.ReadAllLines(Path.Combine(MemristorSpice.Tests.Shared.Dependencies.RepoRoot, "netlists", "reference", "noise_crossbar_opamp.cir"));
        foreach (var line in written) Assert.Contains(line, deck);
    }

    [Fact]
    public void Noiseless_op_amp_parameters_write_no_noise_elements()
    {
        // The defaults (en = in = 0) keep the subcircuit as before: no noise resistors, no en/inoise parameters.
        var text = OpAmpSubcircuit.Write(OpAmpPresets.FiniteGain());
        Assert.DoesNotContain("Rnv", text);
        Assert.DoesNotContain("inoise", text);
    }

    /// <summary>The body of a reference deck: without its title line and .end (Compare adds its own).</summary>
    private static string Deck(string name) => string.Join('\n',
        File.ReadAllLines(Path.Combine(MemristorSpice.Tests.Shared.Dependencies.RepoRoot, "netlists", "reference", name))
            .Skip(1).Where(l => !l.Trim().Equals(".end", StringComparison.OrdinalIgnoreCase)));
}
