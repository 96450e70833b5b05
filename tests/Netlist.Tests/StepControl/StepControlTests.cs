using System.Text.RegularExpressions;
using MemristorSpice.Engine.Results;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;
using Xunit.Abstractions;

namespace MemristorSpice.Netlist.Tests.StepControl;

/// <summary>
/// Transient accuracy where waveforms switch. Each deck in StepControl/Decks (our own text: threshold memristors, IMPLY
/// logic, Schmitt trigger, rectifiers, class-AB stage, CMOS gates, oscillators, a switching converter, an LC tank with
/// uic) runs three times: ngspice with a maximum step of 1/1000 of the run (the reference), ngspice at its default
/// settings, and our engine at default settings. The error of a run is, per signal, the RMS over the reference's time
/// points of (run linearly interpolated − reference), divided by the reference's peak-to-peak; the worst signal counts.
/// Ours must be no larger than 1.25 × ngspice's plus the models' own difference (our engine at the reference's small
/// step against the reference, measured in the same test). Why 1.25: both engines follow the same step rules (dctran.c),
/// so on decks where neither has an advantage their step sequences differ only by rounding and device details, which
/// moves the error by up to ±15 % either way (measured on these decks); a looser step control is 2x to 20x worse.
/// </summary>
public class StepControlTests(ITestOutputHelper output)
{
    private static string DeckFolder => Path.Combine(Dependencies.RepoRoot, "tests", "Netlist.Tests", "StepControl", "Decks");

    /// <summary>Decks of the step-control comparison.</summary>
    public static TheoryData<string> Decks => new(Directory.GetFiles(DeckFolder, "*.cir").Select(Path.GetFileName).OfType<string>().Order());

    [Fact]
    public void There_are_at_least_ten_switching_decks() => Assert.True(Decks.Count >= 10, $"{Decks.Count} decks");

    [Theory]
    [MemberData(nameof(Decks))]
    public void Error_against_a_fine_step_reference_is_no_larger_than_ngspice_at_default_settings(string deck)
    {
        Dependencies.RequireNgspice();
        string path = Path.Combine(DeckFolder, deck);
        string folder = Directory.CreateTempSubdirectory("memspice-step-").FullName;
        try
        {
            string fine = Path.Combine(folder, deck);
            File.WriteAllText(fine, WithFineMaximumStep(File.ReadAllText(path)));
            var runner = new SimulationRunner();
            var reference = Transient(runner.RunFile(fine, Backend.Ngspice));
            var ngspice = Transient(runner.RunFile(path, Backend.Ngspice));
            var ours = Transient(runner.RunFile(path, Backend.Native));
            var oursFine = Transient(runner.RunFile(fine, Backend.Native));
            var (ourError, ourSignal) = Error(ours, reference);
            var (ngError, ngSignal) = Error(ngspice, reference);
            var (modelGap, gapSignal) = Error(oursFine, reference);
            output.WriteLine($"{deck}: ours {ourError:G3} ({ourSignal}, {ours.Count} points), ngspice {ngError:G3} ({ngSignal}, {ngspice.Count} points), " +
                             $"models at the fine step {modelGap:G3} ({gapSignal}), reference {reference.Count} points");
            Assert.True(ourError <= 1.25 * ngError + modelGap,
                $"{deck}: our error {ourError:G3} on {ourSignal} exceeds 1.25 × ngspice's {ngError:G3} ({ngSignal}) + model gap {modelGap:G3}");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>The deck's .tran line with tmax = tstop/1000 (tstart 0, uic kept).</summary>
    internal static string WithFineMaximumStep(string text) =>
        Regex.Replace(text, @"(?im)^\.tran\s+(\S+)\s+(\S+)(.*)$", m =>
        {
            bool uic = m.Groups[3].Value.Contains("uic", StringComparison.OrdinalIgnoreCase);
            return $".tran {m.Groups[1].Value} {m.Groups[2].Value} 0 {{{m.Groups[2].Value}/1000}}{(uic ? " uic" : "")}";
        });

    private static WaveformTable Transient(SimulationResult result) => Assert.Single(result.Analyses, a => a.Kind == "tran").Table;

    /// <summary>Worst signal's RMS difference to the reference over the reference's points, relative to its peak-to-peak.</summary>
    internal static (double Error, string Signal) Error(WaveformTable run, WaveformTable reference)
    {
        double worst = 0;
        string signal = "";
        foreach (var name in reference.Names.Where(n => n != reference.AxisName && run.Contains(n)))
        {
            var y = reference[name];
            double span = y.Max() - y.Min();
            if (!(span > 1e-9 * Math.Max(1, y.Max(Math.Abs)))) continue; // a supply: nothing to compare
            double sum = 0;
            int count = 0;
            double first = run.Axis[0];
            for (int i = 0; i < reference.Count; i++)
            {
                double t = reference.Axis[i];
                if (t < first) continue;
                double d = run.Interpolate(name, t) - y[i];
                sum += d * d;
                count++;
            }
            double e = Math.Sqrt(sum / Math.Max(1, count)) / span;
            if (e > worst) { worst = e; signal = name; }
        }
        Assert.NotEqual("", signal); // something was compared
        return (worst, signal);
    }
}
