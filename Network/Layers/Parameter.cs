namespace MemristorSpice.Network.Layers;

/// <summary>
/// A named float array of a layer with its shape. Trainable parameters carry a gradient; buffers such as
/// BatchNorm running statistics are saved with the weights but never touched by the optimizer.
/// </summary>
public sealed class Parameter
{
    /// <summary>Parameter name within its layer, e.g. "weight", "bias", "running_mean".</summary>
    public string Name { get; }
    /// <summary>Dimensions, e.g. [out, in, kernel, kernel] for a conv weight.</summary>
    public int[] Shape { get; }
    /// <summary>Values, row-major over <see cref="Shape"/>.</summary>
    public float[] Value { get; }
    /// <summary>Gradient of the loss, same layout as <see cref="Value"/>; empty for non-trainable buffers.</summary>
    public float[] Grad { get; }
    /// <summary>True when the optimizer updates it; false for buffers such as running statistics.</summary>
    public bool Trainable { get; }

    /// <summary>Creates a parameter of the given shape, zero-filled unless <paramref name="value"/> (length must match) is given.</summary>
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

    /// <summary>
    /// Per-value multiplier of the optimizer's step, null = 1 everywhere. Hardware-aware training sets it to the raw
    /// weight that one unit of the crossbar's conductance span represents (wmax/|s| with s the folded BatchNorm scale), so
    /// that the optimizer moves every crossbar by the same fraction of its full scale (docs/network.md, "Steps in
    /// conductance units").
    /// </summary>
    public float[]? StepScale { get; set; }

    /// <summary>Number of values (product of the shape).</summary>
    public int Size => Value.Length;
    /// <summary>Shape as text, e.g. "[16,1,3,3]", for messages and summaries.</summary>
    public string ShapeText => "[" + string.Join(",", Shape) + "]";
}
