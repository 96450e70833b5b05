using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MemristorSpice.Network;

/// <summary>Thrown when a .msw weights file cannot be loaded; the message says exactly what is wrong.</summary>
public sealed class WeightsFormatException(string message) : Exception(message);

/// <summary>
/// The .msw weights file (docs/weights-format.md): magic "MSWT", uint32 version, uint32 header length, a UTF-8
/// JSON header (model name, input shape, layers with kinds, hyper-parameters and tensor shapes, pruning info,
/// metadata), then every tensor as little-endian float32 in header order.
/// </summary>
public static class WeightsFile
{
    public static ReadOnlySpan<byte> Magic => "MSWT"u8;
    public const int Version = 1;


    public sealed record TensorEntry(string Name, int[] Shape);
    public sealed record LayerEntry(string Name, string Kind, Dictionary<string, int> Hyper, List<TensorEntry> Tensors);
    public sealed record PruningEntry(Dictionary<string, int[]> Removed, Dictionary<string, int> Original);
    public sealed record Header(string Model, int[] Input, List<LayerEntry> Layers, PruningEntry? Pruning, Dictionary<string, string>? Metadata);

    public static void Save(Model model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllBytes(path, Serialize(model, metadata));
    }

    public static byte[] Serialize(Model model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Header(model.Name, [model.InputShape.C, model.InputShape.H, model.InputShape.W],
            model.Layers.Select(l => new LayerEntry(l.Name, l.Kind, new Dictionary<string, int>(l.HyperParameters),
                l.Parameters.Select(p => new TensorEntry(p.Name, p.Shape)).ToList())).ToList(),
            model.Pruning is { } pr ? new PruningEntry(new(pr.RemovedChannels), new(pr.OriginalChannels)) : null,
            metadata is null ? null : new Dictionary<string, string>(metadata));
        var json = JsonSerializer.SerializeToUtf8Bytes(header, WeightsJsonContext.Default.Header);
        var ms = new MemoryStream();
        ms.Write(Magic);
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(u32, Version); ms.Write(u32);
        BinaryPrimitives.WriteInt32LittleEndian(u32, json.Length); ms.Write(u32);
        ms.Write(json);
        foreach (var p in model.Parameters)
            foreach (var v in p.Value) { BinaryPrimitives.WriteSingleLittleEndian(u32, v); ms.Write(u32); }
        return ms.ToArray();
    }

    public static Model Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file not found: {path}", path);
        return Deserialize(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads only the JSON header (e.g. to print model name and metadata).</summary>
    public static Header ReadHeader(byte[] bytes, string source) => ParseHeader(bytes, source).Header;

    public static Model Deserialize(byte[] bytes, string source = "<memory>")
    {
        var (header, dataStart) = ParseHeader(bytes, source);
        if (header.Input is not { Length: 3 } inp || inp.Any(d => d <= 0))
            throw new WeightsFormatException($"{source}: input shape must be 3 positive numbers (C,H,W).");
        var layers = new List<Layer>();
        foreach (var le in header.Layers ?? throw new WeightsFormatException($"{source}: header has no layer list."))
        {
            Layer layer;
            try { layer = LayerFactory.Create(le.Kind, le.Name, le.Hyper ?? []); }
            catch (Exception e) when (e is FormatException or ArgumentException)
            { throw new WeightsFormatException($"{source}: {e.Message}"); }
            layers.Add(layer);
        }
        var input = new Shape3(inp[0], inp[1], inp[2]);
        CheckChain(layers, input, source);
        // Tensor names and shapes must match what the hyper-parameters imply.
        long offset = dataStart;
        for (int i = 0; i < layers.Count; i++)
        {
            var expected = layers[i].Parameters;
            var entries = header.Layers[i].Tensors ?? [];
            if (entries.Count != expected.Count)
                throw new WeightsFormatException($"{source}: layer '{layers[i].Name}' ({layers[i].Kind}) lists {entries.Count} tensors, expected {expected.Count} ({string.Join(", ", expected.Select(p => p.Name))}).");
            for (int t = 0; t < expected.Count; t++)
            {
                var p = expected[t];
                var e = entries[t];
                if (e.Name != p.Name)
                    throw new WeightsFormatException($"{source}: layer '{layers[i].Name}' tensor {t} is named '{e.Name}', expected '{p.Name}'.");
                if (e.Shape is null || !e.Shape.SequenceEqual(p.Shape))
                    throw new WeightsFormatException($"{source}: tensor '{p.Name}' has shape [{string.Join(",", e.Shape ?? [])}] in the file, but the hyper-parameters of layer '{layers[i].Name}' imply {p.ShapeText}.");
                long bytesNeeded = 4L * p.Size;
                if (offset + bytesNeeded > bytes.Length)
                    throw new WeightsFormatException($"{source}: truncated: data for tensor '{p.Name}' needs {bytesNeeded} bytes at offset {offset}, file has {bytes.Length} bytes.");
                for (int j = 0; j < p.Size; j++) p.Value[j] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)offset + 4 * j));
                offset += bytesNeeded;
            }
        }
        if (offset != bytes.Length)
            throw new WeightsFormatException($"{source}: {bytes.Length - offset} unexpected bytes after the last tensor.");
        PruningInfo? pruning = header.Pruning is { } pe ? new PruningInfo(pe.Removed ?? [], pe.Original ?? []) : null;
        return new Model(header.Model ?? "unnamed", input, layers, pruning);
    }

    private static (Header Header, int DataStart) ParseHeader(byte[] bytes, string source)
    {
        if (bytes.Length < 12)
            throw new WeightsFormatException($"{source}: truncated: {bytes.Length} bytes, shorter than the 12-byte preamble.");
        if (!bytes.AsSpan(0, 4).SequenceEqual(Magic))
            throw new WeightsFormatException($"{source}: bad magic '{Printable(bytes.AsSpan(0, 4))}', expected 'MSWT' (not a MemristorSpice weights file).");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        if (version != Version)
            throw new WeightsFormatException($"{source}: unsupported version {version}; this build reads version {Version}.");
        int len = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (len <= 0 || 12L + len > bytes.Length)
            throw new WeightsFormatException($"{source}: truncated: header length {len} exceeds the {bytes.Length - 12} bytes after the preamble.");
        Header? header;
        try { header = JsonSerializer.Deserialize(bytes.AsSpan(12, len), WeightsJsonContext.Default.Header); }
        catch (JsonException e) { throw new WeightsFormatException($"{source}: header is not valid JSON ({e.Message})."); }
        return (header ?? throw new WeightsFormatException($"{source}: empty header."), 12 + len);
    }

    /// <summary>Checks that every layer accepts the channel count the previous layer produces.</summary>
    public static void CheckChain(IReadOnlyList<Layer> layers, Shape3 input, string source)
    {
        var s = input;
        foreach (var l in layers)
        {
            int? need = l switch
            {
                Conv2d c => c.InChannels,
                DepthwiseConv d => d.Channels,
                BatchNorm b => b.Channels,
                _ => null,
            };
            if (need is { } n && n != s.C)
                throw new WeightsFormatException($"{source}: layer '{l.Name}' ({l.Kind}) expects {n} input channels but receives {s.C} from the previous layer.");
            if (l is FullyConnected f && f.InFeatures != s.Size)
                throw new WeightsFormatException($"{source}: layer '{l.Name}' expects {f.InFeatures} input features but receives {s.Size} ({s}).");
            s = l.OutputShape(s);
            if (s.H <= 0 || s.W <= 0)
                throw new WeightsFormatException($"{source}: layer '{l.Name}' produces an empty output ({s}).");
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
