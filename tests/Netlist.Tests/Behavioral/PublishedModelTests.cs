using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;
using Xunit.Abstractions;

namespace MemristorSpice.Netlist.Tests.Behavioral;

/// <summary>
/// Published memristor models in their B-source form (netlists/models) run in our engine and in ngspice; the
/// drive current waveforms agree within 1 % RMS of the peak current (docs/behavioral.md, "Tests"), sampled on 4000 points. The
/// tolerance covers the two engines' different step control; the state must move, or the test says nothing.
/// </summary>
public class PublishedModelTests(ITestOutputHelper output)
{
    internal static (WaveformTable Ours, WaveformTable Ngspice) RunBoth(string file)
    {
        Dependencies.RequireNgspice();
        var path = Path.Combine(Dependencies.RepoRoot, "netlists", "models", file);
        var circuit = NetlistReader.ReadFile(path).Circuit;
        var ours = new SimulationRunner().Run(circuit, Backend.Native).Analyses[0].Table;
        var ng = new SimulationRunner().Run(circuit, Backend.Ngspice).Analyses[0].Table;
        return (ours, ng);
    }

    /// <summary>RMS of (ours − ngspice) over the run, and the peak of |ngspice|.</summary>
    internal static (double Rms, double Peak) Difference(WaveformTable ours, WaveformTable ng, string signal)
    {
        const int points = 4000;
        double stop = Math.Min(ours.Axis[^1], ng.Axis[^1]);
        double sum = 0, peak = 0;
        for (int k = 0; k <= points; k++)
        {
            double t = stop * k / points;
            double a = ours.Interpolate(signal, t), b = ng.Interpolate(signal, t);
            sum += (a - b) * (a - b);
            peak = Math.Max(peak, Math.Abs(b));
        }
        return (Math.Sqrt(sum / (points + 1)), peak);
    }

    private void AssertMatches(string file, string state, double minimumSwing)
    {
        var (ours, ng) = RunBoth(file);
        var (rms, peak) = Difference(ours, ng, "i(v1)");
        output.WriteLine($"{file}: RMS difference {rms:G3} A = {100 * rms / peak:F4} % of the peak {peak:G4} A");
        Assert.True(peak > 0, "no current flowed");
        Assert.True(rms <= 0.01 * peak, $"{file}: RMS difference {rms} A is above 1 % of the peak {peak} A");
        var x = ours[state];
        Assert.True(x.Max() - x.Min() > minimumSwing, $"{file}: state barely moved ({x.Min()}..{x.Max()})");
    }

    [Fact]
    public void Biolek_model_matches_ngspice() => AssertMatches("biolek.cir", "v(x1.x)", 0.1);

    [Fact]
    public void Pershin_Di_Ventra_threshold_model_matches_ngspice() => AssertMatches("pershin-diventra.cir", "v(x1.x)", 1000);
}
