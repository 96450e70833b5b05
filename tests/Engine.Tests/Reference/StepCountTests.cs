using System.Globalization;
using System.Text.RegularExpressions;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Engine.Waveforms;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Engine.Tests.Reference;

/// <summary>
/// Step control against ngspice 39: the same circuit with default options, on decks whose output step (hence maximum
/// step) is large against the circuit's time constants or periods, so that the truncation-error estimate (its constant
/// per method and order, TRTOL, RELTOL, ABSTOL, CHGTOL) sets most steps and the accepted and rejected step counts
/// depend on it. ngspice reports its counts with <c>.options acct</c>.
/// Tolerance: accepted steps within 20 % of ngspice's, rejected steps within 30 % plus 3. Measured: ours are 3 to 11 %
/// below ngspice's on these decks (the two step controls differ in details such as the first steps after a
/// breakpoint); a trapezoidal error constant of 1/6 instead of 1/12 moves the counts by 17 to 35 %.
/// The waveforms must also agree (5 % of their peak-to-peak, see <see cref="CompareWaveforms"/>), so the counts are
/// compared on the same solution.
/// </summary>
public sealed class StepCountTests
{
    /// <summary>A deck (without .end) and the same circuit built in C#.</summary>
    public sealed record StepCase(string Name, string Deck, double Step, double Stop, IntegrationMethod Method, Func<Circuit> Build)
    {
        public override string ToString() => Name;
    }

    public static readonly StepCase[] Cases =
    [
        new("rc_pulse_trap", """
            RC pulse, step limited by truncation error
            V1 in 0 PULSE(0 1 0.1m 10u 10u 0.4m 1m)
            R1 in out 1k
            C1 out 0 100n
            .tran 50u 3m
            """, 50e-6, 3e-3, IntegrationMethod.Trapezoidal, RcPulse),
        new("rc_pulse_gear", """
            RC pulse, gear
            V1 in 0 PULSE(0 1 0.1m 10u 10u 0.4m 1m)
            R1 in out 1k
            C1 out 0 100n
            .options method=gear
            .tran 50u 3m
            """, 50e-6, 3e-3, IntegrationMethod.Gear, RcPulse),
        new("rlc_ringing_trap", """
            RLC ringing, step limited by truncation error
            V1 in 0 PULSE(0 1 0 1u 1u 1 2)
            R1 in a 10
            L1 a out 1m
            C1 out 0 1u
            .tran 40u 2m
            """, 40e-6, 2e-3, IntegrationMethod.Trapezoidal, Rlc),
        new("rc_sine_trap", """
            RC low-pass driven by a sine, step limited by truncation error
            V1 in 0 SIN(0 1 1k)
            R1 in out 1k
            C1 out 0 100n
            .tran 1m 10m
            """, 1e-3, 10e-3, IntegrationMethod.Trapezoidal, () => new Circuit().Add(
                new VoltageSource("V1", "in", "0", null, new SineWaveform(0, 1, 1e3)),
                new Resistor("R1", "in", "out", 1e3), new Capacitor("C1", "out", "0", 100e-9))),
        new("lc_tank_trap", """
            Lightly damped LC tank ringing for many periods
            V1 in 0 PULSE(0 1 0 1u 1u 1 2)
            R1 in a 1
            L1 a out 1m
            C1 out 0 1u
            .tran 1m 5m
            """, 1e-3, 5e-3, IntegrationMethod.Trapezoidal, () => new Circuit().Add(
                new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0, 1e-6, 1e-6, 1, 2)),
                new Resistor("R1", "in", "a", 1), new Inductor("L1", "a", "out", 1e-3), new Capacitor("C1", "out", "0", 1e-6))),
    ];

    public static TheoryData<string> Names()
    {
        var d = new TheoryData<string>();
        foreach (var c in Cases) d.Add(c.Name);
        return d;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Accepted_and_rejected_steps_match_ngspice(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        var ng = new NgspiceRunner(Dependencies.RequireNgspice(), TimeSpan.FromSeconds(60)).Run(c.Deck + "\n.options acct\n.end\n");
        int ngAccepted = Count(ng.Output, "Accepted timepoints"), ngRejected = Count(ng.Output, "Rejected timepoints");

        var tran = new Transient(c.Build(), c.Step, c.Stop, new SimulationOptions { Method = c.Method });
        var table = tran.Run();
        string summary = $"{name}: ours {tran.AcceptedSteps} accepted / {tran.RejectedSteps} rejected, ngspice {ngAccepted} / {ngRejected}";
        Assert.True(Math.Abs(tran.AcceptedSteps - ngAccepted) <= 0.2 * ngAccepted, summary);
        Assert.True(Math.Abs(tran.RejectedSteps - ngRejected) <= 0.3 * ngRejected + 3, summary);
        CompareWaveforms(table, ng.Transient.Table, name);
    }

    /// <summary>
    /// Every ngspice sample against ours interpolated linearly at its time, within 5 % of the signal's peak-to-peak:
    /// with steps this coarse (a few per cent of the fastest period) the straight line between two of our points
    /// departs from the curve by up to about 2 % of its swing, and trapezoidal phase error accumulates differently in
    /// the two simulators over the LC tank's 25 periods (measured worst 3.3 %).
    /// </summary>
    private static void CompareWaveforms(WaveformTable ours, WaveformTable reference, string name)
    {
        int compared = 0;
        foreach (var signal in reference.Names)
        {
            if (signal == "time" || !ours.Contains(signal)) continue;
            var r = reference[signal];
            double pkpk = Math.Max(1e-12, r.Max() - r.Min()), worst = 0;
            for (int k = 0; k < r.Length; k++) worst = Math.Max(worst, Math.Abs(ours.Interpolate(signal, reference.Axis[k]) - r[k]));
            Assert.True(worst <= 0.05 * pkpk, $"{name}: {signal} differs by {worst:G4} ({100 * worst / pkpk:F2} % of p-p {pkpk:G4})");
            compared++;
        }
        Assert.True(compared >= 2, $"{name}: only {compared} common signals");
    }

    private static int Count(string output, string label)
    {
        var m = Regex.Match(output, Regex.Escape(label) + @"\s*=\s*(\d+)");
        Assert.True(m.Success, $"ngspice printed no '{label}' line (.options acct):\n{output}");
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static Circuit RcPulse() => new Circuit().Add(
        new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0.1e-3, 10e-6, 10e-6, 0.4e-3, 1e-3)),
        new Resistor("R1", "in", "out", 1e3), new Capacitor("C1", "out", "0", 100e-9));

    private static Circuit Rlc() => new Circuit().Add(
        new VoltageSource("V1", "in", "0", null, new PulseWaveform(0, 1, 0, 1e-6, 1e-6, 1, 2)),
        new Resistor("R1", "in", "a", 10), new Inductor("L1", "a", "out", 1e-3), new Capacitor("C1", "out", "0", 1e-6));
}
