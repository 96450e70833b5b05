using static MemristorSpice.Netlist.Tests.TestNetlists;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;

namespace MemristorSpice.Netlist.Tests;

public class ParameterTests
{
    [Fact]
    public void Order_of_definitions_does_not_matter()
    {
        const string body = "R1 a 0 {r_total/2}\nV1 a 0 1\n";
        var forward = Read("t\n.param r0=1k\n.param r_total={r0*scale}\n.param scale='2 + 2'\n" + body);
        var backward = Read("t\n.param scale={2+2} r_total={r0*scale}\n.param r0=1k\n" + body);
        Assert.Equal(2000, Element<ResistorElement>(forward, "r1").Resistance);
        Assert.Empty(forward.DifferencesFrom(backward));
    }

    [Fact]
    public void Unbraced_values_functions_and_bare_names()
    {
        var c = Read("t\n.param a=2 b = a*3 c=max(a, b)\n.func twice(x) {2*x}\nR1 n 0 c\nR2 n 0 {twice(b)+sqrt(16)}\n");
        Assert.Equal(6, Element<ResistorElement>(c, "r1").Resistance);
        Assert.Equal(16, Element<ResistorElement>(c, "r2").Resistance);
    }

    [Fact]
    public void Cycle_is_reported_with_its_members()
    {
        var ex = Fails("t\n.param a={b+1}\n.param b={c*2}\n.param c={a}\nR1 x 0 {a}\n");
        Assert.Contains("parameter cycle:", ex.Message);
        var message = ex.Errors.First(e => e.Message.Contains("cycle")).Message;
        foreach (var name in new[] { "a", "b", "c" }) Assert.Contains(name + " ->", message + " ->");
    }

    [Fact]
    public void Self_reference_and_unused_broken_parameters_are_reported()
    {
        var ex = Fails("t\n.param a={a+1}\n.param unused={nosuch}\nR1 x 0 1\n");
        Assert.Contains(ex.Errors, e => e.Message == "parameter cycle: a -> a");
        Assert.Contains(ex.Errors, e => e.Message.Contains("unknown parameter 'nosuch'") && e.Location.Line == 3);
    }

    [Fact]
    public void Recursive_func_is_an_error()
    {
        var ex = Fails("t\n.func f(x) {f(x)+1}\nR1 a 0 {f(1)}\n");
        Assert.Contains("nested too deeply", ex.Message);
    }
}
