using Xunit.Abstractions;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.IO;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cosim.Tests;

/// <summary>Parameters of <c>memspice sweep</c> and a read-time sweep of the shipped MSCCNN against its dc read.</summary>
public class ReadTimeSweepTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("read-time", "read-time", true)]
    [InlineData("GBW", "gbw", true)]
    [InlineData("wire-farads", "wire-farads", true)]
    [InlineData("a0", "a0", false)]
    [InlineData("opamp-gain", "a0", false)]
    [InlineData("wire-r", "wire-ohms", false)]
    [InlineData("wire-ohms", "wire-ohms", false)]
    [InlineData("sigma", "sigma", false)]
    public void Parameters_and_their_old_names_parse_and_tran_only_ones_are_marked(string name, string canonical, bool tranOnly)
    {
        var p = SweepParameter.Parse(name);
        Assert.Equal((canonical, tranOnly), (p.Name, p.TranOnly));
    }

    [Theory]
    [InlineData("temperature", "temperature is not modelled")]
    [InlineData("clock", "unknown parameter 'clock' (choose read-time, gbw, a0, wire-ohms, wire-farads")]
    public void Unknown_and_unmodelled_parameters_are_refused(string name, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => SweepParameter.Parse(name));
        Assert.StartsWith(message, ex.Message);
    }

    [Fact]
    public void Values_enter_the_named_field_and_bad_ones_name_it()
    {
        var b = new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1 };
        var t = new TranOptions();
        Assert.Equal(2e-7, SweepParameter.Parse("read-time").Apply(b, t, 2e-7, 1).Tran.ReadTimeSeconds);
        Assert.Equal(5e6, SweepParameter.Parse("gbw").Apply(b, t, 5e6, 1).Settings.OpAmpGbwHz);
        Assert.Equal(2e-16, SweepParameter.Parse("wire-farads").Apply(b, t, 2e-16, 1).Settings.WireCapacitanceFarads);
        var c = SweepParameter.Parse("wire-ohms").Apply(b, t, 3, 7).Settings;
        Assert.Equal((3.0, 3.0, 7, 7), (c.WireRowOhms, c.WireColumnOhms, c.VariationSeed, c.FaultSeed));
        var farads = Assert.Throws<ArgumentException>(() => SweepParameter.Parse("wire-farads").Apply(new NonIdealities(), t, 2e-16, 1));
        Assert.Contains("field 'wire.capacitanceFarads' needs wire segments", farads.Message);
        var read = Assert.Throws<ArgumentException>(() => SweepParameter.Parse("read-time").Apply(b, t, 2, 1));
        Assert.Contains("--read-time must be a read time per patch in (0, 1] seconds", read.Message);
    }

    [Fact]
    public void Read_time_sweep_loses_accuracy_when_too_short_matches_dc_when_long_and_latency_is_reads_times_read_time()
    {
        // Shipped MSCCNN, ideal wires, A0 1e5, GBW 5 MHz, 8-bit converters, 8 MNIST test images. At 5 MHz the slowest
        // closed-loop pole (classifier, 128 rows) is τ ≈ 0.6 µs and conv1's about 0.1 µs. A 0.05 µs slot leaves most of
        // the previous patch in every read (e^(−0.05/0.1) ≈ 60 % in conv1), which smears the feature maps: the
        // accuracy must fall by at least 3 of the 8 images below the dc read of the same circuits. A 10 µs slot
        // leaves e^(−10/0.6) < 1e-7 of a step, far below 0.5 LSB (2^-9 of the range), so every ADC code and hence
        // every prediction equals dc: the same number of correct images (tolerance 0).
        var root = Dependencies.RepoRoot;
        Dependencies.RequireMnist();
        var model = WeightsFile.Load(Path.Combine(root, "weights", "msccnn.msw"));
        var settings = new NonIdealities { OpAmpGain = 1e5, OpAmpGbwHz = 5e6, CalibrationImages = 20, ColumnCalibrationImages = 10 };
        double[] values = [0.05e-6, 10e-6];
        var tech = TechnologyFile.Default();
        var plan = new SweepPlan(SweepParameter.Parse("read-time"), values, [new SweepModel("msccnn", "test")], 1, 1, "mnist", 8, settings)
        {
            Tran = new TranOptions { StepsPerSlot = 10 }, Technology = tech,
        };
        Assert.Equal("tran", plan.Mode);
        var results = SweepRunner.Run(plan, Shard.Whole, new Dictionary<string, Network.Models.Model> { ["msccnn"] = model },
            TestModels.MnistTrainHead(20), TestModels.Mnist(0, 8), threads: 2);
        Assert.Equal(2, results.Count);
        var (shortRead, longRead) = (results[0], results[1]);
        output.WriteLine($"correct of 8: 0.05 µs {shortRead.Correct}, 10 µs {longRead.Correct}, dc {longRead.DcCorrect}, float {longRead.FloatCorrect}");
        Assert.Equal(shortRead.DcCorrect, longRead.DcCorrect);
        Assert.True(longRead.DcCorrect >= 7, $"dc reference: {longRead.DcCorrect}/8");
        Assert.Equal(longRead.DcCorrect, longRead.Correct);
        Assert.True(shortRead.Correct <= shortRead.DcCorrect - 3, $"0.05 µs: {shortRead.Correct}/8 correct vs dc {shortRead.DcCorrect}/8");

        // Latency per image: every layer reads its output positions one after the other, layers in sequence, so
        // latency = T·Σ_layers positions (closed form from the network's analog stages), exactly proportional to T.
        int reads = CrossbarNetwork.FromModel(model, settings.BiasRow).AnalogStages.Sum(s => s.Positions);
        foreach (var r in results)
            Assert.Equal(reads * r.Point.Value, r.LatencySeconds, 1e-12 * reads * r.Point.Value);
        // Static power runs for the whole latency: a 200x longer read costs more energy per image.
        Assert.True(longRead.EnergyJoules > shortRead.EnergyJoules);
    }
}
