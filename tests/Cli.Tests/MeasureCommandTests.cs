using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Cli.Tests;

/// <summary><c>simulate</c> prints .meas results and <c>compare</c> compares them with ngspice's measured values.</summary>
public sealed class MeasureCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("memspice-meas-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Deck()
    {
        // RC step: tau = 1 µs, the 10-90 % rise time is tau·ln 9 = 2.19722 µs; a failing WHEN (the output never reaches 2 V).
        var path = Path.Combine(_dir.FullName, "rc.cir");
        File.WriteAllText(path, """
            rc rise time
            v1 in 0 pulse(0 1 1u 1n 1n 1m 2m)
            r1 in out 1k
            c1 out 0 1n
            .tran 10n 20u
            .meas tran trise trig v(out) val=0.1 rise=1 targ v(out) val=0.9 rise=1
            .meas tran never when v(out)=2
            .end
            """);
        return path;
    }

    [Fact]
    public void Simulate_prints_each_measurement_with_its_value_or_why_it_failed()
    {
        var r = CliRunner.Run("simulate", Deck());
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(".meas results", r.Out);
        // Printed with 6 significant digits; the engine's step choice moves the 4th digit at most (0.05 %).
        Assert.Matches(@"trise\s.*2\.19[67]\d*E-06", r.Out);
        Assert.Matches(@"never\s.*failed\s.*out of interval", r.Out);
    }

    [Fact]
    public void Compare_shows_our_and_ngspices_measurements_side_by_side()
    {
        Dependencies.RequireNgspice();
        var r = CliRunner.Run("compare", Deck());
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("all 2 measurements agree", r.Out);
        Assert.Contains("both fail", r.Out);
    }
}
