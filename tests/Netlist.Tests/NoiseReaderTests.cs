using MemristorSpice.Engine.Analyses;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Writing;

namespace MemristorSpice.Netlist.Tests;

/// <summary>The .noise line as ngspice 39 accepts it, its round trip through the writer and its errors (exact values, no tolerance).</summary>
public sealed class NoiseReaderTests
{
    private const string Circuit = "t\nV1 in 0 dc 0 ac 1\nR1 in out 1k\nR2 out ref 1k\nR3 ref 0 1k\n";

    [Fact]
    public void Noise_line_with_reference_node_and_summary_reads_and_round_trips()
    {
        var read = NetlistReader.ReadText(Circuit + ".noise v(out,ref) V1 oct 4 10 1meg 3\n.end\n");
        var noise = Assert.IsType<NoiseAnalysis>(Assert.Single(read.Circuit.Analyses));
        Assert.Equal(new NoiseAnalysis("out", "ref", "v1", AcSweepKind.Octave, 4, 10, 1e6, 3), noise);
        var back = NetlistReader.ReadText(NetlistWriter.Write(read.Circuit), "back.cir").Circuit;
        Assert.Equal(noise, Assert.Single(back.Analyses));
    }

    [Theory]
    [InlineData(".noise v(out) V9 dec 5 1 1k", "input source 'v9'")]
    [InlineData(".noise v(out) V1 log 5 1 1k", "unknown noise sweep type")]
    [InlineData(".noise v(nowhere) V1 dec 5 1 1k", "node 'nowhere'")]
    [InlineData(".noise i(out) V1 dec 5 1 1k", "node voltage")]
    [InlineData(".noise v(out) V1 dec 5 0 1k", "start frequency must be positive")]
    public void Bad_noise_lines_are_errors_that_say_why(string line, string message)
    {
        var ex = Assert.Throws<NetlistException>(() => NetlistReader.ReadText(Circuit + line + "\n.end\n"));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
