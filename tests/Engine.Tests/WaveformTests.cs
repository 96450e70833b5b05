using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Engine.Tests;

/// <summary>Source functions with ngspice semantics (exact arithmetic: tolerance 1e-12).</summary>
public sealed class WaveformTests
{
    [Fact]
    public void Pulse_uses_tstep_for_zero_edges_and_tstop_for_width_and_period()
    {
        var p = new PulseWaveform(0, 1, 1e-3);
        // TR = TF = tstep = 1e-4, PW = PER = tstop = 1e-2.
        Assert.Equal(0, p.Value(1e-3, 1e-4, 1e-2), 12);
        Assert.Equal(0.5, p.Value(1.05e-3, 1e-4, 1e-2), 12);
        Assert.Equal(1, p.Value(5e-3, 1e-4, 1e-2), 12);
        var periodic = new PulseWaveform(0, 1, 0, 1e-6, 1e-6, 1e-3, 2e-3);
        Assert.Equal(1, periodic.Value(2.5e-3, 0, 1), 12);
        Assert.Equal(0, periodic.Value(3.5e-3, 0, 1), 12);
        var bp = new Breakpoints();
        periodic.AddBreakpoints(bp, 0, 4e-3);
        Assert.Contains(2e-3 + 1e-6, bp.Times);
    }

    [Fact]
    public void Sine_defaults_frequency_to_one_over_tstop_and_holds_before_delay()
    {
        var s = new SineWaveform(1, 2, null, 1e-3, 0, 90);
        Assert.Equal(3, s.Value(0.5e-3, 0, 4e-3), 12); // before TD: VO + VA·sin(phase)
        Assert.Equal(1 + 2 * Math.Sin(2 * Math.PI * 250 * 1e-3 + Math.PI / 2), s.Value(2e-3, 0, 4e-3), 12);
    }

    [Fact]
    public void Exp_defaults_follow_ngspice()
    {
        var e = new ExponentialWaveform(0, 1);
        // TD1 = TAU1 = tstep, TD2 = TD1 + tstep, TAU2 = tstep (tstep = 1e-3).
        Assert.Equal(0, e.Value(1e-3, 1e-3, 1e-2), 12);
        Assert.Equal(1 - Math.Exp(-1), e.Value(2e-3, 1e-3, 1e-2), 12);
    }

    [Fact]
    public void Pwl_interpolates_and_holds_the_ends()
    {
        var w = new PwlWaveform(1, 0, 2, 10, 3, -10);
        Assert.Equal(0, w.Value(0, 0, 0), 12);
        Assert.Equal(5, w.Value(1.5, 0, 0), 12);
        Assert.Equal(0, w.Value(2.5, 0, 0), 12);
        Assert.Equal(-10, w.Value(9, 0, 0), 12);
    }

    [Fact]
    public void Pwl_repeats_from_r_and_shifts_by_td()
    {
        // Points (0,0) (1,1) (2,0.5) (3,0.5), r = 1, td = 0.5: period 2 of the part from t = 1 to t = 3.
        var w = new PwlWaveform(0, 0, 1, 1, 2, 0.5, 3, 0.5) { RepeatFrom = 1, Delay = 0.5 };
        Assert.Equal(0, w.Value(0.25, 0, 10), 12);    // before td: first value
        Assert.Equal(0.5, w.Value(1.0, 0, 10), 12);   // 0.5 s into the table
        Assert.Equal(0.5, w.Value(3.0, 0, 10), 12);   // local 2.5 on the flat last segment
        Assert.Equal(0.75, w.Value(4.0, 0, 10), 12);  // local 3.5 -> 1 + (3.5 − 1) mod 2 = 1.5
        Assert.Equal(0.625, w.Value(4.25, 0, 10), 12); // local 3.75 -> 1.75
        var bp = new Breakpoints();
        w.AddBreakpoints(bp, 0, 8);
        Assert.Contains(0.5 + 2 + 2, bp.Times); // the corner at local 2, one period later
        Assert.Contains(0.5 + 3 + 2, bp.Times); // the end of the first repetition
    }

    [Fact]
    public void Sffm_is_a_sine_with_a_sine_phase_modulation()
    {
        var f = new SffmWaveform(0.5, 2, 1e3, 3, 50, 30, 60);
        double t = 1.234e-3;
        double expected = 0.5 + 2 * Math.Sin(2 * Math.PI * 1e3 * t + Math.PI / 6 + 3 * Math.Sin(2 * Math.PI * 50 * t + Math.PI / 3));
        Assert.Equal(expected, f.Value(t, 0, 1), 12);
        // FC and FS default to 1/tstop.
        var d = new SffmWaveform(0, 1, null, 1, null);
        Assert.Equal(Math.Sin(2 * Math.PI * 0.1 + Math.Sin(2 * Math.PI * 0.1)), d.Value(0.1, 0, 1), 12);
    }

    [Fact]
    public void Pwl_repeat_time_outside_the_points_is_an_error() =>
        Assert.Throws<CircuitException>(() => new PwlWaveform(0, 0, 1, 1) { RepeatFrom = 1 });
}
