namespace MemristorSpice.Crossbar.Mapping;

/// <summary>
/// Differential mapping of a weight w ∈ [−wmax, wmax] to a pair (G+, G−) in [Gmin, Gmax] (docs/assumptions.md, "Crossbar mapping"):
///   G+ = Gmin + (Gmax − Gmin)·max(w, 0)/wmax,   G− = Gmin + (Gmax − Gmin)·max(−w, 0)/wmax,
/// optionally snapped to N levels evenly spaced in [Gmin, Gmax]. |w| &gt; wmax is an error (it cannot be programmed).
/// </summary>
public sealed class ConductanceMapping
{
    /// <summary>Maps weights in [−<paramref name="weightFullScale"/>, +<paramref name="weightFullScale"/>] onto <paramref name="range"/>, optionally snapped to <paramref name="levels"/> levels.</summary>
    public ConductanceMapping(ConductanceRange range, double weightFullScale, int? levels = null)
    {
        if (!(weightFullScale > 0 && double.IsFinite(weightFullScale)))
            throw new ArgumentException($"weight full scale wmax must be > 0, got {weightFullScale}.");
        if (levels is { } n && n < 2) throw new ArgumentException($"conductance levels must be at least 2, got {n}.");
        Range = range;
        WeightFullScale = weightFullScale;
        Levels = levels;
    }

    /// <summary>Conductance window [Gmin, Gmax], Siemens.</summary>
    public ConductanceRange Range { get; }

    /// <summary>wmax: the weight magnitude mapped to Gmax.</summary>
    public double WeightFullScale { get; }

    /// <summary>Number of levels, or null for continuous conductances.</summary>
    public int? Levels { get; }

    /// <summary>Exact targets (no levels) of a weight: (G+, G−) in Siemens.</summary>
    public (double Plus, double Minus) Exact(double weight)
    {
        if (!(Math.Abs(weight) <= WeightFullScale * (1 + 1e-12)))
            throw new ArgumentOutOfRangeException(nameof(weight), $"weight {weight} exceeds the full scale wmax = {WeightFullScale}.");
        var scale = Range.SpanSiemens / WeightFullScale;
        var plus = Range.MinSiemens + scale * Math.Min(Math.Max(weight, 0), WeightFullScale);
        var minus = Range.MinSiemens + scale * Math.Min(Math.Max(-weight, 0), WeightFullScale);
        return (plus, minus);
    }

    /// <summary>The conductance a programmer aims for: the exact target, snapped to the nearest level when levels are set.</summary>
    public double Snap(double siemens)
    {
        if (Levels is not { } n) return siemens;
        var step = Range.SpanSiemens / (n - 1);
        var k = Math.Round((siemens - Range.MinSiemens) / step, MidpointRounding.AwayFromZero);
        k = Math.Clamp(k, 0, n - 1);
        return k == n - 1 ? Range.MaxSiemens : Range.MinSiemens + k * step;
    }

    /// <summary>The weight a pair represents: wmax·(G+ − G−)/(Gmax − Gmin).</summary>
    public double WeightOf(double plusSiemens, double minusSiemens) => WeightFullScale * (plusSiemens - minusSiemens) / Range.SpanSiemens;
}
