using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Cosim.Controller;

/// <summary>
/// The controller's own digital stages for the analog path (one image): max pooling and ReLU with exactly the
/// network layers' results (<see cref="MaxPool"/>: the first value of the window, then strictly greater values in row
/// order; <see cref="ReLU"/>: max(x, 0)), without the layers' training bookkeeping. Pooling was 8 % of the
/// co-simulation's CPU time with the layer's per-element index arithmetic and 5 % with a scalar loop whose
/// unpredictable comparisons cost a branch miss per value; 2×2 windows now compare four values at once.
/// </summary>
internal static class ControllerDigitalStages
{
    /// <summary>max(x, 0) per value, as <see cref="ReLU"/> computes it.</summary>
    public static Tensor Relu(Tensor x, ActivationPool? pool = null)
    {
        var y = new Tensor(x.N, x.C, x.H, x.W, Array(x.Length, pool));
        TensorPrimitives.Max(x.Data, 0f, y.Data);
        return y;
    }

    /// <summary>An output array with undefined contents: from the pool when there is one.</summary>
    public static float[] Array(int length, ActivationPool? pool) => pool?.Rent(length) ?? GC.AllocateUninitializedArray<float>(length);

    public static Tensor MaxPool(MaxPool layer, Tensor x, ActivationPool? pool = null)
    {
        if (x.N != 1) throw new ArgumentException("The controller pools one image at a time.");
        int size = layer.Size, oh = x.H / size, ow = x.W / size, w = x.W;
        var y = new Tensor(1, x.C, oh, ow, Array(x.C * oh * ow, pool));
        ref float rx = ref MemoryMarshal.GetArrayDataReference(x.Data);
        ref float ry = ref MemoryMarshal.GetArrayDataReference(y.Data);
        for (int c = 0; c < x.C; c++)
        {
            int inBase = c * x.PlaneSize, outBase = c * oh * ow;
            for (int oy = 0; oy < oh; oy++)
            {
                ref float top = ref Unsafe.Add(ref rx, inBase + oy * size * w);
                ref float output = ref Unsafe.Add(ref ry, outBase + oy * ow);
                int ox = size == 2 && Sse.IsSupported ? Pool2x2(ref top, w, ref output, ow) : 0;
                for (; ox < ow; ox++)
                {
                    ref float window = ref Unsafe.Add(ref top, ox * size);
                    float best = window;
                    for (int dy = 0; dy < size; dy++)
                    {
                        ref float row = ref Unsafe.Add(ref window, dy * w);
                        for (int dx = 0; dx < size; dx++)
                        {
                            float v = Unsafe.Add(ref row, dx);
                            best = v > best ? v : best;
                        }
                    }
                    Unsafe.Add(ref output, ox) = best;
                }
            }
        }
        return y;
    }

    /// <summary>
    /// Four 2×2 windows at a time from the input rows <paramref name="top"/> and top + <paramref name="width"/>: even
    /// and odd columns split by shuffles, then the window's values in the scalar order (top-left, top-right,
    /// bottom-left, bottom-right), each replacing the best so far only when strictly greater. Returns the first
    /// output column left for the scalar loop.
    /// </summary>
    private static int Pool2x2(ref float top, int width, ref float output, int outputs)
    {
        ref float bottom = ref Unsafe.Add(ref top, width);
        int ox = 0;
        for (; ox + 4 <= outputs && 2 * ox + 8 <= width; ox += 4)
        {
            var a = Vector128.LoadUnsafe(ref top, (nuint)(2 * ox));
            var b = Vector128.LoadUnsafe(ref top, (nuint)(2 * ox + 4));
            var c = Vector128.LoadUnsafe(ref bottom, (nuint)(2 * ox));
            var d = Vector128.LoadUnsafe(ref bottom, (nuint)(2 * ox + 4));
            var best = Sse.Shuffle(a, b, 0b10_00_10_00);
            best = Greater(Sse.Shuffle(a, b, 0b11_01_11_01), best);
            best = Greater(Sse.Shuffle(c, d, 0b10_00_10_00), best);
            best = Greater(Sse.Shuffle(c, d, 0b11_01_11_01), best);
            best.StoreUnsafe(ref output, (nuint)ox);
        }
        return ox;
    }

    private static Vector128<float> Greater(Vector128<float> v, Vector128<float> best) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(v, best), v, best);
}
