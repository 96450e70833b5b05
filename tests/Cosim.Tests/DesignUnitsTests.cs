using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cosim.Tests;

/// <summary>
/// Per-layer errors in the designer's units (ADC LSBs, ENOB, clipping shares) against closed forms: on the ideal
/// backend with an ideal DAC the only error is the ADC's rounding, a pure uniform quantizer, so |error| ≤ LSB/2,
/// RMS error ≈ LSB/√12 and ENOB ≈ the ADC bits; the conversion counts follow from the layer geometry.
/// </summary>
public class DesignUnitsTests
{
    private const int Images = 12;

    private static CosimOutcome Run(double adcRangeScale) => RunWithPlans(adcRangeScale).Outcome;

    private static (CosimOutcome Outcome, Controller.DigitalController Controller) RunWithPlans(double adcRangeScale)
    {
        var settings = NonIdealities.Ideal with { AdcBits = 8, AdcRangeScale = adcRangeScale };
        var controller = TestModels.Controller(settings, new IdealBackend());
        return (new CosimRunner(controller) { Threads = 2 }.Run(TestModels.Mnist(0, Images), Shard.Whole), controller);
    }

    [Fact]
    public void A_pure_quantizer_stays_within_half_an_lsb_with_the_uniform_rms_and_full_enob()
    {
        // ADC range doubled so no test image clips (checked): then every tile output is rounded to the nearest code.
        var (outcome, controller) = RunWithPlans(adcRangeScale: 2);
        foreach (var l in outcome.Layers)
        {
            // Every column has its own ADC range; l.AdcLsb is the coarsest. Each output is rounded with its column's LSB,
            // and every column of a one-tile layer is read equally often, so RMS² = mean over columns of LSB_c²/12.
            var plan = controller.Plans.Single(p => p.Stage.Name == l.Layer);
            var columnLsbs = plan.ColumnAdcs.SelectMany(tiles => tiles.SelectMany(cols => cols)).Select(a => a.Lsb).ToList();
            double expectedRmsLsb = Math.Sqrt(columnLsbs.Average(x => x * x) / 12) / columnLsbs.Max();
            Assert.Equal(0, l.AdcClipped);
            Assert.Equal(0, l.DacClipped);   // ideal DAC: never clips
            Assert.Equal(8, l.AdcBits);
            // A layer output sums its tiles' codes, each within half its own LSB, and l.AdcLsb is the coarsest of them:
            // |error| ≤ tiles·LSB/2. 1e-3 LSB covers the float32 rounding of both outputs (~1e-7 relative of values ≤ 127 LSB).
            Assert.True(l.MaxErrorLsb <= 0.5 * l.Tiles + 1e-3, $"{l.Layer}: max {l.MaxErrorLsb} LSB over {l.Tiles} tile(s)");
            if (l.Tiles != 1 || l.VsSameInput.Count < 2000) continue;
            // Uniform rounding error: RMS = LSB/√12 (Bennett); thousands of values keep the sampling spread of the RMS to about 1 %.
            double ratio = l.RmsErrorLsb / expectedRmsLsb;
            // 15 %: with a range per column, a depthwise channel's single column sees many repeated values (zero padding,
            // blank image borders), whose rounding error is one fixed value, not uniform (measured: dw1 0.89).
            Assert.True(ratio is >= 0.85 and <= 1.15, $"{l.Layer}: RMS {l.RmsErrorLsb} LSB, expected {expectedRmsLsb} (ratio {ratio})");
            // ENOB referred to the coarsest column's full-scale sine (FS = 127 LSB): SINAD = 10·log10((FS²/2)/RMS²),
            // ENOB = (SINAD − 1.76)/6.02 (7.99 bits for one uniform LSB); the 15 % RMS tolerance is ±0.23 bits, so within 0.25.
            double enob = (10 * Math.Log10(127.0 * 127 / 2 / (expectedRmsLsb * expectedRmsLsb)) - 1.76) / 6.02;
            Assert.True(Math.Abs(l.Enob - enob) <= 0.25, $"{l.Layer}: ENOB {l.Enob}, expected {enob}");
        }
    }

    [Fact]
    public void Clipping_shares_are_counts_over_conversions_from_the_layer_geometry()
    {
        // A quarter of the calibrated range: the largest outputs must clip.
        var outcome = Run(adcRangeScale: 0.25);
        var network = CrossbarNetwork.FromModel(TestModels.Msccnn(3), BiasPlacement.Analog);
        Assert.Contains(outcome.Layers, l => l.AdcClipped > 0);
        foreach (var l in outcome.Layers)
        {
            var stage = (AnalogStage)network.Stages[l.StageIndex];
            // Closed form: every output value of the layer is read once per tile by an ADC; every patch entry except the
            // bias row goes through a DAC once per crossbar.
            long adc = (long)stage.OutputShape.Size * l.Tiles * Images;
            long dac = stage.Crossbars.Sum(xb => (long)stage.Positions * (xb.Rows - 1)) * Images;
            Assert.Equal(adc, l.AdcConversions);
            Assert.Equal(dac, l.DacConversions);
            Assert.Equal((double)l.AdcClipped / adc, l.AdcClipFraction, 15);
            Assert.InRange(l.AdcClipFraction, 0, 1);
        }
    }
}
