using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Reports;
using MemristorSpice.Devices.Spice;

namespace MemristorSpice.Cli.Commands;

/// <summary><c>memspice devices export --format ngspice [--out file]</c>: writes the ngspice device library.</summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Library format (only 'ngspice').", DefaultValueFactory = _ => "ngspice" };
        var output = new Option<string?>("--out") { Description = $"Output file (default: <repo>/{DeviceLibrary.RelativePath})." };
        var force = OutputOptions.Force(folder: false);
        var export = new Command("export", "Write the memristor and op-amp subcircuit library (netlists/lib/devices.lib).") { format, output, force };
        export.SetAction(parse =>
        {
            var f = parse.GetValue(format);
            if (!string.Equals(f, "ngspice", StringComparison.OrdinalIgnoreCase))
                throw new CliException($"unknown library format '{f}'; only 'ngspice' is supported.", 2);
            var path = parse.GetValue(output);
            // Without --out the command regenerates the checkout's own library, which is what it is for.
            bool replace = parse.GetValue(force) || path is null;
            if (path is null)
            {
                var root = RepoPaths.Root ?? throw new CliException("not inside a MemristorSpice checkout; give --out.");
                path = Path.Combine(root, DeviceLibrary.RelativePath);
            }
            AtomicFile.WriteAllText(path, OutputOptions.Target("devices export", replace), DeviceLibrary.Generate());
            parse.InvocationConfiguration.Output.WriteLine(
                $"wrote {Terminal.Plain(path)}: {DeviceLibrary.SubcircuitNames.Count} subcircuits ({string.Join(", ", DeviceLibrary.SubcircuitNames)})");
            return 0;
        });
        return new Command("devices", "Device library commands.") { export };
    }
}
