using System.CommandLine;
using System.Globalization;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Driver;
using MemristorSpice.Cosim.Ppa;

namespace MemristorSpice.Cli.Commands.Sweep;

/// <summary>
/// <c>memspice sweep</c>: circuit accuracy vs one non-ideality, per model, mean and spread over seeds; CSV and PNG.
/// Shardable (<c>--shard k/N</c> over the ordered list of points) and mergeable with <c>memspice merge</c>. This class
/// declares the options and binds them into <see cref="SweepSettings"/>; <see cref="SweepHandler"/> runs them.
/// </summary>
internal sealed class SweepCommand
{
    private readonly Option<string> _param = new("--param")
    {
        Description = "Parameter to sweep: " + string.Join(", ", SweepParameter.All.Select(p => $"{p.Name} ({p.Meaning}{(p.TranOnly ? "; runs the sweep in tran mode" : "")})")) +
                      ". Old names wire-r and opamp-gain are accepted.",
        Required = true,
    };
    private readonly Option<string?> _readTime = ReadTimeOption.Create(
        "Read slot per patch: the clock of tran-mode points and of every point's latency and energy (default: the design point's read.timeSeconds).");
    private readonly Option<int?> _stepsPerSlot = new Option<int?>("--steps-per-slot") { Description = "tran sweeps: fixed BDF2 time steps per read slot (default 40)." }.InRange();
    private readonly Option<string> _values = new("--values") { Description = "Comma-separated values of the parameter, in plot order (e.g. 0,0.05,0.1,0.2).", Required = true };
    private readonly Option<string> _models = new("--models") { Description = "Comma-separated models (WEIGHTS-DIR/NAME.msw).", DefaultValueFactory = _ => "msccnn" };
    private readonly Option<string?> _weightsDir = new("--weights-dir") { Description = "Folder of the .msw files (default: weights/ of this checkout)." };
    private readonly Option<int> _seeds = new Option<int>("--seeds") { Description = "Seeds per value (variation and stuck-at draws use seed-base, seed-base+1, ...).", DefaultValueFactory = _ => 3 }.InRange();
    private readonly Option<int> _seedBase = new("--seed-base") { Description = "First seed.", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _images = new Option<int>("--images") { Description = "MNIST test images per point.", DefaultValueFactory = _ => 200 }.InRange();
    private readonly Option<string?> _nonIdeal = CircuitSettings.CreateFileOption(
        "Base design-point JSON (docs/cosim.md \"Design point\"; default: the realistic design, 1 ohm wires, A0 1e5, 8-bit DAC/ADC); the swept parameter overrides its field.");
    private readonly Option<bool> _ideal = CircuitSettings.CreateIdealOption();
    private readonly Option<string?> _tech = new("--tech") { Description = "Technology JSON: read.volts, the default read time and the latency and energy per image." };
    private readonly Option<string?> _shard = new("--shard") { Description = "Run slice k of N of the ordered points (model, value, seed), 1-based; combine with 'memspice merge'." };
    private readonly Option<int> _threads = new Option<int>("--threads") { Description = "Images processed in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount }.InRange();
    private readonly Option<bool> _faultAware = CircuitSettings.CreateFaultAwareOption();
    private readonly Option<int?> _spareColumns = CircuitSettings.CreateSpareColumnsOption();
    private readonly Option<string?> _faultMap = CircuitSettings.CreateFaultMapOption();
    private readonly DataSetOption _dataset = new();
    private readonly Option<string> _output = new("--out") { Description = "Output folder (written atomically).", Required = true };
    private readonly Option<bool> _force = OutputOptions.Force();
    private readonly Option<bool> _perLayer = new("--per-layer")
    {
        Description = "Apply the parameter to one analog layer at a time (the others stay at the base design point) and show which layer breaks first " +
                      "(per-layer.csv, per-layer-points.csv, per-layer-MODEL.png); for wire-r, sigma, levels, stuck-at and opamp-gain; not with --shard.",
    };

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public SweepCommand()
    {
        Command = new Command("sweep", "Circuit accuracy, latency and energy per image vs a non-ideality (read time, GBW, A0, wire R and C, converter bits, " +
                                       "variation, stuck-at faults, levels), mean and spread over seeds.")
        {
            _param, _values, _models, _weightsDir, _seeds, _seedBase, _images, _nonIdeal, _ideal, _tech, _readTime, _stepsPerSlot, _shard, _threads, _faultAware, _spareColumns, _faultMap, _dataset.Spec, _dataset.Mean,
            _dataset.Std, _output, _force, _perLayer,
        };
        Command.SetAction(parse => new SweepHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new SweepCommand().Command;

    /// <summary>
    /// The settings of a parse without errors. Throws <see cref="CliException"/> for what the parser cannot check: the
    /// values (numbers, no repeats, valid for the parameter), the technology and non-idealities files, the shard and the models.
    /// </summary>
    public SweepSettings Bind(ParseResult parse)
    {
        SweepParameter parameter;
        try { parameter = SweepParameter.Parse(parse.GetValue(_param)!); }
        catch (ArgumentException ex) { throw new CliException($"--param: {ex.Message}.", CliApp.UsageError); }
        var values = ParseValues(parse.GetValue(_values)!);
        var technology = PpaInputs.LoadTechnology(parse.GetValue(_tech));
        var design = PpaInputs.Design(parse.GetValue(_nonIdeal), technology, parse.GetValue(_ideal));
        var circuit = CircuitSettings.WithFaultMapping(design.Circuit, parse.GetValue(_faultAware), parse.GetValue(_spareColumns), parse.GetValue(_faultMap));
        var tran = Timing(parse, parameter, design);
        int seedBase = parse.GetValue(_seedBase);
        foreach (var v in values) CheckValue(parameter, v, circuit, tran, seedBase);
        Shard part;
        try { part = parse.GetValue(_shard) is { } s ? Shard.Parse(s) : Shard.Whole; }
        catch (FormatException ex) { throw new CliException($"--shard: {ex.Message}", CliApp.UsageError); }
        bool perLayer = parse.GetValue(_perLayer);
        if (perLayer && !PerLayerSweep.Scopable(parameter))
            throw new CliException($"--per-layer: {PerLayerSweep.NotScopable(parameter)}", CliApp.UsageError);
        if (perLayer && part.Count > 1) throw new CliException("--per-layer runs whole (no --shard): its points are per layer, not the sweep's.", CliApp.UsageError);
        var models = ModelList.Parse(parse.GetValue(_models)!, parse.GetValue(_weightsDir), "--models");
        var dataset = _dataset.Bind(parse);
        var target = OutputOptions.Target("sweep", parse.GetValue(_force),
            [.. models.Select(m => m.Path), parse.GetValue(_nonIdeal), parse.GetValue(_tech), DataSetOption.Folder(dataset), parse.GetValue(_faultMap)]);
        return new SweepSettings(parameter, values, models, parse.GetValue(_seeds), seedBase, parse.GetValue(_images), circuit, part,
            parse.GetValue(_threads), dataset, parse.GetValue(_output)!, target, perLayer) { Tran = tran, Technology = technology };
    }

    /// <summary>
    /// The base read timing: --read-time (a number, or settling: each layer's measured settling; default the design point's
    /// read.timeSeconds, whose default is settling) and, for tran sweeps, --steps-per-slot. A timing option that the sweep
    /// does not use is an error naming the mode.
    /// </summary>
    private TranOptions Timing(ParseResult parse, SweepParameter parameter, DesignPoint design)
    {
        var (readTimeGiven, readTime) = ReadTimeOption.Get(parse, _readTime);
        var steps = parse.GetValue(_stepsPerSlot);
        if (parameter.Name == "read-time" && readTimeGiven)
            throw new CliException("--read-time: this sweep varies the read time; give its values with --values.", CliApp.UsageError);
        if (!parameter.TranOnly && steps is not null)
            throw new CliException($"--steps-per-slot: a sweep of {parameter.Name} runs in dc mode, which has no time steps " +
                                   "(only read-time, gbw and wire-farads sweeps run in tran mode).", CliApp.UsageError);
        var tran = (design with { ReadTimeSeconds = readTimeGiven ? readTime : design.ReadTimeSeconds, StepsPerSlot = steps ?? new TranOptions().StepsPerSlot }).Timing();
        if (tran.FirstProblem() is { } p) throw new CliException($"{p.Option} {p.Problem}.", CliApp.UsageError);
        return tran;
    }

    /// <summary>A value must lie in the range of the option that sets the same quantity, and the parameter must accept it.</summary>
    private static void CheckValue(SweepParameter parameter, double v, NonIdealities circuit, TranOptions tran, int seedBase)
    {
        if (SameRangeAs(parameter.Name) is { } option && OptionChecks.Problem(option, v) is not null)
        {
            var range = OptionChecks.RangeOf(option);
            throw new CliException($"--values: {parameter.Name} must be in [{range.Min:G6}, {range.Max:G6}] {range.Unit}, the range of " +
                                   $"{option} (got {v.ToString("G6", CultureInfo.InvariantCulture)}).", CliApp.UsageError);
        }
        try { parameter.Apply(circuit, tran, v, seedBase); }
        catch (ArgumentException ex) { throw new CliException($"--values: {ex.Message}.", CliApp.UsageError); }
    }

    /// <summary>The option whose range (OptionChecks.Ranges) also bounds a swept parameter's values.</summary>
    private static string? SameRangeAs(string parameter) => parameter switch
    {
        "wire-ohms" => "--wire-ohms",
        "wire-farads" => "--wire-farads",
        "a0" => "--a0",
        "gbw" => "--gbw",
        "read-time" => "--read-time",
        "adc-bits" => "--adc-bits",
        "dac-bits" => "--dac-bits",
        _ => null,
    };

    /// <summary>The <c>--values</c> list: finite numbers, at least one, none twice.</summary>
    internal static List<double> ParseValues(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new CliException("--values: give at least one value.", CliApp.UsageError);
        var list = new List<double>();
        foreach (var p in parts)
        {
            if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new CliException($"--values: '{p}' is not a number.", CliApp.UsageError);
            if (list.Contains(v)) throw new CliException($"--values: {p} is listed twice.", CliApp.UsageError);
            list.Add(v);
        }
        return list;
    }
}
