namespace MemristorSpice.Netlist.Expressions;

/// <summary>
/// Functions of other SPICE dialects that published memristor models use and that are conditionals in
/// disguise; they are rewritten into <c>?:</c> so every evaluator (read time, compiled, derivative) treats
/// them exactly as the ternary (only the taken arm is evaluated, slopes are those of the taken arm):
/// <list type="bullet">
/// <item><c>if(c, a, b)</c> (PSpice/LTspice/Xyce) = <c>c ? a : b</c>;</item>
/// <item><c>stp(x)</c> (PSpice/LTspice unit step) = <c>x &gt; 0 ? 1 : 0</c> (LTspice: 1 for x &gt; 0, else 0);</item>
/// <item><c>uramp(x)</c> (ngspice/HSPICE ramp) = <c>x &gt; 0 ? x : 0</c>;</item>
/// <item><c>ternary_fcn(c, a, b)</c> (ngspice's name for the conditional in .param and B sources) = <c>c ? a : b</c>.</item>
/// </list>
/// A user .func of the same name takes precedence (callers try user functions first).
/// </summary>
internal static class ConditionalFunctions
{
    public static IReadOnlyCollection<string> Names { get; } = ["if", "stp", "uramp", "ternary_fcn"];

    /// <summary>The ?: form of <paramref name="name"/>(<paramref name="args"/>), or null when it is not one of these functions.</summary>
    public static Expr? TryRewrite(string name, IReadOnlyList<Expr> args, Diagnostics.SourceLocation location)
    {
        int expected = name switch { "if" or "ternary_fcn" => 3, "stp" or "uramp" => 1, _ => -1 };
        if (expected < 0) return null;
        if (args.Count != expected)
            throw new Diagnostics.NetlistException(location, name, $"function '{name}' takes {expected} argument(s), not {args.Count}",
                name is "if" or "ternary_fcn" ? $"{name}(condition, value if true, value if false)" : $"{name}(x)");
        if (name is "if" or "ternary_fcn") return new ConditionalExpr(args[0], args[1], args[2], location);
        var positive = new BinaryExpr(BinaryOp.Greater, args[0], new NumberExpr(0, location), location);
        return new ConditionalExpr(positive, name == "stp" ? new NumberExpr(1, location) : args[0], new NumberExpr(0, location), location);
    }
}
