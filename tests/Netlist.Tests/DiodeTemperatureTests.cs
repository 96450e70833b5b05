using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Netlist.Writing;
using MemristorSpice.Tests.Shared;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// Circuit temperature (.temp, .options temp, instance TEMP/DTEMP) and the diode's temperature model, against ngspice 39
/// and against closed forms. Engine-vs-ngspice tolerances are <see cref="ComparisonTolerance.Default"/>: DC points 1e-4
/// relative + 1 nA / 1 µV (the decks set reltol=1e-6 so that both Newton loops stop far inside it; the 1e-4 covers the
/// two simulators' different convergence tests), transients 1 % of each signal's peak-to-peak (both integrate with the
/// trapezoidal rule under their own step control; ours is interpolated at ngspice's time points).
/// </summary>
public class DiodeTemperatureTests
{
    /// <summary>A 6.2 V zener-like diode (1N4735-style numbers) with series resistance and breakdown.</summary>
    private const string Zener = ".model dz D(is=2.52n n=1.752 rs=0.568 bv=6.2 ibv=1m cjo=4p tt=20n)\n";

    private static string IvDeck(double celsius) =>
        $"Diode I-V at {celsius} C\nVD a 0 DC 0\nD1 a 0 dz\n" + Zener + $".options reltol=1e-6\n.temp {celsius}\n.dc VD -6.6 0.9 0.01\n";

    private static ComparisonReport Compare(SimulationResult ours, SimulationResult reference, ComparisonTolerance? tolerance = null) =>
        BackendComparison.Compare(ours, reference, tolerance);

    private static string Failures(ComparisonReport report) =>
        string.Join("; ", report.Problems.Concat(report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}")));

    [Theory]
    [InlineData(-40)]
    [InlineData(27)]
    [InlineData(85)]
    [InlineData(125)]
    public void Diode_iv_with_breakdown_matches_ngspice_at_temperature(double celsius)
    {
        Dependencies.RequireNgspice();
        var runner = new SimulationRunner();
        var circuit = Read(IvDeck(celsius), $"iv{celsius}.cir");
        var ours = runner.Run(circuit, Backend.Native);
        var reference = runner.Run(circuit, Backend.Ngspice);
        var report = Compare(ours, reference);
        Assert.True(report.Pass, Failures(report));
        // The reverse leakage (IS(T), 10 pA..µA, below the comparison's 1 nA floor at low temperature) on its own:
        // 1e-3 relative wherever it is above 1 fA.
        double[] v = reference.Analyses[0].Table["v(a)"], iRef = reference.Analyses[0].Table["i(vd)"], iOurs = ours.Analyses[0].Table["i(vd)"];
        int leakagePoints = 0;
        for (int k = 0; k < v.Length; k++)
        {
            if (v[k] > -0.5 || v[k] < -5 || Math.Abs(iRef[k]) < 1e-15) continue;
            Assert.True(Math.Abs(iOurs[k] - iRef[k]) <= 1e-3 * Math.Abs(iRef[k]), $"{v[k]} V: {iOurs[k]:G6} A vs ngspice {iRef[k]:G6} A");
            leakagePoints++;
        }
        Assert.True(leakagePoints > 100);
        if (celsius == 27) return;
        // The same diode simulated at 27 °C must fail against ngspice at this temperature: the test sees the scaling.
        var at27 = runner.Run(Read(IvDeck(27), "iv27.cir"), Backend.Native);
        Assert.False(Compare(at27, reference).Pass);
    }

    private const string Bridge =
        "Bridge rectifier at 85 C: four diodes with junction capacitance and transit time into an RC load\n" +
        "VIN ac1 ac2 SIN(0 10 1k)\nRG ac2 0 1meg\n" +
        "D1 ac1 pos dr\nD2 ac2 pos dr\nD3 neg ac1 dr\nD4 neg ac2 dr\nRN neg 0 1\n" +
        "RL pos neg 1k\nCL pos neg 2u\n" +
        ".model dr D(is=14n n=1.984 rs=33.9m cjo=50p m=0.33 vj=0.75 tt=5u bv=100 ibv=5u xti=3 eg=1.11)\n" +
        ".temp 85\n.tran 5u 3m\n";

    [Fact]
    public void Bridge_rectifier_at_85C_matches_ngspice()
    {
        Dependencies.RequireNgspice();
        var runner = new SimulationRunner();
        var reference = runner.Run(Read(Bridge, "bridge.cir"), Backend.Ngspice);
        var report = Compare(runner.Run(Read(Bridge, "bridge.cir"), Backend.Native), reference);
        // The node voltages carry the temperature scaling this test is about. The source current's reverse-recovery
        // spikes (tt = 5 us) depend on where each engine puts its steps at the diode turn-off: with the ngspice-style
        // step rules they differ by up to 1.8x compare's tolerance there (docs/engine.md, transient step control).
        Assert.True(report.Problems.Count == 0 && report.Signals.Where(s => s.Signal.StartsWith("v(", StringComparison.Ordinal)).All(s => s.Pass), Failures(report));
        Assert.Contains(report.Signals, s => s.Signal == "v(pos)");
        // At 27 °C the two forward drops are ~0.2 V higher: more than 1 % of the output's peak-to-peak, so it must fail.
        var at27 = runner.Run(Read(Bridge.Replace(".temp 85", ".temp 27"), "bridge27.cir"), Backend.Native);
        Assert.Contains(Compare(at27, reference).Signals, s => s.Signal == "v(pos)" && !s.Pass);
    }

    /// <summary>Decks that exercise the temperature parameters and the precedence rules; each line states what it checks.</summary>
    public static TheoryData<string, string> NgspiceDecks() => new()
    {
        {
            // ngspice 39: .temp wins over .options temp, whichever line comes first (run on the file as written).
            "temp_beats_options",
            "temp beats options\nI1 0 a 1m\nD1 a 0 d1\n.model d1 D(is=1e-14 rs=10)\n.temp 85\n.options reltol=1e-6 temp=125\n.op\n"
        },
        {
            "options_then_temp",
            "options then temp\nI1 0 a 1m\nD1 a 0 d1\n.model d1 D(is=1e-14 rs=10)\n.options reltol=1e-6 temp=125\n.temp -40\n.op\n"
        },
        {
            // .options temp alone; TNOM = 50 °C on one card, .options tnom = 0 °C the default TNOM of the other.
            "tnom_on_the_card_and_in_options",
            "TNOM 50 on the card and 0 from .options\nVD a 0 DC 0\nD1 a 0 dt\nD2 a 0 dn area=2\n" +
            ".model dt D(is=1e-12 n=1.2 rs=2 bv=20 tnom=50)\n.model dn D(is=1e-15 n=1.05 rs=5 bv=8 ibv=10u)\n" +
            ".options reltol=1e-6 temp=-20 tnom=0\n.dc VD -9 0.9 0.02\n"
        },
        {
            // TCV with TLEV 0 (volts per kelvin) and TLEV 1 (relative), TRS1/TRS2, XTI and EG of a Schottky, N ≠ 1 in breakdown.
            "breakdown_and_series_resistance_coefficients",
            "TCV TLEV TRS EG XTI\nVD a 0 DC 0\nD1 a 0 z0\nD2 a b z1\nRB b 0 10\n" +
            ".model z0 D(is=1n n=1.5 rs=3 trs1=4m trs2=20u bv=5.1 ibv=5m tcv=2m tlev=0)\n" +
            ".model z1 D(is=50n n=1.03 rs=1 trs=-1m bv=12 ibv=1m tcv=8e-4 tlev=1 eg=0.69 xti=2)\n" +
            ".options reltol=1e-6\n.temp 110\n.dc VD -13 0.8 0.02\n"
        },
        {
            // Instance TEMP (wins over DTEMP) and DTEMP on the D line.
            "instance_temp_and_dtemp",
            "instance temp and dtemp\nVD a 0 DC 0.5\nD1 a 0 d1 temp=100\nD2 a b d1 dtemp=40\nRB b 0 1\nD3 a c d1 temp=-10 dtemp=40\nRC c 0 1\n" +
            ".model d1 D(is=1e-14 rs=2)\n.options reltol=1e-6\n.temp 50\n.dc VD 0.3 0.9 0.01\n"
        },
        {
            // Capacitance and transit time at 125 °C: CJO(T), VJ(T), M(T) with TM1, TT(T) with TTT1, and TLEVC 1 (CTA, TPB).
            "capacitances_at_125C",
            "junction capacitance at 125 C\nVIN in 0 PULSE(-5 2 10n 1n 1n 200n 400n)\nR1 in a 1k\nD1 a 0 dc0\nR2 in b 1k\nD2 b 0 dc1\n" +
            ".model dc0 D(is=1e-14 cjo=20p vj=0.7 m=0.4 tm1=1m tt=10n ttt1=2m)\n" +
            ".model dc1 D(is=1e-14 cjo=20p vj=0.8 m=0.5 tt=10n tlevc=1 cta=1.5m tpb=1.6m)\n" +
            ".temp 125\n.tran 0.5n 800n\n"
        },
    };

    [Theory]
    [MemberData(nameof(NgspiceDecks))]
    public void Temperature_parameters_match_ngspice(string name, string deck)
    {
        Dependencies.RequireNgspice();
        var runner = new SimulationRunner();
        // ngspice reads the deck as written (precedence of .temp and .options is its own), not as our writer prints it.
        string path = Path.Combine(Path.GetTempPath(), $"memspice-dtemp-{name}-{Environment.ProcessId}.cir");
        File.WriteAllText(path, deck);
        try
        {
            var report = Compare(runner.RunFile(path, Backend.Native), runner.RunFile(path, Backend.Ngspice));
            Assert.True(report.Pass, name + ": " + Failures(report));
            Assert.NotEmpty(report.Signals);
        }
        finally { File.Delete(path); }
    }

    // ---- closed forms ----

    /// <summary>Boltzmann constant (J/K) and elementary charge (C) as ngspice 39's const.h (CODATA 2014).</summary>
    private const double K = 1.38064852e-23, Q = 1.6021766208e-19;

    /// <summary>IS(T) = IS·(T/TNOM)^(XTI/N)·exp((T/TNOM − 1)·EG/(N·kT/q)) (SPICE3 manual, diode temperature effects), written out here.</summary>
    private static double SaturationCurrent(double isat, double n, double eg, double xti, double tnomKelvin, double kelvin)
    {
        double vt = K * kelvin / Q;
        return isat * Math.Pow(kelvin / tnomKelvin, xti / n) * Math.Exp((kelvin / tnomKelvin - 1) * eg / (n * vt));
    }

    [Theory]
    [InlineData(-40.0, 27.0)]
    [InlineData(85.0, 27.0)]
    [InlineData(125.0, 27.0)]
    [InlineData(0.0, 60.0)]
    public void Saturation_current_follows_the_closed_form(double celsius, double tnomCelsius)
    {
        // With the diode voltage held by a source, the simulated current is IS(T)·(e^(v/(N·Vt)) − 1) + gmin·v exactly, so
        // IS(T) comes back from the OP. k and q are ngspice's (const.h, CODATA 2014: with CODATA 2018's k/q, 3.5e-7 higher,
        // IS(T) would move by ~5e-6 through the two exponents). Tolerance 1e-9 relative: rounding in exp() of arguments ≤ 20.
        const double v = 0.35, n = 1.3, isat = 3e-13, eg = 1.11, xti = 3;
        var deck = $"IS(T)\nV1 a 0 {v}\nD1 a 0 d1\n.model d1 D(is={isat} n={n} tnom={tnomCelsius})\n.temp {celsius}\n.op\n";
        var result = new SimulationRunner().Run(Read(deck), Backend.Native);
        double id = -result.Analyses[0].Table["i(v1)"][0];
        double kelvin = celsius + 273.15;
        double vt = K * kelvin / Q;
        double measured = (id - 1e-12 * v) / (Math.Exp(v / (n * vt)) - 1);
        double expected = SaturationCurrent(isat, n, eg, xti, tnomCelsius + 273.15, kelvin);
        Assert.True(Math.Abs(measured / expected - 1) < 1e-9, $"IS({celsius} °C) = {measured:G8} A, closed form {expected:G8} A");
        // And the model scaling itself (no circuit), against the same closed form.
        var model = new Engine.Components.DiodeModel { Is = isat, N = n, Tnom = tnomCelsius + 273.15 };
        Close(expected, Engine.Components.DiodeTemperature.Of(model, kelvin).Is, 1e-9);
    }

    [Fact]
    public void Forward_voltage_falls_about_2mV_per_kelvin_at_1mA()
    {
        // For N = 1 and no RS, V = Vt·ln(I/IS(T)) gives dV/dT = (V − XTI·Vt − EG)/T (differentiate ln IS(T) above).
        // Simulated as the central difference between 26 °C and 28 °C; tolerance 0.2 %: the difference quotient's error is
        // (h²/6)·V''' ≈ 1e-6 relative and the OP solves V to ~1e-12 V (vntol) out of a 3.6 mV difference.
        double At(double celsius)
        {
            var deck = $"Vf(T)\nI1 0 a 1m\nD1 a 0 d1\n.model d1 D(is=1e-14)\n.options reltol=1e-9 vntol=1e-12 abstol=1e-18\n.temp {celsius}\n.op\n";
            return new SimulationRunner().Run(Read(deck), Backend.Native).Analyses[0].Table["v(a)"][0];
        }
        double slope = (At(28) - At(26)) / 2;
        double t = 300.15, vt = Engine.Components.Junction.ThermalVoltage(t), vf = At(27);
        double expected = (vf - 3 * vt - 1.11) / t;
        Assert.InRange(slope, -2.2e-3, -1.5e-3);
        Assert.True(Math.Abs(slope / expected - 1) < 2e-3, $"dV/dT = {slope * 1e3:G5} mV/K, closed form {expected * 1e3:G5} mV/K");
    }

    [Fact]
    public void Breakdown_voltage_moves_by_tcv()
    {
        // A 5 V breakdown with TCV = 2 mV/K and a 1 mA reverse current source: at 1 mA the knee sits at BV(T) (IBV = 1 mA),
        // and ngspice's TLEV 0 BV(T) = BV − TCV·ΔT lowers it by 0.2 V from 27 °C to 127 °C. Tolerance 1 mV: the xbv iteration stops at
        // RELTOL·IBV (1e-9 here), and the 1 mA point lies within ~vte·(1e-3) of BV(T).
        double At(double celsius)
        {
            var deck = $"BV(T)\nI1 a 0 1m\nD1 a 0 dz\n.model dz D(is=1e-14 bv=5 ibv=1m tcv=2m)\n.options reltol=1e-6\n.temp {celsius}\n.op\n";
            return -new SimulationRunner().Run(Read(deck), Backend.Native).Analyses[0].Table["v(a)"][0];
        }
        Assert.InRange(At(27), 5 - 1e-3, 5 + 1e-3);
        Assert.InRange(At(127) - At(27), -0.2 - 1e-3, -0.2 + 1e-3);
    }

    // ---- reading and writing ----

    [Fact]
    public void Temp_directive_sets_the_circuit_temperature_and_wins_over_options()
    {
        var c = Read("t\nR1 a 0 1k\n.temp 85\n.options temp=125 tnom=20\n.op\n");
        Assert.Equal(85, c.Options.TempDirective);
        Assert.Equal(85, c.Options.TemperatureCelsius);
        Assert.Equal(125, c.Options.Numeric["temp"]);
        Assert.Equal(85 + 273.15, EngineMapping.Options(c.Options).Temperature);
        Assert.Equal(125, Read("t\nR1 a 0 1k\n.options temp=125\n.op\n").Options.TemperatureCelsius);
        Assert.Equal(27, Read("t\nR1 a 0 1k\n.op\n").Options.TemperatureCelsius);
        Assert.Equal(85, Read("t\n.param hot=85\nR1 a 0 1k\n.temp {hot}\n.op\n").Options.TemperatureCelsius);
        Assert.Equal(85, Read("t\nR1 a 0 1k\n.temp=85\n.op\n").Options.TemperatureCelsius);
    }

    [Fact]
    public void Several_temperatures_run_at_the_first_with_a_warning_naming_the_others()
    {
        var read = ReadWithWarnings("t\nR1 a 0 1k\n.temp 0 27 85\n.op\n", "multi.cir");
        Assert.Equal(0, read.Circuit.Options.TemperatureCelsius);
        var w = Assert.Single(read.Warnings);
        Assert.Contains("simulated at 0 °C only, not at 27, 85", w.Message);
        Assert.Equal("multi.cir", w.Location.File);
        Assert.Equal(3, w.Location.Line);
        // The ngspice backend gets the same single temperature (ngspice 39 would reject the list and run at 27 °C).
        var deck = NgspiceDeck.ForBatchRun(NetlistReader.ReadText("t\nR1 a 0 1k\n.temp 0 27 85\n.op\n"));
        Assert.Contains("\n.temp 0\n", deck);
        Assert.DoesNotContain("85", deck);
    }

    [Fact]
    public void A_second_temp_line_replaces_the_first_with_a_warning()
    {
        var read = ReadWithWarnings("t\nR1 a 0 1k\n.temp 85\n.temp 50\n.op\n");
        Assert.Equal(50, read.Circuit.Options.TemperatureCelsius);
        Assert.Contains("50 °C replaces 85 °C", Assert.Single(read.Warnings).Message);
    }

    [Theory]
    [InlineData(".temp", ".temp without a temperature")]
    [InlineData(".temp -300", "below absolute zero")]
    [InlineData(".temp hot", "temperature")]
    public void Bad_temp_lines_are_one_clear_error_at_the_line(string line, string message)
    {
        var ex = Fails("t\nR1 a 0 1k\n" + line + "\n.op\n", "bad.cir");
        Assert.Contains(message, ex.Message);
        Assert.Contains("bad.cir:3:", ex.Message);
    }

    [Fact]
    public void Temp_is_not_allowed_inside_a_subcircuit()
    {
        var ex = Fails("t\n.subckt s a\nR1 a 0 1\n.temp 85\n.ends\nX1 n s\n.op\n");
        Assert.Contains(".temp inside subcircuit", ex.Message);
    }

    [Fact]
    public void Writer_round_trips_temp_and_diode_instance_temperatures()
    {
        var c = Read("t\nV1 a 0 1\nD1 a 0 d1 2 temp=100\nD2 a 0 d1 dtemp=-5\n.model d1 D(is=1e-14 tnom=50 xti=2)\n.temp 85\n.options temp=60\n.op\n");
        var text = NetlistWriter.Write(c);
        Assert.Contains("\n.temp 85\n", text);
        Assert.Contains("d1 area=2 temp=100\n", text);
        Assert.Contains("d1 dtemp=-5\n", text);
        var back = NetlistReader.ReadText(text, "back.cir").Circuit;
        Assert.Empty(c.DifferencesFrom(back));
        Assert.Equal(85, back.Options.TemperatureCelsius);
        var d = Element<DiodeElement>(back, "d1");
        Assert.Equal((100.0, (double?)null), (d.Temp!.Value, d.Dtemp));
    }

    [Fact]
    public void Model_card_temperature_parameters_map_to_the_engine_model()
    {
        var c = Read("t\nV1 a 0 1\nD1 a 0 d1\n.model d1 D(is=1e-14 tref=50 eg=0.69 xti=2 trs=1m trs2=2u tcv=3m tlev=1 tlevc=1 ctc=4m tvj=5m ttt1=6m ttt2=7u tm1=8m tm2=9u pb=0.6 mj=0.3)\n" +
                     ".options tnom=10\n.op\n");
        var d = Assert.IsType<Engine.Components.Diode>(new Elaborator().Elaborate(c).Circuit.Entities.Single(e => e.Name == "d1"));
        var m = d.Model;
        Close(323.15, m.Tnom);
        Assert.Equal((0.69, 2.0, 1e-3, 2e-6, 3e-3, 1, 1), (m.Eg, m.Xti, m.Trs1, m.Trs2, m.Tcv, m.Tlev, m.Tlevc));
        Assert.Equal((4e-3, 5e-3, 6e-3, 7e-6, 8e-3, 9e-6, 0.6, 0.3), (m.Cta, m.Tpb, m.Ttt1, m.Ttt2, m.Tm1, m.Tm2, m.Vj, m.M));
        // Without TNOM on the card, .options tnom is the default (ngspice).
        var c2 = Read("t\nV1 a 0 1\nD1 a 0 d1\n.model d1 D(is=1e-14)\n.options tnom=10\n.op\n");
        Close(283.15, Assert.IsType<Engine.Components.Diode>(new Elaborator().Elaborate(c2).Circuit.Entities.Single(e => e.Name == "d1")).Model.Tnom);
    }

    [Fact]
    public void Pspice_tbv1_is_warned_as_ngspice_39_does()
    {
        // ngspice 39 answers "unrecognized parameter (tbv1) - ignored"; it has TCV instead.
        var c = Read("t\nV1 a 0 1\nD1 a 0 d1\n.model d1 D(is=1e-14 bv=5 tbv1=1m)\n.op\n");
        var built = new Elaborator().Elaborate(c);
        Assert.Contains(built.Warnings, w => w.Token == "tbv1" && w.Message.Contains("not used by our engine"));
    }

    [Fact]
    public void Grading_coefficient_above_0_9_is_limited_with_a_warning_as_ngspice_does()
    {
        var c = Read("t\nV1 a 0 1\nD1 a 0 d1\n.model d1 D(is=1e-14 cjo=1p m=0.95)\n.op\n");
        var built = new Elaborator().Elaborate(c);
        Assert.Contains(built.Warnings, w => w.Token == "m" && w.Message.Contains("limited"));
        var d = (Engine.Components.Diode)built.Circuit.Entities.Single(e => e.Name == "d1");
        Assert.Equal(0.9, Engine.Components.DiodeTemperature.Of(d.Model, 300.15).M);
    }
}
