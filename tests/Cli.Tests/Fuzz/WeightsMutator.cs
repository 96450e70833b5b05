using System.Buffers.Binary;
using System.Text.Json.Nodes;
using System.Text;

namespace MemristorSpice.Cli.Tests.Fuzz;

/// <summary>
/// Seeded mutations of a <c>.msw</c> weights file (layout in docs/weights-format.md): edits of the JSON header
/// that keep the framing valid (so they reach the field checks), hostile layer names, non-finite weights, and
/// damage to the framing itself (header length, truncation, trailing bytes, random bytes).
/// </summary>
internal static class WeightsMutator
{
    private static readonly double[] ExtremeNumbers = [0, -1, 1, 2, 3, 7, 1000, 65536, 2147483647, -2147483648, 1e308, 0.5, 1e-9];

    private static readonly string[] HostileNames =
    [
        "../../escaped", "/tmp/absolute", "a/b", "..", "", "conv1\n.control\nshell touch PWNED\n.endc", "x\uFFFFy",
        "\u0007bell", "[red]markup[/]", new string('w', 1000), "con", "dw1", "name with spaces", "*", "x\r\ny",
    ];

    /// <summary>Returns the mutated file and a short description of what was done.</summary>
    public static (byte[] Bytes, string Description) Mutate(byte[] file, Random random)
    {
        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8));
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 12, headerLength))!;
        var tensors = file.AsSpan(12 + headerLength).ToArray();
        string what;
        int kind = random.Next(11);
        switch (kind)
        {
            case 0:
            case 1:
            case 2:
                what = SetNumber(header, random);
                break;
            case 3:
            case 4:
                what = SetName(header, random);
                break;
            case 5:
                what = EditStructure(header, random);
                break;
            case 6:
                what = PoisonTensor(tensors, random);
                break;
            case 7:
            case 8:
                what = PerturbTensor(tensors, random);
                break;
            default:
                return DamageFraming(file, random);
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var result = new byte[12 + json.Length + tensors.Length];
        file.AsSpan(0, 8).CopyTo(result);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(8), json.Length);
        json.CopyTo(result, 12);
        tensors.CopyTo(result, 12 + json.Length);
        return (result, what);
    }

    private static List<JsonValue> Values(JsonNode node, Func<JsonValue, bool> keep)
    {
        var found = new List<JsonValue>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o: foreach (var p in o) Walk(p.Value); break;
                case JsonArray a: foreach (var e in a) Walk(e); break;
                case JsonValue v when keep(v): found.Add(v); break;
            }
        }
        Walk(node);
        return found;
    }

    private static string SetNumber(JsonNode header, Random random)
    {
        var numbers = Values(header, v => v.TryGetValue<double>(out _));
        var target = numbers[random.Next(numbers.Count)];
        var value = ExtremeNumbers[random.Next(ExtremeNumbers.Length)];
        var path = target.GetPath();
        target.ReplaceWith(JsonValue.Create(value));
        return $"{path} = {value}";
    }

    private static string SetName(JsonNode header, Random random)
    {
        var strings = Values(header, v => v.TryGetValue<string>(out _));
        var target = strings[random.Next(strings.Count)];
        var value = HostileNames[random.Next(HostileNames.Length)];
        var path = target.GetPath();
        target.ReplaceWith(JsonValue.Create(value));
        return $"{path} = \"{DeckMutator.Shorten(value)}\"";
    }

    private static string EditStructure(JsonNode header, Random random)
    {
        var layers = header["layers"]!.AsArray();
        int i = random.Next(layers.Count);
        switch (random.Next(4))
        {
            case 0:
                layers.RemoveAt(i);
                return $"remove layer {i}";
            case 1:
                layers.Insert(i, layers[i]!.DeepClone());
                return $"duplicate layer {i}";
            case 2:
                layers[i]!["kind"] = "Transformer";
                return $"layer {i} kind = Transformer";
            default:
                var j = random.Next(layers.Count);
                var a = layers[i]!.DeepClone();
                layers[i] = layers[j]!.DeepClone();
                layers[j] = a;
                return $"swap layers {i} and {j}";
        }
    }

    private static string PoisonTensor(byte[] tensors, Random random)
    {
        float[] poison = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, 1e30f, -0f];
        int floats = tensors.Length / 4;
        int index = random.Next(floats);
        var value = poison[random.Next(poison.Length)];
        BinaryPrimitives.WriteSingleLittleEndian(tensors.AsSpan(4 * index), value);
        return $"float {index} = {value}";
    }

    /// <summary>A valid file with other weights: a run of finite values rescaled, so the tool must run it through.</summary>
    private static string PerturbTensor(byte[] tensors, Random random)
    {
        int floats = tensors.Length / 4;
        int start = random.Next(floats);
        int count = 1 + random.Next(Math.Min(256, floats - start));
        float scale = (float)(random.NextDouble() * 8 - 4);
        for (int i = start; i < start + count; i++)
        {
            var span = tensors.AsSpan(4 * i, 4);
            BinaryPrimitives.WriteSingleLittleEndian(span, BinaryPrimitives.ReadSingleLittleEndian(span) * scale);
        }
        return $"floats {start}..{start + count - 1} scaled by {scale:G3}";
    }

    private static (byte[] Bytes, string Description) DamageFraming(byte[] file, Random random)
    {
        var bytes = (byte[])file.Clone();
        switch (random.Next(5))
        {
            case 0:
                int cut = random.Next(bytes.Length);
                return (bytes[..cut], $"truncate at byte {cut}");
            case 1:
                var longer = new byte[bytes.Length + 1 + random.Next(64)];
                bytes.CopyTo(longer, 0);
                return (longer, $"{longer.Length - bytes.Length} trailing bytes");
            case 2:
                int length = new[] { -1, 0, int.MaxValue, bytes.Length, 12 }[random.Next(5)];
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), length);
                return (bytes, $"header length = {length}");
            case 3:
                int version = new[] { 0, 2, -1, int.MaxValue }[random.Next(4)];
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), version);
                return (bytes, $"version = {version}");
            default:
                int n = 1 + random.Next(8);
                var where = new List<int>();
                for (int k = 0; k < n; k++)
                {
                    int at = random.Next(bytes.Length);
                    bytes[at] = (byte)random.Next(256);
                    where.Add(at);
                }
                return (bytes, $"random bytes at {string.Join(',', where)}");
        }
    }
}
