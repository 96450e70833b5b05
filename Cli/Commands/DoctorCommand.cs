using System.CommandLine;
using System.Runtime.InteropServices;
using MemristorSpice.Cli.Infrastructure;
using Spectre.Console;

namespace MemristorSpice.Cli.Commands;

/// <summary><c>memspice doctor</c>: what this machine offers the tool (runtime, ngspice, MNIST, cores, memory).</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check the environment: .NET runtime, ngspice, MNIST data, cores and memory.");
        command.SetAction(parse =>
        {
            var report = Collect();
            Print(report, parse.InvocationConfiguration.Output);
            return report.AllOk ? 0 : 1;
        });
        return command;
    }

    internal sealed record Check(string Item, bool Ok, string Detail);

    internal sealed record Report(IReadOnlyList<Check> Checks)
    {
        public bool AllOk => Checks.All(c => c.Ok);
    }

    internal static Report Collect()
    {
        var checks = new List<Check>
        {
            new(".NET runtime", true, $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})"),
            new("memspice", true, typeof(DoctorCommand).Assembly.GetName().Version?.ToString() ?? "unknown"),
        };
        var ngspice = NgspiceProbe.Find();
        checks.Add(ngspice is null
            ? new Check("ngspice", false, "not found on PATH: run scripts/bootstrap (installs the Debian package)")
            : new Check("ngspice", true, $"{ngspice.Value.Path} (version {ngspice.Value.Version})"));
        var (checkout, where) = RepoPaths.Describe();
        checks.Add(new Check("checkout", checkout, where));
        var mnistProblems = MnistProbe.Problems(RepoPaths.MnistDir);
        checks.Add(mnistProblems.Count == 0
            ? new Check("MNIST", true, $"{RepoPaths.MnistDir}: 4 IDX files valid (60000 train, 10000 test)")
            : new Check("MNIST", false, $"{RepoPaths.MnistDir}: {string.Join("; ", mnistProblems)} " +
                                                 (checkout ? "(run scripts/bootstrap)" : "(set MEMSPICE_HOME to a checkout with data/mnist)")));
        checks.Add(new Check("cores", true, Environment.ProcessorCount.ToString()));
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        checks.Add(new Check("memory", true, $"{memory / (1024.0 * 1024 * 1024):F1} GiB available to .NET"));
        return new Report(checks);
    }

    private static void Print(Report report, TextWriter output)
    {
        var console = Terminal.For(output);
        var table = new Table().AddColumn("check").AddColumn("status").AddColumn("detail");
        foreach (var c in report.Checks)
            table.AddRow(Terminal.Escape(c.Item), c.Ok ? "[green]ok[/]" : "[red]missing[/]", Terminal.Escape(c.Detail));
        console.Write(table);
        console.WriteLine(report.AllOk ? "All checks passed." : "Some checks failed: see the detail column.");
    }
}
