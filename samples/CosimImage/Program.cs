// Co-simulates one MNIST test image through the shipped MSCCNN with every analog layer solved as a memristor
// crossbar circuit (1 ohm wires, op-amp gain 1e5, 8-bit converters) and compares the class with the ideal network's.
// Usage: dotnet run --project samples/CosimImage [image index]   (needs data/mnist: scripts/bootstrap fetches it)
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Backends;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Controller;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network;
using MemristorSpice.Network.Data;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Layers;

int index = args.Length > 0 ? int.Parse(args[0]) : 0;
var root = Repository.Root();
var mnist = Path.Combine(root, "data", "mnist");
var model = WeightsFile.Load(Path.Combine(root, "weights", "msccnn.msw"));
var network = CrossbarNetwork.FromModel(model);   // BatchNorm folded, layers laid out as crossbars

// Converter ranges and per-column corrections come from training images, never from the image being tested.
var settings = new NonIdealities { WireRowOhms = 1, WireColumnOhms = 1, OpAmpGain = 1e5, DacBits = 8, AdcBits = 8 };
var calibration = Datasets.MnistTrain(mnist).Take(50);
var ranges = ConverterCalibration.Calibrate(network, calibration, settings);
var controller = new DigitalController(network, ranges, settings, new CircuitDcBackend(settings), calibration);

var (image, labels) = Datasets.MnistTest(mnist).Batch(index, 1);
int circuit = SoftmaxCrossEntropy.ArgMax(controller.Forward(image).Sample(0));
int ideal = SoftmaxCrossEntropy.ArgMax(model.Forward(image).Sample(0));
Console.WriteLine($"MNIST test image {index}: label {labels[0]}");
Console.WriteLine($"circuit predicted class: {circuit}");
Console.WriteLine($"ideal predicted class: {ideal}");

/// <summary>Finds the checkout's root (the folder holding MemristorSpice.sln) from the working folder.</summary>
internal static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MemristorSpice.sln"))) return dir.FullName;
        throw new IOException("run this sample inside a MemristorSpice checkout (it reads weights/ and data/mnist)");
    }
}
