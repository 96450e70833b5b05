using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Elaboration;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Simulation;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Netlist.Tests.Behavioral;

/// <summary>
/// Behavioral R, C, L and controlled sources end to end against ngspice, and the error messages of behavioral
/// expressions. Waveform comparisons use the 1 % RMS-of-peak rule of the memristor tests: the engines take
/// different time steps on the same circuit.
/// </summary>
public class BehavioralElementTests
{
    private static void MatchesNgspice(string deck, string signal)
    {
        Dependencies.RequireNgspice();
        var circuit = NetlistReader.ReadText(deck, "deck.cir").Circuit;
        var ours = new SimulationRunner().Run(circuit, Backend.Native).Analyses[0].Table;
        var ng = new SimulationRunner().Run(circuit, Backend.Ngspice).Analyses[0].Table;
        var (rms, peak) = PublishedModelTests.Difference(ours, ng, signal);
        Assert.True(peak > 0, $"{signal} is zero");
        Assert.True(rms <= 0.01 * peak, $"{signal}: RMS difference {rms} above 1 % of the peak {peak}");
    }

    [Fact]
    public void Voltage_dependent_capacitor_charges_like_ngspice() =>
        MatchesNgspice("""
            vcap
            V1 in 0 PULSE(0 2 0 1u 1u 20u 40u)
            R1 in a 1k
            C1 a 0 c={10n*(1 + 0.5*v(a))}
            .tran 50n 80u 0 50n
            .end
            """, "v(a)");

    [Fact]
    public void Current_dependent_inductor_rings_like_ngspice() =>
        MatchesNgspice("""
            ind
            V1 in 0 PULSE(0 1 0 1u 1u 20u 40u)
            R1 in a 100
            L1 a b l={1m/(1 + 100*i(l1)*i(l1))}
            C1 b 0 100n
            R2 b 0 1k
            .tran 50n 80u 0 50n
            .end
            """, "v(b)");

    [Fact]
    public void Voltage_controlled_resistor_and_value_sources_match_ngspice() =>
        MatchesNgspice("""
            vcr
            V1 in 0 SIN(0 2 10k)
            R1 in a r={1k + 500*v(in)*v(in)}
            E1 b 0 value={tanh(v(a))*2}
            G1 b c value={v(b)/1k}
            R2 a 0 1k
            R3 c 0 1k
            B1 d 0 I={u(v(in))*v(in)*1m}
            R4 d 0 1k
            .tran 1u 200u 0 1u
            .end
            """, "v(c)");

    [Fact]
    public void Parameters_functions_temperature_and_time_reach_expressions()
    {
        // .param and .func are bound by the reader, temper is 27 °C by default, time is 0 in the OP, pwl of a
        // node voltage interpolates its table (v(a) = 1.5 lies halfway between 1 → 10 and 2 → 20).
        const string deck = "p\n.param k=3\n.func sq(x) {x*x}\nV1 a 0 1.5\nB1 b 0 V={k*sq(v(a)) + temper + time}\nR1 b 0 1k\n" +
                            "B2 c 0 V={pwl(v(a), 1, 10, 2, 20)}\nR2 c 0 1k\n.op\n.end\n";
        var op = new SimulationRunner().Run(NetlistReader.ReadText(deck, "p.cir").Circuit, Backend.Native).Analyses[0].Table;
        Assert.Equal(3 * 1.5 * 1.5 + 27, op["v(b)"][0], 9);
        Assert.Equal(15, op["v(c)"][0], 9);
    }

    [Fact]
    public void Missing_node_is_reported_at_its_line_and_column()
    {
        var circuit = NetlistReader.ReadText("m\nV1 a 0 1\nR1 a 0 1k\nB1 b 0 V={2*v(nowhere)}\nR2 b 0 1k\n.op\n", "m.cir").Circuit;
        var ex = Assert.Throws<NetlistException>(() => new Elaborator().Elaborate(circuit));
        Assert.Contains("nowhere", ex.Message);
        Assert.Equal(4, ex.First.Location.Line);
        Assert.Equal(13, ex.First.Location.Column);
    }

    [Fact]
    public void Missing_source_is_reported()
    {
        var circuit = NetlistReader.ReadText("m\nV1 a 0 1\nR1 a 0 1k\nB1 b 0 V={2*i(vmissing)}\nR2 b 0 1k\n.op\n", "m.cir").Circuit;
        var ex = Assert.Throws<NetlistException>(() => new Elaborator().Elaborate(circuit));
        Assert.Contains("vmissing", ex.Message);
        Assert.Equal(4, ex.First.Location.Line);
    }

    [Fact]
    public void Unknown_function_is_reported_while_reading()
    {
        var ex = Assert.Throws<NetlistException>(() => NetlistReader.ReadText("m\nV1 a 0 1\nB1 b 0 V={frob(v(a))}\nR2 b 0 1k\n.op\n", "m.cir"));
        Assert.Contains("frob", ex.Message);
        Assert.Equal(3, ex.First.Location.Line);
    }

    [Fact]
    public void Division_by_zero_names_element_and_time()
    {
        // v(a) ramps from 1 V to 0 V at t = 5 us (a breakpoint, so a time point) and stays there: 1/v(a) has no value.
        var circuit = NetlistReader.ReadText("d\nV1 a 0 PWL(0 1 5u 0 10u 0)\nR1 a 0 1k\nB1 b 0 I={1/v(a)}\nR2 b 0 1k\n.tran 1u 10u 0 1u\n", "d.cir").Circuit;
        var ex = Assert.Throws<SimulationException>(() => new SimulationRunner().Run(circuit, Backend.Native));
        Assert.Contains("b1", ex.Message);
        Assert.Contains("divides by zero", ex.Message);
        var inner = Assert.IsType<Engine.Behavioral.BehavioralEvaluationException>(ex.InnerException);
        Assert.False(inner.IsDc);
        Assert.Equal(5e-6, inner.Time, 9);
        Assert.Contains("at time 5E-06 s", ex.Message);
    }
}
