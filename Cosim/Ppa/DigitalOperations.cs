using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Ppa;

/// <summary>Work of one digital-controller stage per image (activation, pooling, residual add, concatenation).</summary>
/// <param name="Stage">Layer name.</param>
/// <param name="Kind">Layer kind (ReLU, MaxPool, Add, Concat, ...).</param>
/// <param name="OperationsPerImage">Digital operations per image (see <see cref="DigitalOperations"/> for the rules).</param>
/// <param name="EnergyJoules">Operations × the technology's energy per digital operation, J per image.</param>
public sealed record DigitalStagePpa(string Stage, string Kind, long OperationsPerImage, double EnergyJoules);

/// <summary>
/// Counts the digital controller's operations per image for every stage that is not a crossbar layer. The stages
/// work on digital values (after the ADC of the layer before and before the DAC of the layer after, whose
/// conversions are counted with those analog layers), so they cost digital operations only. Per output element:
/// <list type="bullet">
/// <item>ReLU and elementwise activations: 1 operation;</item>
/// <item>max pooling k×k: k² − 1 comparisons; average pooling k×k: k² − 1 additions + 1 scaling = k²;</item>
/// <item>global average pooling of an H×W plane: H·W − 1 additions + 1 scaling = H·W per channel;</item>
/// <item>residual add of n inputs: n − 1 additions;</item>
/// <item>channel concatenation: 1 copy (a memory write of each element into the joined buffer).</item>
/// </list>
/// Window counts are the full k×k window (an upper bound at padded edges). Energy = operations ×
/// digital.energyPerOperationJoules.
/// </summary>
internal static class DigitalOperations
{
    /// <summary>Operations per image of one non-crossbar stage (0 for layers that move no data, e.g. Flatten).</summary>
    public static long PerImage(NetworkStage stage)
    {
        var o = stage.OutputShape;
        long elements = (long)o.C * o.H * o.W;
        return stage.Layer switch
        {
            ReLU or ElementwiseActivation => elements,
            MaxPool m => elements * ((long)m.Size * m.Size - 1),
            AvgPool a => elements * ((long)a.Size * a.Size),
            GlobalAvgPool => (long)stage.InputShape.C * stage.InputShape.H * stage.InputShape.W,
            Add => elements * (stage.InputShapes.Count - 1),
            Concat => elements,
            _ => 0,
        };
    }

    /// <summary>The digital stages of <paramref name="network"/> with their operations and energy per image.</summary>
    public static IReadOnlyList<DigitalStagePpa> Count(CrossbarNetwork network, Technology tech) => network.Stages
        .Where(s => s is not AnalogStage)
        .Select(s => { long ops = PerImage(s); return new DigitalStagePpa(s.Name, s.Layer.Kind, ops, ops * tech.DigitalOperationJoules); })
        .ToList();
}
