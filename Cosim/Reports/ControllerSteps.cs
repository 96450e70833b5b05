using System.Globalization;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Converters;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Reports;

/// <summary>One thing the digital controller does for every image, in words (for the run summary).</summary>
public sealed record ControllerStep(int Stage, string Layer, string Operation);

/// <summary>Describes the controller's work per stage: converters, scale factors, tiles and the digital operations.</summary>
internal static class ControllerSteps
{
    public static IReadOnlyList<ControllerStep> Describe(DigitalController controller)
    {
        var plans = controller.Plans.ToDictionary(p => p.StageIndex);
        var steps = new List<ControllerStep>();
        var stages = controller.Network.Stages;
        for (int s = 0; s < stages.Count; s++)
        {
            if (plans.TryGetValue(s, out var p))
            {
                var xb = p.Stage.Crossbars[0];
                string dac = p.Dac.Bits == 0 ? "ideal DAC" : $"{p.Dac.Bits}-bit {(p.Dac.Bipolar ? "bipolar" : "unipolar")} DAC, LSB {G(p.Dac.Lsb)}";
                string adc = string.Join("; ", p.Adcs.Select((a, t) =>
                    $"tile {t}: " + (a.Bits == 0 ? $"ideal ADC (calibrated range ±{G(a.FullScale)} W·V)" : $"{a.Bits}-bit ADC ±{G(a.FullScale)} W·V, LSB {G(a.Lsb)}")));
                steps.Add(new ControllerStep(s, p.Stage.Name,
                    $"analog {p.Stage.Kind}: {p.Stage.Crossbars.Count} crossbar(s) of {xb.Rows}x{xb.Outputs} (rows incl. bias) in {p.TileCount} tile(s), " +
                    $"{p.Stage.Positions} patches per crossbar per image; {dac} over [{(p.Dac.Bipolar ? "-" + G(p.Dac.FullScale) : "0")}, {G(p.Dac.FullScale)}] activation units; " +
                    $"rows driven at a*{G(p.VoltsPerActivation)} V, bias row at {G(p.VreadVolts)} V with bias weights / {G(p.Dac.FullScale)}; " +
                    $"{adc}; {Correction(p)}; tile partial sums added after the ADC; result * {G(1 / p.VoltsPerActivation)} back to activation units"));
            }
            else
            {
                steps.Add(new ControllerStep(s, stages[s].Name, stages[s].Layer switch
                {
                    ReLU => "digital ReLU",
                    MaxPool m => $"digital max pooling {m.Size}x{m.Size}",
                    AvgPool a => $"digital average pooling {a.Size}x{a.Size}",
                    GlobalAvgPool => "digital global average pooling",
                    Add => $"digital residual add of {string.Join(" + ", stages[s].Sources.Select(j => j < 0 ? "image" : stages[j].Name))}",
                    Concat => $"digital channel concatenation of {string.Join(", ", stages[s].Sources.Select(j => j < 0 ? "image" : stages[j].Name))}",
                    ElementwiseActivation e => $"digital {e.Kind}",
                    var l => $"digital {l.Kind}",
                }));
            }
        }
        return steps;
    }

    private static string Correction(AnalogLayerPlan p)
    {
        var all = p.Corrections.SelectMany(c => c).ToList();
        if (all.All(c => c.IsIdentity)) return "no digital correction";
        var gains = all.SelectMany(c => c.Gain).ToList();
        return $"digital per-output correction (read - offset)/gain, gains {G(gains.Min())}..{G(gains.Max())}";
    }

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
