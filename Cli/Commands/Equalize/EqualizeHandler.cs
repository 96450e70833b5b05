using System.Globalization;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Network;
using MemristorSpice.Network.Evaluation;
using MemristorSpice.Network.Folding;
using MemristorSpice.Network.IO;
using MemristorSpice.Network.Training;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands.Equalize;

/// <summary>Runs <see cref="EqualizeSettings"/>: loads the model and data, equalizes, checks the float accuracy, writes the weights.</summary>
internal sealed class EqualizeHandler(IAnsiConsole console)
{
    public int Run(EqualizeSettings s)
    {
        var model = WeightsLoader.Load(s.WeightsPath);
        var target = OutputOptions.Target("equalize", s.Force, s.WeightsPath, DataSetOption.Folder(s.Dataset));
        target.CheckFile(s.OutPath);
        var train = DataSetOption.LoadTrain(s.Dataset);
        var test = DataSetOption.LoadTest(s.Dataset);
        DataSetOption.RequireFits(model, s.WeightsPath, s.Dataset, test);
        var hw = HardwareAwareOption.Load(s.HardwareAwarePath) ?? HardwareAwareTraining.Options(new NonIdealities());
        var before = Evaluator.Evaluate(model, test);
        var pairs = CrossbarRangeEqualizer.Equalize(model, train, CrossbarRangeEqualizer.DefaultImages, hw.BiasOnCrossbar);
        var after = Evaluator.Evaluate(model, test);
        foreach (var p in pairs)
            console.WriteLine(Terminal.Plain(string.Create(CultureInfo.InvariantCulture,
                $"{p.Producer} -> {p.Consumer}: {p.Factors.Count(f => f != 1)} of {p.Factors.Length} channels scaled, factors {p.Factors.Min():G3} to {p.Factors.Max():G3}")));
        if (pairs.Count == 0) console.WriteLine("No layer pair to equalize (needs conv/depthwise, BatchNorm, ReLU, [max-pool], conv/depthwise chains).");
        var metadata = new Dictionary<string, string>
        {
            ["source"] = Path.GetFileName(s.WeightsPath),
            ["equalized_pairs"] = string.Join(' ', pairs.Select(p => $"{p.Producer}->{p.Consumer}")),
            ["test_accuracy"] = after.Accuracy.ToString("R", CultureInfo.InvariantCulture),
            ["command"] = s.CommandLine,
        };
        AtomicFile.WriteAllBytes(s.OutPath, target, WeightsFile.Serialize(model, metadata));
        console.MarkupLine($"Test accuracy {100 * before.Accuracy:F2} % before, [bold]{100 * after.Accuracy:F2} %[/] after ({after.Correct}/{after.Count}).");
        console.WriteLine(Terminal.Plain($"Wrote {s.OutPath}"));
        return 0;
    }
}
