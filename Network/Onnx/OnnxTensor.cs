using System.Buffers.Binary;
using MemristorSpice.Network.Onnx.Proto;

namespace MemristorSpice.Network.Onnx;

/// <summary>
/// A constant tensor met while importing (an initializer, a Constant node, or the result of folding an
/// initializer-only subgraph): dimensions and values. Values are held as doubles, which represent every float32
/// and every int64 up to 2^53 (shapes and axes) exactly; <see cref="IsInteger"/> remembers an integer element type.
/// </summary>
internal sealed class OnnxTensor(long[] dims, double[] values, bool isInteger)
{
    /// <summary>Dimensions (empty for a scalar).</summary>
    public long[] Dims { get; } = dims;
    /// <summary>Values in row-major order.</summary>
    public double[] Values { get; } = values;
    /// <summary>True for an integer element type (int64, int32, ...).</summary>
    public bool IsInteger { get; } = isInteger;
    /// <summary>Number of values.</summary>
    public long Count => Values.Length;
    /// <summary>Dimensions as text, e.g. [16,1,3,3].</summary>
    public string DimsText => "[" + string.Join(",", Dims) + "]";

    /// <summary>Values converted to float32.</summary>
    public float[] Floats() => Values.Select(v => (float)v).ToArray();
    /// <summary>Values as int64 (shapes, axes).</summary>
    public long[] Longs() => Values.Select(v => (long)v).ToArray();

    /// <summary>Largest tensor the importer decodes, in values (far above any network this tool maps).</summary>
    public const long MaxValues = 1L << 26;

    /// <summary>Decodes a TensorProto (typed fields or little-endian raw bytes); null with a reason when the type is not a number type read here.</summary>
    public static OnnxTensor Decode(TensorProto t, out string? problem)
    {
        problem = null;
        var dims = t.Dims.ToArray();
        long count = 1;
        foreach (var d in dims)
        {
            if (d < 0) { problem = $"has a negative dimension {d}"; return Empty; }
            count = d == 0 ? 0 : count > MaxValues / Math.Max(d, 1) ? MaxValues + 1 : count * d;
        }
        if (count > MaxValues) { problem = $"has more than {MaxValues} values"; return Empty; }
        if (t.DataLocation == 1) { problem = "stores its values in an external file, which is not read"; return Empty; }
        var type = (TensorProto.Types.DataType)t.DataType;
        var raw = t.HasRawData ? t.RawData.Span : ReadOnlySpan<byte>.Empty;
        double[] v;
        bool integer = type is not (TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Double);
        int size = type switch
        {
            TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Int32 or TensorProto.Types.DataType.Uint32 => 4,
            TensorProto.Types.DataType.Double or TensorProto.Types.DataType.Int64 or TensorProto.Types.DataType.Uint64 => 8,
            TensorProto.Types.DataType.Int8 or TensorProto.Types.DataType.Uint8 or TensorProto.Types.DataType.Bool => 1,
            TensorProto.Types.DataType.Int16 or TensorProto.Types.DataType.Uint16 => 2,
            _ => 0,
        };
        if (size == 0) { problem = $"has element type {type}, which the importer does not read"; return Empty; }
        if (t.HasRawData)
        {
            if (raw.Length != count * size) { problem = $"holds {raw.Length} raw bytes, but {count} values of {type} need {count * size}"; return Empty; }
            v = new double[count];
            for (int i = 0; i < count; i++)
            {
                var b = raw.Slice(i * size, size);
                v[i] = type switch
                {
                    TensorProto.Types.DataType.Float => BinaryPrimitives.ReadSingleLittleEndian(b),
                    TensorProto.Types.DataType.Double => BinaryPrimitives.ReadDoubleLittleEndian(b),
                    TensorProto.Types.DataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(b),
                    TensorProto.Types.DataType.Uint32 => BinaryPrimitives.ReadUInt32LittleEndian(b),
                    TensorProto.Types.DataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(b),
                    TensorProto.Types.DataType.Uint64 => BinaryPrimitives.ReadUInt64LittleEndian(b),
                    TensorProto.Types.DataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(b),
                    TensorProto.Types.DataType.Uint16 => BinaryPrimitives.ReadUInt16LittleEndian(b),
                    TensorProto.Types.DataType.Int8 => (sbyte)b[0],
                    _ => b[0],
                };
            }
        }
        else
        {
            v = type switch
            {
                TensorProto.Types.DataType.Float => t.FloatData.Select(x => (double)x).ToArray(),
                TensorProto.Types.DataType.Double => t.DoubleData.ToArray(),
                TensorProto.Types.DataType.Int64 => t.Int64Data.Select(x => (double)x).ToArray(),
                TensorProto.Types.DataType.Uint64 or TensorProto.Types.DataType.Uint32 => t.Uint64Data.Select(x => (double)x).ToArray(),
                _ => t.Int32Data.Select(x => (double)x).ToArray(),
            };
            if (v.Length != count) { problem = $"holds {v.Length} values, but its dimensions {string.Join("x", dims)} need {count}"; return Empty; }
        }
        return new OnnxTensor(dims, v, integer);
    }

    private static readonly OnnxTensor Empty = new([], [], false);

    /// <summary>Encodes float32 values as a TensorProto with raw little-endian data (how exporters write weights).</summary>
    public static TensorProto Encode(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = Google.Protobuf.ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        return t;
    }

    /// <summary>Encodes int64 values (shapes) as a TensorProto.</summary>
    public static TensorProto EncodeLongs(string name, long[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        return t;
    }
}
