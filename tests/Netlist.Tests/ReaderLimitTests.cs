using System.Diagnostics;
using System.Text;
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Tests;

/// <summary>
/// Inputs that used to exhaust the stack, memory or time. Each read runs in-process (a stack overflow would end
/// the test host: that is the failure these tests exclude) on a task with a time limit, and must end in a
/// located <see cref="NetlistException"/> or a correct result.
/// </summary>
public sealed class ReaderLimitTests : IDisposable
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(20);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("reader-limits-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static T Within<T>(Func<T> read)
    {
        var task = Task.Run(read);
        Assert.True(((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeLimit), $"the read did not finish within {TimeLimit.TotalSeconds} s");
        return task.GetAwaiter().GetResult();
    }

    private static NetlistException Fails(Func<object> read) =>
        Assert.Throws<NetlistException>(() => Within(read));

    private static NetlistException FailsText(string text, string file = "deck.cir") =>
        Fails(() => NetlistReader.ReadText(text, file));

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_500_member_parameter_cycle_is_a_located_error_with_a_shortened_cycle()
    {
        var text = new StringBuilder("cycle\n");
        for (int k = 0; k < 500; k++) text.Append($".param a{k}=a{(k + 1) % 500}+1\n");
        text.Append("R1 n 0 {a0}\nV1 n 0 1\n.op\n");
        var ex = FailsText(text.ToString());
        var e = ex.First;
        Assert.Equal("deck.cir", e.Location.File);
        Assert.InRange(e.Location.Line, 2, 501);
        Assert.True(e.Location.Column >= 1);
        Assert.Contains("parameter cycle: a", e.Message);
        Assert.Contains("(500 parameters)", e.Message);
        Assert.True(e.Message.Length < 300, e.Message);
    }

    [Fact]
    public void A_10000_long_parameter_chain_evaluates_exactly()
    {
        var text = new StringBuilder("chain\n.param a0=1\n");
        for (int k = 1; k <= 10_000; k++) text.Append($".param a{k}=a{k - 1}+1\n");
        text.Append("R1 n 0 {a10000}\nV1 n 0 1\n.op\n");
        var read = Within(() => NetlistReader.ReadText(text.ToString()));
        // Integer sums are exact in double arithmetic: 1 + 10,000.
        Assert.Equal(10_001, ((Elements.ResistorElement)read.Circuit.FindElement("r1")!).Resistance);
    }

    [Fact]
    public void A_chain_written_in_reverse_order_and_inside_subcircuit_parameters_evaluates_too()
    {
        var text = new StringBuilder("reverse chain\n");
        for (int k = 5_000; k >= 1; k--) text.Append($".param b{k}=b{k - 1}*1+1\n");
        text.Append(".param b0=0\n.subckt load p params: r=1\nR1 p 0 {r+b5000}\n.ends\nX1 n load r={b2500}\nV1 n 0 1\n.op\n");
        var read = Within(() => NetlistReader.ReadText(text.ToString()));
        Assert.Equal(7_500, ((Elements.ResistorElement)read.Circuit.FindElement("r.x1.r1")!).Resistance);
    }

    [Fact]
    public void Expression_nesting_100000_deep_is_a_located_error()
    {
        var expression = new string('(', 100_000) + "1" + new string(')', 100_000);
        var e = FailsText($"deep\nV1 n 0 1\n.param p={{{expression}}}\nR1 n 0 {{p}}\n.op\n").First;
        Assert.Equal(3, e.Location.Line);
        Assert.Contains("nested too deeply", e.Message);
        e = FailsText($"deep\nV1 n 0 1\nB1 n 0 V={expression}\n.op\n").First;
        Assert.Equal(3, e.Location.Line);
    }

    [Fact]
    public void A_10000_long_func_chain_is_a_located_error()
    {
        var text = new StringBuilder("funcs\n.func f0(x) {x+1}\n");
        for (int k = 1; k < 10_000; k++) text.Append($".func f{k}(x) {{f{k - 1}(x)+1}}\n");
        text.Append(".param p={f9999(0)}\nR1 n 0 {p}\nV1 n 0 1\n.op\n");
        var e = FailsText(text.ToString()).First;
        Assert.Contains("nested too deeply", e.Message);
        Assert.Equal("deck.cir", e.Location.File);
        Assert.True(e.Location.Line >= 2);
        // The same chain in a behavioral source stops at the inlining bound.
        text.Replace(".param p={f9999(0)}\nR1 n 0 {p}", "B1 n 0 V=f9999(v(n))\nR1 n 0 1k");
        Assert.Contains("nested too deeply", FailsText(text.ToString()).First.Message);
    }

    [Fact]
    public void Subcircuits_nested_10000_deep_are_a_located_error()
    {
        var text = new StringBuilder("deep hierarchy\n");
        for (int k = 0; k < 10_000; k++) text.Append($".subckt s{k} a\nX1 a s{k + 1}\n.ends\n");
        text.Append(".subckt s10000 a\nR1 a 0 1\n.ends\nX1 n s0\nV1 n 0 1\n.op\n");
        var e = FailsText(text.ToString()).First;
        Assert.Contains("nested deeper than", e.Message);
        Assert.True(e.Location.Line > 1);
    }

    [Fact]
    public void Ten_levels_of_ten_instances_fail_at_once_naming_the_instance_chain()
    {
        var text = new StringBuilder("10^10 elements\n");
        for (int level = 0; level < 10; level++)
        {
            text.Append($".subckt l{level} a\n");
            for (int k = 0; k < 10; k++) text.Append(level == 9 ? $"R{k} a 0 1k\n" : $"X{k} a l{level + 1}\n");
            text.Append(".ends\n");
        }
        text.Append("X1 n l0\nV1 n 0 1\n.op\n");
        var watch = Stopwatch.StartNew();
        var e = FailsText(text.ToString()).First;
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains("10000000000 elements", e.Message);
        Assert.Contains("X1 (l0: 10000000000 elements) -> X0 (l1: 1000000000 elements)", e.Message);
        Assert.Equal(122, e.Location.Line);
        // The limit can be raised: 10^4 elements pass at a limit of 10^4, fail at 9,999.
        var small = "4 levels\n.subckt m a\nX0 a n\nX1 a n\nX2 a n\nX3 a n\nX4 a n\nX5 a n\nX6 a n\nX7 a n\nX8 a n\nX9 a n\n.ends\n" +
                    ".subckt n a\nR0 a 0 1\nR1 a 0 1\nR2 a 0 1\nR3 a 0 1\nR4 a 0 1\nR5 a 0 1\nR6 a 0 1\nR7 a 0 1\nR8 a 0 1\nR9 a 0 1\n.ends\n" +
                    "X1 t m\nX2 t m\nX3 t m\nX4 t m\nX5 t m\nX6 t m\nX7 t m\nX8 t m\nX9 t m\nX10 t m\nV1 t 0 1\n.op\n";
        Assert.Equal(1001, new NetlistReader { Limits = new ReaderLimits { MaxElements = 1001 } }.Parse(small, "s.cir").Circuit.Elements.Count);
        Assert.Contains("1001 elements", Assert.Throws<NetlistException>(() =>
            new NetlistReader { Limits = new ReaderLimits { MaxElements = 1000 } }.Parse(small, "s.cir")).First.Message);
    }

    [Fact]
    public void Thirty_files_each_including_the_next_twice_end_quickly_with_a_clear_error()
    {
        for (int k = 0; k < 30; k++) Write($"f{k}.inc", $".include f{k + 1}.inc\n.include f{k + 1}.inc\n");
        Write("f30.inc", "* end\n");
        var top = Write("top.cir", "2^30 includes\n.include f0.inc\nV1 n 0 1\nR1 n 0 1k\n.op\n");
        var watch = Stopwatch.StartNew();
        var e = Fails(() => NetlistReader.ReadFile(top)).First;
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains("more than 10000 .include/.lib expansions", e.Message);
        Assert.EndsWith(".inc", e.Location.File);
    }

    [Fact]
    public void A_file_including_itself_names_the_cycle()
    {
        var top = Write("self.cir", "self\nV1 n 0 1\nR1 n 0 1k\n.include self.cir\n.op\n");
        var e = Fails(() => NetlistReader.ReadFile(top)).First;
        Assert.Contains("include cycle", e.Message);
        Assert.Equal(4, e.Location.Line);
    }

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("/dev/null", "a character device")]
    [InlineData("/tmp", "a directory")]
    public void Non_regular_files_are_refused_naming_the_path(string path, string kind)
    {
        var top = Write("top.cir", $"device\nV1 n 0 1\nR1 n 0 1k\n.include {path}\n.op\n");
        var e = Fails(() => NetlistReader.ReadFile(top)).First;
        Assert.Contains($"'{path}' is {kind}", e.Message);
        Assert.Equal(4, e.Location.Line);
        Assert.Equal(10, e.Location.Column);
    }

    [Fact]
    public void A_fifo_is_refused_without_waiting_for_a_writer()
    {
        var fifo = Path.Combine(_dir.FullName, "pipe.inc");
        using (var mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var top = Write("top.cir", "fifo\nV1 n 0 1\nR1 n 0 1k\n.include pipe.inc\n.op\n");
        var e = Fails(() => NetlistReader.ReadFile(top)).First;
        Assert.Contains("is a FIFO", e.Message);
        Assert.Contains(fifo, e.Message);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_and_the_limit_can_be_raised()
    {
        var big = "* padding\n" + new string('*', 2_000) + "\nR2 n 0 1k\n";
        Write("big.inc", big);
        var top = Write("top.cir", "size\nV1 n 0 1\nR1 n 0 1k\n.include big.inc\n.op\n");
        var e = Fails(() => new NetlistReader { Limits = ReaderLimits.WithFileBytes(1_000) }.Read(top)).First;
        Assert.Contains("larger than the limit of 1000 bytes", e.Message);
        Assert.Contains("big.inc", e.Message);
        Assert.Equal(4, e.Location.Line);
        Assert.Equal(2, new NetlistReader { Limits = ReaderLimits.WithFileBytes(10_000) }.Read(top).Circuit.Elements.Count(x => x is Elements.ResistorElement));
        // The top-level file is held to the same limit.
        Assert.Contains("larger than the limit", Fails(() => new NetlistReader { Limits = ReaderLimits.WithFileBytes(10) }.Read(top)).First.Message);
    }

    [Fact]
    public void The_total_of_included_text_is_bounded_even_when_each_file_is_small()
    {
        Write("part.inc", new string('*', 900) + "\n");
        var text = new StringBuilder("total\nV1 n 0 1\nR1 n 0 1k\n");
        for (int k = 0; k < 50; k++) text.Append(".include part.inc\n");
        var top = Write("top.cir", text.Append(".op\n").ToString());
        var limits = new ReaderLimits { MaxFileBytes = 1_000, MaxTotalBytes = 20_000 };
        var e = Fails(() => new NetlistReader { Limits = limits }.Read(top)).First;
        Assert.Contains("exceeds 20000 bytes in all", e.Message);
        Assert.Equal(4 + 21, e.Location.Line);
    }
}
