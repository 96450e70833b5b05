using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;

namespace MemristorSpice.Cli.Commands.Export;

/// <summary>
/// <c>memspice export onnx --weights F.msw --out F.onnx</c>: writes a trained, pruned or imported network as ONNX
/// so ONNX Runtime and PyTorch run it with the same predictions. Binds <see cref="ExportSettings"/> for <see cref="ExportHandler"/>.
/// </summary>
internal sealed class ExportCommand
{
    private readonly Option<string> _weights = new Option<string>("--weights") { Description = "Weights file (.msw or .onnx).", Required = true }.ExistingFile();
    private readonly Option<string> _output = new("--out") { Description = "ONNX file to write (.onnx).", Required = true };
    private readonly Option<bool> _force = OutputOptions.Force(folder: false);

    /// <summary>The <c>onnx</c> subcommand with its options and action.</summary>
    public Command Command { get; }

    public ExportCommand()
    {
        Command = new Command("onnx", "Write a network as an ONNX model (opset 14) for ONNX Runtime or PyTorch.") { _weights, _output, _force };
        Command.SetAction(parse => new ExportHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    /// <summary>The <c>export</c> command holding the <c>onnx</c> subcommand.</summary>
    public static Command Create() => new("export", "Write a MemristorSpice network in another tool's format.") { new ExportCommand().Command };

    public ExportSettings Bind(ParseResult parse) => new(parse.GetValue(_weights)!, parse.GetValue(_output)!, parse.GetValue(_force));
}
