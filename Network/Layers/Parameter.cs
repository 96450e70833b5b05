namespace MemristorSpice.Network.Layers;

/// <summary>
/// A named float array of a layer with its shape. Trainable parameters carry a gradient; buffers such as
/// BatchNorm running statistics are saved with the weights but never touched by the optimizer.
/// </summary>
public sealed class Parameter
{
    public string Name { get; }
    public int[] Shape { get; }
    public float[] Value { get; }
    public float[] Grad { get; }
    public bool Trainable { get; }

    public Parameter(string name, int[] shape, bool trainable = true, float[]? value = null)
    {
        int size = 1;
        foreach (var d in shape) size = checked(size * d);
        if (value is not null && value.Length != size)
            throw new ArgumentException($"Parameter {name}: {value.Length} values for shape [{string.Join(",", shape)}].");
        Name = name; Shape = shape; Trainable = trainable;
        Value = value ?? new float[size];
        Grad = trainable ? new float[size] : [];
    }

    public int Size => Value.Length;
    public string ShapeText => "[" + string.Join(",", Shape) + "]";
}
