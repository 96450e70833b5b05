using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Netlist.Writing;
using MemristorSpice.Tests.Shared;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// J elements with NJF/PJF level-1 cards: reading, errors, writing, and our engine against ngspice 39 (the deck's own text
/// goes to ngspice). Tolerances are <see cref="ComparisonTolerance.Default"/>: DC points 1e-4 relative + 1 µV / 1 nA with
/// .options reltol=1e-6 in the DC decks (at the default RELTOL 1e-3 both simulators stop Newton up to ~1e-4 apart);
/// .ac 0.01 dB and 0.1°; transients 1 % of each waveform's peak-to-peak. Closed forms to 1e-9 relative (Newton stops at
/// reltol 1e-9 of the current; gmin 1e-12 S across the gate junctions adds at most a few pA).
/// </summary>
public class JfetNetlistTests
{
    private static ComparisonReport Compare(string deck, string name, out SimulationResult ours)
    {
        Dependencies.RequireNgspice();
        var folder = Directory.CreateTempSubdirectory("jfet-");
        try
        {
            string path = Path.Combine(folder.FullName, name + ".cir");
            File.WriteAllText(path, deck);
            var runner = new SimulationRunner();
            ours = runner.RunFile(path, Backend.Native);
            return BackendComparison.Compare(ours, runner.RunFile(path, Backend.Ngspice));
        }
        finally
        {
            folder.Delete(true);
        }
    }

    private static void AssertAgrees(ComparisonReport report, string name)
    {
        var failing = report.Signals.Where(s => !s.Pass).Select(s => $"{s.Analysis} {s.Signal}: max {s.MaxDifference:G3} > tol {s.Tolerance:G3}");
        Assert.True(report.Pass, name + ": " + string.Join("; ", report.Problems.Concat(failing)));
    }

    [Fact]
    public void J_line_reads_nodes_model_area_and_flags_and_writes_back()
    {
        var c = Read("t\n.model jn njf (vto=-2 beta=1m)\nJ1 d g s jn 2 off m=3 dtemp=5\nVD d 0 1\nVG g 0 0\nVS s 0 0\n.op\n");
        var j = Element<JfetElement>(c, "j1");
        Assert.Equal(["d", "g", "s"], j.Nodes);
        Assert.Equal(("jn", 2.0, 3.0, true, 5.0), (j.Model, j.Area, j.M, j.Off, j.Dtemp));
        Assert.Empty(c.DifferencesFrom(Read(NetlistWriter.Write(c))));
    }

    [Fact]
    public void Wrong_model_type_and_other_levels_are_located_errors()
    {
        var e = Fails("t\n.model qn npn (bf=100)\nJ1 d g 0 qn\nVD d 0 1\nVG g 0 0\n.op\n");
        Assert.Contains("needs a model of type NJF/PJF", e.Errors[0].Message);
        Assert.Equal(3, e.Errors[0].Location.Line);
        var level = Assert.Throws<NetlistException>(() => new SimulationRunner().Run(
            Read("t\n.model j2 njf (level=2 vto=-2)\nJ1 d g 0 j2\nVD d 0 1\nVG g 0 0\n.op\n", "lev.cir"), Backend.Native));
        Assert.Equal(("lev.cir", 2), (level.Errors[0].Location.File, level.Errors[0].Location.Line));
        Assert.Contains("level 2", level.Errors[0].Message);
    }

    [Fact]
    public void Saturation_current_follows_the_square_law()
    {
        // B = 1, Vgs − VTO = 1.5 V below Vds = 5 V: Id = BETA·(1 + LAMBDA·Vds)·(Vgs − VTO)² = 1m·1.1·2.25, plus the
        // reverse-biased gate-drain junction: IS + gmin·5.5 V (1e-14 A + 5.5 pA).
        var table = new SimulationRunner().Run(Read("t\n.model jn njf (vto=-2 beta=1m lambda=0.02)\nJ1 d g 0 jn\nVD d 0 5\nVG g 0 -0.5\n.options reltol=1e-9\n.op\n"),
            Backend.Native).Analyses[0].Table;
        Close(-(1e-3 * 1.1 * 2.25 + 1e-14 + 1e-12 * 5.5), table["i(vd)"][0], 1e-12);
    }

    public static TheoryData<string, string> DcDecks() => new()
    {
        {
            "njf_output", """
            NJF output characteristics through reverse drain bias, with series resistances and the doping tail
            .model jn njf (vto=-2 beta=1.3m lambda=0.02 rd=10 rs=5 is=1e-14 b=0.9 pb=0.8)
            VD d 0 0
            VG g 0 0
            J1 d g 0 jn 2
            .options reltol=1e-6
            .dc VD -2 10 0.1 VG -2.5 0.5 0.5
            .end
            """
        },
        {
            "pjf_transfer", """
            PJF transfer curve into forward gate conduction
            .model jp pjf (vto=1.5 beta=0.8m lambda=0.01 is=1e-12)
            VD d 0 -6
            VG g 0 0
            J1 d g 0 jp m=2
            .options reltol=1e-6
            .dc VG -0.6 2 0.02
            .end
            """
        },
        {
            "njf_cold", """
            NJF at -30 °C with EG, XTI, VTOTC and BETATCE
            .model jn njf (vto=-1.8 beta=1m lambda=0.01 vtotc=-2.5m betatce=-0.4 eg=1.2 xti=2 is=1e-10)
            VD d 0 0
            VG g 0 0
            J1 d g 0 jn
            .temp -30
            .options reltol=1e-6
            .dc VD 0 8 0.2 VG -2 0.7 0.3
            .end
            """
        },
        {
            "njf_hot", """
            NJF at 85 °C with TNOM 20 °C, TCV and BEX
            .model jn njf (vto=-1.8 beta=1m lambda=0.01 tnom=20 tcv=2m bex=-1.5 is=1e-13)
            VD d 0 0
            VG g 0 0
            J1 d g 0 jn
            .temp 85
            .options reltol=1e-6
            .dc VD 0 8 0.2 VG -2 0.6 0.4
            .end
            """
        },
    };

    [Theory]
    [MemberData(nameof(DcDecks))]
    public void Dc_sweeps_agree_with_ngspice(string name, string deck)
    {
        var report = Compare(deck, name, out _);
        AssertAgrees(report, name);
        Assert.Contains(report.Signals, s => s.Signal == "i(vd)");
    }

    private const string CommonSource = """
        JFET common-source amplifier (2N5457-like card), self-biased
        .model jn njf (vto=-1.8 beta=1.2m lambda=0.008 rd=20 cgs=4.5p cgd=1.5p pb=0.6 is=1e-14 fc=0.5)
        VDD vdd 0 15
        VIN in 0 dc 0 ac 1 sin(0 20m 10k)
        CIN in g 1u
        RG g 0 1meg
        RD vdd d 4.7k
        J1 d g s jn
        RS s 0 1k
        CS s 0 100u
        COUT d out 1u
        RL out 0 100k
        .op
        .ac dec 10 10 100meg
        .tran 1u 300u
        .end
        """;

    [Fact]
    public void Common_source_amplifier_agrees_with_ngspice_in_op_ac_and_tran()
    {
        var report = Compare(CommonSource, "cs_amp", out var ours);
        AssertAgrees(report, "cs_amp");
        // Mid-band gain from the operating point: |A| = gm·(RD ∥ RL ∥ rds), gm = 2·BETA·(1 + LAMBDA·Vds)·(Vgs − VTO),
        // 1/rds = LAMBDA·BETA·(Vgs − VTO)², within −2 %/+1 % (RD's 20 Ω and the bypassed RS change it by less than 1 %).
        var op = ours.Analyses[0].Table;
        double id = -op["i(vdd)"][0], vgs = op["v(g)"][0] - op["v(s)"][0];
        double gm = 2 * 1.2e-3 * (1 + 0.008 * (op["v(d)"][0] - op["v(s)"][0])) * (vgs + 1.8);
        double load = 1 / (1 / 4.7e3 + 1 / 100e3 + 0.008 * 1.2e-3 * (vgs + 1.8) * (vgs + 1.8));
        var ac = ours.Analyses[1].Table;
        int mid = Array.FindIndex(ac.Axis, f => f >= 10e3);
        Assert.InRange(Math.Pow(10, ac["vdb(out)"][mid] / 20) / (gm * load), 0.98, 1.01);
        Assert.InRange(id, 0.5e-3, 3e-3);
    }
}
