using System.Globalization;
using CsCheck;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions.Compilation;
using MemristorSpice.Netlist.Expressions;

namespace MemristorSpice.Netlist.Tests.Behavioral;

/// <summary>
/// The compiled gradient of random expressions equals central finite differences. Random trees combine every
/// operator and function (with their arguments kept in their domains, e.g. sqrt(|e| + 0.1)); the inputs are
/// v(a), v(a,b) and i(vx). A component is compared only where the left and right one-sided differences agree,
/// i.e. away from the corners of ?:, u(), floor and friends, where no derivative exists.
/// </summary>
public class DerivativeTests
{
    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static readonly Gen<string> Leaf = Gen.OneOf(
        Gen.Const("v(a)"), Gen.Const("v(b)"), Gen.Const("v(a,b)"), Gen.Const("i(vx)"), Gen.Const("time"),
        Gen.Double[-3, 3].Select(N));

    private static Gen<string> Tree(int depth) => depth == 0
        ? Leaf
        : Gen.Int[0, 27].SelectMany(op =>
        {
            var a = Tree(depth - 1);
            return op switch
            {
                0 => Gen.Select(a, a, (x, y) => $"({x} + {y})"),
                1 => Gen.Select(a, a, (x, y) => $"({x} - {y})"),
                2 => Gen.Select(a, a, (x, y) => $"({x} * {y})"),
                3 => Gen.Select(a, a, (x, y) => $"({x} / ({y}*{y} + 0.5))"),
                4 => Gen.Select(a, Gen.Double[0.5, 3], (x, p) => $"(abs({x}) + 0.2) ^ {N(p)}"),
                5 => Gen.Select(a, a, (x, y) => $"pow({x} + 0.01, tanh({y}) + 1.5)"),
                6 => Gen.Select(a, Gen.Double[1.1, 3], (x, p) => $"pwr({x}, {N(p)})"),
                7 => Gen.Select(a, a, a, a, (c, d, x, y) => $"({c} > {d} ? {x} : {y})"),
                8 => Gen.Select(a, a, a, (c, x, y) => $"(({c} > 0 && {x} < 1) || !({y} > 2) ? {x} : {y})"),
                9 => a.Select(x => $"abs({x})"),
                10 => a.Select(x => $"sqrt(abs({x}) + 0.1)"),
                11 => a.Select(x => $"exp(tanh({x}))"),
                12 => a.Select(x => $"ln(abs({x}) + 0.1)"),
                13 => a.Select(x => $"log10(abs({x}) + 0.1)"),
                14 => a.Select(x => $"sin({x})"),
                15 => a.Select(x => $"cos({x})"),
                16 => a.Select(x => $"tan(tanh({x}))"),
                17 => a.Select(x => $"atan({x})"),
                18 => Gen.Select(a, a, (x, y) => $"min({x}, {y})"),
                19 => Gen.Select(a, a, a, (x, y, z) => $"max({x}, {y}, {z})"),
                20 => Gen.Select(a, a, (x, y) => $"limit({x}, {y}, 0.5)"),
                21 => Gen.Select(a, a, (x, y) => $"(u({x}) * {y})"),
                22 => Gen.Select(a, a, (x, y) => $"(sgn({x}) * {y})"),
                23 => Gen.Select(a, a, (x, y) => $"(floor({x}) + ceil({y}) * {x})"),
                24 => a.Select(x => $"pwl({x}, -2, 1, 0, -1, 1, 3, 4, 0)"),
                25 => a.Select(x => $"(-{x})"),
                26 => a.Select(x => $"log(abs({x}) + 1)"),
                _ => a.Select(x => $"tanh({x})"),
            };
        });

    [Fact]
    public void Gradient_matches_finite_differences()
    {
        // Inputs on a grid offset from 0 and the integers, so that no input sits exactly on a tie of min/max/limit
        // (where any one-sided slope is a valid answer and finite differences see neither).
        var input = Gen.Int[-2000, 2000].Select(k => k / 1000.0 + 3.71e-4);
        var gen = Gen.Select(Gen.Int[1, 4].SelectMany(Tree), input.Array[4]);
        int compared = 0, total = 0;
        gen.Sample((text, point) => Check(text, point, ref compared, ref total), iter: 400, threads: 1);
        // Corners are rare at random points: most components must really have been compared.
        Assert.True(compared > total * 3 / 4, $"only {compared} of {total} derivative components were away from corners");
    }

    private static void Check(string text, double[] point, ref int compared, ref int total)
    {
        var function = BehavioralCompiler.Compile(ExpressionParser.Parse(text, SourceLocation.None));
        int m = function.Inputs.Count;
        var args = new double[m + 2];
        for (int k = 0; k < m; k++) args[k] = point[k];
        args[m] = Math.Abs(point[3]);
        args[m + 1] = 27;
        var gradient = new double[m];
        double value = function.Evaluator(args, gradient);
        Assert.True(double.IsFinite(value), $"{text} = {value}");
        var scratch = new double[m];
        for (int k = 0; k < m; k++)
        {
            // Central difference with h = 1e-6·max(1, |x|); truncation error O(h²·f''') and rounding O(ε·f/h)
            // stay below 1e-5 relative for these well-scaled expressions, so the tolerance is 1e-4.
            total++;
            double h = 1e-6 * Math.Max(1, Math.Abs(args[k]));
            var (left, right, central) = Differences(function.Evaluator, args, k, h, value, scratch);
            var (_, _, fine) = Differences(function.Evaluator, args, k, h / 16, value, scratch);
            double scale = 1 + Math.Abs(gradient[k]);
            // A corner (one-sided slopes differ) or a jump (the central difference grows as h shrinks) within h.
            if (Math.Abs(right - left) > 1e-3 * (Math.Abs(right) + Math.Abs(left)) + 1e-7) continue;
            if (Math.Abs(fine - central) > 1e-3 * Math.Abs(central) + 1e-5) continue;
            compared++;
            Assert.True(Math.Abs(central - gradient[k]) <= 1e-4 * scale,
                $"d/d{function.Inputs[k]} of {text} at [{string.Join(", ", args)}]: exact {gradient[k]}, finite difference {central}");
        }
    }

    private static (double Left, double Right, double Central) Differences(Engine.Behavioral.BehavioralEvaluator f, double[] args,
        int k, double h, double value, double[] scratch)
    {
        double x = args[k];
        args[k] = x + h;
        double up = f(args, scratch);
        args[k] = x - h;
        double down = f(args, scratch);
        args[k] = x;
        return ((value - down) / h, (up - value) / h, (up - down) / (2 * h));
    }

    [Fact]
    public void Known_gradients()
    {
        var f = BehavioralCompiler.Compile(ExpressionParser.Parse("v(a,b)*v(a,b) + 3*i(vx) + time", SourceLocation.None));
        Assert.Equal(["v(a)", "v(b)", "i(vx)"], f.Inputs.Select(i => i.ToString()));
        var g = new double[3];
        double value = f.Evaluator([2, 0.5, 1, 7, 27], g);
        Assert.Equal(1.5 * 1.5 + 3 + 7, value, 12);
        Assert.Equal([3, -3, 3], g);
    }

    [Fact]
    public void Only_the_taken_branch_is_evaluated()
    {
        var f = BehavioralCompiler.Compile(ExpressionParser.Parse("v(a) > 0 ? 1/v(a) : 0", SourceLocation.None));
        var g = new double[1];
        Assert.Equal(0, f.Evaluator([0, 0, 27], g));
        Assert.Equal(0.5, f.Evaluator([2, 0, 27], g));
        Assert.Equal(-0.25, g[0]);
        Assert.Throws<Engine.Behavioral.BehavioralMathException>(() =>
            BehavioralCompiler.Compile(ExpressionParser.Parse("1/v(a)", SourceLocation.None)).Evaluator([0, 0, 27], g));
    }

    [Fact]
    public void Unknown_function_names_its_location()
    {
        var ex = Assert.Throws<NetlistException>(() =>
            BehavioralCompiler.Compile(ExpressionParser.Parse("2*foo(v(a))", new SourceLocation("x.cir", 4, 10))));
        Assert.Contains("unknown function 'foo'", ex.Message);
        Assert.Equal(4, ex.First.Location.Line);
        Assert.Equal(12, ex.First.Location.Column);
    }
}
