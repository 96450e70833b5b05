using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Crossbar.Generation;

/// <summary>
/// Generates the crossbars of one analog layer with the mapping of <see cref="CrossbarMappingRules"/> (via the
/// <see cref="AnalogStage.Crossbars"/> the network already lays out): standard conv → one (k²·Cin + 1) × 2·Cout
/// crossbar fed im2col patches; depthwise → one (k² + 1) × 2 crossbar per channel; pointwise/classifier →
/// (Cin + 1) × 2·Cout; fully connected → (Nin + 1) × 2·Nout. All crossbars of a layer share one weight full scale
/// (the layer's largest |entry| unless the options fix it), so one ADC range serves the layer.
/// </summary>
internal sealed class LayerGenerator(CrossbarOptions options)
{
    public CrossbarOptions Options { get; } = options;

    /// <summary>Context (names, row meaning, tensor indices) of logical crossbar <paramref name="index"/> of a stage.</summary>
    public static CrossbarContext Context(AnalogStage stage, int index)
    {
        var layer = stage.Layer;
        var name = layer.Name;
        var xb = stage.Crossbars[index];
        WeightRef Bias(int o, int c) => new($"{name}.bias", [c], "bias");
        return layer switch
        {
            DepthwiseConv d => new CrossbarContext(name, nameof(AnalogKind.Depthwise), index, xb.Channel,
                $"k x k window (ky, kx) of channel {xb.Channel}, then bias",
                (r, o) => r == xb.BiasRow ? Bias(o, xb.Channel!.Value)
                    : new WeightRef($"{name}.weight", [xb.Channel!.Value, r], $"ky={r / d.Kernel} kx={r % d.Kernel}")),
            Conv2d { Groups: 1 } c => new CrossbarContext(name, stage.Kind.ToString(), index, null,
                stage.Kind == AnalogKind.Pointwise ? "input channel c, then bias" : "im2col patch (c, ky, kx), then bias",
                (r, o) => r == xb.BiasRow ? Bias(o, o)
                    : new WeightRef($"{name}.weight", [o, r], ConvInput(r, c.Kernel))),
            // Group g: outputs g·Cout/g + o, inputs g·Cin/g + c (the weight's row r is already within the group).
            Conv2d c => new CrossbarContext(name, stage.Kind.ToString(), index, null,
                $"group {xb.Group}: im2col patch (c, ky, kx) of input channels {xb.Group * c.GroupInChannels}..{(xb.Group + 1) * c.GroupInChannels - 1}, then bias",
                (r, o) => r == xb.BiasRow ? Bias(o, xb.Group * xb.Outputs + o)
                    : new WeightRef($"{name}.weight", [xb.Group * xb.Outputs + o, r],
                        ConvInput(r + xb.Group * c.GroupInChannels * c.Kernel * c.Kernel, c.Kernel))),
            FullyConnected => new CrossbarContext(name, stage.Kind.ToString(), index, null, "input feature i, then bias",
                (r, o) => r == xb.BiasRow ? Bias(o, o) : new WeightRef($"{name}.weight", [o, r], $"feature {r}")),
            _ => throw new ArgumentException($"layer '{name}' ({layer.Kind}) has no crossbar mapping."),
        };
    }

    private static string ConvInput(int row, int kernel)
    {
        int kk = kernel * kernel;
        return $"c={row / kk} ky={row % kk / kernel} kx={row % kernel}";
    }

    /// <summary>The options used for a stage: the shared weight full scale filled in.</summary>
    public CrossbarOptions OptionsFor(AnalogStage stage)
    {
        if (Options.WeightFullScale is not null) return Options;
        var wmax = stage.Crossbars.Max(x => CellProgrammer.FullScaleOf(x, Options.InputFullScale));
        return Options with { WeightFullScale = wmax };
    }

    /// <summary>Generates the selected logical crossbars of a stage (all when <paramref name="indices"/> is null).</summary>
    public IReadOnlyList<GeneratedCrossbar> Generate(AnalogStage stage, IEnumerable<int>? indices = null)
    {
        var generator = new CrossbarGenerator(OptionsFor(stage));
        return (indices ?? Enumerable.Range(0, stage.Crossbars.Count))
            .Select(i => generator.Generate(stage.Crossbars[i], Context(stage, i))).ToList();
    }
}
