using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Crossbar.Generation;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>
/// <c>memspice generate network</c>: the crossbar netlists of every analog layer of a trained network. This class
/// declares the options and binds them into <see cref="GenerateNetworkSettings"/>.
/// </summary>
internal sealed class GenerateNetworkCommand
{
    private readonly Option<string> _weights = new Option<string>("--weights") { Description = "Network weights file (.msw).", Required = true }.ExistingFile();
    private readonly Option<bool> _representative = new("--representative")
    {
        Description = "Write one crossbar per layer kind (the smallest layer of the kind, its first crossbar); counts still cover all.",
    };
    private readonly GeneratorOptions _generator = new();

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public GenerateNetworkCommand()
    {
        Command = new Command("network", "Generate the crossbar netlists of every analog layer of a trained network.") { _weights, _representative };
        _generator.AddTo(Command);
        Command.SetAction(parse => new GenerateHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new GenerateNetworkCommand().Command;

    /// <summary>
    /// The settings of a parse without errors. Loads the weights and throws <see cref="CliException"/>, in this order,
    /// for an unusable weights file, an output folder that may not be written, and option values the parser cannot
    /// check (see <see cref="GeneratorOptions.Bind"/>).
    /// </summary>
    public GenerateNetworkSettings Bind(ParseResult parse)
    {
        var path = parse.GetValue(_weights)!;
        var model = WeightsLoader.Load(path);
        var (outDir, target) = _generator.CheckedOutput(parse, "generate network", path);
        var generator = _generator.Bind(parse, outDir);
        var selection = parse.GetValue(_representative) ? CrossbarSelection.RepresentativePerKind : CrossbarSelection.All;
        return new GenerateNetworkSettings(path, model, selection, outDir, target, generator);
    }
}
