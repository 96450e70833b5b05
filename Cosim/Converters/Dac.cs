namespace MemristorSpice.Cosim.Converters;

/// <summary>
/// Unipolar digital-to-analog converter on a crossbar row: an activation a (in activation units) is coded as
/// k = clamp(round(a / LSB), 0, 2^bits − 1) with LSB = FullScale / (2^bits − 1), and the analog value is k·LSB.
/// Rounding is half away from zero. <see cref="Bits"/> = 0 means an ideal converter: the value passes unchanged (no quantization, no clipping).
/// </summary>
public sealed class Dac
{
    /// <summary>Creates a converter.</summary>
    /// <param name="bits">Resolution, 0..30 (0 = ideal).</param>
    /// <param name="fullScale">Largest input represented, activation units; positive.</param>
    public Dac(int bits, double fullScale)
    {
        if (bits is < 0 or > 30) throw new ArgumentOutOfRangeException(nameof(bits), bits, "DAC bits must be in [0, 30] (0 = ideal).");
        if (!(fullScale > 0) || !double.IsFinite(fullScale)) throw new ArgumentOutOfRangeException(nameof(fullScale), fullScale, "DAC full scale must be positive and finite.");
        Bits = bits;
        FullScale = fullScale;
        MaxCode = bits == 0 ? 0 : (1L << bits) - 1;
        Lsb = bits == 0 ? 0 : fullScale / MaxCode;
    }

    /// <summary>Resolution in bits; 0 = ideal.</summary>
    public int Bits { get; }
    /// <summary>Largest input that is represented, in activation units (maps to Vread on the row).</summary>
    public double FullScale { get; }
    /// <summary>Largest code 2^bits − 1 (0 for the ideal converter).</summary>
    public long MaxCode { get; }
    /// <summary>Step between codes in activation units (0 for the ideal converter).</summary>
    public double Lsb { get; }

    /// <summary>Code of <paramref name="value"/> (only for a converter with bits &gt; 0).</summary>
    public long Code(double value)
    {
        if (Bits == 0) throw new InvalidOperationException("An ideal DAC has no codes.");
        double k = Math.Round(value / Lsb, MidpointRounding.AwayFromZero);
        return (long)Math.Clamp(k, 0, MaxCode);
    }

    /// <summary>Quantized value in activation units.</summary>
    public double Convert(double value) => Bits == 0 ? value : Code(value) * Lsb;
}
