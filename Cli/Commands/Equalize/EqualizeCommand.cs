using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;

namespace MemristorSpice.Cli.Commands.Equalize;

/// <summary>
/// <c>memspice equalize</c>: cross-layer range equalization of a trained network for its crossbars (exact: the float
/// network's function is unchanged). This class declares the options and binds them into
/// <see cref="EqualizeSettings"/>; <see cref="EqualizeHandler"/> runs them.
/// </summary>
internal sealed class EqualizeCommand
{
    private readonly Option<string> _weights = new Option<string>("--weights") { Description = "Weights file (.msw, or an .onnx model) to equalize.", Required = true }.ExistingFile();
    private readonly Option<string?> _hardwareAware = HardwareAwareOption.Create();
    private readonly DataSetOption _dataset = new();
    private readonly Option<string> _output = new("--out") { Description = "Weights file to write (.msw).", Required = true };
    private readonly Option<bool> _force = OutputOptions.Force(folder: false);

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public EqualizeCommand()
    {
        Command = new Command("equalize",
            "Rescale channels between crossbar layers (BatchNorm output x a, next layer's weights / a) so that device errors meet larger signals; the float network is unchanged.")
        {
            _weights, _hardwareAware, _dataset.Spec, _dataset.Mean, _dataset.Std, _output, _force,
        };
        Command.SetAction(parse => new EqualizeHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new EqualizeCommand().Command;

    /// <summary>The settings of a parse without errors.</summary>
    public EqualizeSettings Bind(ParseResult parse) => new(
        WeightsPath: parse.GetValue(_weights)!,
        HardwareAwarePath: parse.GetValue(_hardwareAware),
        Dataset: _dataset.Bind(parse, parse.GetValue(_weights)!),
        OutPath: parse.GetValue(_output)!,
        Force: parse.GetValue(_force),
        CommandLine: "memspice " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
}
