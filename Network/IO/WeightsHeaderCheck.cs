using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.IO;

/// <summary>
/// Checks the fields of a .msw header before anything is allocated from them: names (<see cref="InputName"/>),
/// the input shape, each layer's kind and hyper-parameters (exact key set, ranges), and the number of float32
/// values the layers need against the bytes the file really holds, so a header claiming 2^31-1 channels is
/// refused without allocating. Every failure is a <see cref="WeightsFormatException"/> naming the file, the field
/// and the value.
/// </summary>
internal sealed class WeightsHeaderCheck(string source)
{
    /// <summary>Largest channel or feature count of a conv/depthwise/BatchNorm/pointwise layer.</summary>
    public const int MaxChannels = 65536;

    /// <summary>Largest kernel, stride and pooling window.</summary>
    public const int MaxKernel = 64;

    /// <summary>Largest input height and width, and largest channel count of the input.</summary>
    public const int MaxInputSide = 4096;

    /// <summary>Largest per-sample activation (C·H·W) at the input or after any layer; also the largest fully connected input.</summary>
    public const int MaxActivation = 1 << 24;

    /// <summary>Most layers a file may list.</summary>
    public const int MaxLayers = 1024;

    /// <summary>Most characters of one metadata value.</summary>
    public const int MaxMetadataValue = 4096;

    // Required hyper-parameters of each kind with their ranges (the version-1 set).
    private static readonly Dictionary<string, (string Key, int Min, int Max)[]> HyperRanges = new(StringComparer.Ordinal)
    {
        ["Conv2d"] = [("in", 1, MaxChannels), ("out", 1, MaxChannels), ("kernel", 1, MaxKernel), ("stride", 1, MaxKernel), ("padding", 0, MaxKernel)],
        ["PointwiseConv"] = [("in", 1, MaxChannels), ("out", 1, MaxChannels)],
        ["DepthwiseConv"] = [("channels", 1, MaxChannels), ("kernel", 1, MaxKernel), ("stride", 1, MaxKernel), ("padding", 0, MaxKernel / 2)],
        ["BatchNorm"] = [("channels", 1, MaxChannels)],
        ["FullyConnected"] = [("in", 1, MaxActivation), ("out", 1, MaxChannels)],
        ["ReLU"] = [],
        ["GlobalAvgPool"] = [],
        ["MaxPool"] = [("size", 1, MaxKernel)],
        ["AvgPool"] = [("size", 1, MaxKernel)],
        ["Clip"] = [("lower", 0, 1), ("upper", 0, 1)],
        ["LeakyReLU"] = [],
        ["Sigmoid"] = [],
        ["Tanh"] = [],
        ["HardSwish"] = [],
        ["Add"] = [],
        ["Concat"] = [],
    };

    // Optional hyper-parameters (version 2): absent means the default of the original layer form.
    private static readonly (string Key, int Min, int Max)[] PoolOptions =
        [("stride", 1, MaxKernel), ("padding", 0, MaxKernel), ("padding_left", 0, MaxKernel), ("padding_bottom", 0, MaxKernel),
         ("padding_right", 0, MaxKernel), ("ceil", 0, 1)];

    private static readonly Dictionary<string, (string Key, int Min, int Max)[]> OptionalRanges = new(StringComparer.Ordinal)
    {
        ["Conv2d"] = [("groups", 1, MaxChannels), ("dilation", 1, MaxKernel), ("padding_left", 0, MaxKernel),
                      ("padding_bottom", 0, MaxKernel), ("padding_right", 0, MaxKernel)],
        ["MaxPool"] = PoolOptions,
        ["AvgPool"] = [.. PoolOptions, ("count_padding", 0, 1)],
    };

    /// <summary>True when every hyper-parameter of <paramref name="kind"/> in <paramref name="hyper"/> is one version 1 knew.</summary>
    public static bool IsVersion1(string kind, IReadOnlyDictionary<string, int> hyper) =>
        HyperRanges.TryGetValue(kind, out var r) && hyper.Keys.All(k => r.Any(x => x.Key == k));

    /// <summary>The kinds this check knows; equal to <see cref="LayerFactory.Kinds"/> (a test holds them together).</summary>
    public static IReadOnlyCollection<string> Kinds => HyperRanges.Keys;

    private WeightsFormatException Error(string message) => new($"{source}: {message}");

    public void ModelName(string? name)
    {
        if (InputName.Problem(name) is { } p)
            throw Error($"model name {InputName.Quote(name)} {p}; names must be {InputName.Rule}.");
    }

    public Shape3 InputShape(int[]? input)
    {
        if (input is not { Length: 3 })
            throw Error($"input shape [{string.Join(",", input ?? [])}] must be 3 numbers (C,H,W).");
        int c = input[0], h = input[1], w = input[2];
        if (c < 1 || c > MaxInputSide || h < 1 || h > MaxInputSide || w < 1 || w > MaxInputSide)
            throw Error($"input shape [{c},{h},{w}]: each of C, H, W must be between 1 and {MaxInputSide}.");
        if ((long)c * h * w > MaxActivation)
            throw Error($"input shape [{c},{h},{w}] has {(long)c * h * w} values per sample, more than {MaxActivation}.");
        return new Shape3(c, h, w);
    }

    public List<WeightsFile.LayerEntry> LayerList(List<WeightsFile.LayerEntry>? layers)
    {
        if (layers is null) throw Error("header has no layer list.");
        if (layers.Count == 0) throw Error("the layer list is empty.");
        if (layers.Count > MaxLayers) throw Error($"the layer list has {layers.Count} layers, more than {MaxLayers}.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<WeightsFile.LayerEntry>();
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            if (l is null) throw Error($"layers[{i}] is null.");
            if (InputName.Problem(l.Name) is { } p)
                throw Error($"layers[{i}].name {InputName.Quote(l.Name)} {p}; names must be {InputName.Rule}.");
            // Case-insensitive: layer names become file stems, and conv1/CONV1 would collide on Windows and macOS.
            if (!names.Add(l.Name))
                throw Error($"layers[{i}].name '{l.Name}' repeats an earlier layer name (compared without case).");
            Hyper(l, i);
            result.Add(l);
        }
        return result;
    }

    private void Hyper(WeightsFile.LayerEntry l, int index)
    {
        if (l.Kind is null || !HyperRanges.TryGetValue(l.Kind, out var ranges))
            throw Error($"layer '{l.Name}' has unknown kind {InputName.Quote(l.Kind)} (known: {string.Join(", ", LayerFactory.Kinds)}).");
        var hyper = l.Hyper ?? [];
        var optional = OptionalRanges.GetValueOrDefault(l.Kind) ?? [];
        var known = ranges.Concat(optional).ToArray();
        foreach (var key in hyper.Keys)
            if (!known.Any(r => r.Key == key))
                throw Error($"layers[{index}] '{l.Name}' ({l.Kind}) has unknown hyper-parameter {InputName.Quote(key)} " +
                            $"(expected: {(known.Length == 0 ? "none" : string.Join(", ", known.Select(r => r.Key)))}).");
        foreach (var (key, min, max) in ranges)
            if (!hyper.ContainsKey(key))
                throw Error($"layer '{l.Name}' of kind {l.Kind} is missing hyper-parameter '{key}'.");
        foreach (var (key, min, max) in known)
            if (hyper.TryGetValue(key, out var v) && (v < min || v > max))
                throw Error($"layers[{index}] '{l.Name}' ({l.Kind}): hyper-parameter {key} = {v} is outside [{min}, {max}].");
        // Every padding stays within half the (dilated) kernel or pooling window: more would only add zero borders.
        int window = hyper.TryGetValue("kernel", out var k) ? hyper.GetValueOrDefault("dilation", 1) * (k - 1) + 1
            : hyper.GetValueOrDefault("size", 0);
        foreach (var key in new[] { "padding", "padding_left", "padding_bottom", "padding_right" })
            if (hyper.TryGetValue(key, out var pad) && pad > window / 2)
                throw Error($"layers[{index}] '{l.Name}' ({l.Kind}): {key.Replace('_', ' ')} {pad} is more than half the " +
                            (hyper.ContainsKey("kernel") ? $"kernel {window}." : $"window {window}."));
        if (hyper.TryGetValue("groups", out var groups) && (hyper["in"] % groups != 0 || hyper["out"] % groups != 0))
            throw Error($"layers[{index}] '{l.Name}' ({l.Kind}): {groups} groups do not divide in = {hyper["in"]} and out = {hyper["out"]}.");
    }

    /// <summary>How many float32 values the layer's tensors hold, computed in 64 bits from the checked hyper-parameters.</summary>
    public static long FloatCount(WeightsFile.LayerEntry l)
    {
        long H(string key) => l.Hyper![key];
        return l.Kind switch
        {
            "Conv2d" => H("out") * (H("in") / l.Hyper!.GetValueOrDefault("groups", 1)) * H("kernel") * H("kernel") + H("out"),
            "PointwiseConv" or "FullyConnected" => H("out") * H("in") + H("out"),
            "DepthwiseConv" => H("channels") * H("kernel") * H("kernel") + H("channels"),
            "BatchNorm" => 4 * H("channels"),
            "Clip" => 2,
            "LeakyReLU" => 1,
            _ => 0,
        };
    }

    /// <summary>Refuses the header when its layers need more tensor bytes than the file holds after the header.</summary>
    public void DataFits(IReadOnlyList<WeightsFile.LayerEntry> layers, long dataStart, long fileLength)
    {
        long offset = dataStart;
        foreach (var l in layers)
        {
            long bytes = 4 * FloatCount(l);
            if (offset + bytes > fileLength)
                throw Error($"truncated: layer '{l.Name}' ({l.Kind}) needs {bytes} bytes of tensor data at offset {offset}, " +
                            $"but the file has {fileLength} bytes.");
            offset += bytes;
        }
    }

    /// <summary>Each activation along the chain stays within <see cref="MaxActivation"/> values per sample.</summary>
    public void ActivationFits(string layer, Shape3 output)
    {
        long size = (long)output.C * output.H * output.W;
        if (size > MaxActivation)
            throw Error($"layer '{layer}' produces {output} = {size} values per sample, more than {MaxActivation}.");
    }

    public void Metadata(Dictionary<string, string>? metadata)
    {
        if (metadata is null) return;
        foreach (var (key, value) in metadata)
        {
            if (InputName.Problem(key) is { } p)
                throw Error($"metadata key {InputName.Quote(key)} {p}; keys must be {InputName.Rule}.");
            if (value is null) throw Error($"metadata '{key}' is null (values are strings).");
            if (value.Length > MaxMetadataValue)
                throw Error($"metadata '{key}' is {value.Length} characters long (at most {MaxMetadataValue}).");
            if (value.Any(InputName.IsUnsafe))
                throw Error($"metadata '{key}' value {InputName.Quote(value)} holds control or line-break characters.");
        }
    }

    public PruningInfo? Pruning(WeightsFile.PruningEntry? pruning, IReadOnlyList<Layer> layers)
    {
        if (pruning is null) return null;
        var removed = pruning.Removed ?? [];
        var original = pruning.Original ?? [];
        foreach (var key in removed.Keys.Union(original.Keys))
        {
            var dw = layers.OfType<DepthwiseConv>().FirstOrDefault(l => l.Name == key)
                ?? throw Error($"pruning names layer {InputName.Quote(key)}, which is not a depthwise layer of this file.");
            if (!original.TryGetValue(key, out var total) || !removed.TryGetValue(key, out var list) || list is null)
                throw Error($"pruning of '{key}' needs both 'removed' and 'original' entries.");
            if (list.Distinct().Count() != list.Length || list.Any(c => c < 0 || c >= total))
                throw Error($"pruning.removed['{key}'] must list distinct channels in [0, {total}), found [{string.Join(",", list.Take(20))}{(list.Length > 20 ? ",..." : "")}].");
            if (total - list.Length != dw.Channels)
                throw Error($"pruning of '{key}': original {total} channels minus {list.Length} removed leaves {total - list.Length}, " +
                            $"but the layer has {dw.Channels}.");
        }
        return new PruningInfo(removed.ToDictionary(kv => kv.Key, kv => kv.Value), original);
    }
}
