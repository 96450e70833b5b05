using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Model;
using MemristorSpice.Netlist.Reading;

namespace MemristorSpice.Netlist.Tests;

internal static class TestNetlists
{
    public static NetlistCircuit Read(string text, string file = "test.cir") => NetlistReader.ReadText(text, file).Circuit;

    public static ReadResult ReadWithWarnings(string text, string file = "test.cir") => NetlistReader.ReadText(text, file);

    public static NetlistException Fails(string text, string file = "test.cir") =>
        Assert.Throws<NetlistException>(() => NetlistReader.ReadText(text, file));

    public static T Element<T>(NetlistCircuit c, string name) where T : Element =>
        Assert.IsType<T>(c.FindElement(name) ?? throw new Xunit.Sdk.XunitException($"no element {name}; have {string.Join(' ', c.Elements.Select(e => e.Name))}"));

    /// <summary>Values computed from decimal literals: compared to 1e-12 relative, the rounding of one multiply.</summary>
    public static void Close(double expected, double actual, double rel = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Abs(expected) + 1e-300, $"expected {expected:R}, got {actual:R}");
}
