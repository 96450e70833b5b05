using MemristorSpice.Netlist.Diagnostics;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests;

/// <summary>Each error kind: the exception names file, line, column and the offending token, with a hint.</summary>
public class ErrorTests
{
    [Theory]
    [InlineData("R1 a", 2, 5, "", "missing negative node")]
    [InlineData("R1 a b", 2, 7, "", "missing resistance")]
    [InlineData("R1 a b xyz", 2, 8, "xyz", "expected a number for the resistance")]
    [InlineData("R1 a b 0", 2, 8, "0", "resistance must not be zero")]
    [InlineData("Z1 d g s zmod", 2, 1, "Z1", "element type 'Z' is not supported")]
    [InlineData("V1 a 0 PULSE(0 1", 2, 17, "", "missing ')' after PULSE")]
    [InlineData("V1 a 0 PULSE(0)", 2, 8, "PULSE", "PULSE takes 2 to 8 values, not 1")]
    [InlineData("V1 a 0 TRNOISE(1n 1n 0 0)", 2, 8, "TRNOISE", "waveform TRNOISE is not supported")]
    [InlineData("V1 a 0 PWL(0 0 2 1 1 2)", 2, 8, "PWL", "PWL times must not decrease")]
    [InlineData("D1 a 0 nomodel", 2, 8, "nomodel", "unknown model 'nomodel'")]
    [InlineData("F1 a 0 vnone 2", 2, 1, "vnone", "not a voltage source")]
    [InlineData("X1 a b nosub", 2, 8, "nosub", "unknown subcircuit 'nosub'")]
    [InlineData("R1 a b {1+}", 2, 11, "", "expression ends where a value was expected")]
    [InlineData("R1 a b {1", 2, 8, "{1", "expression is missing its closing '}'")]
    [InlineData("+ 1k", 2, 1, "+", "continuation line without a line to continue")]
    [InlineData(".param x", 2, 8, "x", "expected name=value in .param")]
    [InlineData(".tran 0 1", 2, 7, "0", "the time step must be positive")]
    [InlineData(".tran 1n", 2, 9, "", "missing stop time")]
    [InlineData(".dc v1 0 1 -0.1", 2, 12, "-0.1", "the step must be non-zero and lead from start to stop")]
    [InlineData(".dc vnone 0 1 0.1", 2, 5, "vnone", "source 'vnone' is not in the circuit")]
    [InlineData(".ic a=1", 2, 5, "a", "expected v(node)=value")]
    [InlineData(".options method=euler", 2, 17, "euler", "unknown integration method 'euler'")]
    [InlineData(".options reltol=-1", 2, 17, "-1", "option reltol must be positive")]
    [InlineData(".include", 2, 1, ".include", ".include takes exactly one file name")]
    [InlineData(".func f(x", 2, 1, ".func f ( x", "missing ')' after the arguments of .func")]
    [InlineData(".model m", 2, 1, ".model m", ".model needs a name and a type")]
    [InlineData(".endl", 2, 1, ".endl", ".endl without .lib section")]
    [InlineData("} a", 2, 1, "}", "closing brace without an opening brace")]
    public void Error_names_place_and_token(string line, int lineNumber, int column, string token, string message)
    {
        var ex = Fails("title\n" + line + "\nV1 z 0 1\n.end\n", "bad.cir");
        var error = ex.Errors.FirstOrDefault(e => e.Message.Contains(message)) ?? ex.First;
        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation("bad.cir", lineNumber, column), error.Location);
        if (token.Length > 0) Assert.Contains(token, error.Token, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("bad.cir:" + lineNumber + ":" + column, ex.Message);
        Assert.Contains(error.Hint.Length > 0 ? "Hint:" : "error:", ex.Message);
    }

    [Fact]
    public void All_errors_of_a_file_are_reported()
    {
        var ex = Fails("t\nR1 a b\nC1 a 0 1u\nL1 a 0 xyz\nV1 a 0 PULSE(0)\n.tran 0 1\nR2 a 0 {nope}\n");
        Assert.Equal([2, 4, 5, 7, 6], ex.Errors.Select(e => e.Location.Line));
        Assert.Contains("5 errors in netlist", ex.Message);
    }

    [Fact]
    public void Error_count_is_capped()
    {
        var text = "t\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"R{i} a\n"));
        var ex = Fails(text);
        Assert.Equal(DiagnosticBag.MaxErrors, ex.Errors.Count);
    }

    [Fact]
    public void Duplicate_names_are_errors()
    {
        var ex = Fails("t\nR1 a 0 1\nr1 b 0 1\n");
        Assert.Contains("element 'r1' defined twice", ex.Message);
        Assert.Equal(3, ex.First.Location.Line);
    }

    [Fact]
    public void Missing_file_is_a_netlist_exception() =>
        Assert.Throws<NetlistException>(() => MemristorSpice.Netlist.Reading.NetlistReader.ReadFile("/nonexistent/dir/x.cir"));
}
