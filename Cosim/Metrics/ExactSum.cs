namespace MemristorSpice.Cosim.Metrics;

/// <summary>
/// A sum of doubles kept as a 128-bit fixed-point integer with <see cref="FractionBits"/> fraction bits, so that
/// addition is exactly associative and commutative: the total does not depend on the order of the terms, on how
/// images are split into shards, or on thread scheduling. Each term is rounded once to 2^−64 (about 5e−20);
/// magnitudes up to 2^62 are representable, overflow throws.
/// </summary>
public readonly record struct ExactSum(Int128 Raw)
{
    /// <summary>Fraction bits of the fixed-point representation.</summary>
    public const int FractionBits = 64;
    private const double MaxTerm = 4.6e18; // < 2^62

    /// <summary>The empty sum.</summary>
    public static ExactSum Zero => default;

    /// <summary>A single term, rounded to 2^−64.</summary>
    /// <exception cref="OverflowException">The value is not finite or larger than about 4.6e18.</exception>
    public static ExactSum Of(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > MaxTerm)
            throw new OverflowException($"ExactSum term {value} is not finite or too large.");
        return new ExactSum((Int128)Math.Round(Math.ScaleB(value, FractionBits)));
    }

    /// <summary>This sum plus one term.</summary>
    public ExactSum Add(double value) => this + Of(value);

    /// <summary>Exact sum of two sums.</summary>
    /// <exception cref="OverflowException">The total exceeds the representable range.</exception>
    public static ExactSum operator +(ExactSum a, ExactSum b) => new(checked(a.Raw + b.Raw));

    /// <summary>The sum as the nearest double.</summary>
    public double Value => Math.ScaleB((double)Raw, -FractionBits);

    /// <summary>Exact decimal text of the raw integer (for shard files).</summary>
    public override string ToString() => Raw.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads the decimal raw integer written by <see cref="ToString"/>.</summary>
    public static ExactSum Parse(string raw) => new(Int128.Parse(raw, System.Globalization.CultureInfo.InvariantCulture));
}
