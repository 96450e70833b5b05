using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Tests;

/// <summary>
/// The default options are ngspice's documented defaults (ngspice manual, chapter ".options"; summarised in
/// docs/ngspice.md, "Default options"). Exact equality: these are constants, and the reference comparisons assume
/// both simulators start from the same ones (a VNTOL of 1e-3 instead of 1e-6 would stop Newton early on every
/// node voltage without any waveform test noticing on the small decks).
/// </summary>
public sealed class SimulationOptionsDefaultsTests
{
    [Fact]
    public void Defaults_are_ngspice_defaults()
    {
        var o = new SimulationOptions();
        Assert.Equal(1e-3, o.RelTol);
        Assert.Equal(1e-12, o.AbsTol);
        Assert.Equal(1e-6, o.VnTol);
        Assert.Equal(1e-14, o.ChgTol);
        Assert.Equal(1e-12, o.Gmin);
        Assert.Equal(7, o.TrTol);
        Assert.Equal(100, o.DcMaxIterations);
        Assert.Equal(50, o.DcSweepMaxIterations);
        Assert.Equal(10, o.TransientMaxIterations);
        Assert.Equal(IntegrationMethod.Trapezoidal, o.Method);
        Assert.Null(o.MaxStep);
        Assert.Equal(300.15, o.Temperature, 12);
    }
}
