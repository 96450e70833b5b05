using MemristorSpice.Engine.Components;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// The diode temperature model's identities (its curves are checked against ngspice 39 in tests/Netlist.Tests
/// DiodeTemperatureTests): at T = TNOM every parameter is the model's, and the linear coefficients do what they say.
/// </summary>
public class DiodeTemperatureTests
{
    private static readonly DiodeModel Model = new()
    {
        Is = 2e-14, N = 1.3, Rs = 4, Cjo = 3e-12, Vj = 0.7, M = 0.45, Tt = 8e-9, Bv = 6, Tnom = 323.15,
        Trs1 = 3e-3, Trs2 = 1e-5, Ttt1 = 2e-3, Ttt2 = 4e-6, Tm1 = 1e-3, Tm2 = 2e-6, Tcv = 2e-3,
    };

    [Fact]
    public void At_tnom_every_parameter_is_the_models()
    {
        // Tolerance 1e-12 relative: VJ and CJO go through ln/exp of the band-gap terms and back (rounding only).
        var t = DiodeTemperature.Of(Model, Model.Tnom);
        Assert.Equal(Model.Is, t.Is, 1e-12 * Model.Is);
        Assert.Equal(Model.Vj, t.Vj, 1e-12);
        Assert.Equal(Model.Cjo, t.Cjo, 1e-12 * Model.Cjo);
        Assert.Equal((Model.M, Model.Tt, Model.Rs, Model.Bv), (t.M, t.Tt, t.Rs, t.Bv));
        Assert.False(t.GradingLimited || t.PotentialLimited);
    }

    [Fact]
    public void Linear_and_quadratic_coefficients_scale_rs_tt_m_and_bv()
    {
        // ΔT = 50 K; exact arithmetic except the last bit.
        double dt = 50;
        var t = DiodeTemperature.Of(Model, Model.Tnom + dt);
        Assert.Equal(4 * (1 + 3e-3 * dt + 1e-5 * dt * dt), t.Rs, 1e-12);
        Assert.Equal(8e-9 * (1 + 2e-3 * dt + 4e-6 * dt * dt), t.Tt, 1e-21);
        Assert.Equal(0.45 * (1 + 1e-3 * dt + 2e-6 * dt * dt), t.M, 1e-12);
        Assert.Equal(6 - 2e-3 * dt, t.Bv!.Value, 1e-12);
        Assert.Equal(6 * (1 - 2e-3 * dt), DiodeTemperature.Of(Model with { Tlev = 1 }, Model.Tnom + dt).Bv!.Value, 1e-12);
        // Higher temperature: lower junction potential, larger zero-bias capacitance (band-gap narrowing), as silicon does.
        Assert.True(t.Vj < Model.Vj && t.Cjo > Model.Cjo);
    }
}
