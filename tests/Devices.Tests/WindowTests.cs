using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Devices.Tests;

/// <summary>
/// Window values at fixed points against hand-evaluated formulas of the papers (Joglekar and Wolf 2009,
/// Biolek et al. 2009, Prodromakis et al. 2011). Tolerance 1e-12 absolute: exact arithmetic on short formulas.
/// </summary>
public class WindowTests
{
    private const double Tol = 1e-12;

    [Theory]
    // Joglekar f = 1 − (2x − 1)^(2p): zero at both ends, 1 in the middle.
    [InlineData(1, 0.0, 0.0)]
    [InlineData(1, 1.0, 0.0)]
    [InlineData(1, 0.5, 1.0)]
    [InlineData(1, 0.25, 0.75)]
    [InlineData(2, 0.25, 0.9375)]
    [InlineData(2, 0.9, 1.0 - 0.4096)]
    public void Joglekar(double p, double x, double expected) =>
        Assert.Equal(expected, new Window(WindowKind.Joglekar, p).Value(x, +1), Tol);

    [Theory]
    // Biolek f = 1 − (x − stp(−i))^(2p): for i > 0, 1 − x^(2p); for i < 0, 1 − (x − 1)^(2p).
    [InlineData(1, 0.0, +1, 1.0)]
    [InlineData(1, 1.0, +1, 0.0)]
    [InlineData(1, 0.0, -1, 0.0)]
    [InlineData(1, 1.0, -1, 1.0)]
    [InlineData(1, 0.5, +1, 0.75)]
    [InlineData(2, 0.5, -1, 0.9375)]
    [InlineData(3, 0.8, +1, 1.0 - 0.262144)]
    public void Biolek(double p, double x, double direction, double expected) =>
        Assert.Equal(expected, new Window(WindowKind.Biolek, p).Value(x, direction), Tol);

    [Theory]
    // Prodromakis f = j·(1 − ((x − 0.5)² + 0.75)^p): zero at both ends, j·(1 − 0.75^p) in the middle.
    [InlineData(1, 1.0, 0.0, 0.0)]
    [InlineData(1, 1.0, 1.0, 0.0)]
    [InlineData(1, 1.0, 0.5, 0.25)]
    [InlineData(2, 1.0, 0.5, 0.4375)]
    [InlineData(1, 0.5, 0.5, 0.125)]
    [InlineData(1, 1.0, 0.25, 0.1875)]
    [InlineData(2, 1.0, 0.0, 0.0)]
    public void Prodromakis(double p, double j, double x, double expected) =>
        Assert.Equal(expected, new Window(WindowKind.Prodromakis, p, j).Value(x, +1), Tol);

    /// <summary>The misparenthesized forms found in a public tool ((1 − (2x − 1))^(2p) and j·(1 − (x − 0.5)² + 0.75)^p)
    /// give different values at x = 0 and x = 0.25; ours must not (exact values).</summary>
    [Fact]
    public void NotTheMisparenthesizedForms()
    {
        Assert.NotEqual(Math.Pow(1 - (2 * 0.25 - 1), 2), new Window(WindowKind.Joglekar).Value(0.25, 1), Tol);
        Assert.NotEqual(1 - 0.25 + 0.75, new Window(WindowKind.Prodromakis).Value(0.0, 1), Tol);
    }

    [Fact]
    public void NoneIsOne() => Assert.Equal(1.0, Window.None.Value(0.3, -1), Tol);

    [Theory]
    [InlineData(WindowKind.Joglekar, 2.0, 1.0)]
    [InlineData(WindowKind.Biolek, 1.0, 1.0)]
    [InlineData(WindowKind.Biolek, 3.5, 1.0)]
    [InlineData(WindowKind.Prodromakis, 2.0, 0.7)]
    /// Derivative versus central difference, h = 1e-6: truncation error ~h²·f''' ≈ 1e-10; tolerance 1e-7.
    public void DerivativeMatchesFiniteDifference(WindowKind kind, double p, double j)
    {
        var w = new Window(kind, p, j);
        foreach (var dir in new[] { -1.0, 1.0 })
            foreach (var x in new[] { 0.05, 0.2, 0.37, 0.61, 0.8, 0.95 })
            {
                const double h = 1e-6;
                var fd = (w.Value(x + h, dir) - w.Value(x - h, dir)) / (2 * h);
                Assert.Equal(fd, w.Derivative(x, dir), 1e-7);
            }
    }

    [Fact]
    public void RejectsExponentBelowOne()
    {
        var e = Assert.Throws<ArgumentException>(() => new Window(WindowKind.Joglekar, 0.5).Validate());
        Assert.Contains("p must be", e.Message);
    }
}
