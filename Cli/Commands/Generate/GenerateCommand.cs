using System.CommandLine;

namespace MemristorSpice.Cli.Commands.Generate;

/// <summary>
/// <c>memspice generate crossbar|network</c>: weights to crossbar netlists (ngspice), manifests and cell tables.
/// Each subcommand binds its options into settings (<see cref="GenerateCrossbarCommand"/>, <see cref="GenerateNetworkCommand"/>)
/// and <see cref="GenerateHandler"/> runs them.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var command = new Command("generate", "Generate memristor-crossbar netlists (ngspice-runnable) with manifests from weights.");
        command.Subcommands.Add(GenerateCrossbarCommand.Create());
        command.Subcommands.Add(GenerateNetworkCommand.Create());
        return command;
    }
}
