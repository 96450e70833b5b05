using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Expressions;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Tests;

public class ExpressionTests
{
    private static double Eval(string text)
    {
        var scope = new ParameterScope();
        scope.Set("a", 3);
        scope.Set("b", 4);
        return scope.Evaluate(ExpressionParser.Parse(text, new SourceLocation("e", 1, 1)));
    }

    // Exact decimal results of a few IEEE operations: compared to 1e-12 relative.
    [Theory]
    [InlineData("1+2*3", 7)]
    [InlineData("(1+2)*3", 9)]
    [InlineData("2^3^2", 512)]
    [InlineData("2**3", 8)]
    [InlineData("-2^2", -4)]
    [InlineData("--3", 3)]
    [InlineData("10/4", 2.5)]
    [InlineData("2k*1m", 2)]
    [InlineData("sqrt(a*a+b*b)", 5)]
    [InlineData("exp(0)+log(1)+ln(1)", 1)]
    [InlineData("log10(1000)", 3)]
    [InlineData("abs(-3)", 3)]
    [InlineData("min(3,1,2)+max(3,1,2)", 4)]
    [InlineData("pow(-2,2)", 4)]
    [InlineData("pwr(-2,2)", -4)]
    [InlineData("sin(0)+cos(0)+tanh(0)", 1)]
    [InlineData("a<b ? 10 : 20", 10)]
    [InlineData("a>=b ? 10 : 20", 20)]
    [InlineData("a==3 && b!=3", 1)]
    [InlineData("a<1 || b<1", 0)]
    [InlineData("!0", 1)]
    [InlineData("u(a)-u(-a)+sgn(-2)", 0)]
    [InlineData("limit(5, 0, 2)", 2)]
    [InlineData("floor(2.5)+ceil(2.5)", 5)]
    [InlineData("pi", Math.PI)]
    public void Evaluates(string text, double expected) => TestNetlists.Close(expected, Eval(text));

    [Theory]
    [InlineData("1+", "value was expected")]
    [InlineData("(1+2", "expected ')'")]
    [InlineData("1 2", "unexpected text")]
    [InlineData("foo(1)", "unknown function 'foo'")]
    [InlineData("zz+1", "unknown parameter 'zz'")]
    [InlineData("1/0", "division by zero")]
    [InlineData("sqrt(-1)", "NaN")]
    [InlineData("min()", "takes at least 2")]
    [InlineData("a ? 1", "expected ':'")]
    [InlineData("v(a)", "node voltages are not known")]
    [InlineData("#", "unexpected character")]
    public void Reports_errors(string text, string message)
    {
        var ex = Assert.Throws<NetlistException>(() => Eval(text));
        Assert.Contains(message, ex.Message);
        Assert.Equal("e", ex.First.Location.File);
    }

    [Fact]
    public void Parses_node_and_current_references_for_behavioral_use()
    {
        var expr = ExpressionParser.Parse("v(X1.n3, 0) * i(Vsense) + v(out) ? time : 0", new SourceLocation("e", 1, 1));
        var text = expr.ToString();
        Assert.Equal("(((v(x1.n3, 0) * i(vsense)) + v(out)) ? time : 0)", text);
        Assert.Equal(text, ExpressionParser.Parse(text, new SourceLocation("e", 1, 1)).ToString());
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var ex = Assert.Throws<NetlistException>(() => Eval(new string('(', 5000) + "1" + new string(')', 5000)));
        Assert.Contains("nested too deeply", ex.Message);
        ex = Assert.Throws<NetlistException>(() => Eval(string.Join("+", Enumerable.Repeat("1", 5000))));
        Assert.Contains("too long", ex.Message);
    }

    [Fact]
    public void Error_column_points_into_the_expression()
    {
        // "{1 + zz}" starts at column 8 of the line, so zz sits at column 13.
        var ex = TestNetlists.Fails("t\nR1 a 0 {1 + zz}\n.end\n");
        Assert.Equal(new SourceLocation("test.cir", 2, 13), ex.First.Location);
        Assert.Equal("zz", ex.First.Token);
    }
}
