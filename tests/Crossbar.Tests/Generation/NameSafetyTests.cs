using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Layout;
using MemristorSpice.Crossbar.Manifest;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Spice;
using MemristorSpice.Netlist.Elements;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Writing;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Crossbar.Tests.Generation;

/// <summary>
/// Text we write into netlists (titles, header comments) cannot become a command: the escaping function keeps it on
/// one line that starts no dot-command or continuation, and ngspice given such a deck runs no shell command.
/// File names built from layer names cannot leave the output folder.
/// </summary>
public sealed class NameSafetyTests : IDisposable
{
    private const string Injection = "\n.control\nshell touch MARKER\n.endc";
    private readonly string _dir = Directory.CreateTempSubdirectory("name-safety").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("conv1 crossbar", "conv1 crossbar")]
    [InlineData("a\nb", "a\\u000Ab")]
    [InlineData("a\r\n.endc", "a\\u000D\\u000A.endc")]
    [InlineData(".control", "_.control")]
    [InlineData("   .include /etc/passwd", "_.include /etc/passwd")]
    [InlineData("+ continuation", "_+ continuation")]
    [InlineData("* star", "* star")]
    [InlineData("x\u0085y\u2028z\u2029w", "x\\u0085y\\u2028z\\u2029w")]
    [InlineData("tab\there", "tab\\u0009here")]
    [InlineData("", "-")]
    [InlineData("   ", "-")]
    [InlineData("  indented text", "  indented text")]
    public void LineEscapesToOneSafeLine(string text, string expected) => Assert.Equal(expected, SpiceText.Line(text));

    /// <summary>The lines of a deck that start a command: first non-blank character '.' or '+'.</summary>
    private static List<string> CommandLines(string deck) =>
        deck.Split('\n').Skip(1).Select(l => l.TrimStart()).Where(l => l.StartsWith('.') || l.StartsWith('+')).ToList();

    private GeneratedCrossbar EvilCrossbar(string marker) =>
        new CrossbarGenerator(GenerationFixtures.Options())
            .Generate(GenerationFixtures.RandomMatrix(3, 2, 5), CrossbarContext.ForMatrix("evil" + Injection.Replace("MARKER", marker)));

    [Fact]
    public void CrossbarWriterKeepsAnInjectedNameInOneCommentLine()
    {
        var x = EvilCrossbar("/nonexistent/marker");
        var deck = CrossbarNetlistWriter.Write(x.Tiles[0]);
        var clean = CrossbarNetlistWriter.Write(new CrossbarGenerator(GenerationFixtures.Options())
            .Generate(GenerationFixtures.RandomMatrix(3, 2, 5), CrossbarContext.ForMatrix("clean")).Tiles[0]);
        // Same commands as the deck of a plain name: the name added none (.control, .endc, shell).
        Assert.Equal(CommandLines(clean), CommandLines(deck));
        Assert.Equal(clean.Split('\n').Length, deck.Split('\n').Length);
        Assert.StartsWith("evil\\u000A.control\\u000Ashell touch /nonexistent/marker\\u000A.endc crossbar\n", deck);
        Assert.Contains("* layer evil\\u000A.control\\u000Ashell touch /nonexistent/marker\\u000A.endc (Matrix)", deck);
    }

    [Fact]
    public void NgspiceRunsNoShellCommandFromAnInjectedName()
    {
        var marker = Path.Combine(_dir, "pwned");
        var x = EvilCrossbar(marker);
        var deck = Path.Combine(_dir, "evil.cir");
        File.WriteAllText(deck, CrossbarNetlistWriter.Write(x.Tiles[0]));
        // Run the file unchanged (no stripping of control blocks on the way): the circuit solves, no marker appears.
        var table = GenerationFixtures.RunInPlace(deck);
        Assert.All(x.Tiles[0].OutputSignals, s => Assert.True(double.IsFinite(table.Value(s, 0)), s));
        Assert.False(File.Exists(marker), "ngspice ran the shell command of the injected name");

        // Control: the same name written raw as the title does run the command, so the check above can fail.
        var raw = File.ReadAllText(deck);
        File.WriteAllText(deck, "evil" + Injection.Replace("MARKER", marker) + raw[raw.IndexOf('\n')..]);
        GenerationFixtures.RunInPlace(deck);
        Assert.True(File.Exists(marker), "control deck did not run its shell command; the test cannot detect an injection");
    }

    [Fact]
    public void NetlistWriterKeepsTitleAndGeneratorOnOneLine()
    {
        var c = new NetlistCircuit { Title = "t" + Injection };
        c.Elements.Add(new ResistorElement("r1", "1", "0", 1e3));
        c.Elements.Add(new VoltageSourceElement("v1", "1", "0", 1));
        var text = NetlistWriter.Write(c, generator: "gen" + Injection);
        Assert.StartsWith("t\\u000A.control\\u000Ashell touch MARKER\\u000A.endc\n* written by gen\\u000A.control", text);
        Assert.DoesNotContain(CommandLines(text), l => l.StartsWith(".control") || l.StartsWith(".endc"));
        var back = NetlistReader.ReadText(text, "t.cir").Circuit;
        Assert.Equal(2, back.Elements.Count);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("/abs/path")]
    [InlineData("a/b")]
    [InlineData("..")]
    public void NetworkFilesWithPathNamesAreRefused(string layerName)
    {
        // A model built in memory bypasses the loader's name check: the generator refuses on its own.
        var model = new Network.Models.Model("m", new Shape3(1, 4, 4), [new FullyConnected(layerName, 16, 2)]);
        var result = new NetworkGenerator(new CrossbarOptions()).Generate(CrossbarNetwork.FromModel(model), "m", "m.msw", CrossbarSelection.All);
        var e = Assert.Throws<ArgumentException>(() => result.Files());
        Assert.Contains("refusing to write the file name", e.Message);
        var outDir = Path.Combine(_dir, "out");
        Assert.Throws<ArgumentException>(() => result.WriteTo(outDir));
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any());
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_dir, "*", SearchOption.AllDirectories), p => !p.StartsWith(outDir, StringComparison.Ordinal));
    }

    [Fact]
    public void DeviceLibraryIncludeWithALineBreakIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => (new CrossbarOptions { DeviceLibraryInclude = "lib\n.control" }).Validate());
        Assert.Contains("'lib\\u000A.control'", e.Message);
    }
}
