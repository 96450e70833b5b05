using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// Level-1 MOSFET against the Shichman-Hodges closed form and against its own symmetries (ideal math). The
/// comparisons with ngspice are the reference decks nmos_output and cmos_inverter (Reference/ReferenceCircuits.cs).
/// </summary>
public sealed class MosfetTests
{
    private static readonly MosfetModel Nch = new()
    {
        Name = "nch", Vto = 0.7, Kp = 110e-6, Gamma = 0.4, Phi = 0.65, Lambda = 0.04, Ld = 0.05e-6,
    };

    private static readonly MosfetGeometry Size = new() { L = 2e-6, W = 10e-6 };

    /// <summary>Drain current (into the drain) of one transistor with every terminal held by a source.</summary>
    private static double DrainCurrent(MosfetModel model, double vd, double vg, double vs, double vb, MosfetGeometry? size = null)
    {
        var c = new Circuit().Add(
            new VoltageSource("VD", "d", "0", vd), new VoltageSource("VG", "g", "0", vg),
            new VoltageSource("VS", "s", "0", vs), new VoltageSource("VB", "b", "0", vb),
            new Mosfet("M1", "d", "g", "s", "b", model, size ?? Size));
        var op = new OperatingPoint(c).Run().ToTable();
        return -op["i(vd)"][0]; // SPICE branch current flows from + through the source: into the drain is −i(vd)
    }

    /// <summary>Body-effect threshold Vt = VTO + GAMMA·(√(PHI + Vsb) − √PHI) (Shichman-Hodges / SPICE level 1).</summary>
    private static double Threshold(MosfetModel m, double vsb) => m.Vto + m.Gamma * (Math.Sqrt(m.Phi + vsb) - Math.Sqrt(m.Phi));

    private static double Beta(MosfetModel m, MosfetGeometry g) => m.Transconductance * g.M * g.W / (g.L - 2 * m.Ld);

    [Theory]
    [InlineData(1.5, 2.0, 0.0)]
    [InlineData(3.0, 2.5, 0.0)]
    [InlineData(2.0, 1.2, 1.0)]
    [InlineData(2.5, 3.0, 2.0)]
    public void Saturation_current_is_the_closed_form(double vds, double vgs, double vsb)
    {
        double vt = Threshold(Nch, vsb);
        Assert.True(vgs - vt > 0 && vgs - vt <= vds, "point must be in saturation");
        double expected = Beta(Nch, Size) / 2 * (vgs - vt) * (vgs - vt) * (1 + Nch.Lambda * vds);
        double id = DrainCurrent(Nch, vds, vgs, 0, -vsb);
        // The terminal voltages are fixed by sources, so only rounding and the bulk-drain junction's gmin·vbd − IS
        // (about 1e-12 A against 1e-5 A and more) separate the result from the formula: 1e-6 relative is ample.
        Assert.True(Math.Abs(id - expected) <= 1e-6 * expected, $"id {id:G10} A, closed form {expected:G10} A");
    }

    [Theory]
    [InlineData(0.1, 2.0, 0.0)]
    [InlineData(0.5, 3.0, 1.0)]
    public void Linear_region_current_is_the_closed_form(double vds, double vgs, double vsb)
    {
        double vt = Threshold(Nch, vsb);
        Assert.True(vds < vgs - vt, "point must be in the linear region");
        double expected = Beta(Nch, Size) * vds * (vgs - vt - vds / 2) * (1 + Nch.Lambda * vds);
        double id = DrainCurrent(Nch, vds, vgs, 0, -vsb);
        Assert.True(Math.Abs(id - expected) <= 1e-6 * expected, $"id {id:G10} A, closed form {expected:G10} A");
    }

    [Fact]
    public void Below_threshold_only_the_junction_leakage_flows()
    {
        // Cutoff: the channel carries nothing; the drain sees its reverse-biased junction, −IS + gmin·vbd.
        double id = DrainCurrent(Nch, 2.0, 0.5, 0, 0);
        double expected = 1e-14 + 1e-12 * 2.0;
        Assert.True(Math.Abs(id - expected) <= 1e-18, $"id {id:G6} A, expected {expected:G6} A");
    }

    [Fact]
    public void Pmos_is_the_mirror_image_of_the_same_nmos()
    {
        var pch = Nch with { Name = "pch", Polarity = MosfetPolarity.Pmos, Vto = -Nch.Vto };
        foreach (var (vd, vg, vb) in new[] { (1.5, 2.0, 0.0), (0.2, 2.5, -1.0), (3.0, 1.0, -0.5) })
        {
            double n = DrainCurrent(Nch, vd, vg, 0, vb);
            double p = DrainCurrent(pch, -vd, -vg, 0, -vb);
            // Exact symmetry of the equations: every voltage and current changes sign; only rounding differs.
            Assert.True(Math.Abs(p + n) <= 1e-12 * Math.Abs(n) + 1e-20, $"nmos {n:G12} A, pmos {p:G12} A");
        }
    }

    [Fact]
    public void Interchanging_drain_and_source_reverses_the_current()
    {
        // The level-1 channel is symmetric: the same bias with the pins swapped gives the opposite current.
        var forward = DrainCurrent(Nch, 1.0, 2.0, 0, 0);
        var c = new Circuit().Add(
            new VoltageSource("VA", "a", "0", 1.0), new VoltageSource("VG", "g", "0", 2.0), new VoltageSource("VB", "b", "0", 0),
            new Mosfet("M1", "0", "g", "a", "b", Nch, Size)); // drain pin at ground, source pin at 1 V
        double intoSourcePin = -new OperatingPoint(c).Run().ToTable()["i(va)"][0];
        Assert.True(Math.Abs(intoSourcePin - forward) <= 1e-12 * forward, $"forward {forward:G12} A, swapped {intoSourcePin:G12} A");
    }

    [Fact]
    public void Kp_comes_from_tox_and_u0_when_absent()
    {
        // SPICE: KP = U0·1e-4·εox/TOX with εox = 3.9·8.854214871e-12 F/m; U0 = 600 cm²/Vs by default.
        var m = new MosfetModel { Tox = 20e-9 };
        Assert.Equal(600 * 1e-4 * 3.9 * 8.854214871e-12 / 20e-9, m.Transconductance, 15);
        Assert.Equal(2e-5, new MosfetModel().Transconductance);
        Assert.Equal(1e-4, new MosfetModel { Tox = 20e-9, Kp = 1e-4 }.Transconductance);
    }

    [Fact]
    public void Series_resistances_drop_the_drain_current_times_r()
    {
        // With RD = RS = 1 kΩ the internal nodes sit I·R inside the terminals; the channel sees the reduced bias.
        var m = Nch with { Rd = 1e3, Rs = 1e3, Gamma = 0 };
        var c = new Circuit().Add(
            new VoltageSource("VD", "d", "0", 3.0), new VoltageSource("VG", "g", "0", 2.0),
            new Mosfet("M1", "d", "g", "0", "0", m, Size));
        var op = new OperatingPoint(c, new SimulationOptions { RelTol = 1e-9 }).Run().ToTable();
        double id = -op["i(vd)"][0];
        double vdp = op["v(m1#drain)"][0], vsp = op["v(m1#source)"][0];
        // The bulk junctions (gmin·v − IS, a few pA) also cross RD and RS: a few nV, hence 1e-8 V.
        Assert.Equal(3.0 - id * 1e3, vdp, 8);
        Assert.Equal(id * 1e3, vsp, 8);
        // Saturation with the internal bias: id = β/2·(vg − vsp − VTO)²·(1 + λ·(vdp − vsp)), solved self-consistently.
        double expected = Beta(m, Size) / 2 * Math.Pow(2.0 - vsp - m.Vto, 2) * (1 + m.Lambda * (vdp - vsp));
        Assert.True(Math.Abs(id - expected) <= 1e-6 * expected, $"id {id:G10}, from the internal bias {expected:G10}");
    }

    [Fact]
    public void Inverter_operating_point_converges_with_plain_newton_from_zero()
    {
        // High-gain point (input near the switching threshold): fetlim/limvds/pnjlim must get Newton there from the
        // zero start without gmin or source stepping, within SPICE's ITL1 = 100 iterations.
        var pch = Nch with { Name = "pch", Polarity = MosfetPolarity.Pmos, Vto = -0.8, Kp = 50e-6 };
        var c = new Circuit().Add(
            new VoltageSource("VDD", "vdd", "0", 3.3), new VoltageSource("VIN", "in", "0", 1.45),
            new Mosfet("M1", "out", "in", "0", "0", Nch, new MosfetGeometry { L = 1e-6, W = 2e-6 }),
            new Mosfet("M2", "out", "in", "vdd", "vdd", pch, new MosfetGeometry { L = 1e-6, W = 4e-6 }));
        var sim = new OperatingPoint(c, new SimulationOptions { GminSteps = 0, SourceSteps = 0 });
        var op = sim.Run().ToTable();
        Assert.InRange(sim.TotalIterations, 2, 100);
        // KCL at the output: the supply current (through the PMOS) equals the NMOS drain current, which at the solved
        // v(out) follows the closed form (bulk at source, no body effect). Newton stops at RELTOL 1e-3 on v(out): 1e-3.
        double vout = op["v(out)"][0], vov = 1.45 - Nch.Vto, beta = Beta(Nch, new MosfetGeometry { L = 1e-6, W = 2e-6 });
        double idn = vout >= vov ? beta / 2 * vov * vov * (1 + Nch.Lambda * vout) : beta * vout * (vov - vout / 2) * (1 + Nch.Lambda * vout);
        double supply = -op["i(vdd)"][0];
        Assert.True(Math.Abs(supply - idn) <= 1e-3 * idn, $"supply {supply:G8} A, NMOS closed form {idn:G8} A at v(out) = {vout:G6} V");
    }

    [Fact]
    public void Meyer_capacitances_have_their_textbook_limits()
    {
        // Meyer (RCA Review 1971); SPICE stores half of each. Cox = 1 F for readability, PHI = 0.6 V, von = 0.7 V.
        const double cox = 1, phi = 0.6, von = 0.7;
        // Strong inversion, saturation (vds = 2 V > vdsat = 1.3 V): Cgs = 2/3·Cox, Cgd = Cgb = 0.
        Assert.Equal((cox / 3, 0.0, 0.0), MosfetEquations.MeyerHalf(2.0, 0.0, von, 1.3, phi, cox));
        // Strong inversion at vds = 0: the channel charge splits evenly, Cgs = Cgd = Cox/2.
        var (cgs, cgd, cgb) = MosfetEquations.MeyerHalf(2.0, 2.0, von, 1.3, phi, cox);
        Assert.Equal(cox / 4, cgs, 14);
        Assert.Equal(cox / 4, cgd, 14);
        Assert.Equal(0, cgb);
        // Accumulation (vgs − von ≤ −PHI): all of Cox to the bulk.
        Assert.Equal((0.0, 0.0, cox / 2), MosfetEquations.MeyerHalf(-0.5, -0.5, von, 0, phi, cox));
        // Continuity where depletion turns into weak inversion (vgst = −PHI/2): Cgs → 0, Cgb = Cox/4 from both sides.
        var below = MosfetEquations.MeyerHalf(von - phi / 2 - 1e-9, von - phi / 2 - 1e-9 - 1, von, 0, phi, cox);
        var above = MosfetEquations.MeyerHalf(von - phi / 2 + 1e-9, von - phi / 2 + 1e-9 - 1, von, 0, phi, cox);
        Assert.Equal(below.Cgb, above.Cgb, 8);
        Assert.Equal(0, above.Cgs, 8);
    }

    [Fact]
    public void Junction_capacitance_is_the_derivative_of_its_charge_and_continuous_at_fc_pb()
    {
        // q(v) and C(v) of SPICE's depletion model: C must equal dq/dv on both sides of FC·PB. Central difference with
        // h = 1 µV: truncation ~h²·q'''/6 and rounding ~1e-16·q/h, both far below the 1e-6 relative bar.
        var j = new JunctionCapacitance(czb: 2e-15, czsw: 1e-15, mj: 0.4, mjsw: 0.3, pb: 0.9, fc: 0.5);
        foreach (double v in new[] { -3.0, -1.0, 0.0, 0.3, 0.44, 0.46, 0.6 })
        {
            const double h = 1e-6;
            double dq = (j.At(v + h).Q - j.At(v - h).Q) / (2 * h);
            Assert.True(Math.Abs(dq - j.At(v).C) <= 1e-6 * j.At(v).C, $"v = {v}: dq/dv {dq:G10}, C {j.At(v).C:G10}");
        }
        // Continuous at FC·PB = 0.45 V, where the capacitance turns linear.
        var (q0, c0) = j.At(0.45 - 1e-12);
        var (q1, c1) = j.At(0.45);
        Assert.True(Math.Abs(q0 - q1) <= 1e-9 * q1);
        Assert.True(Math.Abs(c0 - c1) <= 1e-9 * c1);
        // Zero bias: C = czb + czsw.
        Assert.True(Math.Abs(j.At(0).C - 3e-15) <= 1e-30);
    }

    [Fact]
    public void Temperature_scaling_is_the_identity_at_tnom_and_kp_falls_as_t_to_the_minus_1_5()
    {
        var m = Nch with { Is = 1e-14, Js = 1e-4, Pb = 0.8 };
        var same = MosfetTemperature.Of(m, m.Tnom);
        // At TNOM ngspice's MOS1temp returns the model values (up to its band-gap constant 1.1150877 vs Eg(300.15 K),
        // a 1e-7 V offset in PHI), so 1e-6 relative.
        Assert.Equal(m.Transconductance, same.Kp, 12);
        Assert.True(Math.Abs(same.Phi - m.Phi) <= 1e-6 && Math.Abs(same.Vto - m.Vto) <= 1e-6, $"PHI {same.Phi}, VTO {same.Vto}");
        Assert.True(Math.Abs(same.Is / m.Is - 1) <= 1e-6 && Math.Abs(same.Pb - m.Pb) <= 1e-6);
        Assert.True(Math.Abs(same.BottomCapacitanceFactor - 1) <= 1e-6 && Math.Abs(same.SidewallCapacitanceFactor - 1) <= 1e-6);
        // Mobility: KP(T) = KP·(T/TNOM)^−1.5 exactly.
        var hot = MosfetTemperature.Of(m, 358.15);
        Assert.Equal(m.Transconductance * Math.Pow(358.15 / 300.15, -1.5), hot.Kp, 15);
        // Hotter silicon: lower threshold, more junction leakage (the physics SPICE's formulas encode).
        Assert.True(hot.Vto < m.Vto && hot.Is > 100 * m.Is, $"VTO {hot.Vto} V, IS {hot.Is} A at 85 °C");
    }
}
