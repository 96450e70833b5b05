using System.Diagnostics;
using CsCheck;
using MemristorSpice.Network.Core;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Network.Tests;

/// <summary>
/// Random byte-level damage to the shipped weights/msccnn.msw: every mutant either loads into a network whose values
/// are all finite and whose layer shapes chain (a forward pass gives the declared output shape), or is refused with
/// <see cref="WeightsFormatException"/>; no other exception type, and each load is quick.
/// </summary>
public class WeightsFuzzTests
{
    /// <summary>One edit of the file: kind 0 flips a bit, 1 sets a byte, 2 deletes a byte, 3 inserts a byte,
    /// 4 truncates, 5 writes a special float (NaN, ±Inf, huge, negative) over 4 bytes.</summary>
    private readonly record struct Mutation(int Kind, double Where, bool InHeader, byte Value);

    private static readonly Gen<Mutation[]> Mutations =
        Gen.Select(Gen.Int[0, 5], Gen.Double[0, 1], Gen.Bool, Gen.Byte, (k, w, h, v) => new Mutation(k, w, h, v)).Array[1, 6];

    private static readonly float[] Specials = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 3e38f, -1f, 1e7f];

    private static byte[] Apply(byte[] original, int headerEnd, Mutation[] mutations)
    {
        var b = new List<byte>(original);
        foreach (var m in mutations)
        {
            if (b.Count == 0) break;
            // Half the edits land in the preamble and JSON header, where a byte matters most.
            int span = m.InHeader ? Math.Min(headerEnd, b.Count) : b.Count;
            int at = Math.Min((int)(m.Where * span), b.Count - 1);
            switch (m.Kind)
            {
                case 0: b[at] ^= (byte)(1 << (m.Value % 8)); break;
                case 1: b[at] = m.Value; break;
                case 2: b.RemoveAt(at); break;
                case 3: b.Insert(at, m.Value); break;
                case 4: b.RemoveRange(at, b.Count - at); break;
                default:
                    if (at + 4 <= b.Count)
                    {
                        var f = BitConverter.GetBytes(Specials[m.Value % Specials.Length]);
                        for (int i = 0; i < 4; i++) b[at + i] = f[i];
                    }
                    break;
            }
        }
        return [.. b];
    }

    [Fact]
    public void MutantsLoadCleanlyOrGiveTheFormatError()
    {
        var original = File.ReadAllBytes(Path.Combine(Dependencies.RepoRoot, "weights", "msccnn.msw"));
        int headerEnd = 12 + BitConverter.ToInt32(original, 8);
        // Fixed PCG seed: the same 300 mutants on every run (CsCheck generators, deterministic stream).
        var pcg = new PCG(1, 20240601);
        int loaded = 0, refused = 0;
        for (int n = 0; n < 300; n++)
        {
            var mutations = Mutations.Generate(pcg, default, out _);
            var bytes = Apply(original, headerEnd, mutations);
            var clock = Stopwatch.StartNew();
            Model? model = null;
            try { model = WeightsFile.Deserialize(bytes, "mutant.msw"); }
            catch (WeightsFormatException e)
            {
                Assert.StartsWith("mutant.msw: ", e.Message);
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"mutant {n} ({string.Join("; ", mutations)}) threw {e.GetType().Name}: {e.Message}");
            }
            // Generous bound: a valid load of this 63 kB file takes about a millisecond; 2 s only catches runaway work.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"mutant {n} took {clock.Elapsed}");
            if (model is null) continue;
            loaded++;
            Assert.All(model.Parameters.SelectMany(p => p.Value), v => Assert.True(float.IsFinite(v) && MathF.Abs(v) <= WeightsFile.MaxMagnitude));
            var input = model.InputShape;
            var y = model.Forward(new Tensor(1, input.C, input.H, input.W));
            Assert.Equal(model.OutputShape, new Shape3(y.C, y.H, y.W));
        }
        // Both outcomes occur, so the property is exercised on each side (counts are fixed by the seed).
        Assert.True(loaded > 0 && refused > 0, $"loaded {loaded}, refused {refused}");
    }
}
