using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// MOSFET levels 2 (Grove-Frohman), 3 (semi-empirical) and 6 (n-th power law, DC families) of our engine against live
/// ngspice 39 (its MOS2, MOS3 and MOS6),
/// NMOS and PMOS, on Id-Vds and Id-Vgs families (including vds &lt; 0, reverse mode, and forward-biased body diodes)
/// with parameter sets for short channel (XJ, LD, DELTA, ETA), velocity saturation (VMAX, NEFF), mobility degradation
/// (UCRIT/UEXP, THETA), subthreshold (NFS) and body effect (NSUB, bulk bias), a CMOS inverter transient and the AC gain
/// of a common-source stage, and its output noise.
/// Tolerances: DC points 1e-4 relative + 1 nA / 1 µV (<see cref="ComparisonTolerance.Default"/>) with .options
/// reltol=1e-6, so that both Newton loops stop well inside it: the equations are the same, only rounding and the
/// iteration's stopping point differ. Transient 1 % of each waveform's peak-to-peak (both integrate the same Meyer
/// charges with their own step control; ours interpolated at ngspice's points). AC 0.01 dB and 0.1° (the same
/// linearization at operating points that agree to 1e-4). Noise spectra 1e-4 relative at each frequency (the same
/// sources evaluated at the same gm and Id).
/// </summary>
public class MosfetLevel23Tests
{
    // Level 3: short channel (XJ, LD, DELTA, ETA, THETA) with NSUB-derived GAMMA and PHI and computed channel shortening.
    private const string Level3Short =
        ".model n3 nmos (level=3 vto=0.7 tox=20n nsub=1e16 u0=500 theta=0.08 eta=0.05 kappa=0.5 xj=0.2u ld=0.05u delta=0.5)\n";
    // Level 3: velocity saturation and subthreshold slope.
    private const string Level3VmaxNfs =
        ".model n3v nmos (level=3 vto=0.6 tox=15n nsub=3e16 u0=450 theta=0.05 eta=0.1 kappa=1 vmax=1.2e5 nfs=8e11 xj=0.15u ld=0.03u)\n";
    private const string Level3Pmos =
        ".model p3 pmos (level=3 vto=-0.8 tox=20n nsub=2e16 u0=200 theta=0.1 eta=0.02 vmax=1.5e5 nfs=5e11 xj=0.25u kappa=0.8 ld=0.05u)\n";
    // Level 2: Grove-Frohman with UCRIT/UEXP mobility, short and narrow channel, computed length modulation.
    private const string Level2Short =
        ".model n2 nmos (level=2 vto=0.8 tox=25n nsub=1e16 u0=600 ucrit=1e4 uexp=0.15 xj=0.3u ld=0.1u delta=1)\n";
    // Level 2: velocity saturation (Baum's quartic), NEFF and subthreshold.
    private const string Level2VmaxNfs =
        ".model n2v nmos (level=2 vto=0.7 tox=20n nsub=2e16 u0=550 ucrit=2e4 uexp=0.2 vmax=6e4 neff=2 nfs=1e11 xj=0.25u ld=0.08u)\n";
    private const string Level2Pmos =
        ".model p2 pmos (level=2 vto=-0.9 tox=25n nsub=2e16 u0=250 ucrit=2e4 uexp=0.2 vmax=8e4 nfs=2e11 xj=0.3u lambda=0.02 gamma=0.6)\n";

    // Level 6 (n-th power law): the ngspice mos6 test models with static feedback and a linear body term added.
    private const string Level6Models =
        ".model n6 nmos (level=6 tpg=1 kc=3.8921e-05 nc=1.1739 kv=0.91602 nv=0.87225 lambda0=0.013333 lambda1=0.0046901 " +
        "vt0=0.69486 gamma=0.60309 gamma1=0.02 sigma=0.01 phi=1 tox=1.98e-08 ld=0.1u nsub=5e16)\n" +
        ".model p6 pmos (level=6 tpg=-1 kc=6.42696e-06 nc=1.6536 kv=0.92145 nv=0.88345 lambda0=0.018966 lambda1=0.0084012 " +
        "vt0=-0.60865 gamma=0.89213 phi=1 tox=1.98e-08 ld=0.28u nsub=5e17)\n";

    public static TheoryData<string, string> DcDecks() => new()
    {
        {
            "l6_nmos_output_body",
            "L6 NMOS Id-Vds, reverse mode below 0 V, Vsb = 1 V\nVD d 0 DC 0\nVG g 0 DC 0\nVB b 0 DC -1\nM1 d g 0 b n6 L=1u W=5u\n" + Level6Models +
            ".options reltol=1e-6\n.dc VD -1 5 0.05 VG 0 5 1\n"
        },
        {
            "l6_pmos_transfer_body",
            "L6 PMOS Id-Vgs at |Vds| = 2 V, |Vbs| = 0 and 1 V\nVS s 0 DC 5\nVD d 0 DC 3\nVG g 0 DC 0\nVB b 0 DC 5\nM1 d g s b p6 L=1u W=5u\n" + Level6Models +
            ".options reltol=1e-6\n.dc VG 5 0 -0.05 VB 5 6 1\n"
        },
        {
            "l3_nmos_output_short_channel",
            "L3 NMOS Id-Vds, reverse mode below 0 V\nVD d 0 DC 0\nVG g 0 DC 0\nVB b 0 DC -1\nM1 d g 0 b n3 L=1u W=10u\n" + Level3Short +
            ".options reltol=1e-6\n.dc VD -1 3.3 0.05 VG 0 3.3 0.5\n"
        },
        {
            "l3_nmos_transfer_body_subthreshold",
            "L3 NMOS Id-Vgs at Vds = 0.1 V for Vsb = 0, 1, 2 V\nVD d 0 DC 0.1\nVG g 0 DC 0\nVB b 0 DC 0\nM1 d g 0 b n3v L=0.8u W=8u\n" + Level3VmaxNfs +
            ".options reltol=1e-6\n.dc VG 0 3.3 0.05 VB 0 -2 -1\n"
        },
        {
            "l3_nmos_output_vmax_body_diode",
            "L3 NMOS Id-Vds with velocity saturation, bulk forward biased by 0.3 V\nVD d 0 DC 0\nVG g 0 DC 0\nVB b 0 DC 0.3\nM1 d g 0 b n3v L=0.8u W=8u\n" + Level3VmaxNfs +
            ".options reltol=1e-6\n.dc VD -0.8 3.3 0.05 VG 0.4 3.3 0.7\n"
        },
        {
            "l3_pmos_output",
            "L3 PMOS Id-Vds, source and bulk at 3.3 V\nVS s 0 DC 3.3\nVD d 0 DC 0\nVG g 0 DC 0\nM1 d g s s p3 L=1u W=20u\n" + Level3Pmos +
            ".options reltol=1e-6\n.dc VD 3.8 0 -0.05 VG 2.5 0 -0.5\n"
        },
        {
            "l3_pmos_transfer",
            "L3 PMOS Id-Vgs at |Vds| = 2 V\nVS s 0 DC 3.3\nVD d 0 DC 1.3\nVG g 0 DC 0\nVB b 0 DC 3.3\nM1 d g s b p3 L=1u W=20u\n" + Level3Pmos +
            ".options reltol=1e-6\n.dc VG 3.3 0 -0.05 VB 3.3 4.3 1\n"
        },
        {
            "l2_nmos_output_short_channel",
            "L2 NMOS Id-Vds, reverse mode below 0 V\nVD d 0 DC 0\nVG g 0 DC 0\nVB b 0 DC -1\nM1 d g 0 b n2 L=2u W=10u\n" + Level2Short +
            ".options reltol=1e-6\n.dc VD -1 5 0.05 VG 0 5 1\n"
        },
        {
            "l2_nmos_transfer_body",
            "L2 NMOS Id-Vgs at Vds = 0.1 V for Vsb = 0, 1, 2 V\nVD d 0 DC 0.1\nVG g 0 DC 0\nVB b 0 DC 0\nM1 d g 0 b n2 L=2u W=10u\n" + Level2Short +
            ".options reltol=1e-6\n.dc VG 0 5 0.05 VB 0 -2 -1\n"
        },
        {
            "l2_nmos_vmax_subthreshold",
            "L2 NMOS Id-Vgs at Vds = 2 V with velocity saturation and NFS\nVD d 0 DC 2\nVG g 0 DC 0\nVB b 0 DC 0\nM1 d g 0 b n2v L=1.5u W=10u\n" + Level2VmaxNfs +
            ".options reltol=1e-6\n.dc VG 0 5 0.05 VB 0 -2 -2\n"
        },
        {
            "l2_nmos_output_vmax",
            "L2 NMOS Id-Vds with velocity saturation\nVD d 0 DC 0\nVG g 0 DC 0\nVB b 0 DC 0\nM1 d g 0 b n2v L=1.5u W=10u\n" + Level2VmaxNfs +
            ".options reltol=1e-6\n.dc VD -0.5 5 0.05 VG 1 5 1\n"
        },
        {
            "l2_pmos_output",
            "L2 PMOS Id-Vds, source and bulk at 5 V\nVS s 0 DC 5\nVD d 0 DC 0\nVG g 0 DC 0\nM1 d g s s p2 L=2u W=20u\n" + Level2Pmos +
            ".options reltol=1e-6\n.dc VD 5.5 0 -0.05 VG 4 0 -1\n"
        },
    };

    [Theory]
    [MemberData(nameof(DcDecks))]
    public void Dc_families_match_ngspice(string name, string deck) => AssertAgrees(name, deck, "i(vd)");

    public static TheoryData<string, string> DynamicDecks() => new()
    {
        {
            "l3_cmos_inverter_tran",
            "L3 CMOS inverter transient with Meyer, overlap and junction capacitances\nVDD vdd 0 DC 3.3\n" +
            "VIN in 0 PULSE(0 3.3 1n 0.2n 0.2n 4n 10n)\nRIN in g 1k\n" +
            "M1 out g 0 0 n3 L=1u W=4u AD=8p AS=8p PD=12u PS=12u\nM2 out g vdd vdd p3 L=1u W=10u AD=20p AS=20p PD=24u PS=24u\nCL out 0 20f\n" +
            Level3Short.Replace(")\n", " cgso=0.3n cgdo=0.3n cj=0.3m cjsw=0.5n)\n", StringComparison.Ordinal) +
            Level3Pmos.Replace(")\n", " cgso=0.3n cgdo=0.3n cj=0.5m cjsw=0.5n)\n", StringComparison.Ordinal) + ".tran 0.02n 20n\n"
        },
        {
            "l2_cmos_inverter_tran",
            "L2 CMOS inverter transient with Meyer, overlap and junction capacitances\nVDD vdd 0 DC 5\n" +
            "VIN in 0 PULSE(0 5 1n 0.5n 0.5n 8n 20n)\nRIN in g 1k\n" +
            "M1 out g 0 0 n2 L=2u W=6u AD=12p AS=12p PD=16u PS=16u\nM2 out g vdd vdd p2 L=2u W=15u AD=30p AS=30p PD=34u PS=34u\nCL out 0 50f\n" +
            Level2Short.Replace(")\n", " cgso=0.4n cgdo=0.4n cbd=20f cbs=20f cjsw=0.4n)\n", StringComparison.Ordinal) +
            Level2Pmos.Replace(")\n", " cgso=0.4n cgdo=0.4n cj=0.4m cjsw=0.4n)\n", StringComparison.Ordinal) + ".tran 0.05n 40n\n"
        },
        {
            "l3_common_source_ac",
            "L3 common-source stage, resistive load, AC gain\nVDD vdd 0 DC 3.3\nVIN in 0 DC 1.1 AC 1\n" +
            "M1 out in 0 0 n3 L=1u W=10u AD=20p AS=20p PD=24u PS=24u\nRL vdd out 5k\n" +
            Level3Short.Replace(")\n", " cgso=0.3n cgdo=0.3n cj=0.3m cjsw=0.5n)\n", StringComparison.Ordinal) + ".ac dec 10 1k 10g\n"
        },
        {
            "l2_common_source_ac",
            "L2 common-source stage, PMOS current-source load, AC gain\nVDD vdd 0 DC 5\nVIN in 0 DC 1.3 AC 1\nVBP bp 0 DC 3.6\n" +
            "M1 out in 0 0 n2 L=2u W=10u AD=20p AS=20p PD=24u PS=24u\nM2 out bp vdd vdd p2 L=4u W=10u\n" +
            Level2Short.Replace(")\n", " cgso=0.4n cgdo=0.4n cj=0.3m cjsw=0.4n)\n", StringComparison.Ordinal) + Level2Pmos + ".ac dec 10 1k 10g\n"
        },
        {
            // Noise is level 1's (ngspice mos2noi.c, mos3noi.c): RD/RS thermal, channel 8kT·gm/3 and KF flicker.
            "l3_common_source_noise",
            "L3 common-source stage output noise\nVDD vdd 0 DC 3.3\nVIN in 0 DC 1.1 AC 1\n" +
            "M1 out in 0 0 n3 L=1u W=10u\nRL vdd out 5k\n" +
            Level3Short.Replace(")\n", " rd=50 rs=20 kf=1e-26 af=1.2)\n", StringComparison.Ordinal) + ".noise v(out) VIN dec 5 10 100meg\n"
        },
        {
            "l2_common_source_noise",
            "L2 common-source stage output noise\nVDD vdd 0 DC 5\nVIN in 0 DC 1.3 AC 1\n" +
            "M1 out in 0 0 n2 L=2u W=10u\nRL vdd out 10k\n" +
            Level2Short.Replace(")\n", " rd=40 kf=3e-26 af=1)\n", StringComparison.Ordinal) + ".noise v(out) VIN dec 5 10 100meg\n"
        },
    };

    [Theory]
    [MemberData(nameof(DynamicDecks))]
    public void Inverter_transients_and_common_source_gain_match_ngspice(string name, string deck) => AssertAgrees(name, deck, name.EndsWith("_ac", StringComparison.Ordinal) ? "vdb(out)" : name.EndsWith("_noise", StringComparison.Ordinal) ? "onoise_spectrum" : "v(out)");

    private static void AssertAgrees(string name, string deck, string signal)
    {
        Dependencies.RequireNgspice();
        var circuit = Read(deck, name + ".cir");
        var runner = new SimulationRunner();
        var ours = runner.Run(circuit, Backend.Native);
        var report = BackendComparison.Compare(ours, runner.Run(circuit, Backend.Ngspice));
        var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
        Assert.True(report.Pass, name + ": " + string.Join("; ", report.Problems.Concat(failing)));
        Assert.Contains(report.Signals, s => s.Signal == signal && s.Points > 0);
    }

    [Fact]
    public void Level_4_5_and_bsim_cards_stay_a_located_error_naming_the_supported_levels()
    {
        foreach (var level in new[] { 4, 5, 8, 49, 54 })
        {
            var circuit = Read($"t\nVD d 0 1\nM1 d d 0 0 mx\n.model mx nmos (level={level} tox=4n)\n.op\n", "lv.cir");
            var ex = Assert.Throws<NetlistException>(() => new Elaborator().Elaborate(circuit));
            Assert.Contains($"is level {level}", ex.Message);
            Assert.Contains("supported: levels 1, 2, 3, 6", ex.Message);
            Assert.Contains("lv.cir:4:1", ex.Message);
        }
    }

    [Fact]
    public void Level_cards_map_to_the_engine_model_with_ngspice_defaults()
    {
        var c = Read("t\nVD d 0 1\nM1 d d 0 0 a L=2u W=10u\nM2 d d 0 0 b L=2u W=10u\n" +
                     ".model a nmos (level=2 u0=600 ucrit=2e4 uexp=0.2 neff=3 vmax=5e4)\n.model b pmos (level=3 theta=0.1 wd=0.5u xl=0.1u delvto=0.1)\n.op\n");
        var built = new Elaborator().Elaborate(c).Circuit.Entities.OfType<Engine.Components.Mosfet>().ToDictionary(m => m.Name);
        var a = built["m1"].Model;
        var b = built["m2"].Model;
        Assert.Equal((2, 2e4, 0.2, 3.0, 5e4), (a.Level, a.Ucrit, a.Uexp, a.Neff, a.Vmax));
        // ngspice mos2temp.c / mos3set.c: TOX 1e-7 m when absent, so KP = U0·1e-4·εox/TOX; MJSW defaults to 0.33.
        Close(600e-4 * 3.9 * 8.854214871e-12 / 1e-7, a.Transconductance);
        Assert.Equal(0.33, a.Mjsw);
        Assert.Equal((3, 0.1, 0.2, 0.1), (b.Level, b.Theta, b.Kappa, b.Delvto));
        Close(2e-6 + 0.1e-6, built["m2"].EffectiveLength);
        Close(10e-6 - 1e-6, built["m2"].EffectiveWidth);
    }

    private static void Close(double expected, double actual) => Assert.Equal(expected, actual, expected * 1e-12);
}
