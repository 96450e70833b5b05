using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Simulation;
using static MemristorSpice.Netlist.Tests.TestNetlists;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// Hostile decks end in a clear error that says what went wrong and where, within seconds: numeric overflow is not
/// called a floating node, and transients that would grow without bound stop at a named limit. Each run is bounded
/// by a wall-clock budget so that a regression to an endless loop fails the test instead of hanging the suite.
/// The checks are on the message text (exact substrings), no numeric tolerance.
/// </summary>
public class LimitDeckTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private static string Fails(string deck, int? maxPoints = null)
    {
        var task = Task.Run(() =>
        {
            try
            {
                new SimulationRunner { MaxPoints = maxPoints }.Run(Read(deck), Backend.Native);
                return "(no error)";
            }
            catch (Exception ex) when (ex is SimulationException or NetlistException) { return ex.Message; }
        });
        Assert.True(task.Wait(Budget), $"the deck did not finish within {Budget.TotalSeconds} s:\n{deck}");
        return task.Result;
    }

    [Theory]
    [InlineData("V1 1 0 1000\nD1 1 0 dm\n.model dm d(is=1e-14)\n.op", "D1")]
    [InlineData("V1 1 0 1\nD1 1 0 dm\n.model dm d(is=1e308)\n.op", "D1")]
    [InlineData("V1 1 0 1\nR2 1 2 1k\nR1 2 0 1e-320\n.op", "R1")]
    [InlineData("V1 1 0 PULSE(0 1 0 1n 1n 1u 2u)\nR1 1 2 1k\nC1 2 0 1e308\n.tran 10n 1u", "C1")]
    public void Numeric_overflow_names_the_element_not_a_floating_node(string body, string element)
    {
        var message = Fails("overflow\n" + body + "\n.end\n");
        Assert.Contains($"numeric overflow in element {element}", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Floating", message);
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("-300")]
    public void An_unphysical_temperature_is_refused_at_its_line(string celsius)
    {
        var message = Fails($"hot\nV1 1 0 1000\nD1 1 0 dm\n.model dm d(is=1e-14)\n.temp {celsius}\n.op\n.end\n");
        Assert.StartsWith("test.cir:5:7: error:", message);
        Assert.Matches("above the .* °C the device equations accept|below absolute zero", message);
        Assert.DoesNotContain("Floating", message);
    }

    [Fact]
    public void Tran_1n_1_on_an_rc_stops_at_the_point_limit_with_the_option_to_raise()
    {
        // The limit is lowered so that the case runs in well under a second; the engine tests check the default.
        var message = Fails("rc\nV1 in 0 1\nR1 in out 1k\nC1 out 0 1n\n.tran 1n 1\n.end\n", maxPoints: 10_000);
        Assert.Contains(".tran", message);
        Assert.Contains("stored output points exceed the limit of 10,000", message);
        Assert.Contains("--max-points", message);
    }

    [Theory]
    [InlineData("PULSE(0 1 0 1e-21 1e-21 1e-20 1e-19)", "period")]
    [InlineData("PULSE(0 1 -1e308 1n 1n 100n 200n)", "before time 0")]
    public void Pulses_that_would_never_end_are_refused_naming_the_source(string pulse, string why)
    {
        var message = Fails($"pulse\nV1 in 0 {pulse}\nR1 in out 1k\nC1 out 0 1n\n.tran 1n 1u\n.end\n");
        Assert.Contains("Source V1", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(why, message);
    }
}
