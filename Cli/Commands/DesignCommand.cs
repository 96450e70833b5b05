using System.CommandLine;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Configuration;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli.Commands;

/// <summary>
/// <c>memspice design --out design.json [--ideal | --from FILE]</c>: writes a complete design-point file (every field,
/// docs/cosim.md "Design point") to start a design from: the default realistic design, the ideal reference, or an
/// existing (possibly partial) file with every missing field filled in. cosim, sweep, report and generate read it
/// with <c>--design</c> (alias of <c>--nonideal</c>).
/// </summary>
internal static class DesignCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Design-point JSON file to write.", Required = true };
        var ideal = CircuitSettings.CreateIdealOption();
        var from = new Option<string?>("--from") { Description = "Complete this design-point file (missing fields take the defaults) instead of writing the defaults." };
        var force = OutputOptions.Force(folder: false);
        var command = new Command("design", "Write a complete design-point JSON (the default realistic design, --ideal, or --from FILE completed) to start a design from.")
        {
            output, ideal, from, force,
        };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(from);
            if (source is not null && !File.Exists(source)) throw new CliException($"--from: file not found: {Terminal.Plain(source)}", CliApp.UsageError);
            DesignPoint design;
            try { design = source is null ? parse.GetValue(ideal) ? DesignPoint.Ideal : DesignPoint.Default : NonIdealitiesJson.LoadDesign(source); }
            catch (NonIdealitiesException ex) { throw new CliException($"--from {Terminal.Plain(ex.Message)}"); }
            if (source is not null && parse.GetValue(ideal)) throw new CliException("--ideal and --from both choose the design point; give one.", CliApp.UsageError);
            var path = parse.GetValue(output)!;
            AtomicFile.WriteAllText(path, OutputOptions.Target("design", parse.GetValue(force), source), NonIdealitiesJson.WriteDesign(design));
            parse.InvocationConfiguration.Output.WriteLine(
                $"wrote {Terminal.Plain(path)}: {(source is not null ? "the design of " + Terminal.Plain(source) + ", completed" : parse.GetValue(ideal) ? "the ideal reference design" : "the default design point")} " +
                "(fields and units: docs/cosim.md \"Design point\"; use it with --design)");
            return 0;
        });
        return command;
    }
}
