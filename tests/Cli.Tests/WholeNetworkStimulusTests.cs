using System.Globalization;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

/// <summary>
/// <c>generate network --stimulus I --whole-network</c>: one transient deck of every analog layer of an image, run
/// unchanged by ngspice, reproduces the co-simulation's ADC inputs of every layer, the last (classifier) included.
/// </summary>
public sealed class WholeNetworkStimulusTests
{
    /// <summary>
    /// A tiny three-layer CNN (conv 1→2, pointwise 2→3, pointwise 3→10, GAP; 56 weights, seeded; no pooling, so every
    /// layer has the 784 positions of the image and patches 406..408, in the middle of test image 0's digit, carry
    /// signal in every layer), dc mode with op-amps of A0 1e5, 1 µs read slots. In dc mode the co-simulation's ADC
    /// inputs are settled reads; the deck's circuit has no GBW and no wire capacitance and its memristors stay below
    /// their thresholds, so each slot end is settled too. ngspice's .meas values agree within 1e-4 of each tile's ADC
    /// full scale (the bound of the single-layer stimulus deck; ngspice prints 7 digits).
    /// </summary>
    [Fact]
    public void Whole_network_deck_in_ngspice_reproduces_every_layers_adc_inputs()
    {
        var exe = Dependencies.RequireNgspice();
        Dependencies.RequireMnist();
        var dir = SeededWeights.TempDir("whole-network");
        var model = new Model("tiny", ModelZoo.MnistShape,
        [
            new Conv2d("conv1", 1, 2, 3, 1, 1), new ReLU("relu1"),
            new PointwiseConv("pw1", 2, 3), new ReLU("relu2"),
            new PointwiseConv("classifier", 3, 10), new GlobalAvgPool("gap"),
        ]);
        Initializer.HeInit(model, 5);
        var weights = Path.Combine(dir, "tiny.msw");
        WeightsFile.Save(model, weights);
        var config = Path.Combine(dir, "design.json");
        // Fields left out take the realistic default design (1 Ω wires, GBW 10 MHz): this deck has neither.
        // The read slot is fixed at 1 µs: with nothing dynamic the settling read time would be one 10 ns grid step.
        File.WriteAllText(config, """{ "opAmp": { "a0": 1e5, "gbwHz": null }, "wire": { "rowOhms": 0, "columnOhms": 0 }, "calibrationImages": 20, "read": { "timeSeconds": 1e-6 } }""");
        var outDir = Path.Combine(dir, "deck");
        var r = CliRunner.Run("generate", "network", "--weights", weights, "--stimulus", "0", "--whole-network", "--stimulus-start", "406",
            "--stimulus-patches", "3", "--nonideal", config, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        var deck = File.ReadAllText(Path.Combine(outDir, "network.image0.tran.cir"));
        // One deck: every layer's tiles, each in its own window of read slots after the layer before.
        Assert.Contains("* conv1: slots 0..2", deck);
        Assert.Contains("* pw1: slots 3..5", deck);
        Assert.Contains("* classifier: slots 6..8", deck);

        var measured = NgspiceBatch.RunMeasures(exe, outDir, "network.image0.tran.cir");
        var rows = File.ReadAllLines(Path.Combine(outDir, "network.image0.adc.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["conv1", "pw1", "classifier"], rows.Select(c => c[1]).Distinct());
        double varied = 0;
        foreach (var c in rows)
        {
            Assert.True(measured.TryGetValue(c[0], out var spice), $"ngspice printed no {c[0]}");
            double cosim = double.Parse(c[6], CultureInfo.InvariantCulture), fullScale = double.Parse(c[7], CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(spice - cosim) <= 1e-4 * fullScale, $"{c[0]}: ngspice {spice} V, co-simulation {cosim} V, ADC full scale {fullScale} V");
            varied = Math.Max(varied, Math.Abs(cosim) / fullScale);
        }
        // The classifier's samples (the network's final ADC inputs) are all there and not all zero.
        Assert.Equal(3 * 10, rows.Count(c => c[1] == "classifier"));
        Assert.True(varied > 0.01, $"every ADC input is below 1 % of its full scale ({varied}): nothing was compared");
    }
}
