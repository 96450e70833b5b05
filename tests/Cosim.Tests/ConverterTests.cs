using CsCheck;
using MemristorSpice.Cosim.Converters;

namespace MemristorSpice.Cosim.Tests;

public class ConverterTests
{
    [Fact]
    public void Dac_matches_closed_form_on_a_3_bit_example()
    {
        // 3 bits over [0, 7]: LSB = 7 / (2^3 − 1) = 1, codes 0..7, half away from zero.
        var dac = new Dac(3, 7.0);
        Assert.Equal(1.0, dac.Lsb);
        Assert.Equal(2.0, dac.Convert(2.4));
        Assert.Equal(3.0, dac.Convert(2.5));
        Assert.Equal(0.0, dac.Convert(-1.0));
        Assert.Equal(7.0, dac.Convert(100.0));
        Assert.Equal(7, dac.Code(6.6));
    }

    [Fact]
    public void Bipolar_dac_matches_closed_form_on_a_3_bit_example()
    {
        // 3 bits with sign over [−3, 3]: M = 2^2 − 1 = 3, LSB = 3 / 3 = 1, codes −3..3, half away from zero.
        var dac = new Dac(3, 3.0, bipolar: true);
        Assert.Equal((1.0, 3L, -3L), (dac.Lsb, dac.MaxCode, dac.MinCode));
        Assert.Equal(-2.0, dac.Convert(-2.4));
        Assert.Equal(-3.0, dac.Convert(-2.5));
        Assert.Equal(-3.0, dac.Convert(-100.0));
        Assert.Equal(1.0, dac.Convert(0.5));
        Assert.Equal(3.0, dac.Convert(100.0));
        Assert.True(dac.Clips(-3.01) && dac.Clips(3.01) && !dac.Clips(-3.0) && !dac.Clips(0));
        // The unipolar converter clips every negative value.
        Assert.True(new Dac(3, 3.0).Clips(-0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dac(1, 1, bipolar: true));
    }

    [Fact]
    public void Dac_error_is_at_most_half_an_lsb_inside_the_range()
    {
        Gen.Select(Gen.Int[1, 16], Gen.Double[0.01, 100], Gen.Double[0, 1]).Sample((bits, fs, frac) =>
        {
            var dac = new Dac(bits, fs);
            double v = frac * fs, q = dac.Convert(v);
            double lsb = fs / ((1L << bits) - 1);
            // Closed form: q = round(v / LSB)·LSB; the error bound carries 1e-12 relative for the division/multiply.
            Assert.Equal(Math.Round(v / lsb, MidpointRounding.AwayFromZero) * lsb, q, 12);
            // At an exact half LSB the error is lsb/2 up to the rounding of v itself and of q − v: a few ulps of v
            // (with 16 bits and fs = 100, lsb/2·1e-12 alone is below one ulp of v and the bound failed now and then).
            double ulps = 4 * Math.BitIncrement(Math.Max(Math.Abs(v), lsb)) - 4 * Math.Max(Math.Abs(v), lsb);
            Assert.True(Math.Abs(q - v) <= lsb / 2 * (1 + 1e-12) + ulps, $"bits {bits}, fs {fs}, v {v}: q {q}");
        });
    }

    [Fact]
    public void Adc_is_symmetric_mid_tread_and_clips()
    {
        // 4 bits ±7: M = 2^3 − 1 = 7 codes each side, LSB = 1.
        var adc = new Adc(4, 7.0);
        Assert.Equal(1.0, adc.Lsb);
        Assert.Equal(0.0, adc.Convert(0.49));
        Assert.Equal(-3.0, adc.Convert(-2.5));
        Assert.Equal(-7.0, adc.Convert(-7.6));
        Assert.Equal(7.0, adc.Convert(1e9));
        Gen.Select(Gen.Int[2, 20], Gen.Double[0.01, 10], Gen.Double[-2, 2]).Sample((bits, fs, frac) =>
        {
            var a = new Adc(bits, fs);
            double v = frac * fs, q = a.Convert(v);
            Assert.Equal(-q, a.Convert(-v));
            double m = (1L << (bits - 1)) - 1, lsb = fs / m;
            double expected = Math.Clamp(Math.Round(v / lsb, MidpointRounding.AwayFromZero), -m, m) * lsb;
            Assert.Equal(expected, q, 12);
        });
    }

    [Fact]
    public void Zero_bits_means_an_ideal_converter()
    {
        Assert.Equal(1.2345678901, new Dac(0, 1).Convert(1.2345678901));
        Assert.Equal(-42.5, new Adc(0, 1).Convert(-42.5));
    }

    [Fact]
    public void Bad_converter_arguments_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adc(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dac(8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dac(31, 1));
    }
}
