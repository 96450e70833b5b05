using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Converters;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Backends;

/// <summary>Settling error of one analog layer at one time within a read slot.</summary>
/// <param name="TimeSeconds">Time since the start of the slot (the DAC step), seconds.</param>
/// <param name="MaxErrorWeightVolts">Largest |output(t) − settled DC output| over probed patches, tiles and outputs, weight·volts.</param>
/// <param name="Layer">Name of the analog layer.</param>
/// <param name="Step">Time step index within the slot.</param>
/// <param name="MaxErrorLsb">The same in LSBs of each tile's ADC (of an 8-bit ADC over the same range when adc.bits = 0).</param>
public sealed record SettlingPoint(string Layer, int Step, double TimeSeconds, double MaxErrorWeightVolts, double MaxErrorLsb);

/// <summary>Settling curve of one layer and the read time it needs.</summary>
/// <param name="HalfLsbSeconds">First time after which the error stays at or below 0.5 LSB; null when it never does within the probe.</param>
/// <param name="Layer">Name of the analog layer.</param>
/// <param name="Patches">Consecutive patches probed per tile.</param>
/// <param name="Tiles">Tiles probed (those of the first crossbar).</param>
/// <param name="Points">Error at every time step of the slot.</param>
/// <param name="ErrorAtReadTimeLsb">Error at the configured read time (end of a normal slot), LSB.</param>
public sealed record SettlingCurve(string Layer, int Patches, int Tiles, IReadOnlyList<SettlingPoint> Points, double? HalfLsbSeconds, double ErrorAtReadTimeLsb)
{
    /// <summary>The layer's read slot, seconds (its own with the settling read time, else the one read time).</summary>
    public double ReadTimeSeconds { get; init; }
}

/// <summary>
/// The settling plot's data: for every analog layer, the tiles of its first crossbar are driven with a pulse train of
/// consecutive patches of one image (the ideal network's activations through the layer's DAC; patches from the middle
/// of the feature map, where the image has ink), with slots <see cref="SlotFactor"/> times longer than the read time.
/// At every time step the error against each patch's settled DC read is recorded: max over patches, tiles and
/// outputs, in weight·volts and ADC LSBs. The designer reads off the time where the curve crosses 0.5 LSB.
/// </summary>
public sealed class TranSettling(DigitalController controller, TranBackend backend)
{
    /// <summary>Probe slots are this many read times long.</summary>
    public int SlotFactor { get; init; } = 4;
    /// <summary>Consecutive patches per tile in the probe.</summary>
    public int Patches { get; init; } = 16;

    /// <summary>
    /// First position and length of a run of up to <paramref name="wanted"/> consecutive patches starting at the
    /// centre of the output map (where an MNIST digit has ink), leaving at least one patch before it.
    /// </summary>
    public static (int First, int Count) CentralRun(AnalogStage stage, int wanted)
    {
        int positions = stage.Positions, w = stage.OutputShape.W;
        if (positions < 2) return (0, positions);
        int first = Math.Clamp(stage.OutputShape.H / 2 * w + w / 2 - wanted / 2, 1, positions - 1);
        return (first, Math.Min(wanted, positions - first));
    }

    /// <summary>Probes the settling of every analog layer on <paramref name="image"/>.</summary>
    /// <param name="image">Input image of the network.</param>
    /// <param name="cancel">Stops between layers.</param>
    /// <returns>One settling curve per analog layer.</returns>
    public IReadOnlyList<SettlingCurve> Run(Tensor image, CancellationToken cancel = default)
    {
        var ideal = controller.Network.ForwardAll(image);
        var readers = backend.Readers.ToDictionary(r => r.Tile.Id);
        var curves = new List<SettlingCurve>();
        foreach (var plan in controller.Plans)
        {
            cancel.ThrowIfCancellationRequested();
            var stage = plan.Stage;
            var opts = backend.Options.ForLayer(stage.Name);
            int steps = opts.StepsPerSlot * SlotFactor;
            var input = controller.Network.StageInput(plan.StageIndex, image, ideal);
            var xb = stage.Crossbars[0];
            var patches = stage.Patches(input, 0, 0);
            int positions = stage.Positions;
            var (first, count) = CentralRun(stage, Patches);
            var errWv = new double[steps];
            var errLsb = new double[steps];
            for (int t = 0; t < plan.TileCount; t++)
            {
                var reader = readers[plan.Readers[0][t].Tile.Id];
                var tile = reader.Tile;
                var adc = plan.Adcs[t];
                double lsb = adc.Bits > 0 ? adc.Lsb : adc.FullScale / 127;
                int rows = tile.Rows, outs = tile.Outputs;
                var volts = new double[(count + 1) * rows];
                for (int k = 0; k <= count; k++)
                    for (int r = 0; r < rows; r++)
                    {
                        int row = tile.FirstRow + r, p = first - 1 + k;
                        // Before patch 0 (a fully connected layer has one position) the DAC is idle: 0 V on every row.
                        volts[k * rows + r] = p < 0 ? 0 : row == xb.BiasRow ? plan.VreadVolts : plan.Dac.Convert(patches[p * xb.Rows + row]) * plan.VoltsPerActivation;
                    }
                var settled = new double[count * outs];
                reader.StaticReader.Read(volts.AsSpan(rows), count, settled);
                var samples = new double[count * outs];
                reader.Model.Simulate(volts.AsSpan(0, rows), volts.AsSpan(rows), count, samples, steps, (p, s, y, _) =>
                {
                    for (int j = 0; j < outs; j++)
                    {
                        double e = Math.Abs(y[j] - settled[p * outs + j]);
                        if (e > errWv[s]) errWv[s] = e;
                        if (e / lsb > errLsb[s]) errLsb[s] = e / lsb;
                    }
                });
            }
            double h = opts.StepSeconds;
            var points = Enumerable.Range(0, steps).Select(s => new SettlingPoint(stage.Name, s, (s + 1) * h, errWv[s], errLsb[s])).ToList();
            int lastAbove = Array.FindLastIndex(errLsb, e => e > 0.5);
            double? halfLsb = lastAbove == steps - 1 ? null : (lastAbove + 2) * h;
            curves.Add(new SettlingCurve(stage.Name, count, plan.TileCount, points, halfLsb, errLsb[opts.StepsPerSlot - 1]) { ReadTimeSeconds = opts.ReadTimeSeconds });
        }
        return curves;
    }
}
