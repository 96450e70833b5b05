using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Measurements;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;
using Xunit.Abstractions;

namespace MemristorSpice.Netlist.Tests.Measurements;

/// <summary>
/// .meas against two independent truths: ngspice 39 measuring the same deck (its printed "name = value" lines) and the
/// closed form of the circuit. Agreement with ngspice is judged by compare's measurement tolerance (documented on
/// BackendComparison: 1 % of the value for TRAN plus 1e-3 of the run for times or 1 % of the signal's peak-to-peak for
/// values; 1e-3 for DC; the 0.01 dB phasor tolerance for AC); each closed-form check states its own tolerance.
/// </summary>
public sealed class MeasurementTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("meas-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_dir.FullName, $"deck{_dir.GetFiles().Length}.cir");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs both backends, prints every measurement row and asserts that all agree; returns our values by name.</summary>
    private Dictionary<string, double> RunAndCompare(string text, int expectedRows)
    {
        string path = Write(text);
        var runner = new SimulationRunner { Ngspice = new NgspiceRunner(Dependencies.RequireNgspice(), TimeSpan.FromSeconds(60)) };
        var ours = runner.RunFile(path, Backend.Native);
        var reference = runner.RunFile(path, Backend.Ngspice);
        var report = BackendComparison.Compare(ours, reference);
        foreach (var m in report.Measurements)
            output.WriteLine($"{m.Analysis} {m.Name}: ours {m.Ours:G7}, ngspice {m.Reference:G7}, tolerance {m.Tolerance:G3} {(m.Pass ? "ok" : "OFF")} {m.Note}");
        Assert.Equal(expectedRows, report.Measurements.Count);
        Assert.All(report.Measurements, m => Assert.True(m.Pass, $"{m.Name}: ours {m.Ours}, ngspice {m.Reference}, tolerance {m.Tolerance}: {m.Note}"));
        Assert.Empty(report.Problems);
        return ours.Analyses.SelectMany(a => a.Measurements).Where(m => m.Value is not null).ToDictionary(m => m.Name, m => m.Value!.Value);
    }

    [Fact]
    public void Rc_rise_time_by_trig_targ_agrees_with_ngspice_and_with_tau_ln9()
    {
        // R = 1 kΩ, C = 1 nF: tau = 1 µs. 10 % to 90 % of a step takes tau·ln 9 = 2.1972 µs; the 50 % delay from the
        // input edge's middle is tau·ln 2 = 0.6931 µs (plus nothing: the 1 ns edge is 1e-3 of tau).
        var v = RunAndCompare("""
            rc step
            v1 in 0 pulse(0 1 1u 1n 1n 1m 2m)
            r1 in out 1k
            c1 out 0 1n
            .tran 10n 20u
            .meas tran trise TRIG v(out) VAL=0.1 RISE=1 TARG v(out) VAL=0.9 RISE=1
            .MEASURE TRAN tdelay trig v(in) val=0.5 rise=1 targ v(out) val=0.5 rise=1
            .meas tran tat trig at=1.0005u targ v(out) val=0.5 rise=1
            .end
            """, 3);
        // 0.2 %: the 10 ns print step bounds the interpolation error of a crossing to (h/tau)²/8 ~ 1e-5 relative; the
        // engine's own step choice (1 % LTE) dominates.
        Assert.Equal(1e-6 * Math.Log(9), v["trise"], 1e-6 * Math.Log(9) * 2e-3);
        Assert.Equal(1e-6 * Math.Log(2), v["tdelay"], 1e-6 * Math.Log(2) * 2e-3);
        Assert.Equal(1e-6 * Math.Log(2), v["tat"], 1e-6 * Math.Log(2) * 2e-3);
    }

    [Fact]
    public void Find_when_and_crossing_counts_agree_with_ngspice_on_a_sine()
    {
        // v(a) = sin(2π·1k·t): rises through 0.5 at t = (1/12 + k) ms, falls through it at (5/12 + k) ms.
        var v = RunAndCompare("""
            sine crossings
            v1 a 0 sin(0 1 1k)
            r1 a b 1k
            r2 b 0 1k
            .tran 1u 3m 0 1u
            .meas tran t1 when v(a)=0.5
            .meas tran t2 when v(a)=0.5 rise=2
            .meas tran t3 when v(a)=0.5 fall=2
            .meas tran t4 when v(a)=0.5 cross=3
            .meas tran tl when v(a)=0.5 rise=last
            .meas tran td1 when v(a)=0.5 td=1.2m
            .meas tran vb find v(b) when v(a)=0.5 fall=1
            .meas tran vbat find v(b) at=0.25m
            .meas tran never when v(a)=2
            .end
            """, 9);
        // 1e-5 ms: a 1 µs step interpolates a sine crossing to (2π·1k·1µs)²/8 ~ 5e-6 of the period.
        Assert.Equal(1.0 / 12 * 1e-3, v["t1"], 1e-8);
        Assert.Equal((1 + 1.0 / 12) * 1e-3, v["t2"], 1e-8);
        Assert.Equal((1 + 5.0 / 12) * 1e-3, v["t3"], 1e-8);
        Assert.Equal((1 + 1.0 / 12) * 1e-3, v["t4"], 1e-8);
        Assert.Equal((2 + 1.0 / 12) * 1e-3, v["tl"], 1e-8);
        Assert.Equal((1 + 5.0 / 12) * 1e-3, v["td1"], 1e-8); // the first crossing after TD, either way, is a fall
        Assert.Equal(0.25, v["vb"], 1e-4); // half of 0.5 V through the 1:1 divider
        Assert.Equal(0.5, v["vbat"], 1e-4); // the sine's peak at a quarter period, halved
        Assert.False(v.ContainsKey("never"));
    }

    [Fact]
    public void Avg_rms_min_max_pp_integ_of_a_sine_agree_with_ngspice_and_the_closed_form()
    {
        // 2 V amplitude, 0.5 V offset, 1 kHz, measured over whole periods 1..3 ms: average 0.5 V, RMS sqrt(0.5² + 2²/2),
        // max 2.5 V, min -1.5 V, p-p 4 V, integral 0.5 V · 2 ms.
        var v = RunAndCompare("""
            sine statistics
            v1 a 0 sin(0.5 2 1k)
            r1 a 0 1k
            .tran 1u 3m 0 1u
            .meas tran avga avg v(a) from=1m to=3m
            .meas tran rmsa rms v(a) from=1m to=3m
            .meas tran maxa max v(a) from=1m to=3m
            .meas tran mina min v(a) from=1m to=3m
            .meas tran ppa pp v(a) from=1m to=3m
            .meas tran inta integ v(a) from=1m to=3m
            .meas tran tmax max_at v(a) from=1m to=2m
            .meas tran ir avg i(v1) from=0.5m to=1.5m
            .end
            """, 8);
        // 1e-4 V: the trapezoid and Simpson sums of a sampled sine at 1000 samples per period are exact to (2π/1000)²/12 ~ 3e-6
        // of the amplitude; the peak of the samples lies within (2π·1k·1µs)²/2 = 2e-5 of the true peak.
        Assert.Equal(0.5, v["avga"], 1e-4);
        Assert.Equal(Math.Sqrt(0.25 + 2.0), v["rmsa"], 1e-4);
        Assert.Equal(2.5, v["maxa"], 1e-4);
        Assert.Equal(-1.5, v["mina"], 1e-4);
        Assert.Equal(4.0, v["ppa"], 2e-4);
        Assert.Equal(1e-3, v["inta"], 1e-7);
        Assert.Equal(1.25e-3, v["tmax"], 2e-6); // one 1 µs step
        // The source's current flows out of its + terminal through 1 kΩ: SPICE's i(v1) is -v/R, average -0.5 mA.
        Assert.Equal(-0.5e-3, v["ir"], 1e-7);
    }

    [Fact]
    public void Ac_bandwidth_by_when_vdb_agrees_with_ngspice_and_with_one_over_two_pi_rc()
    {
        // RC low pass, R = 1 kΩ, C = 159.155 pF: corner 1 MHz, where |H| = 1/√2 (-3.0103 dB) and the phase is -π/4.
        var v = RunAndCompare("""
            rc bandwidth
            v1 in 0 dc 0 ac 1
            r1 in out 1k
            c1 out 0 159.155p
            .ac dec 200 1k 100meg
            .meas ac bw when vdb(out)=-3.0103
            .meas ac ph find vp(out) at=1meg
            .meas ac mag find vm(out) at=1meg
            .meas ac re find vr(out) at=1meg
            .meas ac im find vi(out) at=1meg
            .meas ac g0 max vdb(out)
            .end
            """, 6);
        // 0.3 %: at 200 points per decade neighbours are 1.16 % apart and the crossing is interpolated linearly in
        // frequency between them on a curve of dB against f that bends by ~0.5 % of the interval.
        Assert.Equal(1e6, v["bw"], 1e6 * 3e-3);
        Assert.Equal(-Math.PI / 4, v["ph"], 5e-3); // radians, as ngspice 39's vp() in .meas; interpolation as above
        Assert.Equal(Math.Sqrt(0.5), v["mag"], 5e-3);
        Assert.Equal(0.5, v["re"], 5e-3);
        Assert.Equal(-0.5, v["im"], 5e-3);
        Assert.Equal(0, v["g0"], 1e-4); // flat at 1 kHz: -10·log10(1 + 1e-6) dB
    }

    [Fact]
    public void Dc_find_at_when_and_avg_agree_with_ngspice_and_the_divider_ratio()
    {
        // 1k/3k divider: v(out) = 0.75·v(in) exactly.
        var v = RunAndCompare("""
            dc divider
            v1 in 0 0
            r1 in out 1k
            r2 out 0 3k
            .dc v1 -2 2 0.25
            .meas dc vo find v(out) at=1.1
            .meas dc vin when v(out)=0.3
            .meas dc vmax max v(out)
            .meas dc integ1 integ v(out) from=0 to=2
            .end
            """, 4);
        // 1e-9: every quantity is linear in the sweep, so interpolation and Simpson's rule are exact up to rounding.
        Assert.Equal(0.825, v["vo"], 1e-9);
        Assert.Equal(0.4, v["vin"], 1e-9);
        Assert.Equal(1.5, v["vmax"], 1e-9);
        Assert.Equal(0.75 * 2 * 2 / 2, v["integ1"], 1e-9);
    }

    [Fact]
    public void Deriv_of_an_rc_charge_matches_the_closed_form_slope()
    {
        // ngspice 39 does not evaluate DERIV: truth is dv/dt = (1/tau)·exp(-(t - t0)/tau), tau = 1 µs, the step at
        // t0 = 1 µs + half of its 1 ns edge. At 2 µs: 1e6·e^-1 V/s; when v(out) = 0.5 V: 0.5e6 V/s.
        string path = Write("""
            rc slope
            v1 in 0 pulse(0 1 1u 1n 1n 1m 2m)
            r1 in out 1k
            c1 out 0 1n
            .tran 10n 5u 0 10n
            .meas tran slope deriv v(out) at=2u
            .meas tran slope50 deriv v(out) when v(out)=0.5
            .end
            """);
        var ours = new SimulationRunner().RunFile(path, Backend.Native);
        var m = ours.Analyses[0].Measurements.ToDictionary(r => r.Name, r => r.Value);
        // 0.5 %: the quadratic through samples 10 ns apart differentiates exp(-t/tau) to (h/tau)²/6 ~ 2e-5; the step's
        // own LTE (trapezoidal rule, 1e-3 relative) dominates.
        Assert.Equal(1e6 * Math.Exp(-(1 - 0.0005)), m["slope"]!.Value, 1e6 * Math.Exp(-1) * 5e-3);
        Assert.Equal(0.5e6, m["slope50"]!.Value, 0.5e6 * 5e-3);
    }

    [Theory]
    [InlineData(".meas tran x trig v(out) rise=1 targ v(out) val=0.9 rise=1", 3, 19, "need VAL")]
    [InlineData(".meas tran x trig v(out) val=0.1 targ v(out) val=0.9", 3, 19, "RISE=, FALL= or CROSS=")]
    [InlineData(".meas tran x find v(nowhere) at=1u", 3, 21, "node 'nowhere' is not in the circuit")]
    [InlineData(".meas tran x find vdb(out) at=1u", 3, 19, "AC vector")]
    [InlineData(".meas tran x max v(out) form=1u", 3, 25, "unknown .meas parameter 'form'")]
    [InlineData(".meas tran x when v(out)=0.5 rise=0", 3, 35, "whole number")]
    [InlineData(".meas tran x find v(out,in) at=1u", 3, 24, "between two nodes")]
    [InlineData(".meas tran x find v(out)", 3, 25, "AT=x or WHEN")]
    public void A_malformed_meas_line_is_a_located_error(string line, int expectedLine, int expectedColumn, string message)
    {
        string text = "meas errors\nv1 in 0 1\n" + line + "\nr1 in out 1k\nc1 out 0 1n\n.tran 1n 1u\n";
        var ex = Assert.Throws<NetlistException>(() => NetlistReader.ReadText(text, "m.cir"));
        output.WriteLine(ex.Message);
        Assert.Contains(message, ex.First.Message + ex.First.Hint);
        Assert.Equal(new SourceLocation("m.cir", expectedLine, expectedColumn), ex.First.Location);
    }

    [Fact]
    public void Param_par_and_op_measurements_are_skipped_with_a_located_warning_and_never_reach_ngspice()
    {
        var read = NetlistReader.ReadText("p\nv1 a 0 1\nr1 a 0 1k\n.tran 1n 10n\n.meas tran twice param='2*x'\n.meas tran vmax max v(a)\n" +
            ".meas op vop find v(a)\n.meas tran prod find par('v(a)*2') at=1n\n", "p.cir");
        Assert.Contains(read.Warnings, w => w.Message.Contains(".meas param is not supported") && w.Location.Line == 5);
        Assert.Contains(read.Warnings, w => w.Message.Contains(".meas op is not evaluated") && w.Location == new SourceLocation("p.cir", 7, 7));
        Assert.Contains(read.Warnings, w => w.Message.Contains("par() expressions") && w.Location == new SourceLocation("p.cir", 8, 22));
        Assert.Equal(["vmax"], read.Circuit.Measurements.Select(m => m.Name));
        // An unknown function word is a run-time failure in ngspice (the run goes on): a located warning here.
        var typo = NetlistReader.ReadText("t\nv1 a 0 1\nr1 a 0 1k\n.tran 1n 10n\n.meas tran x avgg v(a)\n", "t.cir");
        Assert.Contains(typo.Warnings, w => w.Message.Contains("'avgg' is not a measure function") && w.Location == new SourceLocation("t.cir", 5, 14));
        string deck = NgspiceDeck.ForMeasurements(read, read.Circuit.Analyses[0]);
        Assert.Contains(".meas tran vmax max v(a)", deck);
        Assert.DoesNotContain("param", deck);
    }

    [Fact]
    public void Ngspice_output_is_read_by_name_between_the_header_and_the_statistics()
    {
        // Shapes ngspice 39 prints (checked by hand against its batch output): TRIG/TARG with targ/trig, RMS with a
        // five-digit value and from/to, MIN_AT with "with=", a failure on standard error after the statistics, and
        // "Stack = 0 bytes." which must not be taken for a measurement named "stack".
        const string text = """
              Measurements for Transient Analysis

            trise               =  2.197201e-06 targ=  3.303064e-06 trig=  1.105863e-06
            rmsv                =   7.96241e-01 from=  1.00000e-06 to=  5.00000e-06
            maxat               =  2.000000e-05 with=  1.000000e+00
            Total analysis time (seconds) = 0.01
            Stack = 0 bytes.

            Error: measure  bad  when(WHEN) : out of interval
             .meas tran bad when v(out)=5 failed!
            """;
        var loc = SourceLocation.None;
        Measurement M(string name) => new(name, "tran", MeasureFunction.When, loc);
        var results = NgspiceMeasureOutput.Read(text, [M("trise"), M("rmsv"), M("maxat"), M("bad"), M("stack")]).ToDictionary(r => r.Name);
        Assert.Equal(2.197201e-06, results["trise"].Value);
        Assert.Equal(7.96241e-01, results["rmsv"].Value);
        Assert.Equal(2e-5, results["maxat"].Value);
        Assert.Null(results["bad"].Value);
        Assert.Contains("out of interval", results["bad"].Failure);
        Assert.Null(results["stack"].Value);
    }
}
