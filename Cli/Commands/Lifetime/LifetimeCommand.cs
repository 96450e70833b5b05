using System.CommandLine;
using System.Globalization;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Crossbar.Mapping;
using MemristorSpice.Devices.Memristors;

namespace MemristorSpice.Cli.Commands.Lifetime;

/// <summary>
/// <c>memspice lifetime</c>: the crossbar over its lifetime, co-simulated on the tile circuits. Retention
/// (<c>--time</c>): accuracy vs time since programming with the device's conductance relaxation, with and without a
/// global drift compensation, optionally with a periodic refresh. Read disturb (<c>--reads</c>/<c>--checkpoints</c>):
/// accuracy and conductance drift maps vs number of inferences, the disturb per inference computed from every cell's
/// actual read voltage. This class declares the options and binds them into <see cref="LifetimeSettings"/>;
/// <see cref="LifetimeHandler"/> runs them.
/// </summary>
internal sealed class LifetimeCommand
{
    private readonly Option<string> _weights = new Option<string>("--weights") { Description = "Weights file (.msw, or an .onnx model).", Required = true }.ExistingFile();
    private readonly Option<string?> _nonIdeal = CircuitSettings.CreateFileOption("Design-point JSON file (docs/cosim.md \"Design point\"; default: the realistic design). Its read.timeSeconds is the read pulse width of the read disturb.");
    private readonly Option<bool> _ideal = CircuitSettings.CreateIdealOption();
    private readonly Option<string?> _device = new("--device") { Description = $"Memristor preset of the cells (overrides the design's devicePreset): {string.Join(", ", CrossbarDevice.PresetNames)}." };
    private readonly Option<int> _images = new Option<int>("--images") { Description = "Test images scored at every time and checkpoint.", DefaultValueFactory = _ => 500 }.InRange();
    private readonly Option<string?> _time = new("--time") { Description = "Times since programming for the retention analysis, comma-separated with units s, min, h, d, y (e.g. 1s,1h,1d,1y,10y)." };
    private readonly Option<string?> _refresh = new("--refresh") { Description = "Re-program the array every T (same units as --time): the age at time t is t mod T." };
    private readonly Option<string> _drift = new Option<string>("--drift")
    {
        Description = "Retention model: preset (the device preset's own), pcm (power law, aihwkit/IBM PCM fit), pcm-ibm (the IBM PCM device preset: " +
                      "that drift plus programming noise and accumulated 1/f read noise), reram-cmo (log-time, CMO/HfOx ReRAM), none.",
        DefaultValueFactory = _ => "preset",
    }.AcceptOnlyFromAmong([.. MemristorPresets.RetentionNames]);
    private readonly Option<double> _kelvin = new Option<double>("--kelvin") { Description = "Operating temperature, Kelvin (the drift models are measured at 300 K; another temperature needs an activation energy).", DefaultValueFactory = _ => 300 }.InRange();
    private readonly Option<double?> _activation = new Option<double?>("--activation-energy") { Description = "Activation energy of the Arrhenius time acceleration of the drift, eV (the shipped models give none)." }.InRange();
    private readonly Option<int> _seed = new Option<int>("--drift-seed") { Description = "Seed of the per-cell drift coefficients.", DefaultValueFactory = _ => 1 }.InRange();
    private readonly Option<int> _compensation = new Option<int>("--compensation-images") { Description = "Calibration images of the per-layer drift-compensation read.", DefaultValueFactory = _ => 8 }.InRange();
    private readonly Option<double?> _reads = new Option<double?>("--reads") { Description = "Read-disturb analysis up to N inferences (checkpoints: every decade up to N unless --checkpoints is given)." }.InRange();
    private readonly Option<string?> _checkpoints = new("--checkpoints") { Description = "Inference counts at which accuracy and drift maps are reported, comma-separated (e.g. 1e3,1e6,1e9)." };
    private readonly Option<double> _tolerance = new Option<double>("--tolerance") { Description = "Local error bound of each multi-rate step, in normalized device state (0..1).", DefaultValueFactory = _ => 1e-3 }.InRange();
    private readonly Option<int> _disturbImages = new Option<int>("--disturb-images") { Description = "Calibration images the per-inference disturb is averaged over.", DefaultValueFactory = _ => 2 }.InRange();
    private readonly Option<int> _threads = new Option<int>("--threads") { Description = "Images and tiles evaluated in parallel.", DefaultValueFactory = _ => Environment.ProcessorCount }.InRange();
    private readonly DataSetOption _dataset = new();
    private readonly Option<string> _output = new("--out") { Description = "Output folder (written atomically: complete or not at all).", Required = true };
    private readonly Option<bool> _force = OutputOptions.Force();

    /// <summary>The command with its options and action (bind, then run).</summary>
    public Command Command { get; }

    public LifetimeCommand()
    {
        Command = new Command("lifetime",
            "The crossbar over its lifetime on the tile circuits: accuracy vs time since programming (retention drift, with/without global drift compensation, " +
            "optional refresh) and accuracy and conductance drift maps vs number of inferences (read disturb from every cell's actual read voltage); CSV + plots.")
        {
            _weights, _nonIdeal, _ideal, _device, _images, _time, _refresh, _drift, _kelvin, _activation, _seed, _compensation,
            _reads, _checkpoints, _tolerance, _disturbImages, _threads, _dataset.Spec, _dataset.Mean, _dataset.Std, _output, _force,
        };
        Command.SetAction(parse => new LifetimeHandler(Terminal.For(parse.InvocationConfiguration.Output)).Run(Bind(parse)));
    }

    public static Command Create() => new LifetimeCommand().Command;

    /// <summary>The settings of a parse without errors; cross-option problems are usage errors.</summary>
    public LifetimeSettings Bind(ParseResult parse)
    {
        var design = CircuitSettings.LoadDesign(parse.GetValue(_nonIdeal), parse.GetValue(_ideal));
        if (parse.GetValue(_device) is { } device)
        {
            try { design = design with { Circuit = design.Circuit with { DevicePreset = CrossbarDevice.FromPreset(device).PresetName } }; }
            catch (ArgumentException ex) { throw new CliException($"--device: {ex.Message}", CliApp.UsageError); }
        }
        var (times, labels) = parse.GetValue(_time) is { } t ? ParseDurations(t, "--time") : ([], []);
        double? refresh = parse.GetValue(_refresh) is { } r ? ParseDurations(r, "--refresh").Seconds.Single() : null;
        if (refresh is <= 0) throw new CliException("--refresh must be a positive duration.", CliApp.UsageError);
        var checkpoints = parse.GetValue(_checkpoints) is { } c ? ParseCounts(c) : parse.GetValue(_reads) is { } n ? Decades(n) : [];
        if (parse.GetValue(_reads) is { } max && checkpoints.Count > 0 && checkpoints[^1] > max)
            throw new CliException($"--checkpoints go beyond --reads {max:G6}.", CliApp.UsageError);
        if (times.Count == 0 && checkpoints.Count == 0)
            throw new CliException("lifetime needs --time (retention) and/or --reads/--checkpoints (read disturb).", CliApp.UsageError);
        var drift = MemristorPresets.Retention(design.Circuit.DevicePreset, parse.GetValue(_drift)!);
        if (parse.GetValue(_activation) is { } ea) drift = drift with { ActivationEnergyEv = ea };
        double kelvin = parse.GetValue(_kelvin);
        if (times.Count > 0)
        {
            try { drift.EquivalentSeconds(1, kelvin); }
            catch (ArgumentException ex) { throw new CliException($"--kelvin: {ex.Message} Give --activation-energy EV to use another temperature.", CliApp.UsageError); }
        }
        string weights = parse.GetValue(_weights)!;
        var dataset = _dataset.Bind(parse, weights);
        var target = OutputOptions.Target("lifetime", parse.GetValue(_force), weights, parse.GetValue(_nonIdeal), DataSetOption.Folder(dataset));
        return new LifetimeSettings(weights, design, dataset, parse.GetValue(_images), times, labels, refresh, drift, kelvin, parse.GetValue(_seed),
            parse.GetValue(_compensation), checkpoints, parse.GetValue(_tolerance), parse.GetValue(_disturbImages), parse.GetValue(_threads),
            parse.GetValue(_output)!, target);
    }

    /// <summary>Seconds per unit of a duration.</summary>
    private static readonly (string Unit, double Seconds)[] Units =
        [("min", 60), ("s", 1), ("h", 3600), ("d", 86400), ("y", 365.25 * 86400)];

    /// <summary>Parses "1s,1h,1d,1y,10y" into seconds (and the labels as written); a unit is required.</summary>
    public static (IReadOnlyList<double> Seconds, IReadOnlyList<string> Labels) ParseDurations(string text, string option)
    {
        var seconds = new List<double>();
        var labels = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var unit = Units.FirstOrDefault(u => part.EndsWith(u.Unit, StringComparison.OrdinalIgnoreCase));
            if (unit.Unit is null || !double.TryParse(part[..^unit.Unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 0) || !double.IsFinite(v) || v * unit.Seconds > 1e12)
                throw new CliException($"{option}: '{Terminal.Plain(part)}' is not a duration (a number >= 0 with unit s, min, h, d or y, at most ~30000 years).", CliApp.UsageError);
            seconds.Add(v * unit.Seconds);
            labels.Add(part);
        }
        if (seconds.Count == 0) throw new CliException($"{option} needs at least one duration.", CliApp.UsageError);
        if (seconds.Count > 100) throw new CliException($"{option}: at most 100 durations.", CliApp.UsageError);
        return (seconds, labels);
    }

    private static IReadOnlyList<double> ParseCounts(string text)
    {
        var counts = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 1) || v > 1e12 || v != Math.Floor(v))
                throw new CliException($"--checkpoints: '{Terminal.Plain(part)}' is not an inference count in [1, 1e12].", CliApp.UsageError);
            counts.Add(v);
        }
        if (counts.Count == 0 || counts.Count > 100) throw new CliException("--checkpoints needs 1 to 100 counts.", CliApp.UsageError);
        for (int i = 1; i < counts.Count; i++)
            if (counts[i] <= counts[i - 1]) throw new CliException("--checkpoints must be strictly ascending.", CliApp.UsageError);
        return counts;
    }

    private static IReadOnlyList<double> Decades(double max)
    {
        var list = new List<double>();
        for (double d = 10; d < max; d *= 10) list.Add(d);
        list.Add(Math.Floor(max));
        return list;
    }
}
