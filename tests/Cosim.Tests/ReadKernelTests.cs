using MemristorSpice.Cosim.Controller;
using MemristorSpice.Cosim.Converters;

namespace MemristorSpice.Cosim.Tests;

/// <summary>The SIMD loops of the fast path against the scalar converters and plain loops (exact equality: same IEEE operations).</summary>
public class ReadKernelTests
{
    [Fact]
    public void Vector_adc_and_correction_equal_the_scalar_converter_including_ties_and_clipping()
    {
        var adc = new Adc(6, 3.1);
        var rng = new Random(3);
        // Exact half-LSB points (round half away from zero), values just below them, beyond full scale, and random ones.
        var read = new double[203];
        for (int i = 0; i < read.Length; i++)
            read[i] = (i % 4) switch
            {
                0 => (rng.Next(-40, 40) + 0.5) * adc.Lsb,
                1 => Math.BitDecrement((rng.Next(0, 40) + 0.5) * adc.Lsb),
                2 => (rng.NextDouble() - 0.5) * 9,
                _ => (rng.NextDouble() - 0.5) * 6,
            };
        // 7 outputs × 29 positions (a tail of one value per output after the SIMD vectors), each output with its own
        // bias term, gain and offset.
        const int outputs = 7, positions = 29;
        var offset = Enumerable.Range(0, outputs).Select(o => 0.01 * o).ToArray();
        var gain = Enumerable.Range(0, outputs).Select(o => 0.9 + 0.02 * o).ToArray();
        var bias = Enumerable.Range(0, outputs).Select(o => (o - 3) * 0.37 * adc.Lsb).ToArray();
        var correction = new ColumnCorrection(gain, offset);
        var sum = Enumerable.Range(0, read.Length).Select(i => 0.1 * i).ToArray();
        var expected = sum.Select((s, i) => s + correction.Apply(i / positions, adc.Convert(read[i] + bias[i / positions]))).ToArray();
        long expectedClipped = read.Select((v, i) => v + bias[i / positions]).Count(v => Math.Abs(v) > adc.FullScale);
        Assert.True(expectedClipped > 0);

        long clipped = ReadKernels.ConvertAndCorrectOutputs(read, positions, bias, Enumerable.Repeat(adc, outputs).ToArray(), correction.InverseGain, offset, sum);
        Assert.Equal(expected, sum);
        Assert.Equal(expectedClipped, clipped);

        // Without a bias row nothing is added (not even +0, which would turn a −0 read into +0).
        var noBias = Enumerable.Range(0, read.Length).Select(i => 0.1 * i).ToArray();
        var expectedNoBias = noBias.Select((s, i) => s + correction.Apply(i / positions, adc.Convert(read[i]))).ToArray();
        ReadKernels.ConvertAndCorrectOutputs(read, positions, [], Enumerable.Repeat(adc, outputs).ToArray(), correction.InverseGain, offset, noBias);
        Assert.Equal(expectedNoBias, noBias);
    }

    [Fact]
    public void Vector_dac_equals_the_scalar_converter_and_counts_clipped_patch_entries()
    {
        var dac = new Dac(5, 2.0);
        var rng = new Random(8);
        var x = new float[77];
        for (int i = 0; i < x.Length; i++)
            x[i] = (i % 3) switch { 0 => (float)((rng.Next(0, 31) + 0.5) * dac.Lsb), 1 => (float)(rng.NextDouble() * 2.6 - 0.3), _ => 0f };
        var multiplicity = Enumerable.Range(0, 11).Select(i => 1 + i % 4).ToArray();
        const double toVolts = 0.1;
        var volts = new double[x.Length];
        long clipped = ReadKernels.Quantize(x, dac, toVolts, volts, multiplicity, multiplicity.Length);
        long expectedClipped = 0;
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(dac.Convert(x[i]) * toVolts, volts[i]);
            if (x[i] > dac.FullScale || x[i] < 0) expectedClipped += multiplicity[i % multiplicity.Length];
        }
        Assert.True(expectedClipped > 0);
        Assert.Equal(expectedClipped, clipped);
    }

    // Circuit reads use one fused multiply-add per term (as MatrixTileReader.Read), rows in order: exact equality.
    [Theory]
    [InlineData(4, 10, 9)]
    [InlineData(10, 49, 65)]
    [InlineData(7, 17, 3)]
    public void Tile_read_of_all_patches_equals_row_by_row_accumulation(int outs, int n, int rows)
    {
        var rng = new Random(outs * 100 + n);
        var t = Enumerable.Range(0, rows * outs).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var v = Enumerable.Range(0, rows * n).Select(i => i % 3 == 0 ? 0 : rng.NextDouble()).ToArray();
        var acc = Enumerable.Range(0, outs * n).Select(_ => rng.NextDouble()).ToArray();
        var expected = (double[])acc.Clone();
        for (int o = 0; o < outs; o++)
            for (int p = 0; p < n; p++)
                for (int r = 0; r < rows; r++)
                    expected[o * n + p] = Math.FusedMultiplyAdd(t[r * outs + o], v[r * n + p], expected[o * n + p]);
        ReadKernels.MultiplyTransposed(acc, t, outs, v, rows, n);
        Assert.Equal(expected, acc);
    }
}
