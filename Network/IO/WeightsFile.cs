using System.Buffers.Binary;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Network.IO;

/// <summary>Thrown when a .msw weights file cannot be loaded; the message says exactly what is wrong.</summary>
public sealed class WeightsFormatException(string message) : Exception(message);

/// <summary>
/// The .msw weights file (docs/weights-format.md): magic "MSWT", uint32 version, uint32 header length, a UTF-8
/// JSON header (model name, input shape, layers with kinds, hyper-parameters and tensor shapes, pruning info,
/// metadata), then every tensor as little-endian float32 in header order.
/// </summary>
public static class WeightsFile
{
    /// <summary>File signature, the ASCII bytes "MSWT".</summary>
    public static ReadOnlySpan<byte> Magic => "MSWT"u8;
    /// <summary>
    /// Newest format version: 2 adds layer inputs (graphs: residual adds, concatenations), the activation kinds Clip,
    /// LeakyReLU, Sigmoid, Tanh and HardSwish, and optional conv/pooling hyper-parameters (groups, dilation, unequal
    /// paddings, pooling stride and rounding). A model that needs none of these is written as version 1, byte for
    /// byte as before, so older readers keep reading it.
    /// </summary>
    public const int Version = 2;
    /// <summary>The original chain-only version, still written for models that fit it.</summary>
    public const int ChainVersion = 1;


    /// <summary>One stored tensor, as described in the JSON header.</summary>
    /// <param name="Name">Parameter name within its layer, e.g. "weight" or "bias".</param>
    /// <param name="Shape">Dimensions; the tensor holds their product of float32 values.</param>
    public sealed record TensorEntry(string Name, int[] Shape);
    /// <summary>One layer in the JSON header, enough to rebuild it with its factory.</summary>
    /// <param name="Name">Layer name, unique within the model.</param>
    /// <param name="Kind">Layer kind as in <see cref="Layer.Kind"/>, e.g. "Conv2d" or "ReLU".</param>
    /// <param name="Hyper">Integer hyper-parameters by name (kernel, stride, channels...).</param>
    /// <param name="Tensors">The layer's parameters, in the order their values follow in the file.</param>
    /// <param name="Inputs">Names of the layers feeding this one ("@input" = the model input), or null for the previous layer (version 2).</param>
    public sealed record LayerEntry(string Name, string Kind, Dictionary<string, int> Hyper, List<TensorEntry> Tensors, List<string>? Inputs = null);
    /// <summary>Channel-pruning record of a pruned model.</summary>
    /// <param name="Removed">Per layer name, the indices of the channels removed from the original network.</param>
    /// <param name="Original">Per layer name, the channel count before pruning.</param>
    public sealed record PruningEntry(Dictionary<string, int[]> Removed, Dictionary<string, int> Original);
    /// <summary>The JSON header that follows the fixed-size preamble.</summary>
    /// <param name="Model">Model name, as in the model zoo.</param>
    /// <param name="Input">Input shape [channels, height, width].</param>
    /// <param name="Layers">Layers in forward order.</param>
    /// <param name="Pruning">Pruning record, or null for an unpruned model.</param>
    /// <param name="Metadata">Free-form key/value strings (training options, accuracy...), or null.</param>
    public sealed record Header(string Model, int[] Input, List<LayerEntry> Layers, PruningEntry? Pruning, Dictionary<string, string>? Metadata);

    /// <summary>Writes <paramref name="model"/> with optional <paramref name="metadata"/> to <paramref name="path"/>, creating the directory if needed.</summary>
    public static void Save(Model model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllBytes(path, Serialize(model, metadata));
    }

    /// <summary>Encodes <paramref name="model"/> and optional <paramref name="metadata"/> as the bytes of a .msw file.</summary>
    public static byte[] Serialize(Model model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Header(model.Name, [model.InputShape.C, model.InputShape.H, model.InputShape.W],
            model.Layers.Select(l => new LayerEntry(l.Name, l.Kind, new Dictionary<string, int>(l.HyperParameters),
                l.Parameters.Select(p => new TensorEntry(p.Name, p.Shape)).ToList(), l.Inputs.Count > 0 ? [.. l.Inputs] : null)).ToList(),
            model.Pruning is { } pr ? new PruningEntry(new(pr.RemovedChannels), new(pr.OriginalChannels)) : null,
            metadata is null ? null : new Dictionary<string, string>(metadata));
        var json = JsonSerializer.SerializeToUtf8Bytes(header, WeightsJsonContext.Default.Header);
        var ms = new MemoryStream();
        ms.Write(Magic);
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(u32, VersionFor(model)); ms.Write(u32);
        BinaryPrimitives.WriteInt32LittleEndian(u32, json.Length); ms.Write(u32);
        ms.Write(json);
        foreach (var p in model.Parameters)
            foreach (var v in p.Value) { BinaryPrimitives.WriteSingleLittleEndian(u32, v); ms.Write(u32); }
        return ms.ToArray();
    }

    /// <summary>The version a model is written as: <see cref="ChainVersion"/> when it uses nothing newer, else <see cref="Version"/>.</summary>
    public static int VersionFor(Model model) =>
        model.IsGraph || model.Layers.Any(l => !WeightsHeaderCheck.IsVersion1(l.Kind, l.HyperParameters)) ? Version : ChainVersion;

    /// <summary>Largest accepted file, in bytes: a thousand times the shipped models, far below what a byte array holds.</summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>Reads and validates a .msw file and rebuilds the model; throws <see cref="WeightsFormatException"/> naming what is wrong.</summary>
    public static Model Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file not found: {path}", path);
        return Deserialize(ReadLimited(path), path);
    }

    /// <summary>Reads at most <see cref="MaxFileBytes"/> (a device such as /dev/zero reports length 0 and never ends).</summary>
    private static byte[] ReadLimited(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        for (int n; (n = stream.Read(buffer)) > 0;)
        {
            if (copy.Length + n > MaxFileBytes)
                throw new WeightsFormatException($"{path}: larger than {MaxFileBytes} bytes, far beyond any network this tool runs.");
            copy.Write(buffer, 0, n);
        }
        return copy.ToArray();
    }

    /// <summary>Reads only the JSON header (e.g. to print model name and metadata); names and metadata are checked.</summary>
    public static Header ReadHeader(byte[] bytes, string source)
    {
        var header = ParseHeader(bytes, source).Header;
        var check = new WeightsHeaderCheck(source);
        check.ModelName(header.Model);
        check.Metadata(header.Metadata);
        return header;
    }

    /// <summary>Largest accepted |value| of any tensor entry: far above trained weights, low enough that folding
    /// BatchNorm (γ/√(var+ε) with ε = 1e-5) and the crossbar mapping stay finite in float32.</summary>
    public const float MaxMagnitude = 1e6f;

    /// <summary>
    /// Rebuilds a model from file bytes. Every field is checked (docs/weights-format.md) before it is used; any
    /// problem is a <see cref="WeightsFormatException"/> naming <paramref name="source"/>, the field and the value.
    /// </summary>
    public static Model Deserialize(byte[] bytes, string source = "<memory>")
    {
        var (header, dataStart) = ParseHeader(bytes, source);
        var check = new WeightsHeaderCheck(source);
        check.ModelName(header.Model);
        var input = check.InputShape(header.Input);
        var entries = check.LayerList(header.Layers);
        check.Metadata(header.Metadata);
        // Sizes are known from the checked hyper-parameters: refuse a file too short for them before allocating.
        check.DataFits(entries, dataStart, bytes.Length);
        var layers = new List<Layer>();
        foreach (var le in entries) layers.Add(LayerFactory.Create(le.Kind, le.Name, le.Hyper ?? [], le.Inputs));
        CheckChain(layers, input, source);
        long offset = dataStart;
        for (int i = 0; i < layers.Count; i++)
        {
            var expected = layers[i].Parameters;
            var tensors = entries[i].Tensors ?? [];
            if (tensors.Count != expected.Count)
                throw new WeightsFormatException($"{source}: layer '{layers[i].Name}' ({layers[i].Kind}) lists {tensors.Count} tensors, expected {expected.Count} ({string.Join(", ", expected.Select(p => p.Name))}).");
            for (int t = 0; t < expected.Count; t++)
            {
                var p = expected[t];
                var e = tensors[t];
                if (e is null || e.Name != p.Name)
                    throw new WeightsFormatException($"{source}: layer '{layers[i].Name}' tensor {t} is named {InputName.Quote(e?.Name)}, expected '{p.Name}'.");
                if (e.Shape is null || !e.Shape.SequenceEqual(p.Shape))
                    throw new WeightsFormatException($"{source}: tensor '{p.Name}' has shape [{string.Join(",", e.Shape ?? [])}] in the file, but the hyper-parameters of layer '{layers[i].Name}' imply {p.ShapeText}.");
                long bytesNeeded = 4L * p.Size;
                if (offset + bytesNeeded > bytes.Length)
                    throw new WeightsFormatException($"{source}: truncated: data for tensor '{p.Name}' needs {bytesNeeded} bytes at offset {offset}, file has {bytes.Length} bytes.");
                for (int j = 0; j < p.Size; j++) p.Value[j] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)offset + 4 * j));
                CheckValues(p, layers[i], source);
                offset += bytesNeeded;
            }
        }
        if (offset != bytes.Length)
            throw new WeightsFormatException($"{source}: {bytes.Length - offset} unexpected bytes after the last tensor.");
        var pruning = check.Pruning(header.Pruning, layers);
        return new Model(header.Model!, input, layers, pruning);
    }

    /// <summary>Every value finite and within <see cref="MaxMagnitude"/>; BatchNorm variances not negative.</summary>
    private static void CheckValues(Parameter p, Layer layer, string source)
    {
        bool variance = layer is BatchNorm bn && ReferenceEquals(p, bn.RunningVar);
        var v = p.Value;
        for (int j = 0; j < v.Length; j++)
        {
            float x = v[j];
            string? problem = !float.IsFinite(x) ? "is not a finite number"
                : MathF.Abs(x) > MaxMagnitude ? $"exceeds the largest accepted magnitude {MaxMagnitude.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
                : variance && x < 0 ? "is a negative variance"
                : null;
            if (problem is not null)
                throw new WeightsFormatException(
                    $"{source}: layer '{layer.Name}' tensor '{p.Name}' value {j} (index [{string.Join(",", Unflatten(j, p.Shape))}]) = " +
                    $"{x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} {problem}.");
        }
    }

    private static int[] Unflatten(int flat, int[] shape)
    {
        var index = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { index[d] = flat % shape[d]; flat /= shape[d]; }
        return index;
    }

    private static (Header Header, int DataStart) ParseHeader(byte[] bytes, string source)
    {
        if (bytes.Length < 12)
            throw new WeightsFormatException($"{source}: truncated: {bytes.Length} bytes, shorter than the 12-byte preamble.");
        if (!bytes.AsSpan(0, 4).SequenceEqual(Magic))
            throw new WeightsFormatException($"{source}: bad magic '{Printable(bytes.AsSpan(0, 4))}', expected 'MSWT' (not a MemristorSpice weights file).");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (version != Version && version != ChainVersion)
            throw new WeightsFormatException($"{source}: unsupported version {version}; this build reads versions {ChainVersion} and {Version}.");
        int len = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (len <= 0 || 12L + len > bytes.Length)
            throw new WeightsFormatException($"{source}: truncated: header length {len} exceeds the {bytes.Length - 12} bytes after the preamble.");
        Header? header;
        try { header = JsonSerializer.Deserialize(bytes.AsSpan(12, len), WeightsJsonContext.Default.Header); }
        catch (JsonException e) { throw new WeightsFormatException($"{source}: header is not valid JSON ({e.Message})."); }
        return (header ?? throw new WeightsFormatException($"{source}: empty header."), 12 + len);
    }

    /// <summary>
    /// Checks that every layer's inputs are earlier layers (or the model input), that every layer accepts the shapes
    /// it receives, and that every BatchNorm directly follows a conv, depthwise or fully connected layer that feeds
    /// nothing else (it is folded into that layer's weights before mapping, so no other place can hold it).
    /// </summary>
    public static void CheckChain(IReadOnlyList<Layer> layers, Shape3 input, string source)
    {
        var check = new WeightsHeaderCheck(source);
        var shapes = new Dictionary<string, Shape3>(StringComparer.Ordinal);
        var consumers = new Dictionary<string, int>(StringComparer.Ordinal);
        Layer? previous = null;
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            var names = l.Inputs.Count > 0 ? l.Inputs : [previous?.Name ?? Layer.ModelInput];
            if (l is MergeLayer ? names.Count < 2 : names.Count != 1)
                throw new WeightsFormatException($"{source}: layer '{l.Name}' ({l.Kind}) lists {names.Count} inputs; " +
                    (l is MergeLayer ? "it combines at least two." : "it takes one."));
            var ins = new List<Shape3>();
            foreach (var n in names)
            {
                if (n == Layer.ModelInput) { ins.Add(input); continue; }
                if (n is null || !shapes.TryGetValue(n, out var s))
                    throw new WeightsFormatException($"{source}: layer '{l.Name}' takes input {InputName.Quote(n)}, which is not an earlier layer.");
                ins.Add(s);
                consumers[n] = consumers.GetValueOrDefault(n) + 1;
            }
            if (l is BatchNorm && (l.Inputs.Count > 0 || previous is not (Conv2d or DepthwiseConv or FullyConnected)))
                throw new WeightsFormatException(previous is null
                    ? $"{source}: BatchNorm '{l.Name}' is the first layer; it must follow a conv or fully connected layer (it is folded into its weights)."
                    : $"{source}: BatchNorm '{l.Name}' follows '{previous.Name}' ({previous.Kind}); it must follow a conv or fully connected layer (it is folded into its weights).");
            var x = ins[0];
            int? need = l switch
            {
                Conv2d c => c.InChannels,
                DepthwiseConv d => d.Channels,
                BatchNorm b => b.Channels,
                _ => null,
            };
            if (need is { } c0 && c0 != x.C)
                throw new WeightsFormatException($"{source}: layer '{l.Name}' ({l.Kind}) expects {c0} input channels but receives {x.C} from the previous layer.");
            if (l is FullyConnected f && f.InFeatures != x.Size)
                throw new WeightsFormatException($"{source}: layer '{l.Name}' expects {f.InFeatures} input features but receives {x.Size} ({x}).");
            Shape3 output;
            try { output = l is MergeLayer m ? m.OutputShape(ins) : l.OutputShape(x); }
            catch (ArgumentException e) { throw new WeightsFormatException($"{source}: {e.Message}"); }
            check.ActivationFits(l.Name, output);
            if (output.H <= 0 || output.W <= 0)
                throw new WeightsFormatException($"{source}: layer '{l.Name}' produces an empty output ({output}).");
            shapes[l.Name] = output;
            previous = l;
        }
        foreach (var l in layers.OfType<BatchNorm>())
        {
            int i = layers.ToList().IndexOf(l);
            if (consumers.GetValueOrDefault(layers[i - 1].Name) > 1)
                throw new WeightsFormatException($"{source}: '{layers[i - 1].Name}' feeds BatchNorm '{l.Name}' and other layers; the BatchNorm could not be folded into it.");
        }
    }

    private static string Printable(ReadOnlySpan<byte> b)
    {
        var sb = new StringBuilder();
        foreach (var x in b) sb.Append(x is >= 32 and < 127 ? (char)x : '.');
        return sb.ToString();
    }
}

/// <summary>Source-generated JSON for the header: works in trimmed/AOT hosts (file-based apps disable reflection JSON).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WeightsFile.Header))]
internal sealed partial class WeightsJsonContext : JsonSerializerContext;
