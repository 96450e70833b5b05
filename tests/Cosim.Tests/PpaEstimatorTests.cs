using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Ppa;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.Layers;
using MemristorSpice.Network.Models;

namespace MemristorSpice.Cosim.Tests;

public class PpaEstimatorTests
{
    [Fact]
    public void Area_energy_and_latency_follow_the_stated_formulas()
    {
        // Two layers with hand-computed expectations (docs/reproduction.md, "How we measure"): area = ΣN·A; latency = Σ positions·t_read;
        // array energy = t_read·ΣP/images; converter energy = positions·(N_dac·E_dac + N_adc·E_adc); op-amps static for the whole image.
        var tech = TechnologyFile.Default() with
        {
            CellAreaUm2 = 0.01, OpAmpAreaUm2 = 1000, OpAmpStaticWatts = 1e-4, DacAreaUm2 = 500, DacEnergyJoules = 1e-12, DacStaticWatts = 0,
            AdcAreaUm2 = 1200, AdcEnergyJoules = 2e-12, AdcStaticWatts = 0, ReadSeconds = 1e-6, PowerGatedPerLayer = false, DacBits = 8, AdcBits = 8,
        };
        var hw = new List<LayerHardware>
        {
            new("a", AnalogKind.StandardConv, 1, 100, new HardwareCounts(1, 1000, 30, 9, 10), 1000, 30, 1, 0),
            new("b", AnalogKind.Pointwise, 1, 10, new HardwareCounts(2, 500, 12, 20, 8), 500, 12, 2, 0),
        };
        var tileA = new CrossbarTile("a", AnalogKind.StandardConv, 0, 0, 0, 0, 10, 10, new double[100], true, 0.2, null!, 1);
        var tally = new TilePowerTally(tileA);
        tally.Add(2e-3, 200); // 2 images x 100 patches, Σ P = 2 mW·read
        var m = PpaEstimator.Estimate("x", 7, hw, [tally], 2, tech, 8, 8, 0.9, 0.8, 0, []);
        Close(1500 * 0.01 + 42 * 1000 + 29 * 500 + 18 * 1200, m.AreaUm2);
        Close(110e-6, m.LatencySeconds);
        Close(1e-3 * 1e-6, m.ArrayEnergyJoules);
        Close(100 * (9 * 1e-12 + 10 * 2e-12) + 10 * (20 * 1e-12 + 8 * 2e-12), m.ConverterEnergyJoules);
        Close(42 * 1e-4 * 110e-6, m.OpAmpEnergyJoules);
        Close(m.EnergyJoules / 110e-6, m.PowerWatts);
        var gated = PpaEstimator.Estimate("x", 7, hw, [tally], 2, tech with { PowerGatedPerLayer = true }, 8, 8, 0.9, 0.8, 0, []);
        Close(30 * 1e-4 * 100e-6 + 12 * 1e-4 * 10e-6, gated.OpAmpEnergyJoules);
        Close(m.EnergyJoules, gated.EnergyOtherGatingJoules(gatedInTechnology: true));
        Close(gated.EnergyJoules, m.EnergyOtherGatingJoules(gatedInTechnology: false));
    }

    [Fact]
    public void Parallel_devices_per_cell_multiply_cell_area_and_array_energy_of_their_layer_only()
    {
        // Closed form: layer a with k = 4 devices per cell has 4x its memristors (cell area) and 4x the metered array
        // energy (k devices at the mean conductance carry k times the current); layer b (k = 1) and the op-amps, DACs and
        // ADCs are unchanged. Relative tolerance 1e-12: the same sums in another order.
        var tech = TechnologyFile.Default() with { CellAreaUm2 = 0.01, ReadSeconds = 1e-6 };
        LayerHardware a = new("a", AnalogKind.StandardConv, 1, 100, new HardwareCounts(1, 1000, 30, 9, 10), 1000, 30, 1, 0);
        LayerHardware b = new("b", AnalogKind.Pointwise, 1, 10, new HardwareCounts(2, 500, 12, 20, 8), 500, 12, 2, 0);
        var tileA = new CrossbarTile("a", AnalogKind.StandardConv, 0, 0, 0, 0, 10, 10, new double[100], true, 0.2, null!, 1);
        var tally = new TilePowerTally(tileA);
        tally.Add(2e-3, 200);
        var one = PpaEstimator.Estimate("x", 7, [a, b], [tally], 2, tech, 8, 8, 0.9, 0.8, 0, []);
        var four = PpaEstimator.Estimate("x", 7, [a.WithDevicesPerCell(4), b], [tally], 2, tech, 8, 8, 0.9, 0.8, 0, []);
        Assert.Equal(4000, four.Layers[0].Counts.Memristors);
        Assert.Equal(500, four.Layers[1].Counts.Memristors);
        Close(one.AreaUm2 + 3000 * 0.01, four.AreaUm2);
        Close(4 * one.ArrayEnergyJoules, four.ArrayEnergyJoules);
        Close(one.ConverterEnergyJoules, four.ConverterEnergyJoules);
        Close(one.OpAmpEnergyJoules, four.OpAmpEnergyJoules);
        Assert.Same(a, a.WithDevicesPerCell(1));
    }

    [Fact]
    public void Digital_controller_operations_of_a_residual_and_concat_graph_match_a_hand_count()
    {
        // Input 1x8x8. conv1 -> 4x8x8; ReLU r1: 256 ops. conv2; residual add of r1 + conv2: 256 adds (one per element,
        // 2 inputs). conv3 (1x1, 2 groups) -> 2x8x8; concat of conv3 and add -> 6x8x8: 384 copies. 2x2 max pooling ->
        // 6x4x4 = 96 outputs x 3 comparisons = 288. Global average pooling of 6 planes of 4x4: 96 ops. fc is analog.
        // Total 256 + 256 + 384 + 288 + 96 = 1280 operations per image.
        var model = new Model("graph", new Shape3(1, 8, 8),
        [
            new Conv2d("conv1", 1, 4, 3, 1, 1), new ReLU("r1"),
            new Conv2d("conv2", 4, 4, 3, 1, 1) { Inputs = ["r1"] }, new Add("add", ["r1", "conv2"]),
            new Conv2d("conv3", 4, 2, 1, 1, 0, groups: 2) { Inputs = ["add"] }, new Concat("cat", ["conv3", "add"]),
            new MaxPool("mp", 2), new GlobalAvgPool("gap"), new FullyConnected("fc", 6, 3),
        ]);
        Initializer.HeInit(model, 4);
        var tech = TechnologyFile.Default() with { DigitalOperationJoules = 1e-13 };
        var digital = DigitalOperations.Count(CrossbarNetwork.FromModel(model), tech);
        var ops = digital.ToDictionary(d => d.Stage, d => d.OperationsPerImage);
        Assert.Equal(new Dictionary<string, long> { ["r1"] = 256, ["add"] = 256, ["cat"] = 384, ["mp"] = 288, ["gap"] = 96 }, ops);

        // The energy per image adds operations x E_op to the analog layers' energy (no analog layers here: exact).
        var m = PpaEstimator.Estimate("graph", 0, [], [], 1, tech, 8, 8, 1, 1, 0, digital);
        Assert.Equal(1280, m.DigitalOperations);
        Close(1280 * 1e-13, m.DigitalEnergyJoules);
        Close(1280 * 1e-13, m.EnergyJoules);
    }

    // Sums of a few products of decimal inputs: only rounding separates the two sides (~1e-16 relative).
    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Settling_estimate_is_six_point_two_time_constants_per_stage_for_eight_bits()
    {
        // ln(2^9) = 6.238; TIA β = 1/(1 + 1e4·1e-4) = 1/2, so both stages have τ = 1/(2π·1e7·0.5).
        double tau = 1 / (2 * Math.PI * 1e7 * 0.5);
        Close(2 * Math.Log(512) * tau, ReadSettling.Seconds(1e-4, 1e4, 1e7, 8));
    }

    [Fact]
    public void Netlist_counter_reads_cards_at_top_level_only()
    {
        const string deck = """
            t
            .subckt XBAR_TIA in out
            vam in 0 0
            xfake a b MEM_X rinit=1
            .ends XBAR_TIA
            vrow0 row0 0 dc 0.1
            vrow1 row1 0 dc 0.2 ; bias row
            xm_r0_c0p row0 col0p MEM_VTEAM_XBAR rinit=1e6
            xm_r1_c0p row1 col0p MEM_VTEAM_XBAR rinit=1e6
            * xm_r9 commented MEM_VTEAM_XBAR
            xtia0p col0p tia0p XBAR_TIA
            xtia0n col0n tia0n XBAR_TIA
            xdiff0 tia0n tia0p out0 XBAR_DIFF
            .end
            """;
        Assert.Equal(new HardwareCounts(1, 2, 3, 1, 1), NetlistCounter.Count(deck));
    }
}
