using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Netlist.Tests.Dialect;

/// <summary>
/// What decks written by others do in their .control blocks and element lines beyond the basics: complex vectors of
/// an ac plot (phase, cph, mag, db of a ratio), meas on a let vector and with a vector as its value, meas lines that
/// ngspice reports as failed (the script goes on), the W current-controlled switch with ON/OFF initial states, the
/// SINE spelling of SIN, a line starting with ')' (a comment for ngspice 39). Each is checked against a closed form or
/// against live ngspice 39 at compare's default tolerances (transients 1 % of each waveform's peak-to-peak).
/// </summary>
public sealed class NgspiceScriptGapTests() : NgspiceDeckFolder("script-gap-")
{
    private static void AssertAgrees(SimulationResult ours, SimulationResult reference)
    {
        var report = BackendComparison.Compare(ours, reference, ComparisonTolerance.ForDeck(ours.Options.RelTol));
        Assert.True(report.Pass, string.Join("\n", report.Problems.Concat(report.Signals.Where(s => !s.Pass).Select(s => s.ToString()))));
    }

    [Fact]
    public void Ac_vectors_are_complex_and_meas_reads_let_vectors_and_vector_values()
    {
        // RC low-pass, fc = 1/(2π·1k·1µ) = 159.15 Hz. Each control result is written into V2 and read back from an op,
        // so the test sees exactly the number the script computed.
        var deck = Write("complex.cir", """
            complex vectors
            V1 in 0 dc 0 ac 1
            R1 in out 1k
            C1 out 0 1u
            V2 probe 0 0
            R9 probe 0 1
            .control
            ac dec 50 10 100k
            let ph = phase(v(out))
            meas ac p1k find ph at=1k
            let gain = v(out) / v(in)
            meas ac gmax max vdb(out)
            let g3 = gmax - 10 * log10(2)
            meas ac f3 when vdb(out)=g3
            let unwrapped = cph(v(out) * v(out) * v(out))
            let last = unwrapped[length(unwrapped) - 1]
            let m1k = mag(gain[100])
            let d1k = db(gain[100])
            alter v2 = p1k
            op
            alter v2 = f3
            op
            alter v2 = last
            op
            alter v2 = m1k
            op
            alter v2 = d1k
            op
            meas ac broken when vdb(out)=gmax from=1 to=2
            .endc
            .end
            """);
        var ours = Runner().RunFile(deck, Backend.Native);
        double Probe(int k) => ours.Analyses[k].Table["v(probe)"][0];
        double fc = 1 / (2 * Math.PI * 1e3 * 1e-6);
        // 1 kHz is a point of the sweep (10·10^(100/50)): the phase is exact, -atan(f/fc).
        Assert.Equal(-Math.Atan(1e3 / fc), Probe(1), 9);
        // The -3.01 dB point relative to the 10 Hz gain: 10·log10(1 + (f/fc)²) = 10·log10(2) + 10·log10(1 + (10/fc)²).
        // Linear interpolation between points 1/50 decade apart: within 0.5 %.
        double f3 = fc * Math.Sqrt(2 * (1 + Math.Pow(10 / fc, 2)) - 1);
        Assert.Equal(f3, Probe(2), f3 * 5e-3);
        // cph of H³ unwraps past -π: at 100 kHz, 3·(-atan(100k/fc)) ≈ -4.71 rad (ph would wrap it to +1.57).
        Assert.Equal(-3 * Math.Atan(1e5 / fc), Probe(3), 6);
        Assert.Equal(1 / Math.Sqrt(1 + Math.Pow(1e3 / fc, 2)), Probe(4), 9);
        Assert.Equal(-10 * Math.Log10(1 + Math.Pow(1e3 / fc, 2)), Probe(5), 9);
        // A meas that ngspice reports as failed (FROM/TO on WHEN) defines nothing and the script goes on, with a warning.
        Assert.Contains(ours.Warnings, w => w.Message.Contains("meas failed", StringComparison.Ordinal));
    }

    [Fact]
    public void Current_controlled_switch_sine_and_a_leading_parenthesis_agree_with_ngspice()
    {
        // W with a CSW model (hysteresis 0.2 mA around 1 mA), S with ON starting inside its hysteresis band, a SINE
        // source, and a model card whose ')' stands alone on a line (ngspice 39 reads that line as a comment).
        var deck = Write("switches.cir", """
            switches
            i3 3 0 DC 0.0 PWL (0 0 2e-3 2m 4e-3 0)
            r3 3 33 10k
            vm3 0 33 dc 0
            v4 4 0 DC 2.0
            v2 2 0 DC 0.0 PWL (0 0.9 2e-3 2 4e-3 0.4)
            v5 5 0 sine(0 1 1k)
            r5 5 0 1k
            r30 4 30 10k
            r40 4 40 10k
            s3 30 0 2 0 switch1 ON
            .model switch1 sw(vt=1 vh=0.2 ron=1 roff=10k
            )
            w1 40 0 vm3 wswitch1 off
            .model wswitch1 csw it=1m ih=0.2m ron=1k roff=10k
            .tran 2us 5ms
            .end
            """);
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        Assert.Contains(ours.Warnings, w => w.Message.Contains("read as a comment", StringComparison.Ordinal));
        var tran = ours.Analyses[0].Table;
        // Closed forms at the plateaus: W on (1k against 10k from 2 V) near the peak of i(vm3) = 2 mA at 2 ms, off at 0.5 ms
        // (0.25 mA < 1.2 mA); S3 starts on (ON keyword, 0.9 V inside 0.8..1.2 V).
        Assert.Equal(2.0 * 1e3 / 11e3, tran.Interpolate("v(40)", 2e-3), 3);
        Assert.Equal(2.0 * 10e3 / 20e3, tran.Interpolate("v(40)", 0.5e-3), 3);
        Assert.Equal(2.0 * 1 / 10001, tran.Interpolate("v(30)", 1e-5), 4);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice));
    }

    [Fact]
    public void One_argument_max_in_a_param_and_a_meas_without_a_function_are_read_as_ngspice_reads_them()
    {
        // ngspice's own example measure/func_cap.sp: max(x) of one argument; and a .meas whose function word is an
        // expression (ngspice: "no such function", measurement failed, the run goes on).
        var deck = Write("funcs.cir", """
            one-argument max
            .func icap_calc(A,B,C,D) '2*A*sqrt(B*C*D)'
            .param cap_val = 'max(icap_calc(1,2,3,4))'
            V1 1 0 'cap_val'
            R1 1 0 1k
            .meas tran bad mag(v(1)) at=1n
            .meas tran good find v(1) at=1n
            .tran 1n 2n
            .end
            """);
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        // 2·1·sqrt(24) = 9.798 > 1, so max(x) = x.
        Assert.Equal(2 * Math.Sqrt(24), ours.Analyses[0].Table["v(1)"][0], 9);
        Assert.Contains(ours.Warnings, w => w.Message.Contains("not a measure function", StringComparison.Ordinal));
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice));
    }

    [Fact]
    public void A_source_straight_across_a_transformer_winding_starts_like_ngspices_transient_op()
    {
        // The winding's DC current is undetermined (a loop of V1 and L1); ngspice's DC iterations fail, its transient
        // op starts the winding at 0 A and the transient runs. Ours: a located warning and the same waveforms.
        var deck = Write("transformer.cir", """
            source across a winding
            Vin vin 0 SIN(0 10 60)
            L1 vin 0 1
            L2 vsec 0 10m
            K1 L1 L2 0.999
            Rsec vsec 0 100
            .tran 10u 50m
            .end
            """);
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        var warning = Assert.Single(ours.Warnings, w => w.Message.Contains("closes a loop of voltage sources and inductors", StringComparison.Ordinal));
        Assert.Equal(3, warning.Location.Line);
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice));
        // A .op of the same loop stays an error: there is no operating point to give.
        var op = Write("transformer-op.cir", "op of a loop\nVin vin 0 1\nL1 vin 0 1\n.op\n.end\n");
        var ex = Assert.Throws<SimulationException>(() => runner.RunFile(op, Backend.Native));
        Assert.Contains("Loop of voltage sources/inductors", ex.Message);
    }

    [Fact]
    public void Am_sources_follow_ngspice_39()
    {
        // ngspice 39's AM(va vo mf fc td phasec phases): va·(vo + sin(2π·mf·t' + phases))·sin(2π·fc·t' + phases), t' = t − td.
        // An eighth value (later ngspice versions' argument order) is ignored by ngspice 39: V4's td is 100 ks, so 0 V.
        var deck = Write("am.cir", """
            am sources
            V2 2 0 AM(1 0.5 100 1k 0.1m 0 30)
            R2 2 0 1k
            I3 0 3 AM(1m 2 200 2k)
            R3 3 0 1k
            V4 4 0 AM 0.5 2 1.8 1k 100k 1m 0 0
            R4 4 0 1
            .tran 5u 3m
            .end
            """);
        var runner = Runner();
        var ours = runner.RunFile(deck, Backend.Native);
        var tran = ours.Analyses[0].Table;
        double t = 1.9e-3, tt = t - 0.1e-3, ps = Math.PI / 6;
        // Closed form at a time step of the run (the source is evaluated exactly there).
        int k = Array.FindIndex(tran.Axis, x => x >= t);
        tt = tran.Axis[k] - 0.1e-3;
        Assert.Equal((0.5 + Math.Sin(2 * Math.PI * 100 * tt + ps)) * Math.Sin(2 * Math.PI * 1e3 * tt + ps), tran["v(2)"][k], 9);
        Assert.All(tran["v(4)"], v => Assert.Equal(0, v));
        AssertAgrees(ours, runner.RunFile(deck, Backend.Ngspice));
    }
}
