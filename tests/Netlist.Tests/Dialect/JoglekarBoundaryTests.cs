using Xunit.Abstractions;
using MemristorSpice.Netlist.Simulation;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests.Dialect;

/// <summary>
/// Joglekar's window makes the state a function of charge alone: dx/dt = k·i·f(x) gives dx/dq = k·f(x); with p = 1,
/// f(x) = 4x(1 − x), so x(q) = 1/(1 + (1/x0 − 1)·e^(−4kq)) (logistic), k = µv·Ron/D². A 1 V drive takes x to within
/// 4e-8 of the bound x = 1 and back to x0 each period, the stiffest stretch of the model (f ≈ 0, R ≈ Ron). Our
/// engine must follow x(q) over five periods, q integrated from the simulated current (trapezoid over the output
/// points). Measured: 2.7e-4 at most with ngspice's step rules (order 1 is kept while the order-2 truncation estimate
/// does not allow a 5 % longer step, so some steps are backward Euler while q is summed by trapezoids); ngspice 39 on
/// the same deck: 1.4e-3. Tolerance 5e-4 absolute, for the state and the charge both integrated under the engine's
/// LTE control (RELTOL 1e-3) on a curve that is steep in q near the bound.
/// (Driven harder, x rounds to exactly 1.0, where f = 0 holds it for good in ngspice and in our engine: the
/// "boundary lock" of this window in floating point, a property of the model, see docs/netlist.md.)
/// </summary>
public class JoglekarBoundaryTests(ITestOutputHelper output)
{
    private const double Ron = 100, Roff = 16e3, D = 10e-9, Uv = 10e-15, X0 = 0.5;

    private const string DeckTemplate = """
        Joglekar p=1 memristor driven close to x = 1 and back, five periods
        .subckt jmem te be xsv params: ron=100 roff=16k x0=0.5 d=10n uv=10f p=1
        .func f(x) = 1-pow(2*x-1,2*p)
        Gx 0 xsv value={uv*ron/(d*d)*I(Gm)*f(V(xsv))}
        Cx xsv 0 1
        .ic v(xsv)=x0
        Gm te be value={V(te,be)/(ron*V(xsv)+roff*(1-V(xsv)))}
        .ends
        V1 a 0 sin(0 {amp} 1)
        X1 a 0 s jmem
        .tran 1m 5 uic
        .end
        """;

    [Fact]
    public void State_follows_the_logistic_law_of_charge_through_the_bounds()
    {
        var table = new SimulationRunner().Run(Read(DeckTemplate.Replace("{amp}", "1.0")), Backend.Native).Analyses[0].Table;
        var t = table.Axis;
        var x = table["v(s)"];
        var i = table["i(v1)"]; // current into V1's + terminal = −(memristor current)
        double k = Uv * Ron / (D * D), q = 0, worst = 0, highest = 0;
        // Uic output starts after the first step: the charge of that step is i·t (i ≈ constant over it).
        q = -i[0] * t[0];
        for (int n = 0; n < t.Length; n++)
        {
            if (n > 0) q += -0.5 * (i[n] + i[n - 1]) * (t[n] - t[n - 1]);
            double exact = 1 / (1 + (1 / X0 - 1) * Math.Exp(-4 * k * q));
            worst = Math.Max(worst, Math.Abs(x[n] - exact));
            highest = Math.Max(highest, x[n]);
        }
        output.WriteLine($"{t.Length} points, max |x − x(q)| = {worst:G3}, highest x = {highest:R}, final x = {x[^1]:G6}");
        Assert.True(highest > 1 - 1e-6, $"the drive must take x close to the bound (highest {highest})");
        Assert.True(Math.Abs(x[^1] - X0) < 1e-4, $"after whole periods the charge and so x must be back at x0 (final {x[^1]})");
        Assert.True(worst < 5e-4, $"max |x − x(q)| = {worst}");
    }
}
