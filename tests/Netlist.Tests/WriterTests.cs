using CsCheck;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Writing;

namespace MemristorSpice.Netlist.Tests;

public class WriterTests
{
    [Fact]
    public void Round_trip_read_of_write_is_the_same_circuit() =>
        // Exact equality: the writer prints every number so that it reads back to the identical double.
        Gen.Int.Sample(seed =>
        {
            var circuit = RandomCircuits.Create(new Random(seed));
            var text = NetlistWriter.Write(circuit);
            var back = NetlistReader.ReadText(text, "roundtrip.cir").Circuit;
            var diffs = circuit.DifferencesFrom(back);
            if (diffs.Count > 0) throw new Xunit.Sdk.XunitException(string.Join("\n", diffs) + "\n---\n" + text);
        }, iter: 1000);

    [Fact]
    public void Output_is_readable_aligned_and_headed()
    {
        var c = new NetlistCircuit { Title = "divider" };
        c.Elements.Add(new VoltageSourceElement("v1", "in", "0", 5));
        c.Elements.Add(new ResistorElement("r1", "in", "mid", 10e3));
        c.Elements.Add(new ResistorElement("rload_long", "mid", "0", 4.7e3));
        c.Analyses.Add(new OperatingPointAnalysis());
        var text = NetlistWriter.Write(c);
        Assert.Equal("""
            divider
            * written by MemristorSpice: 3 elements, 2 nodes

            * circuit
            v1         in  0   dc 5
            r1         in  mid 10k
            rload_long mid 0   4.7k

            * analyses
            .op
            .end

            """.Replace("\r\n", "\n"), text);
    }

    [Fact]
    public void Repeated_blocks_are_written_as_subcircuits_and_flatten_on_read()
    {
        var cell = new SubcircuitDefinition("cell", ["p", "n"], [new ResistorElement("r1", "p", "mid", 1e3), new CapacitorElement("c1", "mid", "n", 1e-12)]);
        var c = new NetlistCircuit { Title = "array" };
        c.Subcircuits["cell"] = cell;
        for (int k = 0; k < 3; k++)
            c.Elements.Add(new SubcircuitInstance($"x{k}", [$"row{k}", "0"], "cell", new Dictionary<string, double>()));
        var text = NetlistWriter.Write(c);
        Assert.Contains(".subckt cell p n", text);
        Assert.Contains("  c1 mid n   1p\n", text);
        var back = NetlistReader.ReadText(text, "array.cir").Circuit;
        Assert.Equal(6, back.Elements.Count);
        Assert.Equal(new ResistorElement("r.x2.r1", "row2", "x2.mid", 1e3), back.FindElement("r.x2.r1"));
    }

    [Fact]
    public void Behavioral_sources_round_trip()
    {
        var text = "b\nV1 a 0 1\nB1 o 0 I={v(a) > 0.5 ? -2*v(a)**2 : sqrt(abs(v(a,o)))+i(v1)}\n";
        var first = NetlistReader.ReadText(text).Circuit;
        var second = NetlistReader.ReadText(NetlistWriter.Write(first)).Circuit;
        Assert.Empty(first.DifferencesFrom(second));
    }
}
