using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MemristorSpice.Network;

namespace MemristorSpice.Cosim;

/// <summary>
/// The controller's own max pooling for the analog path (one image): the same window, stride and comparison order as
/// the network's <see cref="MaxPool"/> layer (the first value of the window, then strictly greater values in row
/// order), so the result is bit-identical, without the layer's per-element index arithmetic and bounds checks
/// (it was 8 % of the co-simulation's CPU time, more than some analog layers).
/// </summary>
internal static class ControllerPooling
{
    public static Tensor MaxPool(MaxPool layer, Tensor x)
    {
        if (x.N != 1) throw new ArgumentException("The controller pools one image at a time.");
        int size = layer.Size, oh = x.H / size, ow = x.W / size, w = x.W;
        var y = new Tensor(1, x.C, oh, ow, GC.AllocateUninitializedArray<float>(x.C * oh * ow));
        ref float rx = ref MemoryMarshal.GetArrayDataReference(x.Data);
        ref float ry = ref MemoryMarshal.GetArrayDataReference(y.Data);
        for (int c = 0; c < x.C; c++)
        {
            int inBase = c * x.PlaneSize, outBase = c * oh * ow;
            for (int oy = 0; oy < oh; oy++)
            {
                int rowBase = inBase + oy * size * w;
                for (int ox = 0; ox < ow; ox++)
                {
                    ref float window = ref Unsafe.Add(ref rx, rowBase + ox * size);
                    float best = window;
                    for (int dy = 0; dy < size; dy++)
                    {
                        ref float row = ref Unsafe.Add(ref window, dy * w);
                        for (int dx = 0; dx < size; dx++)
                        {
                            float v = Unsafe.Add(ref row, dx);
                            if (v > best) best = v;
                        }
                    }
                    Unsafe.Add(ref ry, outBase + oy * ow + ox) = best;
                }
            }
        }
        return y;
    }
}
