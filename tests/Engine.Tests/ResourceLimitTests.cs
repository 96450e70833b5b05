using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Engine.Tests;

/// <summary>Runs everything under a wall-clock bound so that a regression to an endless loop fails instead of hanging.</summary>
internal static class Limits
{
    /// <summary>Generous for a shared two-core machine; the cases below take well under a second when the guards work.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    public static T Within<T>(Func<T> action)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(Budget), $"did not finish within {Budget.TotalSeconds} s");
        return task.Result;
    }
}

/// <summary>
/// Analyses stop at their point, step and breakpoint limits with an error naming the analysis, the count and the
/// option to raise, instead of growing without bound. Counts are exact (integers), no tolerance.
/// </summary>
public sealed class ResourceLimitTests
{
    private static Circuit Rc(Waveform? waveform = null) => new Circuit().Add(
        new VoltageSource("V1", "in", "0", waveform is null ? 1 : null, waveform),
        new Resistor("R1", "in", "out", 1e3), new Capacitor("C1", "out", "0", 1e-9));

    [Fact]
    public void Tran_1n_1_on_an_rc_stops_at_the_default_point_limit()
    {
        // tstep 1 ns up to 1 s: 1e9 steps of at most 1 ns would be needed; the default keeps 1,000,000 points.
        var e = Limits.Within(() => Assert.Throws<ResourceLimitException>(() => new Transient(Rc(), 1e-9, 1).Run()));
        Assert.Equal(1_000_000, e.Reached);
        Assert.Contains("Transient", e.Message);
        Assert.Contains("--max-points", e.Message);
        Assert.Contains("1,000,000", e.Message);
    }

    [Fact]
    public void The_point_limit_is_an_option_and_a_run_within_it_completes()
    {
        var small = new SimulationOptions { MaxPoints = 50 };
        var e = Assert.Throws<ResourceLimitException>(() => new Transient(Rc(), 1e-7, 1e-5, small).Run());
        Assert.Equal(50, e.Reached);
        // Within the limit the same run completes: 1e-5 s at the 1e-7 s maximum step needs at least 100 steps, under 10,000.
        var table = new Transient(Rc(), 1e-7, 1e-5, new SimulationOptions { MaxPoints = 10_000 }).Run();
        Assert.InRange(table.Count, 101, 10_000);
    }

    [Fact]
    public void Time_steps_including_rejected_ones_are_limited()
    {
        var e = Limits.Within(() => Assert.Throws<ResourceLimitException>(() =>
            new Transient(Rc(), 1e-9, 1, new SimulationOptions { MaxTimeSteps = 1000 }).Run()));
        Assert.Equal(1000, e.Reached);
        Assert.Contains("time steps", e.Message);
    }

    [Fact]
    public void A_maximum_step_below_the_floor_of_the_stop_time_is_refused_instead_of_crawling()
    {
        // 1e-30 s steps up to 1 µs would be 1e24 steps; the floor is 1e-14 × tstop = 1e-20 s.
        var e = Limits.Within(() => Assert.Throws<TimestepTooSmallException>(() =>
            new Transient(Rc(), 1e-9, 1e-6, new SimulationOptions { MaxStep = 1e-30 }).Run()));
        Assert.Contains("smallest step a stop time of 1E-06 s allows", e.Message);
    }

    [Fact]
    public void A_pulse_period_of_1e_19_s_is_refused_before_the_run()
    {
        var pulse = new PulseWaveform(0, 1, 0, 1e-21, 1e-21, 1e-20, 1e-19);
        var e = Limits.Within(() => Assert.ThrowsAny<CircuitException>(() => new Transient(Rc(pulse), 1e-9, 1e-6).Run()));
        Assert.Contains("Source V1", e.Message);
        Assert.Contains("period", e.Message);
        Assert.Contains("--max-points", e.Message);
    }

    [Fact]
    public void A_pulse_delay_of_minus_1e308_s_is_refused_instead_of_looping()
    {
        var pulse = new PulseWaveform(0, 1, -1e308, 1e-9, 1e-9, 1e-7, 2e-7);
        var e = Limits.Within(() => Assert.ThrowsAny<CircuitException>(() => new Transient(Rc(pulse), 1e-9, 1e-6).Run()));
        Assert.Contains("Source V1", e.Message);
        Assert.Contains("before time 0", e.Message);
    }

    [Fact]
    public void A_pulse_delay_of_minus_1e308_s_with_the_default_period_is_refused()
    {
        // PER defaults to tstop: 1e308 / 1e-6 periods before 0, the phase is lost to rounding.
        var pulse = new PulseWaveform(0, 1, -1e308);
        var e = Limits.Within(() => Assert.ThrowsAny<CircuitException>(() => new Transient(Rc(pulse), 1e-9, 1e-6).Run()));
        Assert.Contains("Source V1", e.Message);
    }

    [Fact]
    public void A_negative_delay_within_a_period_still_shifts_the_pulse()
    {
        // TD = −0.5 µs, TR = TF = 1 ns, PW = 1 µs, PER = 2 µs: at t = 0 the pulse is 0.5 µs into its high part, so the
        // source is high until 0.5 µs + 1 ns and low from 0.5 µs + 2 ns; closed form of the waveform, exact.
        var pulse = new PulseWaveform(0, 1, -0.5e-6, 1e-9, 1e-9, 1e-6, 2e-6);
        var table = Limits.Within(() => new Transient(Rc(pulse), 1e-8, 1e-6).Run());
        Assert.Equal(1, table.Interpolate("v(in)", 0.3e-6), 9);
        Assert.Equal(0, table.Interpolate("v(in)", 0.7e-6), 9);
    }

    [Theory]
    [InlineData(-1e-9, null, null, null)]
    [InlineData(null, -1e-9, null, null)]
    [InlineData(null, null, -1e-9, null)]
    [InlineData(null, null, null, -1e-9)]
    [InlineData(double.PositiveInfinity, null, null, null)]
    public void Negative_or_infinite_pulse_times_are_refused(double? rise, double? fall, double? width, double? period)
    {
        var e = Assert.Throws<CircuitException>(() => new PulseWaveform(0, 1, 0, rise, fall, width, period));
        Assert.Contains("PULSE", e.Message);
    }

    [Fact]
    public void A_pwl_repeat_with_a_tiny_period_is_refused()
    {
        var pwl = new PwlWaveform(0, 0, 1e-20, 1) { RepeatFrom = 0 };
        var e = Limits.Within(() => Assert.ThrowsAny<CircuitException>(() => new Transient(Rc(pwl), 1e-9, 1e-6).Run()));
        Assert.Contains("Source V1", e.Message);
        Assert.Contains("PWL repeat", e.Message);
    }

    [Fact]
    public void A_dc_sweep_of_1e12_points_is_refused_before_the_run()
    {
        var c = new Circuit().Add(new VoltageSource("V1", "1", "0", 1), new Resistor("R1", "1", "0", 1e3));
        var e = Limits.Within(() => Assert.Throws<ResourceLimitException>(() => new DcSweep(c, new SweepSpec("V1", 0, 1, 1e-12)).Run()));
        Assert.Contains("--max-points", e.Message);
    }

    [Fact]
    public void Wide_circuits_reach_the_stored_value_budget_before_the_point_limit()
    {
        // (signals + time) × points ≤ budget: 300,000 values over 2,999 signals and the time leave 100 points.
        var options = new SimulationOptions { MaxPoints = 1000, MaxStoredValues = 300_000 };
        Assert.Equal(100, options.PointLimit(2_999));
        Assert.Equal(1000, options.PointLimit(2));
    }
}
