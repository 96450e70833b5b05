namespace MemristorSpice.Cosim.Metrics;

/// <summary>
/// A sum of doubles kept as a 128-bit fixed-point integer with <see cref="FractionBits"/> fraction bits, so that
/// addition is exactly associative and commutative: the total does not depend on the order of the terms, on how
/// images are split into shards, or on thread scheduling. Each term is rounded once to 2^−64 (about 5e−20);
/// magnitudes up to 2^62 are representable, overflow throws.
/// </summary>
public readonly record struct ExactSum(Int128 Raw)
{
    public const int FractionBits = 64;
    private const double MaxTerm = 4.6e18; // < 2^62

    public static ExactSum Zero => default;

    public static ExactSum Of(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > MaxTerm)
            throw new OverflowException($"ExactSum term {value} is not finite or too large.");
        return new ExactSum((Int128)Math.Round(Math.ScaleB(value, FractionBits)));
    }

    public ExactSum Add(double value) => this + Of(value);

    public static ExactSum operator +(ExactSum a, ExactSum b) => new(checked(a.Raw + b.Raw));

    public double Value => Math.ScaleB((double)Raw, -FractionBits);

    /// <summary>Exact decimal text of the raw integer (for shard files).</summary>
    public override string ToString() => Raw.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static ExactSum Parse(string raw) => new(Int128.Parse(raw, System.Globalization.CultureInfo.InvariantCulture));
}
