using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;

namespace MemristorSpice.Cli.Commands.Import;

/// <summary>
/// <c>memspice import onnx MODEL.onnx --out MODEL.msw</c>: converts a network exported from PyTorch, Keras or
/// TensorFlow as ONNX into a weights file (docs/onnx.md). This class declares the options and binds them into
/// <see cref="ImportSettings"/>; <see cref="ImportHandler"/> runs them.
/// </summary>
internal sealed class ImportCommand
{
    private readonly Argument<string> _model = new("model") { Description = "ONNX model file (.onnx)." };
    private readonly Option<string> _output = new("--out") { Description = "Weights file to write (.msw).", Required = true };
    private readonly Option<string?> _name = new("--name") { Description = "Model name stored in the weights file (default: the ONNX file name)." };
    private readonly Option<bool> _force = OutputOptions.Force(folder: false);

    /// <summary>The <c>onnx</c> subcommand with its argument, options and action.</summary>
    public Command Command { get; }

    public ImportCommand()
    {
        _model.Validators.Add(r =>
        {
            var path = r.GetValueOrDefault<string>();
            if (!string.IsNullOrEmpty(path) && !File.Exists(path)) r.AddError($"model: file not found: {path}");
        });
        Command = new Command("onnx", "Convert an ONNX model (opsets 9-18) into a MemristorSpice weights file (.msw).") { _model, _output, _name, _force };
        Command.SetAction(parse => new ImportHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    /// <summary>The <c>import</c> command holding the <c>onnx</c> subcommand.</summary>
    public static Command Create() => new("import", "Bring a network from another tool into MemristorSpice.") { new ImportCommand().Command };

    public ImportSettings Bind(ParseResult parse) => new(parse.GetValue(_model)!, parse.GetValue(_output)!, parse.GetValue(_name), parse.GetValue(_force));
}
