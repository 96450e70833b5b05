using System.Diagnostics;
using System.Text;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Writing;

namespace MemristorSpice.Netlist.Tests;

public class ScaleTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>A 128 x 128 crossbar of two-element cells as subcircuit instances: 32 768 elements after flattening.</summary>
    private static string Crossbar(int n)
    {
        var text = new StringBuilder("crossbar\n.param gon=1m\n.subckt cell row col params: g=1m\nR1 row mid {1/g}\nR2 mid col 1\n.ends\n");
        for (int i = 0; i < n; i++) text.Append($"V{i} r{i} 0 {0.1 * (i % 7)}\n");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) text.Append($"X{i}_{j} r{i} c{j} cell g={{gon*{1 + (i * j) % 5}}}\n");
        for (int j = 0; j < n; j++) text.Append($"Rc{j} c{j} 0 1\n");
        return text.Append(".op\n.end\n").ToString();
    }

    [Fact]
    public void Large_hierarchical_netlists_read_and_write_completely()
    {
        var text = Crossbar(128);
        var watch = Stopwatch.StartNew();
        var c = NetlistReader.ReadText(text, "xbar.cir").Circuit;
        var read = watch.Elapsed;
        Assert.Equal(128 * 128 * 2 + 2 * 128, c.Elements.Count);
        Assert.Equal(1000.0 / 3, ((ResistorElement)c.FindElement("r.x2_1.r1")!).Resistance, 9);
        watch.Restart();
        var written = NetlistWriter.Write(c);
        var write = watch.Elapsed;
        output.WriteLine($"read {read.TotalSeconds:F2} s, write {write.TotalSeconds:F2} s");
        // Times are printed, not asserted: speed is the Benchmarks runner's reader section (MB/s), where a busy
        // machine cannot fail the build.
        Assert.Contains("r.x127_127.r2", written);
    }
}
