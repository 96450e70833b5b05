namespace MemristorSpice.Cosim.Converters;

/// <summary>
/// Digital-to-analog converter on a crossbar row. Unipolar: an activation a (activation units) is coded as
/// k = clamp(round(a / LSB), 0, 2^bits − 1) with LSB = FullScale / (2^bits − 1) and drives the row at
/// k·LSB·Vread/FullScale ∈ [0, Vread]; negative activations clip to 0. Bipolar (layers whose input can be negative:
/// LeakyRelu, Tanh, HardSwish, a residual sum without ReLU, normalized pixels): signed mid-tread like the ADC,
/// k = clamp(round(a / LSB), −M, M) with M = 2^(bits−1) − 1 and LSB = FullScale / M, so the row swings over
/// [−Vread, +Vread] (the bits include the sign). Rounding is half away from zero. <see cref="Bits"/> = 0 means an
/// ideal converter: the value passes unchanged (no quantization, no clipping).
/// </summary>
public sealed class Dac
{
    /// <summary>Creates a converter.</summary>
    /// <param name="bits">Resolution, 0..30 (0 = ideal); a bipolar converter needs 0 or at least 2.</param>
    /// <param name="fullScale">Largest input magnitude represented, activation units; positive.</param>
    /// <param name="bipolar">Signed codes (rows driven over ±Vread) instead of [0, Vread].</param>
    public Dac(int bits, double fullScale, bool bipolar = false)
    {
        if (bits is < 0 or > 30) throw new ArgumentOutOfRangeException(nameof(bits), bits, "DAC bits must be in [0, 30] (0 = ideal).");
        if (bipolar && bits == 1) throw new ArgumentOutOfRangeException(nameof(bits), bits, "A bipolar DAC needs 0 (ideal) or at least 2 bits.");
        if (!(fullScale > 0) || !double.IsFinite(fullScale)) throw new ArgumentOutOfRangeException(nameof(fullScale), fullScale, "DAC full scale must be positive and finite.");
        Bits = bits;
        FullScale = fullScale;
        Bipolar = bipolar;
        MaxCode = bits == 0 ? 0 : bipolar ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        Lsb = bits == 0 ? 0 : fullScale / MaxCode;
    }

    /// <summary>Resolution in bits (including the sign of a bipolar converter); 0 = ideal.</summary>
    public int Bits { get; }
    /// <summary>Largest input magnitude that is represented, in activation units (maps to ±Vread on the row).</summary>
    public double FullScale { get; }
    /// <summary>True for signed codes (rows over ±Vread).</summary>
    public bool Bipolar { get; }
    /// <summary>Largest code: 2^bits − 1 unipolar, 2^(bits−1) − 1 per sign bipolar (0 for the ideal converter).</summary>
    public long MaxCode { get; }
    /// <summary>Smallest code: 0 unipolar, −MaxCode bipolar.</summary>
    public long MinCode => Bipolar ? -MaxCode : 0;
    /// <summary>Step between codes in activation units (0 for the ideal converter).</summary>
    public double Lsb { get; }

    /// <summary>True when <paramref name="value"/> lies outside the converter's range (it is clipped; never for an ideal converter).</summary>
    public bool Clips(double value) => Bits > 0 && (value > FullScale || value < (Bipolar ? -FullScale : 0));

    /// <summary>Code of <paramref name="value"/> (only for a converter with bits &gt; 0).</summary>
    public long Code(double value)
    {
        if (Bits == 0) throw new InvalidOperationException("An ideal DAC has no codes.");
        double k = Math.Round(value / Lsb, MidpointRounding.AwayFromZero);
        return (long)Math.Clamp(k, MinCode, MaxCode);
    }

    /// <summary>Quantized value in activation units.</summary>
    public double Convert(double value) => Bits == 0 ? value : Code(value) * Lsb;
}
