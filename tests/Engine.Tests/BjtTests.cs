using System.Numerics;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// Gummel-Poon BJT against the closed forms of the SPICE manual (ideal math) with every terminal held by a source. The
/// comparisons with ngspice are in tests/Netlist.Tests (BjtNetlistTests and the reference deck bjt_opamp_tia).
/// </summary>
public sealed class BjtTests
{
    private const double Gmin = 1e-12;
    private static double Vt => Junction.ThermalVoltage(300.15);
    private static double ExpM1(double x) => Math.Exp(x) - 1;

    /// <summary>Collector and base current (into the pins) with vbe, vce fixed.</summary>
    private static (double Ic, double Ib) Currents(BjtModel model, double vbe, double vce, double area = 1)
    {
        var c = new Circuit().Add(
            new VoltageSource("VC", "c", "0", vce), new VoltageSource("VB", "b", "0", vbe),
            new Bjt("Q1", "c", "b", "0", "0", model, area));
        var op = new OperatingPoint(c).Run().ToTable();
        return (-op["i(vc)"][0], -op["i(vb)"][0]); // branch current flows from + through the source
    }

    /// <summary>
    /// Forward active with Early effect only: qb = 1/(1 − vbc/VAF), Ic = (Ibe − Ibc)·(1 − vbc/VAF) − Ibc/BR − gmin·vbc,
    /// Ib = Ibe/BF + Ibc/BR + gmin·(vbe + vbc), Ibe = IS·(e^(vbe/Vt) − 1), Ibc = IS·(e^(vbc/Vt) − 1); gmin also
    /// flows collector-substrate (substrate = ground here): + gmin·vce into the collector.
    /// </summary>
    [Theory]
    [InlineData(0.60, 2.0)]
    [InlineData(0.70, 5.0)]
    [InlineData(0.75, 10.0)]
    public void Forward_active_current_with_early_voltage_is_the_closed_form(double vbe, double vce)
    {
        var m = new BjtModel { Is = 2e-16, Bf = 150, Br = 3, Vaf = 60 };
        double vbc = vbe - vce;
        double ibe = m.Is * ExpM1(vbe / Vt), ibc = m.Is * ExpM1(vbc / Vt);
        double ic = (ibe - ibc) * (1 - vbc / m.Vaf) - ibc / m.Br - Gmin * vbc + Gmin * vce;
        double ib = ibe / m.Bf + ibc / m.Br + Gmin * (vbe + vbc);
        var (icSim, ibSim) = Currents(m, vbe, vce);
        // Terminal voltages are set by sources: only rounding separates the engine from the formula.
        Assert.True(Math.Abs(icSim - ic) <= 1e-9 * Math.Abs(ic), $"Ic {icSim:G12} A, closed form {ic:G12} A");
        Assert.True(Math.Abs(ibSim - ib) <= 1e-9 * Math.Abs(ib), $"Ib {ibSim:G12} A, closed form {ib:G12} A");
    }

    /// <summary>
    /// High injection: qb = q1·(1 + √(1 + 4·Ibe/IKF))/2 (VAF, VAR infinite so q1 = 1); deep in high injection Ic → √(IS·IKF)·e^(vbe/(2Vt)).
    /// Leakage: Ib gains ISE·(e^(vbe/(NE·Vt)) − 1).
    /// </summary>
    [Theory]
    [InlineData(0.55)]
    [InlineData(0.80)]
    [InlineData(0.95)]
    public void High_injection_and_leakage_follow_the_gummel_poon_base_charge(double vbe)
    {
        var m = new BjtModel { Is = 1e-15, Bf = 200, Ikf = 5e-3, Ise = 1e-13, Ne = 1.8 };
        const double vce = 3, area = 2;
        double isat = m.Is * area, ikf = m.Ikf * area, ise = m.Ise * area;
        double vbc = vbe - vce;
        double ibe = isat * ExpM1(vbe / Vt), ibc = isat * ExpM1(vbc / Vt);
        double qb = (1 + Math.Sqrt(1 + 4 * (ibe / ikf))) / 2;
        double ic = (ibe - ibc) / qb - ibc / m.Br - Gmin * vbc + Gmin * vce;
        double ib = ibe / m.Bf + ise * ExpM1(vbe / (m.Ne * Vt)) + ibc / m.Br + Gmin * (vbe + vbc);
        var (icSim, ibSim) = Currents(m, vbe, vce, area);
        Assert.True(Math.Abs(icSim - ic) <= 1e-9 * Math.Abs(ic), $"Ic {icSim:G12} A, closed form {ic:G12} A");
        Assert.True(Math.Abs(ibSim - ib) <= 1e-9 * Math.Abs(ib), $"Ib {ibSim:G12} A, closed form {ib:G12} A");
    }

    /// <summary>
    /// A PNP is the NPN with every voltage and current negated (SPICE's type sign): same magnitudes to rounding. SUBS = 1
    /// puts the PNP's substrate junction (and its gmin) at the collector like the NPN's; ngspice's lateral PNP default
    /// would move those 2.5 pA to the base.
    /// </summary>
    [Fact]
    public void Pnp_mirrors_the_npn()
    {
        var n = new BjtModel { Is = 1e-15, Bf = 80, Vaf = 40, Var = 10, Ikf = 10e-3, Ise = 1e-14, Isc = 1e-14, Rb = 50, Re = 2, Rc = 20 };
        var p = n with { Polarity = BjtPolarity.Pnp, Subs = 1 };
        var (icn, ibn) = Currents(n, 0.72, 2.5);
        var (icp, ibp) = Currents(p, -0.72, -2.5);
        Assert.True(Math.Abs(icn + icp) <= 1e-9 * Math.Abs(icn), $"NPN Ic {icn:G12}, PNP Ic {icp:G12}");
        Assert.True(Math.Abs(ibn + ibp) <= 1e-9 * Math.Abs(ibn), $"NPN Ib {ibn:G12}, PNP Ib {ibp:G12}");
    }

    /// <summary>
    /// Series resistances: with RE the junction sees vbe − RE·(Ic + Ib); solved here by bisection on the closed form (no
    /// Early effect, no high injection) and compared with the engine, which puts RE on an internal node.
    /// </summary>
    [Fact]
    public void Emitter_resistance_degenerates_the_junction_as_the_closed_form()
    {
        var m = new BjtModel { Is = 1e-14, Bf = 100, Re = 20 };
        const double vbe = 0.8, vce = 5;
        double Ie(double vj) => m.Is * ExpM1(vj / Vt) * (1 + 1 / m.Bf);
        double lo = 0, hi = vbe;
        for (int i = 0; i < 200; i++)
        {
            double mid = (lo + hi) / 2;
            if (mid + m.Re * Ie(mid) > vbe) hi = mid; else lo = mid;
        }
        double ic = m.Is * ExpM1(lo / Vt);
        var (icSim, _) = Currents(m, vbe, vce);
        // gmin terms (1e-12 S · a few V) and the reverse-biased collector junction are below 1e-11 A against ~1 mA.
        Assert.True(Math.Abs(icSim - ic) <= 1e-7 * ic, $"Ic {icSim:G10} A, closed form {ic:G10} A");
    }

    /// <summary>
    /// Hybrid-π input admittance with the collector at AC ground: Yin = gπ + gμ + jω·(Cπ + Cμ), where (qb = 1, XTF = 0)
    /// gπ = (IS/BF)·e^(vbe/Vt)/Vt + gmin, gμ = (IS/BR)·e^(vbc/Vt)/Vt + gmin, Cπ = TF·IS·e^(vbe/Vt)/Vt + CJE·(1 − vbe/VJE)^−MJE,
    /// Cμ = CJC·(1 − vbc/VJC)^−MJC (SPICE manual; ngspice bjtacld.c). The base source sees −Yin (SPICE sign); the
    /// collector source sees gm·v and −jωCμ·v. FC = 0.9 keeps vbe below FC·VJE, where the power law holds (above it SPICE
    /// continues linearly). One exact complex solve: 1e-9 relative.
    /// </summary>
    [Fact]
    public void Small_signal_admittances_are_the_hybrid_pi_closed_form()
    {
        var m = new BjtModel { Is = 1e-15, Bf = 120, Br = 2, Tf = 400e-12, Cje = 2e-12, Vje = 0.8, Mje = 0.4, Cjc = 1e-12, Vjc = 0.6, Mjc = 0.35, Fc = 0.9 };
        const double vbe = 0.65, vce = 3, f = 50e6;
        var c = new Circuit().Add(
            new VoltageSource("VC", "c", "0", vce), new VoltageSource("VB", "b", "0", vbe) { AcMagnitude = 1 },
            new Bjt("Q1", "c", "b", "0", "0", m));
        var result = new AcSmallSignal(c, new AcSweep(AcSweepKind.Linear, 1, f, f)).Run();
        double vbc = vbe - vce, w = 2 * Math.PI * f;
        double gbe = m.Is * Math.Exp(vbe / Vt) / Vt, gbc = m.Is * Math.Exp(vbc / Vt) / Vt;
        double gpi = gbe / m.Bf + Gmin, gmu = gbc / m.Br + Gmin;
        double cpi = m.Tf * gbe + m.Cje * Math.Pow(1 - vbe / m.Vje, -m.Mje);
        double cmu = m.Cjc * Math.Pow(1 - vbc / m.Vjc, -m.Mjc);
        var yin = new Complex(gpi + gmu, w * (cpi + cmu));
        var ib = -result["i(vb)"][0];
        Assert.True((ib - yin).Magnitude <= 1e-9 * yin.Magnitude, $"Yin {ib} S, closed form {yin} S");
        // Collector: gm = gbe − go with go = gbc (no Early effect), minus the current through Cμ.
        var ic = -result["i(vc)"][0];
        var expectedIc = new Complex(gbe - gbc - gmu, -w * cmu);
        Assert.True((ic - expectedIc).Magnitude <= 1e-9 * expectedIc.Magnitude, $"Ic/vb {ic} S, closed form {expectedIc} S");
    }
}
