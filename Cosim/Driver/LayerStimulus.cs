using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Network.Core;

namespace MemristorSpice.Cosim.Driver;

/// <summary>What the co-simulation applied to and read from one tile for one image.</summary>
/// <param name="Crossbar">The logical crossbar as generated for the run (its tiles' layouts, cells and mapping).</param>
/// <param name="Tile">Index of the tile within the crossbar.</param>
/// <param name="First">Index of the first patch recorded (in the controller's order of the feature map).</param>
/// <param name="Patches">Patches recorded, from <paramref name="First"/> on.</param>
/// <param name="Previous">Row volts of the patch before <paramref name="First"/> (all 0 V, the idle DAC, when it is patch 0): the settled state a deck starts from.</param>
/// <param name="RowVolts">Row source volts [patch × rows]: the DAC output of every row, the bias row at Vread.</param>
/// <param name="AdcInputVolts">The tile's output volts the ADC converts [patch × outputs] (dc: settled reads; tran: end of each read slot).</param>
/// <param name="AdcFullScaleVolts">Full scale of the tile's ADC in output volts.</param>
public sealed record TileStimulus(GeneratedCrossbar Crossbar, int Tile, int First, int Patches, double[] Previous, double[] RowVolts, double[] AdcInputVolts,
    double AdcFullScaleVolts);

/// <summary>
/// Records, for one image and one analog layer, the DAC steps the digital controller applies to every tile and the
/// ADC inputs it reads, exactly as the co-simulation computes them: the layer's input is the analog path's output
/// of the layers before it, each patch entry goes through the layer's DAC, and each tile is read by the run's
/// backend (<see cref="CircuitDcBackend"/> or <see cref="TranBackend"/>). Tran reads cut the feature map into pulse
/// trains of <see cref="Configuration.TranOptions.ChunkPatches"/> patches, each started from the settled state of the
/// patch before it, so every patch from 0 is read and the requested ones are kept. A transient deck that starts from
/// <see cref="TileStimulus.Previous"/> and applies <see cref="TileStimulus.RowVolts"/> slot by slot reproduces these ADC
/// inputs (exactly when the first patch starts a pulse train, else up to the residue of older slots).
/// </summary>
public static class LayerStimulus
{
    /// <summary>Every tile of every crossbar of <paramref name="layer"/> for <paramref name="image"/> ([1 × C × H × W]).</summary>
    /// <param name="controller">Controller of a session whose backend is <paramref name="dc"/> or a <see cref="TranBackend"/> over it.</param>
    /// <param name="dc">The DC backend (layouts and generated crossbars of the run).</param>
    /// <param name="image">Input image of the network.</param>
    /// <param name="layer">Name of an analog layer.</param>
    /// <param name="first">First patch recorded.</param>
    /// <param name="maxPatches">Record at most this many patches (null: to the end of the feature map).</param>
    public static IReadOnlyList<TileStimulus> Record(DigitalController controller, CircuitDcBackend dc, Tensor image, string layer, int first = 0, int? maxPatches = null)
    {
        var plan = controller.Plans.FirstOrDefault(p => p.Stage.Name == layer)
            ?? throw new ArgumentException($"'{layer}' is not an analog layer (analog layers: {string.Join(", ", controller.Plans.Select(p => p.Stage.Name))}).");
        var stage = plan.Stage;
        if (first < 0 || first >= stage.Positions)
            throw new ArgumentException($"{layer} has {stage.Positions} patches (0..{stage.Positions - 1}); the first patch {first} is outside.");
        var input = plan.StageIndex == 0 ? image : controller.Run(image)[plan.StageIndex - 1].Output;
        int count = Math.Min(maxPatches ?? stage.Positions, stage.Positions - first), end = first + count;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(maxPatches), "At least one patch.");
        var result = new List<TileStimulus>();
        for (int c = 0; c < stage.Crossbars.Count; c++)
        {
            var xb = stage.Crossbars[c];
            var patches = stage.Patches(input, 0, c);
            for (int t = 0; t < plan.TileCount; t++)
            {
                var reader = plan.Readers[c][t];
                var tile = reader.Tile;
                int rows = tile.Rows, outs = tile.Outputs;
                var volts = new double[end * rows];
                for (int p = 0; p < end; p++)
                    for (int r = 0; r < rows; r++)
                    {
                        int row = tile.FirstRow + r;
                        // The controller's conversion (DigitalController.RunAnalog): bias row at Vread, else DAC(a)·Vread/amax.
                        volts[p * rows + r] = row == xb.BiasRow ? plan.VreadVolts : plan.Dac.Convert(patches[p * xb.Rows + row]) * plan.VoltsPerActivation;
                    }
                var outputs = new double[end * outs];
                reader.Read(volts, end, outputs);
                var layout = dc.Layout(tile);
                double perVolt = CircuitDcBackend.WeightVoltsPerVolt(tile, layout);
                var adc = outputs.AsSpan(first * outs).ToArray().Select(v => v / perVolt).ToArray();
                var previous = first == 0 ? new double[rows] : volts.AsSpan((first - 1) * rows, rows).ToArray();
                result.Add(new TileStimulus(dc.Generated(tile), t, first, count, previous, volts.AsSpan(first * rows).ToArray(), adc,
                    plan.Adcs[t].FullScale / perVolt));
            }
        }
        return result;
    }
}
