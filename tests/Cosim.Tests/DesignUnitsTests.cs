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

    private static CosimOutcome Run(double adcRangeScale)
    {
        var settings = NonIdealities.Ideal with { AdcBits = 8, AdcRangeScale = adcRangeScale };
        var controller = TestModels.Controller(settings, new IdealBackend());
        return new CosimRunner(controller) { Threads = 2 }.Run(TestModels.Mnist(0, Images), Shard.Whole);
    }

    [Fact]
    public void A_pure_quantizer_stays_within_half_an_lsb_with_the_uniform_rms_and_full_enob()
    {
        // ADC range doubled so no test image clips (checked): then every tile output is rounded to the nearest code.
        var outcome = Run(adcRangeScale: 2);
        foreach (var l in outcome.Layers)
        {
            Assert.Equal(0, l.AdcClipped);
            Assert.Equal(0, l.DacClipped);   // ideal DAC: never clips
            Assert.Equal(8, l.AdcBits);
            // A layer output sums its tiles' codes, each within half its own LSB, and l.AdcLsb is the coarsest of them:
            // |error| ≤ tiles·LSB/2. 1e-3 LSB covers the float32 rounding of both outputs (~1e-7 relative of values ≤ 127 LSB).
            Assert.True(l.MaxErrorLsb <= 0.5 * l.Tiles + 1e-3, $"{l.Layer}: max {l.MaxErrorLsb} LSB over {l.Tiles} tile(s)");
            if (l.Tiles != 1 || l.VsSameInput.Count < 2000) continue;
            // Uniform rounding error: RMS = LSB/√12 (Bennett). Tolerance 10 %: the outputs spread over many codes, so the
            // error is close to uniform, and thousands of values keep the sampling spread of the RMS to about 1 %.
            double ratio = l.RmsErrorLsb / (1 / Math.Sqrt(12));
            Assert.InRange(ratio, 0.9, 1.1);
            // ENOB of a b-bit quantizer referred to a full-scale sine: 10·log10((FS²/2)/(LSB²/12)) with LSB = FS/127 gives
            // (49.86 − 1.76)/6.02 = 7.99 bits; the 10 % RMS tolerance is ±0.14 bits, so ENOB ≥ 8 − 0.2.
            Assert.True(l.Enob >= 8 - 0.2, $"{l.Layer}: ENOB {l.Enob}");
            Assert.True(l.Enob <= 8 + 0.2, $"{l.Layer}: ENOB {l.Enob}");
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
