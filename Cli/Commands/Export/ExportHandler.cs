using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network.Onnx;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Export;

/// <summary>Runs <see cref="ExportSettings"/>: loads the network, writes it as ONNX.</summary>
internal sealed class ExportHandler(IAnsiConsole console)
{
    public int Run(ExportSettings s)
    {
        var target = OutputOptions.Target("export onnx", s.Force, s.WeightsPath);
        target.CheckFile(s.OutPath);
        var model = WeightsLoader.LoadAny(s.WeightsPath);
        var bytes = OnnxExporter.Export(model, new Dictionary<string, string> { ["source"] = Path.GetFileName(s.WeightsPath), ["model"] = model.Name });
        AtomicFile.WriteAllBytes(s.OutPath, target, bytes);
        console.WriteLine(Terminal.Plain($"Wrote {s.OutPath}: {model.Name}, {model.Layers.Count} layers, opset {OnnxExporter.Opset}, input 'image' (batch, {model.InputShape.C}, {model.InputShape.H}, {model.InputShape.W}), output 'logits'."));
        return 0;
    }
}
