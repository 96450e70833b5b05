using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Crossbar.Generation;
using MemristorSpice.Crossbar.Mapping;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>
/// <c>memspice generate network</c>: the crossbar netlists of every analog layer of a trained network (or of one
/// layer), optionally with the co-simulation's transient stimulus of one image. This class declares the options
/// and binds them into <see cref="GenerateNetworkSettings"/>.
/// </summary>
internal sealed class GenerateNetworkCommand
{
    private readonly Option<string> _weights = new Option<string>("--weights") { Description = "Network weights file (.msw).", Required = true }.ExistingFile();
    private readonly Option<bool> _representative = new("--representative")
    {
        Description = "Write one crossbar per layer kind (the smallest layer of the kind, its first crossbar); counts still cover all.",
    };
    private readonly Option<string?> _layer = new("--layer") { Description = "Write only this analog layer, every crossbar of it, and its layer deck." };
    private readonly Option<int?> _stimulus = new Option<int?>("--stimulus")
    {
        Description = "With --layer: also write IMAGE's transient deck (test image index, 0-based): PWL row sources with the co-simulation's DAC steps of " +
                      "every patch and a .meas per ADC sample, plus the co-simulation's ADC inputs (CSV). The circuit is then the co-simulation's (--nonideal).",
    }.InRange();
    private readonly Option<bool> _wholeNetwork = new("--whole-network")
    {
        Description = "With --stimulus and without --layer: one transient deck of every analog layer of IMAGE, each layer's patches in its own " +
                      "time window after the layer before (the digital controller's steps between layers as PWL), with a .meas per ADC sample. " +
                      "Slow in ngspice (every tile is integrated over every window); keep --stimulus-patches small.",
    };
    private readonly Option<int?> _stimulusPatches = new Option<int?>("--stimulus-patches") { Description = "Apply at most N patches (default: to the end of the feature map)." }.InRange();
    private readonly Option<int> _stimulusStart = new Option<int>("--stimulus-start")
    {
        Description = "First patch applied (default 0); the deck starts settled at the patch before. In tran mode pick a multiple of the pulse-train length (16).",
    }.InRange();
    private readonly Option<string?> _nonIdeal = CircuitSettings.CreateFileOption(
        "Design-point JSON (as cosim --nonideal/--design): the netlists' circuit (wires, op-amps, device, variation, faults) instead of the circuit options; " +
        "with --stimulus the co-simulation's circuit (default there: the default design point).");
    private readonly Option<bool> _ideal = CircuitSettings.CreateIdealOption();
    private readonly Option<string> _mode = new Option<string>("--mode")
    {
        Description = "With --stimulus: the co-simulation mode whose ADC inputs the deck reproduces (dc: settled reads; tran: end of each read slot).",
        DefaultValueFactory = _ => "dc",
    }.AcceptOnlyFromAmong("dc", "tran");
    private readonly Option<string?> _readTime = ReadTimeOption.Create(
        "With --stimulus --mode tran: read slot per patch (overrides the design's read.timeSeconds).");
    private readonly Option<int?> _stepsPerSlot = new Option<int?>("--steps-per-slot")
    {
        Description = "With --stimulus --mode tran: time steps per read slot, the DAC ramps over one step (overrides the design's read.stepsPerSlot, default 40).",
    }.InRange();
    private readonly Option<string> _dataset = DataSetOption.Create();
    private readonly GeneratorOptions _generator = new();

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public GenerateNetworkCommand()
    {
        Command = new Command("network", "Generate the crossbar netlists of every analog layer of a trained network.")
        {
            _weights, _representative, _layer, _stimulus, _wholeNetwork, _stimulusPatches, _stimulusStart, _nonIdeal, _ideal, _mode, _readTime, _stepsPerSlot, _dataset,
        };
        _generator.AddTo(Command);
        Command.SetAction(parse => new GenerateHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new GenerateNetworkCommand().Command;

    /// <summary>
    /// The settings of a parse without errors. Loads the weights and throws <see cref="CliException"/>, in this order,
    /// for an unusable weights file, an unknown layer, stimulus options without their prerequisites, an output folder
    /// that may not be written, and option values the parser cannot check (see <see cref="GeneratorOptions.Bind"/>).
    /// </summary>
    public GenerateNetworkSettings Bind(ParseResult parse)
    {
        var path = parse.GetValue(_weights)!;
        var model = WeightsLoader.Load(path);
        var layer = parse.GetValue(_layer);
        if (layer is not null)
        {
            var analog = CrossbarNetwork.FromModel(model).AnalogStages.Select(s => s.Name).ToList();
            if (!analog.Contains(layer))
                throw new CliException($"--layer: {Terminal.Plain(layer)} is not an analog layer of {Terminal.Plain(model.Name)} (analog layers: {Terminal.Plain(string.Join(", ", analog))}).",
                    CliApp.UsageError);
            if (parse.GetValue(_representative)) throw new CliException("--representative and --layer both choose what is written; give one.", CliApp.UsageError);
        }
        var stimulus = BindStimulus(parse, layer);
        var (outDir, target) = _generator.CheckedOutput(parse, "generate network", path, parse.GetValue(_nonIdeal), stimulus is null ? null : DataSetOption.Folder(stimulus.Dataset));
        // A design point (file or --ideal) sets the netlists' circuit as the co-simulation builds it; else the circuit options do.
        bool design = stimulus is null && (parse.GetValue(_nonIdeal) is not null || parse.GetValue(_ideal));
        var generator = design
            ? _generator.BindDesign(parse, CircuitSettings.LoadDesign(parse.GetValue(_nonIdeal), parse.GetValue(_ideal)).Circuit)
            : _generator.Bind(parse, outDir);
        var selection = parse.GetValue(_representative) ? CrossbarSelection.RepresentativePerKind : CrossbarSelection.All;
        return new GenerateNetworkSettings(path, model, selection, outDir, target, generator, layer, stimulus);
    }

    private StimulusSettings? BindStimulus(ParseResult parse, string? layer)
    {
        bool given(Option o) => parse.GetResult(o) is { Implicit: false };
        if (parse.GetValue(_stimulus) is not { } image)
        {
            var stray = new Option[] { _wholeNetwork, _stimulusPatches, _stimulusStart, _mode, _readTime, _stepsPerSlot, _dataset }.FirstOrDefault(given);
            if (stray is not null) throw new CliException($"{stray.Name} applies to --stimulus IMAGE only.", CliApp.UsageError);
            return null;
        }
        bool whole = parse.GetValue(_wholeNetwork);
        if (layer is null && !whole)
            throw new CliException("--stimulus needs --layer NAME (a deck of one layer's tiles) or --whole-network (one deck of every layer).", CliApp.UsageError);
        if (layer is not null && whole) throw new CliException("--layer and --whole-network both choose what the stimulus deck drives; give one.", CliApp.UsageError);
        if (whole && parse.GetValue(_representative)) throw new CliException("--whole-network drives every crossbar; --representative does not apply.", CliApp.UsageError);
        if (_generator.CircuitOptionsGiven(parse).FirstOrDefault() is { } option)
            throw new CliException($"{option}: with --stimulus the circuit is the co-simulation's; set it in the --nonideal JSON (as for cosim).", CliApp.UsageError);
        if (_generator.IsFlat(parse)) throw new CliException("--flat: stimulus decks are hierarchical (they instantiate the tile subcircuits).", CliApp.UsageError);
        bool tran = parse.GetValue(_mode) == "tran";
        if (!tran && new Option[] { _readTime, _stepsPerSlot }.FirstOrDefault(given) is { } tranOnly)
            throw new CliException($"{tranOnly.Name} is not used by --mode dc (a settled DC read has no clock); use --mode tran.", CliApp.UsageError);
        var design = CircuitSettings.LoadDesign(parse.GetValue(_nonIdeal), parse.GetValue(_ideal));
        var circuit = design.Circuit;
        var (readTimeGiven, readTime) = ReadTimeOption.Get(parse, _readTime);
        var timing = (design with { ReadTimeSeconds = readTimeGiven ? readTime : design.ReadTimeSeconds, StepsPerSlot = parse.GetValue(_stepsPerSlot) ?? design.StepsPerSlot }).Timing();
        if (timing.FirstProblem() is { } problem) throw new CliException($"{problem.Option} {problem.Problem}.", CliApp.UsageError);
        return new StimulusSettings(image, parse.GetValue(_stimulusStart), parse.GetValue(_stimulusPatches), circuit, timing, tran, parse.GetValue(_dataset)!, whole);
    }
}
