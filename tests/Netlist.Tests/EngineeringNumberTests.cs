using CsCheck;
using MemristorSpice.Netlist.Reading;
using MemristorSpice.Netlist.Writing;

namespace MemristorSpice.Netlist.Tests;

public class EngineeringNumberTests
{
    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-2.5", -2.5)]
    [InlineData(".5", 0.5)]
    [InlineData("1e-3", 1e-3)]
    [InlineData("1E+3", 1e3)]
    [InlineData("2.2e3k", 2.2e6)]
    [InlineData("1f", 1e-15)]
    [InlineData("1p", 1e-12)]
    [InlineData("1n", 1e-9)]
    [InlineData("1u", 1e-6)]
    [InlineData("1m", 1e-3)]
    [InlineData("1M", 1e-3)]
    [InlineData("1k", 1e3)]
    [InlineData("1K", 1e3)]
    [InlineData("1meg", 1e6)]
    [InlineData("1MEG", 1e6)]
    [InlineData("1g", 1e9)]
    [InlineData("1t", 1e12)]
    [InlineData("1mil", 25.4e-6)]
    [InlineData("10kOhm", 1e4)]
    [InlineData("1uF", 1e-6)]
    [InlineData("5V", 5.0)]
    [InlineData("4.7nH", 4.7e-9)]
    [InlineData("3megohm", 3e6)]
    [InlineData("100mA", 0.1)]
    public void Parses_suffix_table(string text, double expected)
    {
        Assert.True(EngineeringNumber.TryParseToken(text, out double value), text);
        // Scaled values are a product of two doubles: one rounding, so 1e-15 relative.
        TestNetlists.Close(expected, value, 1e-15);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("1k2")]
    [InlineData("abc")]
    [InlineData("1e999")]
    public void Rejects_non_numbers(string text) => Assert.False(EngineeringNumber.TryParseToken(text, out _));

    [Fact]
    public void Formatted_numbers_read_back_exactly() =>
        Gen.Double.Where(d => double.IsFinite(d)).Sample(d =>
            EngineeringNumber.TryParseToken(NumberFormat.Format(d), out double back) && back.Equals(d), iter: 20_000);

    [Theory]
    [InlineData(10000.0, "10k")]
    [InlineData(4.7e-6, "4.7u")]
    [InlineData(2e6, "2meg")]
    [InlineData(0.0, "0")]
    [InlineData(-1.5e-12, "-1.5p")]
    public void Formats_with_suffixes_when_exact(double value, string text) => Assert.Equal(text, NumberFormat.Format(value));
}
