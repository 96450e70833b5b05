using System.Globalization;
using System.Text.RegularExpressions;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests.Packaging;

/// <summary>
/// Runs the three programs of samples/ (built with this test project, which references them without using their
/// assemblies) and checks what they print against independent truths.
/// </summary>
[Collection("child dotnet processes")]
public class SampleProgramTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// rc_pulse.cir: 1 V pulse (10 µs edges at 0.1 ms and 0.51 ms) into R = 1 kΩ, C = 100 nF. The exact response of the
    /// RC to the piecewise-linear source at 0.75 ms is the truth. Tolerance 1 mV: the engine's transient error control
    /// (reltol 1e-3 of a ≤ 1 V signal) plus linear interpolation between time points (h²/8·|v''| ≈ 3e-5 V).
    /// </summary>
    [Fact]
    public void SimulateDeck_MatchesTheExactRcResponse()
    {
        var run = RunSample("SimulateDeck");
        Assert.Contains("RC low-pass driven by a pulse train: 1 analysis(es)", run.Out);
        var match = Regex.Match(run.Out, @"v\(out\) at time = 0\.00075: (\S+)");
        Assert.True(match.Success, run.ToString());
        double simulated = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        double[] times = [0, 0.1e-3, 0.11e-3, 0.51e-3, 0.52e-3, 0.75e-3];
        double[] volts = [0, 0, 1, 1, 0, 0];
        double exact = RcResponse(times, volts, tau: 1e3 * 100e-9);
        Assert.True(Math.Abs(simulated - exact) < 1e-3, $"v(out)(0.75 ms): sample {simulated}, exact {exact}");
    }

    /// <summary>
    /// Ideal op-amps and wires: the circuit output divided by its volts-per-unit is W·x + b up to the op-amp gain error
    /// (noise gain / A0 ≈ 1e-11 here) and round-off, so 1e-9 of the largest output is a safe bound.
    /// </summary>
    [Fact]
    public void CrossbarSolve_OutputsEqualWxPlusB()
    {
        var run = RunSample("CrossbarSolve");
        Assert.Contains("crossbar: 42 memristors", run.Out);   // 7 rows (6 inputs + bias) × 3 outputs × 2 (G+, G−)
        var match = Regex.Match(run.Out, @"max error: \S+ \((\S+) of the largest output\)");
        Assert.True(match.Success, run.ToString());
        Assert.True(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) < 1e-9, run.Out);
    }

    /// <summary>MNIST test image 0 is a 7; the shipped MSCCNN classifies it correctly, on the circuit path as well.</summary>
    [Fact]
    public void CosimImage_PredictsTheLabelOfTheFirstTestImage()
    {
        Dependencies.RequireMnist();
        var run = RunSample("CosimImage");
        Assert.Contains("MNIST test image 0: label 7", run.Out);
        Assert.Contains("ideal predicted class: 7", run.Out);
        Assert.Contains("circuit predicted class: 7", run.Out);
    }

    private static ChildProcess.Result RunSample(string name)
    {
        var config = InstalledToolTests.IsReleaseBuild ? "Release" : "Debug";
        var dll = Path.Combine(Dependencies.RepoRoot, "samples", name, "bin", config, "net10.0", name + ".dll");
        Assert.True(File.Exists(dll), $"{dll} not built (the test project builds the samples)");
        var run = ChildProcess.Run("dotnet", [dll], Dependencies.RepoRoot, Timeout);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }

    /// <summary>
    /// Exact capacitor voltage of an RC low-pass (time constant tau, seconds) at the last time point, for a source
    /// that is linear between the given (time, volts) corners, starting discharged. On a ramp u = a + b·s the solution
    /// is v = u − b·tau + (v0 − a + b·tau)·e^(−s/tau).
    /// </summary>
    private static double RcResponse(double[] times, double[] volts, double tau)
    {
        double v = 0;
        for (int k = 0; k + 1 < times.Length; k++)
        {
            double dt = times[k + 1] - times[k], a = volts[k], b = (volts[k + 1] - volts[k]) / dt;
            v = a + b * dt - b * tau + (v - a + b * tau) * Math.Exp(-dt / tau);
        }
        return v;
    }
}
