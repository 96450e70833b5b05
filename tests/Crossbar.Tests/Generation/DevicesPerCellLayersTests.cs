using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.IO;

namespace MemristorSpice.Crossbar.Tests.Generation;

public class DevicesPerCellLayersTests
{
    [Fact]
    public void Only_the_listed_layers_get_parallel_devices_in_generated_networks()
    {
        // A design with k = 4 devices per cell on dw1 only must generate dw1 exactly as a design with k = 4 everywhere,
        // and every other layer exactly as a design with one device per cell (each crossbar draws its own variation
        // stream, so the layers do not influence each other). Exact equality: the same draws in the same order.
        var model = WeightsFile.Load(Path.Combine(ShippedNetlists.WeightsDir, "msccnn.msw"));
        var network = CrossbarNetwork.FromModel(model);
        var varied = new CrossbarNonIdealities { VariationSigma = 0.3, VariationSeed = 3 };
        NetworkNetlists Generate(CrossbarNonIdealities ni) =>
            new NetworkGenerator(new CrossbarOptions { NonIdealities = ni }).Generate(network, model.Name, "msccnn.msw", CrossbarSelection.All);
        var one = Generate(varied);
        var four = Generate(varied with { DevicesPerCell = 4 });
        var listed = Generate(varied with { DevicesPerCell = 4, DevicesPerCellLayers = new HashSet<string>(["dw1"]) });

        static double[] States(NetworkNetlists n, string layer) =>
            n.Layers.Single(l => l.Stage.Name == layer).Crossbars.SelectMany(x => x.Tiles).SelectMany(t => t.Cells).Select(c => c.State).ToArray();
        Assert.Equal(States(four, "dw1"), States(listed, "dw1"));
        Assert.NotEqual(States(one, "dw1"), States(listed, "dw1"));
        foreach (var layer in listed.Layers.Select(l => l.Stage.Name).Where(n => n != "dw1"))
            Assert.Equal(States(one, layer), States(listed, layer));
    }
}
