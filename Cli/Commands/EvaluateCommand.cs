using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cli.Plots;
using MemristorSpice.Network.Evaluation;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary><c>memspice evaluate</c>: float test accuracy and confusion matrix of a weights file.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var weights = new Option<string>("--weights") { Description = "Weights file (.msw, or an .onnx model).", Required = true }.ExistingFile();
        var images = new Option<int?>("--images") { Description = "Evaluate only the first N test images (default: all 10,000)." }.InRange();
        var plot = new Option<string?>("--plot") { Description = "Write the confusion matrix as a PNG to this path." };
        var dataset = new DataSetOption();
        var force = OutputOptions.Force(folder: false);
        var command = new Command("evaluate", "Float test accuracy and confusion matrix of a trained model.") { weights, images, plot, dataset.Spec, dataset.Mean, dataset.Std, force };
        command.SetAction(parse =>
        {
            var console = Terminal.For(parse.InvocationConfiguration.Output);
            var path = parse.GetValue(weights)!;
            if (parse.GetValue(plot) is { } target)
                (OutputOptions.Target("evaluate", parse.GetValue(force), path) with { Option = "--plot" }).CheckFile(target);
            var model = WeightsLoader.Load(path);
            var data = dataset.Bind(parse, path);
            var test = DataSetOption.Limit(DataSetOption.LoadTest(data), parse.GetValue(images));
            DataSetOption.RequireFits(model, path, data, test);
            var result = Evaluator.Evaluate(model, test);
            console.MarkupLine($"[bold]{Terminal.Escape(model.Name)}[/] ({Terminal.Escape(path)}): test accuracy [bold]{100 * result.Accuracy:F2} %[/] " +
                               $"({result.Correct}/{result.Count} {data} test images)");
            console.Write(ConfusionTable(result));
            if (parse.GetValue(plot) is { } png)
            {
                ConfusionMatrixPlot.Save(result.Confusion, $"{model.Name}: {100 * result.Accuracy:F2} % on {result.Count} {data} test images", png);
                console.WriteLine(Terminal.Plain($"Wrote {png}"));
            }
            return 0;
        });
        return command;
    }

    internal static Table ConfusionTable(EvaluationResult result)
    {
        var table = new Table { Title = new TableTitle("confusion matrix (rows: true class, columns: predicted)") };
        table.AddColumn("true");
        for (int p = 0; p < result.Classes; p++) table.AddColumn(new TableColumn(p.ToString()).RightAligned());
        for (int t = 0; t < result.Classes; t++)
        {
            var row = new List<string> { t.ToString() };
            for (int p = 0; p < result.Classes; p++)
                row.Add(t == p ? $"[bold]{result.Confusion[t, p]}[/]" : result.Confusion[t, p].ToString());
            table.AddRow(row.ToArray());
        }
        return table;
    }
}
