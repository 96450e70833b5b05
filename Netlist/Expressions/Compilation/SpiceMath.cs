namespace MemristorSpice.Netlist.Expressions.Compilation;

/// <summary>
/// Functions of the ngspice B-source language whose value or slope is more than one .NET call, with their
/// partial derivatives. Called from compiled expressions. Semantics follow ngspice's parse-tree functions
/// (src/spicelib/parser/ptfuncs.c): pow(x, y) = |x|^y, pwr(x, y) = sgn(x)·|x|^y, u(0) = 0.5, x^y keeps the sign
/// of a negative base only for an integer exponent, pwl extrapolates its end segments.
/// </summary>
internal static class SpiceMath
{
    /// <summary>Unit step as ngspice PTustep: 0 below, 1 above, 0.5 at 0.</summary>
    public static double Step(double x) => x > 0 ? 1 : x < 0 ? 0 : 0.5;

    /// <summary>ngspice's u2: 0 below 0, x on [0, 1], 1 above.</summary>
    public static double Ramp01(double x) => x <= 0 ? 0 : x >= 1 ? 1 : x;

    /// <summary>Slope of <see cref="Ramp01"/>: 1 inside (0, 1), else 0.</summary>
    public static double Ramp01Slope(double x) => x > 0 && x < 1 ? 1 : 0;

    /// <summary>
    /// Switch record of a condition for the transient's discontinuity control: |margin| (at least the smallest double)
    /// with the sign of the condition's state, positive when it holds.
    /// </summary>
    public static double SwitchRecord(bool holds, double margin)
    {
        double m = Math.Max(Math.Abs(margin), double.Epsilon);
        return holds ? m : -m;
    }

    public static double Sign(double x) => x > 0 ? 1 : x < 0 ? -1 : 0;

    /// <summary>pow(x, y) = |x|^y.</summary>
    public static double Pow(double x, double y) => Math.Pow(Math.Abs(x), y);

    /// <summary>∂pow/∂x = y·|x|^(y−1)·sgn(x).</summary>
    public static double PowDx(double x, double y) => x == 0 ? (y == 1 ? 0 : y > 1 ? 0 : double.NaN) : y * Math.Pow(Math.Abs(x), y - 1) * Sign(x);

    /// <summary>∂pow/∂y = |x|^y·ln|x| (0 at x = 0).</summary>
    public static double PowDy(double x, double y) => x == 0 ? 0 : Math.Pow(Math.Abs(x), y) * Math.Log(Math.Abs(x));

    /// <summary>pwr(x, y) = sgn(x)·|x|^y.</summary>
    public static double Pwr(double x, double y) => Sign(x) * Math.Pow(Math.Abs(x), y);

    /// <summary>∂pwr/∂x = y·|x|^(y−1).</summary>
    public static double PwrDx(double x, double y) => x == 0 ? (y == 1 ? 1 : y > 1 ? 0 : double.NaN) : y * Math.Pow(Math.Abs(x), y - 1);

    public static double PwrDy(double x, double y) => x == 0 ? 0 : Sign(x) * Math.Pow(Math.Abs(x), y) * Math.Log(Math.Abs(x));

    /// <summary>
    /// The ^ and ** operators: in ngspice B sources they are |x|^y like pow, also for an integer exponent
    /// (measured against ngspice 39: (−1.9)^3 = +6.859).
    /// </summary>
    public static double Power(double x, double y) => Pow(x, y);

    public static double PowerDx(double x, double y) => PowDx(x, y);

    public static double PowerDy(double x, double y) => PowDy(x, y);

    /// <summary>limit(x, a, b): x clamped to [min(a,b), max(a,b)].</summary>
    public static double Limit(double x, double a, double b) => Math.Min(Math.Max(x, Math.Min(a, b)), Math.Max(a, b));

    /// <summary>Which argument of limit is the result: 0 = x, 1 = lower bound, 2 = upper bound.</summary>
    public static int LimitChoice(double x, double a, double b)
    {
        double lo = Math.Min(a, b), hi = Math.Max(a, b);
        if (x < lo) return a <= b ? 1 : 2;
        if (x > hi) return a <= b ? 2 : 1;
        return 0;
    }

    /// <summary>Segment k of a pwl table (pairs x0 y0 x1 y1 ...) holding x; end segments extrapolate.</summary>
    private static int Segment(double x, double[] table)
    {
        int lo = 0, hi = table.Length / 2 - 1;
        bool increasing = table[0] < table[2];
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (increasing ? table[2 * mid] > x : table[2 * mid] < x) hi = mid;
            else lo = mid;
        }
        return lo;
    }

    public static double Pwl(double x, double[] table)
    {
        int k = Segment(x, table);
        double x0 = table[2 * k], y0 = table[2 * k + 1], x1 = table[2 * k + 2], y1 = table[2 * k + 3];
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }

    public static double PwlSlope(double x, double[] table)
    {
        int k = Segment(x, table);
        return (table[2 * k + 3] - table[2 * k + 1]) / (table[2 * k + 2] - table[2 * k]);
    }
}
