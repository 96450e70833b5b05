using MemristorSpice.Engine;

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
}
