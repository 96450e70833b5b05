using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using MemristorSpice.Cli.Commands;
using MemristorSpice.Cli.Commands.Cosimulation;
using MemristorSpice.Cli.Commands.Finetune;
using MemristorSpice.Cli.Commands.Generate;
using MemristorSpice.Cli.Commands.Prune;
using MemristorSpice.Cli.Commands.Report;
using MemristorSpice.Cli.Commands.Sweep;
using MemristorSpice.Cli.Commands.Train;
using MemristorSpice.Cli.Infrastructure;
using MemristorSpice.Cosim.Reports;

namespace MemristorSpice.Cli;

/// <summary>Builds the <c>memspice</c> command tree and runs it.</summary>
internal static class CliApp
{
    /// <summary>Exit code for a command line that could not be parsed (unknown command or option, bad value).</summary>
    public const int UsageError = 2;

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "memspice: memristor-crossbar CNN accelerators from float weights to SPICE netlists, circuit simulation and back to accuracy, area and power.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(PruneCommand.Create());
        root.Subcommands.Add(FinetuneCommand.Create());
        root.Subcommands.Add(Commands.Equalize.EqualizeCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(DeviceCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(CosimCommand.Create());
        root.Subcommands.Add(Commands.Programming.ProgramCommand.Create());
        root.Subcommands.Add(DesignCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(Commands.Import.ImportCommand.Create());
        root.Subcommands.Add(Commands.Export.ExportCommand.Create());
        root.Subcommands.Add(Commands.Stability.StabilityCommand.Create());
        root.Subcommands.Add(Commands.Lifetime.LifetimeCommand.Create());
        // The default --version reads the entry assembly, which is the test host when run in-process.
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersionAction();
        return root;
    }

    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = BuildRoot();
        // The default handler would print CliException as "Unhandled exception" with a stack trace: we catch it below.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // A short usage error instead of the whole help text: what was wrong, and where to look.
            foreach (var error in parsed.Errors)
                stderr.WriteLine($"memspice: {error.Message}");
            var command = string.Join(' ', parsed.CommandResult.Command is RootCommand
                ? ["memspice"]
                : new[] { "memspice" }.Concat(CommandPath(parsed.CommandResult)));
            stderr.WriteLine($"Run '{command} --help' for usage.");
            return UsageError;
        }
        try
        {
            return parsed.Invoke(config);
        }
        catch (CliException ex)
        {
            stderr.WriteLine($"memspice: error: {Terminal.Plain(ex.Message)}");
            return ex.ExitCode;
        }
        catch (Exception ex) when (IsInputProblem(ex))
        {
            // Our libraries' exceptions carry complete messages (file/line/column, node names, time points).
            stderr.WriteLine($"memspice: error: {Terminal.Plain(ex.Message)}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException)
        {
            // The user's environment (disk full, read-only or missing folder, a file where a folder should be):
            // .NET names the path in the message; outputs are wrapped to add the cause in plain words.
            var cause = OutputWriteException.CauseOf(ex);
            stderr.WriteLine($"memspice: error: {Terminal.Plain(ex.Message.Contains(cause) ? ex.Message : $"{ex.Message} ({cause})")}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("memspice: cancelled; no partial output files were left.");
            return 130;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("MEMSPICE_DEBUG") != "1")
        {
            stderr.WriteLine($"memspice: internal error ({ex.GetType().Name}): {Terminal.Plain(ex.Message)}");
            stderr.WriteLine("This is a bug in memspice; rerun with MEMSPICE_DEBUG=1 for the stack trace and report it.");
            return 70;
        }
    }

    /// <summary>Exceptions that describe a problem with the user's input or environment, not a bug of ours.</summary>
    private static bool IsInputProblem(Exception ex) => ex
        is Engine.Core.CircuitException
        or Netlist.Diagnostics.NetlistException
        or Netlist.Ngspice.NgspiceException
        or Netlist.Ngspice.NgspiceTimeoutException
        or Netlist.Simulation.SimulationException
        or Network.Data.IdxFormatException
        or Network.IO.WeightsFormatException
        or Netlist.Writing.OutputPathException
        or OutputWriteException
        or FileNotFoundException
        or DirectoryNotFoundException
        or UnauthorizedAccessException;

    /// <summary>The tool's version: informational version of this assembly (semantic version + commit).</summary>
    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private sealed class PrintVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return 0;
        }
    }

    private static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Command is not RootCommand; r = r.Parent)
            names.Push(c.Command.Name);
        return names;
    }
}
