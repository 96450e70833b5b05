using System.CommandLine;
using System.Globalization;
using System.Text;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Devices.Memristors;
using MemristorSpice.Devices.Native;
using MemristorSpice.Devices.Programming;

namespace MemristorSpice.Cli.Commands;

/// <summary>
/// <c>memspice device program</c> (write-verify to a target resistance) and <c>memspice device iv</c>
/// (I-V loops under a sine at several frequencies: CSV per frequency and one PNG).
/// </summary>
internal static class DeviceCommand
{
    public static Command Create() => new("device", "Single memristor: programming and I-V loops.") { Program(), Iv() };

    private static Option<string?> DeviceOption() => new("--device")
    {
        Description = $"Memristor preset, the name used by generate and devices.lib: {string.Join(", ", DeviceNames.Keys)} (default {DefaultDevice}).",
    };

    private static Option<string?> ModelOption() => new("--model")
    {
        Description = $"Deprecated: use --device. Memristor model ({string.Join(", ", MemristorCatalog.ModelNames)}), with --preset.",
    };

    private static Option<string?> PresetOption() => new("--preset")
    {
        Description = "Deprecated: use --device. Preset of --model (linear-drift: hp-biolek, hp-none, hp-joglekar, hp-prodromakis; vteam: memtorch, readsafe, xbar).",
    };

    /// <summary>Default of --device: the crossbar cell of generate and cosim.</summary>
    internal const string DefaultDevice = "VTEAM_XBAR";

    /// <summary>Canonical device name (as in devices.lib without MEM_, and generate --device) → (catalog model, preset).</summary>
    internal static IReadOnlyDictionary<string, (string Model, string Preset)> DeviceNames { get; } = BuildNames();

    private static Dictionary<string, (string Model, string Preset)> BuildNames()
    {
        var names = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in MemristorCatalog.ModelNames)
            foreach (var preset in MemristorCatalog.PresetNames(model))
            {
                var name = model.Equals("linear-drift", StringComparison.OrdinalIgnoreCase) ? preset : $"{model}_{preset}";
                names[name.Replace('-', '_').ToUpperInvariant()] = (model, preset);
            }
        return names;
    }

    /// <summary>
    /// The model of --device, or of the deprecated --model/--preset pair (with a note on <paramref name="error"/> that
    /// names the --device spelling). Giving both forms is a usage error.
    /// </summary>
    internal static IMemristorModel Resolve(string? device, string? model, string? preset, TextWriter error)
    {
        if (model is null && preset is not null) throw new CliException("--preset needs --model (deprecated); use --device, e.g. --device VTEAM_XBAR.", 2);
        if (model is not null)
        {
            if (device is not null) throw new CliException("--device and --model/--preset name the device twice; use --device only.", 2);
            var m = Resolve(model, preset);
            var canonical = DeviceNames.FirstOrDefault(kv => kv.Value.Model.Equals(model, StringComparison.OrdinalIgnoreCase)
                && kv.Value.Preset.Equals(preset ?? MemristorCatalog.PresetNames(model)[0], StringComparison.OrdinalIgnoreCase)).Key;
            error.WriteLine($"note: --model/--preset are deprecated; use --device {canonical} (the name generate and devices.lib use).");
            return m;
        }
        var name = device ?? DefaultDevice;
        if (!DeviceNames.TryGetValue(name, out var entry))
            throw new CliException($"--device: unknown device '{Terminal.Plain(name)}'; known: {string.Join(", ", DeviceNames.Keys)}.", 2);
        return Resolve(entry.Model, entry.Preset);
    }

    internal static IMemristorModel Resolve(string model, string? preset)
    {
        try { return MemristorCatalog.Create(model, preset); }
        catch (ArgumentException e) { throw new CliException(e.Message, 2); }
    }

    private static Command Program()
    {
        var device = DeviceOption();
        var model = ModelOption();
        var preset = PresetOption();
        var target = new Option<double>("--target-ohms") { Description = "Target resistance in Ohms.", Required = true };
        var volts = new Option<double>("--pulse-volts") { Description = "Write pulse amplitude in Volts.", DefaultValueFactory = _ => 1.3 };
        var width = new Option<double>("--pulse-seconds") { Description = "Write pulse width in Seconds.", DefaultValueFactory = _ => 100e-9 };
        var read = new Option<double>("--read-volts") { Description = "Verify read voltage in Volts.", DefaultValueFactory = _ => 0.2 };
        var tol = new Option<double>("--tolerance") { Description = "Relative tolerance on the resistance.", DefaultValueFactory = _ => 0.01 };
        var max = new Option<int>("--max-pulses") { Description = "Pulse limit.", DefaultValueFactory = _ => 1000 };
        var engine = new Option<bool>("--engine") { Description = "Run every pulse as a transient in the circuit engine (default: the bare model ODE)." };
        var command = new Command("program", "Write-verify a memristor to a target resistance and report the pulses used.")
            { device, model, preset, target, volts, width, read, tol, max, engine };
        command.SetAction(parse =>
        {
            var m = Resolve(parse.GetValue(device), parse.GetValue(model), parse.GetValue(preset), parse.InvocationConfiguration.Error);
            var options = new WriteVerifyOptions(parse.GetValue(volts), parse.GetValue(width), parse.GetValue(read), 100e-9,
                parse.GetValue(tol), parse.GetValue(max));
            IProgrammableDevice programmed = parse.GetValue(engine) ? new EngineDevice(m, pointsPerPulse: 40) : new ModelDevice(m);
            var output = parse.InvocationConfiguration.Output;
            try
            {
                options.Validate();
                var r = WriteVerifyProgrammer.Program(programmed, parse.GetValue(target), options);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Name}: reached {r.FinalOhms:G6} Ohms (target {r.TargetOhms:G6} Ohms, error {r.RelativeError:P3}) with {r.PulsesUsed} pulses; started at {r.ReadHistoryOhms[0]:G6} Ohms"));
                return 0;
            }
            catch (ArgumentException e) { throw new CliException(e.Message, 2); }
            catch (ProgrammingException e) { throw new CliException(e.Message, 1); }
        });
        return command;
    }

    private static Command Iv()
    {
        var device = DeviceOption();
        var model = ModelOption();
        var preset = PresetOption();
        var amplitude = new Option<double>("--amplitude") { Description = "Sine amplitude in Volts.", Required = true };
        var freqs = new Option<string>("--freq") { Description = "Comma-separated frequencies in Hertz, e.g. 1,2,4.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Output folder for iv_<f>Hz.csv and iv.png.", Required = true };
        var periods = new Option<int>("--periods") { Description = "Sine periods per frequency (the last one is the loop).", DefaultValueFactory = _ => 2 };
        var force = OutputOptions.Force();
        var command = new Command("iv", "I-V loops of a memristor under a sine at several frequencies (CSV + PNG).")
            { device, model, preset, amplitude, freqs, outDir, periods, force };
        command.SetAction(parse =>
        {
            var m = Resolve(parse.GetValue(device), parse.GetValue(model), parse.GetValue(preset), parse.InvocationConfiguration.Error);
            var frequencies = ParseFrequencies(parse.GetValue(freqs)!);
            var dir = parse.GetValue(outDir)!;
            var target = OutputOptions.Target("device iv", parse.GetValue(force));
            target.CheckFolder(dir);
            var loops = new List<IvLoop>();
            var output = parse.InvocationConfiguration.Output;
            foreach (var f in frequencies)
            {
                try { loops.Add(HysteresisSweep.Run(m, parse.GetValue(amplitude), f, parse.GetValue(periods))); }
                catch (ArgumentException e) { throw new CliException(e.Message, 2); }
            }
            string CsvName(double f) => string.Create(CultureInfo.InvariantCulture, $"iv_{f:G6}Hz.csv");
            Cosim.Reports.AtomicDirectory.Write(dir, target, temp =>
            {
                for (int i = 0; i < loops.Count; i++) WriteCsv(Path.Combine(temp, CsvName(frequencies[i])), loops[i]);
                IvPlot.Save(Path.Combine(temp, "iv.png"), m.Name, loops);
            });
            for (int i = 0; i < loops.Count; i++)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{frequencies[i]:G6} Hz: {loops[i].TimeSeconds.Length} points, loop area {loops[i].LastPeriodAreaWatts():G4} W -> {Path.Combine(dir, CsvName(frequencies[i]))}"));
            output.WriteLine($"plot -> {Path.Combine(dir, "iv.png")}");
            return 0;
        });
        return command;
    }

    internal static double[] ParseFrequencies(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new CliException("--freq needs at least one frequency.", 2);
        return parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f > 0
            ? f
            : throw new CliException($"--freq: '{p}' is not a positive frequency in Hertz.", 2)).ToArray();
    }

    private static void WriteCsv(string path, IvLoop loop)
    {
        var sb = new StringBuilder("time_s,voltage_v,current_a,state_x\n");
        for (var k = 0; k < loop.TimeSeconds.Length; k++)
            sb.Append(string.Create(CultureInfo.InvariantCulture,
                $"{loop.TimeSeconds[k]:R},{loop.Volts[k]:R},{loop.Amperes[k]:R},{loop.State[k]:R}\n"));
        File.WriteAllText(path, sb.ToString());
    }
}
