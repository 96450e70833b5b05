using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Crossbar.Faults;

/// <summary>
/// The best a differential pair with stuck devices can do for a weight. In normalised units u = w/wmax ∈ [−1, 1] and
/// g± = (G± − Gmin)/(Gmax − Gmin) ∈ [0, 1] the pair realises u_r = g+ − g− (<see cref="ConductanceMapping.WeightOf"/>).
/// A stuck device is fixed at 0 (Gmin) or 1 (Gmax); a working one can take any value in [0, 1], so it can compensate
/// its partner. The least error min (u_r − u)² per case:
/// <list type="bullet">
/// <item>both working: 0 (the ordinary mapping g+ = max(u, 0), g− = max(−u, 0));</item>
/// <item>G+ stuck at a, G− working: g− = clamp(a − u, 0, 1); error max(u, 0)² for a = 0, max(−u, 0)² for a = 1;</item>
/// <item>G− stuck at b, G+ working: g+ = clamp(u + b, 0, 1); error max(−u, 0)² for b = 0, max(u, 0)² for b = 1;</item>
/// <item>both stuck: (a − b − u)².</item>
/// </list>
/// In weight units the error is wmax²·(u_r − u)².
/// </summary>
public static class PairFaultCost
{
    /// <summary>Normalised targets (g+, g−) ∈ [0, 1]² that realise <paramref name="u"/> best on a pair with these faults.</summary>
    public static (double Plus, double Minus) Best(double u, CellFault plus, CellFault minus)
    {
        double? a = Fixed(plus), b = Fixed(minus);
        return (a, b) switch
        {
            (null, null) => (Math.Max(u, 0), Math.Max(-u, 0)),
            ({ } pa, null) => (pa, Math.Clamp(pa - u, 0, 1)),
            (null, { } mb) => (Math.Clamp(u + mb, 0, 1), mb),
            ({ } pa, { } mb) => (pa, mb),
        };
    }

    /// <summary>Least squared error (u_r − u)² of weight <paramref name="u"/> (normalised) on a pair with these faults.</summary>
    public static double Error(double u, CellFault plus, CellFault minus)
    {
        if (plus == CellFault.None && minus == CellFault.None) return 0;
        var (p, m) = Best(u, plus, minus);
        double e = p - m - u;
        return e * e;
    }

    private static double? Fixed(CellFault f) => f switch
    {
        CellFault.StuckAtMin => 0,
        CellFault.StuckAtMax => 1,
        _ => null,
    };
}
