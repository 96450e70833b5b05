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
        Description = "CSV weight matrix (one line per input row, one value per output, the bias row last; an optional header line), " +
                      "or a .msw network file with --layer.", Required = true,
    }.ExistingFile();
    private readonly Option<string?> _name = new("--name") { Description = "File stem and layer name (default: the CSV file name)." };
    private readonly Option<string?> _layer = new("--layer") { Description = "With a .msw network file: the analog layer whose crossbar is written." };
    private readonly Option<int?> _channel = new Option<int?>("--channel") { Description = "With --layer of a depthwise layer: the channel whose crossbar is written." }.InRange();
    private readonly GeneratorOptions _generator = new();

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public GenerateCrossbarCommand()
    {
        Command = new Command("crossbar", "Generate the crossbar netlist(s), manifest and cell table of one weight matrix.") { _weights, _name, _layer, _channel };
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
        bool network;
        try { network = WeightCsv.IsNetworkFile(path); }
        catch (IOException ex) { throw new CliException($"--weights: {ex.Message}"); }
        if (network) return BindLayer(parse, path);
        if (parse.GetValue(_layer) is not null || parse.GetValue(_channel) is not null)
            throw new CliException($"--layer/--channel: {Terminal.Plain(path)} is a CSV matrix; they select a crossbar of a .msw network file.", CliApp.UsageError);
        CrossbarMatrix matrix;
        try { matrix = WeightCsv.Load(path); }
        catch (Exception ex) when (ex is FormatException or IOException) { throw new CliException($"--weights: {ex.Message}"); }
        var stem = parse.GetValue(_name) ?? Path.GetFileNameWithoutExtension(path);
        if (stem.Length == 0 || stem.IndexOfAny([.. Path.GetInvalidFileNameChars(), ' ']) >= 0)
            throw new CliException($"--name: '{stem}' is not usable as a file stem (no spaces or path characters).", CliApp.UsageError);
        var (outDir, target) = _generator.CheckedOutput(parse, "generate crossbar", path);
        return new GenerateCrossbarSettings(path, matrix, stem, outDir, target, _generator.Bind(parse, outDir));
    }

    /// <summary>A .msw file: --layer picks the layer (a list of the analog layers when it is missing), --channel the depthwise channel.</summary>
    private GenerateCrossbarSettings BindLayer(ParseResult parse, string path)
    {
        var model = WeightsLoader.Load(path);
        var network = CrossbarNetwork.FromModel(model);
        var layers = string.Join(", ", network.AnalogStages.Select(s => s.Name));
        var layer = parse.GetValue(_layer) ?? throw new CliException(
            $"--weights: {Terminal.Plain(path)} is a network weights file (.msw), not a CSV matrix: choose one layer with --layer NAME " +
            $"(analog layers: {Terminal.Plain(layers)}), or write every layer with 'memspice generate network --weights {Terminal.Plain(path)}'.");
        if (parse.GetValue(_name) is not null)
            throw new CliException("--name: with --layer the files are named after the layer (and channel).", CliApp.UsageError);
        var stage = network.AnalogStages.FirstOrDefault(s => s.Name == layer)
            ?? throw new CliException($"--layer: {Terminal.Plain(layer)} is not an analog layer of {Terminal.Plain(model.Name)} (analog layers: {Terminal.Plain(layers)}).", CliApp.UsageError);
        int index = 0;
        var channel = parse.GetValue(_channel);
        if (stage.Kind == AnalogKind.Depthwise)
        {
            var channels = stage.Crossbars.Select(x => x.Channel!.Value).ToList();
            string Known() => channels.Count == channels[^1] - channels[0] + 1 ? $"{channels[0]}..{channels[^1]}" : string.Join(", ", channels);
            if (channel is not { } c)
                throw new CliException($"--channel: {Terminal.Plain(layer)} is depthwise, one crossbar per channel; choose --channel C (channels {Known()}).", CliApp.UsageError);
            index = channels.IndexOf(c);
            if (index < 0) throw new CliException($"--channel: {Terminal.Plain(layer)} has no crossbar for channel {c} (channels {Known()}).", CliApp.UsageError);
        }
        else if (channel is not null)
            throw new CliException($"--channel: {Terminal.Plain(layer)} ({stage.Kind}) has one crossbar; only depthwise layers have one per channel.", CliApp.UsageError);
        var (outDir, target) = _generator.CheckedOutput(parse, "generate crossbar", path);
        var stem = stage.Kind == AnalogKind.Depthwise ? $"{layer}_ch{channel}" : layer;
        return new GenerateCrossbarSettings(path, stage.Crossbars[index], stem, outDir, target, _generator.Bind(parse, outDir),
            new NetworkCrossbar(model, layer, index));
    }
}
