using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// Where a behavioral condition changed inside a step, for the threshold function f(v) = β·(v − Vt) above Vt and
/// exactly 0 below it (the margin of "f > 0"). Closed form: with v moving linearly from v0 to v1 over the step, the
/// crossing is at θ = (Vt − v0)/(v1 − v0). Tolerance 1e-12: the estimate is exact arithmetic on a linear piece.
/// </summary>
public class SwitchChangePointTests
{
    private const double Beta = 2e12, Vt = 1.6;

    private static double F(double v) => v > Vt ? Beta * (v - Vt) : 0;
    private static double Slope(double v) => v > Vt ? Beta : 0;

    [Theory]
    [InlineData(2.5, 0.4)]   // leaving the lobe: the margin ends flat at 0
    [InlineData(1.9, -3.0)]
    public void A_margin_that_ends_flat_changes_where_the_input_crossed_the_threshold(double v0, double v1)
    {
        double dv = v1 - v0;
        var theta = SwitchMonitor.ChangePoint(F(v0), F(v1), Slope(v0) * dv, Slope(v1) * dv, flatA: false, flatB: true);
        Assert.NotNull(theta);
        Assert.Equal((Vt - v0) / dv, theta!.Value, 12);
        // The plain secant would put it at the end of the step, where nothing happens.
        Assert.Equal(1.0, Math.Abs(F(v0)) / (Math.Abs(F(v0)) + Math.Abs(F(v1))), 12);
    }

    [Theory]
    [InlineData(0.2, 2.0)]   // entering the lobe: the margin starts flat at 0
    [InlineData(-1.0, 4.0)]
    public void A_margin_that_starts_flat_changes_where_the_input_crossed_the_threshold(double v0, double v1)
    {
        double dv = v1 - v0;
        var theta = SwitchMonitor.ChangePoint(F(v0), F(v1), Slope(v0) * dv, Slope(v1) * dv, flatA: true, flatB: false);
        Assert.NotNull(theta);
        Assert.Equal((Vt - v0) / dv, theta!.Value, 12);
    }

    [Fact]
    public void A_flat_end_whose_partner_does_not_reach_zero_in_the_step_is_no_change()
    {
        // v goes 3.0 -> 2.0: f stays positive; a flat end claimed at b would need the crossing beyond the step.
        double dv = -1.0;
        Assert.Null(SwitchMonitor.ChangePoint(F(3.0), 0, Slope(3.0) * dv, 0, flatA: false, flatB: true));
    }

    [Fact]
    public void A_linear_margin_that_changes_sign_uses_the_secant()
    {
        // m = v - 1 from -1 to 3: the secant is exact, 0.25.
        Assert.Equal(0.25, SwitchMonitor.ChangePoint(-1, 3, 4, 4, flatA: false, flatB: false)!.Value, 12);
    }
}
