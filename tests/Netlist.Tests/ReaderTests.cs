using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests;

public class ReaderTests
{
    [Fact]
    public void Title_comments_continuations_and_case()
    {
        var c = Read("""
            My Divider * not a comment: the first line is the title
            * a comment line
            R1 IN Mid 1K ; inline comment
            R2 mid 0 $ dollar comment
            + 3k
            V1 in 0 DC 5 $ another
            .END
            R3 never read 1
            """);
        Assert.Equal("My Divider * not a comment: the first line is the title", c.Title);
        Assert.Equal(new ResistorElement("r1", "in", "mid", 1000), Element<ResistorElement>(c, "r1"));
        Assert.Equal(new ResistorElement("r2", "mid", "0", 3000), Element<ResistorElement>(c, "r2"));
        Assert.Null(c.FindElement("r3"));
    }

    [Fact]
    public void Passive_elements()
    {
        var c = Read("t\nR1 a b r=2k m=2\nC1 a 0 1uF ic=0.5\nL1 a b 1m ic=1m\nRgnd b gnd 1\n");
        Assert.Equal(1000, Element<ResistorElement>(c, "r1").Resistance);
        Assert.Equal(new CapacitorElement("c1", "a", "0", 1e-6, 0.5), Element<CapacitorElement>(c, "c1"));
        Assert.Equal(new InductorElement("l1", "a", "b", 1e-3, 1e-3), Element<InductorElement>(c, "l1"));
        Assert.Equal("0", Element<ResistorElement>(c, "rgnd").Negative);
    }

    [Fact]
    public void Sources_and_waveforms()
    {
        var c = Read("""
            t
            V1 a 0 5
            V2 b 0 DC 1 AC 1 PULSE(0 1 1n 2n 3n 4n 10n)
            V3 c 0 SIN 0.5 1 1k
            I1 0 d EXP(0, 1m, 1u, 2u)
            V4 e 0 pwl(0 0 1u 1 2u {2*0.5})
            R1 a 0 1
            """);
        Assert.Equal(new VoltageSourceElement("v1", "a", "0", 5), Element<VoltageSourceElement>(c, "v1"));
        Assert.Equal(new VoltageSourceElement("v2", "b", "0", 1, new PulseWaveform(0, 1, 1e-9, 2e-9, 3e-9, 4e-9, 10e-9), 1), Element<VoltageSourceElement>(c, "v2"));
        var v3 = Element<VoltageSourceElement>(c, "v3");
        Assert.Equal(new SineWaveform(0.5, 1, 1000), v3.Waveform);
        Assert.Null(v3.Dc);
        Assert.Equal(0.5, v3.DcValue);
        Assert.Equal(new ExponentialWaveform(0, 1e-3, 1e-6, 2e-6), Element<CurrentSourceElement>(c, "i1").Waveform);
        Assert.Equal(new PwlWaveform([(0, 0), (1e-6, 1), (2e-6, 1)]), Element<VoltageSourceElement>(c, "v4").Waveform);
    }

    [Fact]
    public void Controlled_sources()
    {
        var c = Read("t\nV1 in 0 1\nE1 o1 0 in 0 10\nG1 o2 0 in 0 1m\nF1 o3 0 V1 2\nH1 o4 0 v1 50\nR1 in 0 1\n");
        Assert.Equal(new VcvsElement("e1", "o1", "0", "in", "0", 10), c.FindElement("e1"));
        Assert.Equal(new VccsElement("g1", "o2", "0", "in", "0", 1e-3), c.FindElement("g1"));
        Assert.Equal(new CccsElement("f1", "o3", "0", "v1", 2), c.FindElement("f1"));
        Assert.Equal(new CcvsElement("h1", "o4", "0", "v1", 50), c.FindElement("h1"));
    }

    [Fact]
    public void Diode_and_switch_models()
    {
        var c = Read("""
            t
            .model dmod D(is=1e-14 n=1.05 rs=10)
            .model smod sw vt=0.5 vh=0.1 ron=1 roff=1meg
            .model rgeneric R(tc1=0.01)
            D1 a 0 DMOD 2 off
            S1 a 0 c 0 smod on
            V1 a 0 1
            V2 c 0 1
            """);
        Assert.Equal(new DiodeElement("d1", "a", "0", "dmod", 2, true), c.FindElement("d1"));
        Assert.Equal(new VoltageSwitchElement("s1", "a", "0", "c", "0", "smod", true), c.FindElement("s1"));
        Assert.Equal(1.05, c.Models["dmod"].Parameters["n"]);
        Assert.Equal("sw", c.Models["smod"].Type);
        Assert.Equal(1e6, c.Models["smod"].Parameters["roff"]);
        Assert.Equal("r", c.Models["rgeneric"].Type);
    }

    [Fact]
    public void Analyses_options_ic_nodeset()
    {
        var c = Read("""
            t
            V1 a 0 1
            I1 0 a 1m
            R1 a 0 1k
            .options reltol=1e-4 abstol=1p vntol=1u gmin=1e-13 method=gear maxstep=1n itl1=200 itl4=20
            .ic v(a)=0.5
            .nodeset V(A)=0.4
            .op
            .dc v1 0 5 0.5 i1 0 1m 0.5m
            .tran 1n 100n 10n 2n uic
            .tran 1u 1m
            """);
        Assert.Equal(1e-4, c.Options.RelTol);
        Assert.Equal(1e-12, c.Options.AbsTol);
        Assert.Equal(1e-6, c.Options.VnTol);
        Assert.Equal(1e-13, c.Options.Gmin);
        Assert.Equal(1e-9, c.Options.MaxStep);
        Assert.Equal("gear", c.Options.Method);
        Assert.Equal(200, c.Options.Numeric["itl1"]);
        Assert.Equal(0.5, c.InitialConditions["a"]);
        Assert.Equal(0.4, c.NodeSets["a"]);
        Assert.Equal(
            [new OperatingPointAnalysis(), new DcAnalysis([new DcSweep("v1", 0, 5, 0.5), new DcSweep("i1", 0, 1e-3, 0.5e-3)]),
             new TransientAnalysis(1e-9, 100e-9, 10e-9, 2e-9, true), new TransientAnalysis(1e-6, 1e-3)],
            c.Analyses);
        Assert.Equal(11, ((DcAnalysis)c.Analyses[1]).Sweeps[0].Values().Count);
    }

    [Fact]
    public void Display_commands_of_control_blocks_and_unknown_directives_warn_with_line()
    {
        var r = ReadWithWarnings("t\nR1 a 0 1\n.control\nrun\nplot v(a)\n.endc\n.print tran v(a)\n.foo bar\n.option noacct\n");
        var lines = r.Warnings.Select(w => (w.Location.Line, w.Message)).ToList();
        Assert.Contains(lines, w => w.Line == 5 && w.Message.Contains("display and output commands in .control ignored") && w.Message.Contains("plot"));
        Assert.Contains(lines, w => w.Line == 7 && w.Message.Contains(".print is not supported"));
        Assert.Contains(lines, w => w.Line == 8 && w.Message.Contains("unknown directive .foo"));
        Assert.Contains(lines, w => w.Line == 9 && w.Message.Contains("option 'noacct' ignored"));
        Assert.Single(r.Circuit.Elements);
    }

    [Fact]
    public void Behavioral_sources_keep_bound_expressions()
    {
        var c = Read("""
            t
            .param k=2
            .func sq(x) {x*x}
            B1 o 0 V={k*sq(v(a))}
            E2 p 0 value={v(a,o) + i(v1)}
            V1 a 0 1
            """);
        Assert.Equal("(2 * (v(a) * v(a)))", Element<BehavioralSourceElement>(c, "b1").Expression.ToString());
        var e2 = Element<BehavioralSourceElement>(c, "e2");
        Assert.True(e2.IsVoltage);
        Assert.Equal("(v(a, o) + i(v1))", e2.Expression.ToString());
    }

    [Fact]
    public void Initial_condition_on_an_unused_node_warns_at_the_node()
    {
        var r = ReadWithWarnings("t\nR1 a 0 1\n.ic v(a)=1 v(typo)=2\n");
        var w = Assert.Single(r.Warnings);
        Assert.Equal((3, 14, "typo"), (w.Location.Line, w.Location.Column, w.Token));
        Assert.Equal(2, r.Circuit.InitialConditions["typo"]);
    }

    [Fact]
    public void Title_directive_replaces_the_first_line()
    {
        var c = Read("first line\n.title The Real Title ; comment\nR1 a 0 1\n");
        Assert.Equal("The Real Title", c.Title);
    }

    [Fact]
    public void Global_nodes_keep_their_names_inside_subcircuits()
    {
        var c = Read("t\n.global vdd\n.subckt load p\nR1 p vdd 1\nR2 p inner 1\n.ends\nX1 a load\nV1 vdd 0 1\n");
        Assert.Equal(new ResistorElement("r.x1.r1", "a", "vdd", 1), c.FindElement("r.x1.r1"));
        Assert.Equal("x1.inner", Element<ResistorElement>(c, "r.x1.r2").Negative);
    }

    [Fact]
    public void Global_ground_aliases()
    {
        var c = Read("t\nR1 a GND 1\nR2 a 0 1\n");
        Assert.All(c.Elements, e => Assert.Equal("0", e.Nodes[1]));
    }
}
