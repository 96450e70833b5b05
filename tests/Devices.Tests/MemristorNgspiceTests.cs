using System.Globalization;
using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Devices.Tests;

/// <summary>The generated ngspice subcircuits against closed forms of their equations.</summary>
public class MemristorNgspiceTests
{
    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Linear drift without window under a constant current I: x(t) = x0 + (µv·Ron/D²)·I·t until the bound.
    /// Tolerance 0.1 % of x: dx/dt is constant, which trapezoidal integration reproduces exactly, so only
    /// Newton/reltol noise remains. After the bound the state must sit within the gate width δ = 1e-3 of 1 and
    /// never exceed 1 by more than 1e-9.</summary>
    [Fact]
    public void LinearDriftNoWindowConstantCurrentMatchesClosedForm()
    {
        var p = MemristorPresets.Hp(WindowKind.None);
        const double amps = 1e-4;
        var r = NgspiceBatch.Run(Decks.With(
            $"I1 0 a DC {N(amps)}",
            "X1 a 0 MEM_HP_NONE",
            ".tran 1m 1 0 1m"));
        var t = r["time"];
        var x = r["v(x1.x)"];
        var slope = p.DriftConstant * amps;
        var tBound = (1 - p.InitialState) / slope;
        Assert.InRange(tBound, 0.5, 0.8);
        var checkedPoints = 0;
        for (var k = 0; k < t.Length; k++)
        {
            if (t[k] <= 0.99 * tBound - 1e-3)
            {
                var expected = p.InitialState + slope * t[k];
                Assert.True(Math.Abs(x[k] - expected) <= 1e-3 * expected, $"t={t[k]} s: x={x[k]}, closed form {expected}");
                checkedPoints++;
            }
            Assert.True(x[k] <= 1 + 1e-9, $"state left its range: x={x[k]} at t={t[k]} s");
        }
        Assert.True(checkedPoints > 100);
        Assert.InRange(x[^1], 1 - 1e-3, 1 + 1e-9);
    }

    /// <summary>VTEAM under a constant voltage: the time to move x from x0 to x1 equals ∫ dx / (dx/dt) of its ODE.
    /// Crossbar preset (Kvatinsky window, OFF direction, v = 2·v_off so the drive is 1) and MemTorch preset
    /// (no window, α_on = 3, ON direction). Tolerance 0.5 %; the integral is taken by Simpson's rule
    /// with 20000 panels (error far below 1e-6) and ngspice's step is capped at T/4000.</summary>
    [Fact]
    public void VteamSwitchingTimeMatchesIntegralOfOde()
    {
        var xb = MemristorPresets.VteamCrossbar();
        var span = xb.WoffMeters - xb.WonMeters;
        var kv = xb.Kvatinsky!;
        // OFF: dx/dt = k_off·(v/v_off − 1)^α_off·exp(−exp((w − a_off)/w_c))/span, v/v_off − 1 = 1.
        double OffRate(double x) => xb.KoffMetersPerSecond * Math.Exp(-Math.Exp((xb.WonMeters + x * span - kv.AoffMeters) / kv.WcMeters)) / span;
        var tOff = Simpson(x => 1 / OffRate(x), 0.0, 0.9, 20000);

        var mt = MemristorPresets.VteamMemTorch();
        const double vOn = -0.5;
        var tOn = 0.8 * (mt.WoffMeters - mt.WonMeters) / (-mt.KonMetersPerSecond * Math.Pow(vOn / mt.VonVolts - 1, mt.AlphaOn));

        var r1 = NgspiceBatch.Run(Decks.With(
            $"V1 a 0 {N(2 * xb.VoffVolts)}",
            $"X1 a 0 MEM_VTEAM_XBAR rinit={N(xb.RonOhms)}",
            $".tran {N(tOff / 4000)} {N(1.2 * tOff)} 0 {N(tOff / 4000)}"));
        var measuredOff = Waveforms.Crossing(r1["time"], r1["v(x1.x)"], 0.9);
        Assert.True(Math.Abs(measuredOff - tOff) <= 5e-3 * tOff, $"OFF switching: ngspice {measuredOff} s, integral {tOff} s");

        var r2 = NgspiceBatch.Run(Decks.With(
            $"V1 a 0 {N(vOn)}",
            $"X1 a 0 MEM_VTEAM_MEMTORCH rinit={N(mt.RoffOhms)}",
            $".tran {N(tOn / 4000)} {N(1.2 * tOn)} 0 {N(tOn / 4000)}"));
        var measuredOn = Waveforms.Crossing(r2["time"], r2["v(x1.x)"], 0.2);
        Assert.True(Math.Abs(measuredOn - tOn) <= 5e-3 * tOn, $"ON switching: ngspice {measuredOn} s, closed form {tOn} s");
    }

    internal static double Simpson(Func<double, double> f, double a, double b, int panels)
    {
        var h = (b - a) / panels;
        var sum = f(a) + f(b);
        for (var k = 1; k < panels; k++) sum += (k % 2 == 1 ? 4 : 2) * f(a + k * h);
        return sum * h / 3;
    }

    /// <summary>The window text in the ngspice subcircuits: the initial slope dx/dt under a small constant current
    /// (±10 µA for 1 ms, Δx ≤ 1e-4) equals k·I·f(x0) with f from the papers' formulas written out here, at x0 in
    /// {0, 0.1, 0.5, 0.9, 1}. Tolerance 1e-3 relative plus 1e-12 absolute: over Δx ≤ 1e-4 the window changes by
    /// less than 4e-4 relative.</summary>
    [Theory]
    [InlineData(WindowKind.Joglekar)]
    [InlineData(WindowKind.Biolek)]
    [InlineData(WindowKind.Prodromakis)]
    public void NgspiceWindowsFollowThePapers(WindowKind kind)
    {
        Func<double, double, double> f = kind switch
        {
            WindowKind.Joglekar => (x, i) => 1 - Math.Pow(2 * x - 1, 2),
            WindowKind.Biolek => (x, i) => 1 - Math.Pow(x - (i > 0 ? 0 : 1), 2),
            _ => (x, i) => 1 - ((x - 0.5) * (x - 0.5) + 0.75),
        };
        var p = MemristorPresets.Hp(kind);
        var states = new[] { 0.0, 0.1, 0.5, 0.9, 1.0 };
        var lines = new List<string>();
        var cases = new List<(double X0, double I)>();
        foreach (var x0 in states)
            foreach (var amps in new[] { 1e-5, -1e-5 })
            {
                var k = cases.Count;
                // Biolek-style bounds: the gate stops x at 1 going up and at 0 going down; skip those two.
                if ((x0 == 1.0 && amps > 0) || (x0 == 0.0 && amps < 0)) continue;
                cases.Add((x0, amps));
                var rinit = p.RoffOhms - x0 * (p.RoffOhms - p.RonOhms);
                lines.Add($"I{k} 0 n{k} DC {N(amps)}");
                lines.Add($"X{k} n{k} 0 MEM_HP_{kind.ToString().ToUpperInvariant()} rinit={N(rinit)}");
            }
        lines.Add(".tran 10u 1m 0 10u");
        var r = NgspiceBatch.Run(Decks.With([.. lines]));
        for (var k = 0; k < cases.Count; k++)
        {
            var (x0, amps) = cases[k];
            var x = r[$"v(x{k}.x)"];
            var slope = (x[^1] - x[0]) / r["time"][^1];
            var expected = p.DriftConstant * amps * f(x0, amps);
            Assert.True(Math.Abs(slope - expected) <= 1e-3 * Math.Abs(expected) + 1e-12,
                $"{kind} at x0={x0}, I={amps} A: ngspice dx/dt={slope}, paper {expected}");
        }
    }

    /// <summary>Pinched hysteresis (HP set, Biolek window, 1 V sine at 1, 2, 4 Hz, second period): the current at
    /// every zero crossing of the voltage is below 1 nA (i = v/R so it is zero up to interpolation,
    /// ~1e-12 A here), and the loop area ∮|i dv| shrinks with frequency, each doubling by more than 1.3x
    /// (for small state excursions the area goes as 1/f; 1.3 leaves room for the nonlinearity).</summary>
    [Fact]
    public void PinchedHysteresisShrinksWithFrequency()
    {
        double[] freqs = [1, 2, 4];
        var lines = new List<string>();
        for (var k = 0; k < freqs.Length; k++)
        {
            lines.Add($"V{k} n{k} 0 SIN(0 1 {N(freqs[k])})");
            lines.Add($"X{k} n{k} 0 MEM_HP_BIOLEK");
        }
        lines.Add(".tran 0.1m 2 0 0.1m");
        var r = NgspiceBatch.Run(Decks.With([.. lines]));
        var t = r["time"];
        var areas = new double[freqs.Length];
        for (var k = 0; k < freqs.Length; k++)
        {
            var v = r[$"v(n{k})"];
            var i = r[$"i(v{k})"].Select(a => -a).ToArray();
            var period = 1 / freqs[k];
            double pos = 0, neg = 0, peak = 0;
            var crossings = 0;
            for (var n = 1; n < t.Length; n++)
            {
                if (v[n - 1] != 0 && v[n - 1] * v[n] < 0)
                {
                    var a = v[n - 1] / (v[n - 1] - v[n]);
                    var iz = i[n - 1] + a * (i[n] - i[n - 1]);
                    Assert.True(Math.Abs(iz) <= 1e-9, $"f={freqs[k]} Hz: current {iz} A at v=0 (t={t[n]} s)");
                    crossings++;
                }
                if (t[n - 1] < period || t[n] > 2 * period + 1e-12) continue;
                var segment = 0.5 * (i[n - 1] + i[n]) * (v[n] - v[n - 1]);
                if (v[n - 1] + v[n] >= 0) pos += segment; else neg += segment;
                peak = Math.Max(peak, Math.Abs(i[n]));
            }
            Assert.True(crossings >= 3, $"f={freqs[k]} Hz: only {crossings} zero crossings");
            areas[k] = Math.Abs(pos) + Math.Abs(neg);
            Assert.True(areas[k] > 1e-3 * peak, $"f={freqs[k]} Hz: no hysteresis (area {areas[k]} W)");
        }
        Assert.True(areas[0] > 1.3 * areas[1] && areas[1] > 1.3 * areas[2],
            $"loop areas {string.Join(", ", areas)} W do not shrink with frequency 1, 2, 4 Hz");
    }

    /// <summary>Read pulses (±0.2 V, 100 pulses of 1 µs) leave the read-safe preset's state unchanged (tolerance
    /// 1e-12: the rate is exactly 0 below the thresholds; only the 1e15 Ohm tie could move it), while the same
    /// pulses move MemTorch's preset (v_off = 0.02 V) by more than 1e-3 — the control that shows the check bites.</summary>
    [Fact]
    public void ReadSafePresetKeepsStateUnderReadPulsesInNgspice()
    {
        var r = NgspiceBatch.Run(Decks.With(
            "V1 a 0 PULSE(-0.2 0.2 0 10n 10n 0.99u 2u 100)",
            "X1 a 0 MEM_VTEAM_READSAFE",
            "X2 a 0 MEM_VTEAM_MEMTORCH rinit=525",
            ".tran 10n 200u 0 20n"));
        var x1 = r["v(x1.x)"];
        var x2 = r["v(x2.x)"];
        var x0 = new VteamModel(MemristorPresets.VteamReadSafe()).InitialState;
        Assert.All(x1, x => Assert.True(Math.Abs(x - x0) <= 1e-12, $"read-safe state moved to {x} from {x0}"));
        Assert.True(x2.Max() - x2.Min() > 1e-3, "control device did not move: the read pulses did not reach the devices");
    }

    /// <summary>TEAM without window under a constant current 2·i_off: the drive is (2 − 1)^α = 1, so
    /// x(t) = x0 + k_off·t/(w_off − w_on) until the bound. Tolerance 0.1 % of x (constant rate, exact for the
    /// trapezoid).</summary>
    [Fact]
    public void TeamConstantCurrentMatchesClosedForm()
    {
        var p = MemristorPresets.TeamDemo() with { Name = "TEAM_NOWIN", Kvatinsky = null };
        var model = new TeamModel(p);
        var amps = 2 * p.IoffAmperes;
        var r = NgspiceBatch.Run(Decks.With(
            Spice.MemristorSubcircuit.Write(p),
            $"I1 0 a DC {N(amps)}",
            "X1 a 0 MEM_TEAM_NOWIN",
            ".tran 10n 20u 0 10n"));
        var slope = p.KoffMetersPerSecond / (p.WoffMeters - p.WonMeters);
        var t = r["time"];
        var x = r["v(x1.x)"];
        var x0 = model.InitialState;
        var n = 0;
        for (var k = 0; k < t.Length; k++)
        {
            var expected = x0 + slope * t[k];
            if (expected > 0.99) break;
            Assert.True(Math.Abs(x[k] - expected) <= 1e-3 * expected, $"t={t[k]} s: x={x[k]}, closed form {expected}");
            n++;
        }
        Assert.True(n > 100);
    }
}
