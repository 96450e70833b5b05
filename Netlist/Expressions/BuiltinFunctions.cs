namespace MemristorSpice.Netlist.Expressions;

/// <summary>
/// Built-in functions of the ngspice expression language. Semantics follow ngspice: log and ln are the
/// natural logarithm, pow(x, y) = |x|^y, pwr(x, y) = sgn(x)·|x|^y (pwrs, HSPICE, the same), u(x) is the unit step
/// (1 for x &gt; 0, 0.5 at 0), u2(x) the unit ramp clamped to [0, 1], sqr(x) = x², arctan = atan, nint rounds halves
/// to even (C rint), eq0/ne0/gt0/lt0/ge0/le0 compare with zero (1 or 0),
/// as measured on ngspice 39.
/// </summary>
internal static class BuiltinFunctions
{
    public sealed record Function(int MinArgs, int MaxArgs, Func<double[], double> Apply);

    private static readonly Dictionary<string, Function> Table = new()
    {
        ["abs"] = One(Math.Abs),
        ["sqrt"] = One(Math.Sqrt),
        ["exp"] = One(Math.Exp),
        ["ln"] = One(Math.Log),
        ["log"] = One(Math.Log),
        ["log10"] = One(Math.Log10),
        ["sin"] = One(Math.Sin),
        ["cos"] = One(Math.Cos),
        ["tan"] = One(Math.Tan),
        ["asin"] = One(Math.Asin),
        ["acos"] = One(Math.Acos),
        ["atan"] = One(Math.Atan),
        ["arctan"] = One(Math.Atan),
        ["asinh"] = One(Math.Asinh),
        ["acosh"] = One(Math.Acosh),
        ["atanh"] = One(Math.Atanh),
        ["sqr"] = One(x => x * x),
        ["sinh"] = One(Math.Sinh),
        ["cosh"] = One(Math.Cosh),
        ["tanh"] = One(Math.Tanh),
        ["floor"] = One(Math.Floor),
        ["ceil"] = One(Math.Ceiling),
        ["int"] = One(Math.Truncate),
        // C's rint, as ngspice: halves round to even (nint(2.5) = 2, nint(-2.5) = -2, nint(3.5) = 4).
        ["nint"] = One(x => Math.Round(x, MidpointRounding.ToEven)),
        ["sgn"] = One(x => Math.Sign(x)),
        ["u"] = One(Compilation.SpiceMath.Step),
        ["u2"] = One(Compilation.SpiceMath.Ramp01),
        ["pow"] = Two((x, y) => Math.Pow(Math.Abs(x), y)),
        ["pwr"] = Two((x, y) => Math.Sign(x) * Math.Pow(Math.Abs(x), y)),
        ["pwrs"] = Two((x, y) => Math.Sign(x) * Math.Pow(Math.Abs(x), y)),
        ["atan2"] = Two(Math.Atan2),
        ["limit"] = new(3, 3, a => Math.Min(Math.Max(a[0], Math.Min(a[1], a[2])), Math.Max(a[1], a[2]))),
        ["min"] = new(2, int.MaxValue, a => a.Min()),
        ["max"] = new(2, int.MaxValue, a => a.Max()),
        // ngspice's B-source comparisons with zero: 1 when the relation holds, else 0.
        ["eq0"] = One(x => x == 0 ? 1 : 0),
        ["ne0"] = One(x => x != 0 ? 1 : 0),
        ["gt0"] = One(x => x > 0 ? 1 : 0),
        ["lt0"] = One(x => x < 0 ? 1 : 0),
        ["ge0"] = One(x => x >= 0 ? 1 : 0),
        ["le0"] = One(x => x <= 0 ? 1 : 0),
        ["pwl"] = new(5, int.MaxValue, a => a.Length % 2 == 1 ? Compilation.SpiceMath.Pwl(a[0], a[1..]) : double.NaN),
    };

    public static IReadOnlyCollection<string> Names => Table.Keys;

    public static bool TryGet(string name, out Function function) => Table.TryGetValue(name, out function!);

    /// <summary>Named constants available when no parameter of the same name exists.</summary>
    public static IReadOnlyCollection<string> ConstantNames { get; } = ["pi", "boltz", "echarge", "planck"];

    public static bool TryGetConstant(string name, out double value)
    {
        switch (name)
        {
            case "pi": value = Math.PI; return true;
            // Physical constants that LTspice/PSpice models use (exact SI 2019 values).
            case "boltz": value = 1.380649e-23; return true; // J/K
            case "echarge": value = 1.602176634e-19; return true; // C
            case "planck": value = 6.62607015e-34; return true; // J·s
            default: value = 0; return false;
        }
    }

    private static Function One(Func<double, double> f) => new(1, 1, a => f(a[0]));

    private static Function Two(Func<double, double, double> f) => new(2, 2, a => f(a[0], a[1]));
}
