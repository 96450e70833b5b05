namespace MemristorSpice.Cosim.Controller;

/// <summary>
/// Recycles the analog path's activation arrays between the images one worker thread co-simulates. The first layers'
/// outputs are larger than the runtime's large-object threshold (conv1 of MSCCNN: 32·28·28 floats = 100 KB), and fresh
/// large objects cost the kernel a zeroed page per 4 KB touched: 3–5 % of a co-simulation's CPU time before this pool.
/// Not thread-safe: one pool per worker. Arrays handed back with <see cref="Return"/> are reused, so the caller must
/// be done with those traces.
/// </summary>
public sealed class ActivationPool
{
    private readonly Dictionary<int, Stack<float[]>> _free = [];

    /// <summary>An array of exactly <paramref name="length"/> values with undefined contents.</summary>
    public float[] Rent(int length) =>
        _free.TryGetValue(length, out var stack) && stack.Count > 0 ? stack.Pop() : GC.AllocateUninitializedArray<float>(length);

    /// <summary>Takes back every output and ideal-same-input array of one image's traces (each array once).</summary>
    public void Return(IReadOnlyList<StageTrace> traces)
    {
        var returned = new List<float[]>(2 * traces.Count);
        foreach (var trace in traces)
        {
            Add(trace.Output.Data);
            if (trace.IdealSameInput is { } ideal) Add(ideal.Data);
        }

        void Add(float[] array)
        {
            foreach (var r in returned)
                if (ReferenceEquals(r, array)) return;
            returned.Add(array);
            if (!_free.TryGetValue(array.Length, out var stack)) _free[array.Length] = stack = new Stack<float[]>();
            stack.Push(array);
        }
    }
}
