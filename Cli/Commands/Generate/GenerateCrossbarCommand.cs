using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>
/// <c>memspice generate crossbar</c>: one weight matrix (CSV) to its crossbar netlist(s), manifest and cell table. This
/// class declares the options and binds them into <see cref="GenerateCrossbarSettings"/>.
/// </summary>
internal sealed class GenerateCrossbarCommand
{
    private readonly Option<string> _weights = new Option<string>("--weights")
    {
        Description = "CSV weight matrix: one line per input row, one value per output, the last line is the bias row.", Required = true,
    }.ExistingFile();
    private readonly Option<string?> _name = new("--name") { Description = "File stem and layer name (default: the CSV file name)." };
    private readonly GeneratorOptions _generator = new();

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public GenerateCrossbarCommand()
    {
        Command = new Command("crossbar", "Generate the crossbar netlist(s), manifest and cell table of one weight matrix.") { _weights, _name };
        _generator.AddTo(Command);
        Command.SetAction(parse => new GenerateHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new GenerateCrossbarCommand().Command;

    /// <summary>
    /// The settings of a parse without errors. Reads the matrix and throws <see cref="CliException"/>, in this order,
    /// for an unreadable CSV, a stem unusable as a file name, an output folder that may not be written, and option
    /// values the parser cannot check (see <see cref="GeneratorOptions.Bind"/>).
    /// </summary>
    public GenerateCrossbarSettings Bind(ParseResult parse)
    {
        var path = parse.GetValue(_weights)!;
        CrossbarMatrix matrix;
        try { matrix = WeightCsv.Load(path); }
        catch (Exception ex) when (ex is FormatException or IOException) { throw new CliException($"--weights: {ex.Message}"); }
        var stem = parse.GetValue(_name) ?? Path.GetFileNameWithoutExtension(path);
        if (stem.Length == 0 || stem.IndexOfAny([.. Path.GetInvalidFileNameChars(), ' ']) >= 0)
            throw new CliException($"--name: '{stem}' is not usable as a file stem (no spaces or path characters).", CliApp.UsageError);
        var (outDir, target) = _generator.CheckedOutput(parse, "generate crossbar", path);
        return new GenerateCrossbarSettings(path, matrix, stem, outDir, target, _generator.Bind(parse, outDir));
    }
}
