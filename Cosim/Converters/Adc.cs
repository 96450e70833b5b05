namespace MemristorSpice.Cosim.Converters;

/// <summary>
/// Bipolar (signed, mid-tread) analog-to-digital converter on a tile output: a value v in the backend's output
/// units (weight·volt) is coded as k = clamp(round(v / LSB), −M, M) with M = 2^(bits−1) − 1 and
/// LSB = FullScale / M (2^bits − 1 codes, symmetric around 0), and read back as k·LSB. Rounding is half away from
/// zero. <see cref="Bits"/> = 0 means an ideal converter: the value passes unchanged (no quantization, no clipping).
/// </summary>
public sealed class Adc
{
    /// <summary>Creates a converter.</summary>
    /// <param name="bits">Resolution, 0 (ideal) or 2..30.</param>
    /// <param name="fullScale">Largest magnitude represented, weight·volts; positive.</param>
    public Adc(int bits, double fullScale)
    {
        if (bits is < 0 or 1 or > 30) throw new ArgumentOutOfRangeException(nameof(bits), bits, "ADC bits must be 0 (ideal) or in [2, 30].");
        if (!(fullScale > 0) || !double.IsFinite(fullScale)) throw new ArgumentOutOfRangeException(nameof(fullScale), fullScale, "ADC full scale must be positive and finite.");
        Bits = bits;
        FullScale = fullScale;
        MaxCode = bits == 0 ? 0 : (1L << (bits - 1)) - 1;
        Lsb = bits == 0 ? 0 : fullScale / MaxCode;
    }

    /// <summary>Resolution in bits; 0 = ideal.</summary>
    public int Bits { get; }
    /// <summary>Largest magnitude that is represented, in output units (weight·volt).</summary>
    public double FullScale { get; }
    /// <summary>Largest code magnitude M = 2^(bits−1) − 1 (0 for the ideal converter).</summary>
    public long MaxCode { get; }
    /// <summary>Step between codes, weight·volts (0 for the ideal converter).</summary>
    public double Lsb { get; }

    /// <summary>Signed code of <paramref name="value"/>, clipped to ±MaxCode (only for a converter with bits &gt; 0).</summary>
    public long Code(double value)
    {
        if (Bits == 0) throw new InvalidOperationException("An ideal ADC has no codes.");
        double k = Math.Round(value / Lsb, MidpointRounding.AwayFromZero);
        return (long)Math.Clamp(k, -MaxCode, MaxCode);
    }

    /// <summary>Quantized value in weight·volts.</summary>
    public double Convert(double value) => Bits == 0 ? value : Code(value) * Lsb;

    /// <summary>Quantizes every value in place.</summary>
    public void Convert(Span<double> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = Convert(values[i]);
    }
}
