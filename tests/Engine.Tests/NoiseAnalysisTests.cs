using System.Diagnostics;
using System.Globalization;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// .noise against closed forms (kT/C, 4kT·R of a divider, a frozen memristor's 4kTG) and against live ngspice 39
/// .noise on the same circuits written as decks (spectra from wrdata of plot noise1, totals printed from noise2).
/// </summary>
public sealed class NoiseAnalysisTests
{
    private const double K = NoiseLoadContext.Boltzmann, T = 300.15;

    [Fact]
    public void Rc_low_pass_output_noise_is_kT_over_C_and_matches_ngspice()
    {
        double r = 1e3, c = 1e-9;
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", 0.0) { AcMagnitude = 1 },
            new Resistor("R1", "in", "out", r), new Capacitor("C1", "out", "0", c));
        var sweep = new AcSweep(AcSweepKind.Decade, 5, 1, 1e9);
        var result = new NoiseSmallSignal(circuit, sweep, "out", null, "v1").Run();
        // Closed form per frequency: S = 4kTR/(1 + (ωRC)²); one exact complex solve, so 1e-9 relative.
        for (int k = 0; k < result.Frequencies.Length; k++)
        {
            double w = 2 * Math.PI * result.Frequencies[k] * r * c;
            Assert.Equal(1, result.OutputDensity[k] * result.OutputDensity[k] / (4 * K * T * r / (1 + w * w)), 9);
        }
        // Integrated: kT/C over all frequencies; the sweep stops at 1 GHz (6300·fc, tail 1e-4) and the piecewise
        // power-law integration at 5 points per decade errs by about 0.5 %: 1 % on the rms value.
        Assert.Equal(1, result.OutputTotalRms / Math.Sqrt(K * T / c), 0.01);
        Compare(result, """
            v1 in 0 dc 0 ac 1
            r1 in out 1k
            c1 out 0 1n
            .noise v(out) v1 dec 5 1 1e9
            """);
    }

    [Fact]
    public void Resistive_divider_is_4kT_times_the_parallel_resistance_and_matches_ngspice()
    {
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", 1.0) { AcMagnitude = 1 },
            new Resistor("R1", "in", "out", 10e3), new Resistor("R2", "out", "0", 30e3));
        var result = new NoiseSmallSignal(circuit, new AcSweep(AcSweepKind.Octave, 2, 10, 1e4), "out", null, "v1").Run();
        double parallel = 10e3 * 30e3 / 40e3;
        // Flat 4kT·(R1‖R2); input-referred: divided by the gain 3/4. Exact solves: 1e-9.
        foreach (var d in result.OutputDensity) Assert.Equal(1, d * d / (4 * K * T * parallel), 9);
        foreach (var d in result.InputDensity) Assert.Equal(1, d * d * 0.75 * 0.75 / (4 * K * T * parallel), 9);
        Compare(result, """
            v1 in 0 dc 1 ac 1
            r1 in out 10k
            r2 out 0 30k
            .noise v(out) v1 oct 2 10 1e4
            """);
    }

    [Fact]
    public void Diode_shot_flicker_and_series_resistance_noise_match_ngspice()
    {
        var model = new DiodeModel { Is = 1e-14, Rs = 10, Kf = 1e-12, Af = 1.2, Cjo = 2e-12 };
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", 5.0) { AcMagnitude = 1 },
            new Resistor("R1", "in", "a", 10e3), new Diode("D1", "a", "0", model));
        var result = new NoiseSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 3, 1, 1e9), "a", null, "v1").Run();
        // Flicker dominates at 1 Hz, shot noise at high frequencies until CJO rolls it off.
        Assert.True(result.Sources["d1 flicker"][0] > result.Sources["d1 shot"][0]);
        Compare(result, """
            v1 in 0 dc 5 ac 1
            r1 in a 10k
            d1 a 0 dm
            .model dm d is=1e-14 rs=10 kf=1e-12 af=1.2 cjo=2p
            .noise v(a) v1 dec 3 1 1e9
            """);
    }

    [Fact]
    public void Crossbar_column_into_an_inverting_vcvs_tia_matches_ngspice_and_the_ideal_tia()
    {
        // Four column cells from one read line into the virtual ground of a TIA (VCVS gain 1e5, Rf = 10 kΩ).
        double rf = 10e3, a = 1e5;
        double[] cells = [20e3, 50e3, 100e3, 200e3];
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", 0.2) { AcMagnitude = 1 },
            new VoltageControlledVoltageSource("E1", "out", "0", "0", "inn", a),
            new Resistor("RF", "inn", "out", rf));
        for (int i = 0; i < cells.Length; i++) circuit.Add(new Resistor($"RC{i}", "in", "inn", cells[i]));
        var result = new NoiseSmallSignal(circuit, new AcSweep(AcSweepKind.Decade, 2, 100, 1e6), "out", null, "v1").Run();
        // Ideal TIA: each cell 4kT/Rc·Rf², Rf 4kT·Rf (its noise current also flows through Rf); finite gain
        // 1e5 changes it by ~(1 + Rf/R‖)/A ≈ 2e-5, so 1e-4 relative.
        double ideal = 4 * K * T * rf * (1 + cells.Sum(rc => rf / rc));
        foreach (var d in result.OutputDensity) Assert.Equal(1, d * d / ideal, 4);
        var deck = "v1 in 0 dc 0.2 ac 1\ne1 out 0 0 inn 1e5\nrf inn out 10k\n" +
                   string.Concat(cells.Select((rc, i) => $"rc{i} in inn {rc.ToString(CultureInfo.InvariantCulture)}\n")) +
                   ".noise v(out) v1 dec 2 100 1e6";
        Compare(result, deck);
    }

    [Fact]
    public void Frozen_memristor_adds_4kTG_at_its_operating_point_conductance()
    {
        var model = new LinearDriftModel(MemristorPresets.Hp());
        double rx = model.Resistance(0.25), r = 5e3;
        var circuit = new Circuit().Add(
            new VoltageSource("V1", "in", "0", 0.1) { AcMagnitude = 1 },
            new Memristor("M1", "in", "out", model, initialState: 0.25), new Resistor("R1", "out", "0", r));
        var result = new NoiseSmallSignal(circuit, new AcSweep(AcSweepKind.Linear, 3, 1e3, 1e5), "out", null, "v1").Run();
        // Closed form: a divider of R(x0) and R: 4kT·(R(x0)‖R); exact solves, 1e-9.
        foreach (var d in result.OutputDensity) Assert.Equal(1, d * d / (4 * K * T * rx * r / (rx + r)), 9);
        Assert.Equal(1, result.Sources["m1"][0] / (4 * K * T / rx * Math.Pow(r / (rx + r) * rx, 2)), 9);
    }

    [Fact]
    public void Noise_frequencies_step_by_ten_to_the_one_over_n_as_ngspice()
    {
        // ngspice 39 measured: dec 3 from 1 to 50 Hz gives 1, 2.154, 4.642, 10, 21.54, 46.42 (not ending on 50).
        var f = NoiseSmallSignal.Frequencies(new AcSweep(AcSweepKind.Decade, 3, 1, 50));
        Assert.Equal(6, f.Length);
        Assert.Equal(46.4158883, f[^1], 6);
    }

    /// <summary>
    /// Runs the deck's .noise in ngspice 39 and compares both spectra per frequency and both totals. Tolerance
    /// 1e-4 relative: wrdata writes 9 significant digits, totals are printed with 7, and the operating points of
    /// the two engines agree to their RELTOL-bounded Newton tolerance (the diode's shot and flicker noise follow
    /// its current), which for these decks stays below 1e-5.
    /// </summary>
    internal static void Compare(NoiseResult ours, string body)
    {
        var ngspice = Dependencies.RequireNgspice();
        var dir = Directory.CreateTempSubdirectory("memspice-noise-");
        try
        {
            var spec = Path.Combine(dir.FullName, "spec.txt");
            File.WriteAllText(Path.Combine(dir.FullName, "deck.cir"),
                $"noise reference\n{body}\n.control\nrun\nsetplot noise1\nwrdata {spec} onoise_spectrum inoise_spectrum\n" +
                "setplot noise2\nprint onoise_total inoise_total\n.endc\n.end\n");
            var start = new ProcessStartInfo(ngspice, ["-b", "deck.cir"])
            { WorkingDirectory = dir.FullName, RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(60_000), "ngspice did not finish in 60 s");
            var rows = File.ReadAllLines(spec).Where(l => l.Trim().Length > 0)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
                .ToArray();
            Assert.Equal(rows.Length, ours.Frequencies.Length);
            for (int k = 0; k < rows.Length; k++)
            {
                Assert.Equal(1, ours.Frequencies[k] / rows[k][0], 6);
                Assert.True(Math.Abs(ours.OutputDensity[k] / rows[k][1] - 1) < 5e-5, $"onoise at {rows[k][0]:G6} Hz: ours {ours.OutputDensity[k]:G9}, ngspice {rows[k][1]:G9}");
                Assert.True(Math.Abs(ours.InputDensity[k] / rows[k][3] - 1) < 5e-5, $"inoise at {rows[k][0]:G6} Hz: ours {ours.InputDensity[k]:G9}, ngspice {rows[k][3]:G9}");
            }
            var totals = stdout.Result.Split('\n').Select(l => l.Split('=')).Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim(), p => double.Parse(p[1].Trim(), CultureInfo.InvariantCulture));
            Assert.Equal(1, ours.OutputTotalRms / totals[NoiseResult.OutputTotal], 4);
            Assert.Equal(1, ours.InputTotalRms / totals[NoiseResult.InputTotal], 4);
        }
        finally { dir.Delete(true); }
    }
}
