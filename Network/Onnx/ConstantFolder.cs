using MemristorSpice.Network.Onnx.Proto;

namespace MemristorSpice.Network.Onnx;

/// <summary>
/// Evaluates a node whose inputs are all constants (initializer-only subgraphs, e.g. a weight transposed or scaled
/// by the exporter, or a shape computed from constants), so the mapped layers see plain constant tensors.
/// Elementwise arithmetic follows ONNX (numpy) broadcasting.
/// </summary>
internal static class ConstantFolder
{
    public static OnnxTensor Fold(NodeProto node, Func<int, OnnxTensor?> input, int opset, Func<string, Exception> error)
    {
        OnnxTensor In(int i) => input(i) ?? throw error($"input {i} is missing.");
        long[]? Ints(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray();
        long Int(string name, long fallback) => node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;
        switch (node.OpType)
        {
            case "Constant":
            {
                var attr = node.Attribute.FirstOrDefault() ?? throw error("has no value.");
                return attr.Name switch
                {
                    "value" => Decode(attr.T, error),
                    "value_float" => new OnnxTensor([], [attr.F], false),
                    "value_floats" => new OnnxTensor([attr.Floats.Count], attr.Floats.Select(f => (double)f).ToArray(), false),
                    "value_int" => new OnnxTensor([], [attr.I], true),
                    "value_ints" => new OnnxTensor([attr.Ints.Count], attr.Ints.Select(v => (double)v).ToArray(), true),
                    _ => throw error($"holds a '{attr.Name}' value, which the importer does not read."),
                };
            }
            case "Identity": return In(0);
            case "Cast":
            {
                var t = In(0);
                long to = Int("to", 1);
                bool integer = to is not ((long)TensorProto.Types.DataType.Float or (long)TensorProto.Types.DataType.Double);
                return new OnnxTensor(t.Dims, integer ? t.Values.Select(Math.Truncate).ToArray() : t.Values.Select(v => (double)(float)v).ToArray(), integer);
            }
            case "Reshape":
            {
                var t = In(0);
                var shape = In(1).Longs();
                for (int i = 0; i < shape.Length; i++) if (shape[i] == 0 && Int("allowzero", 0) == 0) shape[i] = t.Dims[i];
                long known = shape.Where(d => d != -1).Aggregate(1L, (a, b) => a * b);
                if (shape.Count(d => d == -1) > 1 || known == 0 && t.Count != 0) throw error("has an invalid target shape.");
                shape = shape.Select(d => d == -1 ? t.Count / known : d).ToArray();
                if (shape.Aggregate(1L, (a, b) => a * b) != t.Count) throw error($"cannot reshape {t.DimsText} to [{string.Join(",", shape)}].");
                return new OnnxTensor(shape, t.Values, t.IsInteger);
            }
            case "Flatten":
            {
                var t = In(0);
                long axis = Int("axis", 1);
                if (axis < 0) axis += t.Dims.Length;
                long outer = t.Dims.Take((int)axis).Aggregate(1L, (a, b) => a * b);
                return new OnnxTensor([outer, outer == 0 ? 0 : t.Count / outer], t.Values, t.IsInteger);
            }
            case "Squeeze" or "Unsqueeze":
            {
                var t = In(0);
                var axes = opset >= 13 ? input(1)?.Longs() : Ints("axes");
                var dims = t.Dims.ToList();
                if (node.OpType == "Squeeze")
                {
                    var norm = axes?.Select(a => a < 0 ? a + dims.Count : a).ToHashSet();
                    dims = dims.Where((d, i) => norm is null ? d != 1 : !norm.Contains(i)).ToList();
                }
                else
                {
                    int rank = dims.Count + (axes?.Length ?? 0);
                    foreach (var a in (axes ?? []).Select(a => a < 0 ? a + rank : a).Order()) dims.Insert((int)a, 1);
                }
                return new OnnxTensor([.. dims], t.Values, t.IsInteger);
            }
            case "Concat":
            {
                var parts = Enumerable.Range(0, node.Input.Count).Select(In).ToList();
                long axis = Int("axis", 0);
                int rank = parts[0].Dims.Length;
                if (axis < 0) axis += rank;
                long outer = parts[0].Dims.Take((int)axis).Aggregate(1L, (a, b) => a * b);
                var values = new List<double>();
                for (long o = 0; o < outer; o++)
                    foreach (var p in parts)
                    {
                        long block = p.Count / Math.Max(outer, 1);
                        values.AddRange(p.Values.Skip((int)(o * block)).Take((int)block));
                    }
                var dims = (long[])parts[0].Dims.Clone();
                dims[axis] = parts.Sum(p => p.Dims[axis]);
                return new OnnxTensor(dims, [.. values], parts.All(p => p.IsInteger));
            }
            case "Transpose":
            {
                var t = In(0);
                int rank = t.Dims.Length;
                var perm = Ints("perm") ?? Enumerable.Range(0, rank).Reverse().Select(i => (long)i).ToArray();
                var dims = perm.Select(p => t.Dims[p]).ToArray();
                var values = new double[t.Count];
                var srcStrides = Strides(t.Dims);
                var index = new long[rank];
                for (long i = 0; i < t.Count; i++)
                {
                    long rem = i, src = 0;
                    for (int d = rank - 1; d >= 0; d--) { index[d] = rem % dims[d]; rem /= dims[d]; }
                    for (int d = 0; d < rank; d++) src += index[d] * srcStrides[perm[d]];
                    values[i] = t.Values[src];
                }
                return new OnnxTensor(dims, values, t.IsInteger);
            }
            case "Add": return Broadcast(In(0), In(1), (a, b) => a + b, error);
            case "Sub": return Broadcast(In(0), In(1), (a, b) => a - b, error);
            case "Mul": return Broadcast(In(0), In(1), (a, b) => a * b, error);
            case "Div":
            {
                var (x, y) = (In(0), In(1));
                return Broadcast(x, y, x.IsInteger && y.IsInteger ? (a, b) => Math.Truncate(a / b) : (a, b) => (float)a / (float)b, error);
            }
            case "Neg": { var t = In(0); return new OnnxTensor(t.Dims, t.Values.Select(v => -v).ToArray(), t.IsInteger); }
            case "Sqrt": { var t = In(0); return new OnnxTensor(t.Dims, t.Values.Select(v => (double)MathF.Sqrt((float)v)).ToArray(), false); }
            default: throw error($"operator {node.OpType} cannot be folded.");
        }
    }

    private static OnnxTensor Decode(TensorProto t, Func<string, Exception> error)
    {
        var r = OnnxTensor.Decode(t, out var problem);
        return problem is null ? r : throw error($"constant {problem}.");
    }

    private static long[] Strides(long[] dims)
    {
        var s = new long[dims.Length];
        long acc = 1;
        for (int d = dims.Length - 1; d >= 0; d--) { s[d] = acc; acc *= dims[d]; }
        return s;
    }

    /// <summary>Elementwise <paramref name="f"/> with numpy broadcasting; float results are rounded to float32 as a runtime computes them.</summary>
    private static OnnxTensor Broadcast(OnnxTensor x, OnnxTensor y, Func<double, double, double> f, Func<string, Exception> error)
    {
        int rank = Math.Max(x.Dims.Length, y.Dims.Length);
        long[] Pad(long[] d) => [.. Enumerable.Repeat(1L, rank - d.Length), .. d];
        var dx = Pad(x.Dims); var dy = Pad(y.Dims);
        var dims = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            if (dx[i] != dy[i] && dx[i] != 1 && dy[i] != 1) throw error($"cannot broadcast {x.DimsText} with {y.DimsText}.");
            dims[i] = dx[i] == 1 ? dy[i] : dx[i];
        }
        long count = dims.Aggregate(1L, (a, b) => a * b);
        if (count > OnnxTensor.MaxValues) throw error($"result has more than {OnnxTensor.MaxValues} values.");
        var sx = Strides(dx); var sy = Strides(dy);
        bool integer = x.IsInteger && y.IsInteger;
        var values = new double[count];
        for (long i = 0; i < count; i++)
        {
            long rem = i, ix = 0, iy = 0;
            for (int d = rank - 1; d >= 0; d--)
            {
                long c = rem % dims[d]; rem /= dims[d];
                if (dx[d] != 1) ix += c * sx[d];
                if (dy[d] != 1) iy += c * sy[d];
            }
            double v = f(x.Values[ix], y.Values[iy]);
            values[i] = integer ? v : (float)v;
        }
        return new OnnxTensor(dims, values, integer);
    }
}
