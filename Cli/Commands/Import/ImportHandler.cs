using System.Diagnostics;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Network.IO;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Import;

/// <summary>Runs <see cref="ImportSettings"/>: imports the ONNX model, writes the weights file, prints the layers and crossbar counts.</summary>
internal sealed class ImportHandler(IAnsiConsole console)
{
    public int Run(ImportSettings s)
    {
        if (s.Name is { } name && InputName.Problem(name) is { } problem)
            throw new CliException($"--name: {InputName.Quote(name)} {problem}; names must be {InputName.Rule}.");
        var target = OutputOptions.Target("import onnx", s.Force, s.ModelPath);
        target.CheckFile(s.OutPath);
        var watch = Stopwatch.StartNew();
        var import = WeightsLoader.ImportOnnx(s.ModelPath, "model", s.Name);
        double seconds = watch.Elapsed.TotalSeconds;
        var model = import.Model;
        AtomicFile.WriteAllBytes(s.OutPath, target, WeightsFile.Serialize(model, import.Metadata));
        var table = new Table().AddColumns("layer", "kind", "inputs", "output");
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var l = model.Layers[i];
            table.AddRow(Terminal.Escape(l.Name), l.Kind, Terminal.Escape(string.Join(", ", model.Sources(i).Select(j => j < 0 ? "image" : model.Layers[j].Name))),
                model.LayerOutputShape(i).ToString());
        }
        console.Write(table);
        foreach (var ignored in import.Ignored) console.WriteLine(Terminal.Plain($"Dropped {ignored} (does not change top-1 predictions)."));
        var counts = ModelCounter.Count(model);
        console.MarkupLine($"[bold]{Terminal.Escape(model.Name)}[/]: {model.InputShape} input, {model.OutputShape.Size} outputs, {model.Layers.Count} layers " +
                           $"({(model.IsGraph ? "graph" : "chain")}), {counts.Weights + counts.Biases:N0} parameters, {counts.Crossbars} crossbars, " +
                           $"{counts.Memristors:N0} memristors; imported in {seconds:F2} s.");
        console.WriteLine(Terminal.Plain($"Wrote {s.OutPath} (format version {WeightsFile.VersionFor(model)})"));
        return 0;
    }
}
