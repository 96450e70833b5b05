// Reads a SPICE deck (ngspice dialect) and runs its analyses with the MemristorSpice engine.
// Usage: dotnet run --project samples/SimulateDeck [deck.cir]   (default: netlists/reference/rc_pulse.cir)
using MemristorSpice.Netlist.Diagnostics;
using MemristorSpice.Netlist.Simulation;

var deck = args.Length > 0 ? args[0] : Path.Combine(Repository.Root(), "netlists", "reference", "rc_pulse.cir");
try
{
    var result = new SimulationRunner().RunFile(deck, Backend.Native);
    Console.WriteLine($"{result.Title}: {result.Analyses.Count} analysis(es) in {result.Elapsed.TotalMilliseconds:F0} ms");
    foreach (var analysis in result.Analyses)
    {
        var table = analysis.Table;
        Console.WriteLine($"{SimulationRunner.Describe(analysis.Analysis)}: {table.Count} points of {table.AxisName}");
        // A few samples of every node voltage, interpolated at evenly spaced points of the sweep axis.
        double first = table.Axis[0], last = table.Axis[^1];
        foreach (var signal in table.Names.Where(n => n.StartsWith("v(")))
            for (int k = 0; k <= 4; k++)
            {
                double x = first + k * (last - first) / 4;
                Console.WriteLine($"  {signal} at {table.AxisName} = {x:G4}: {table.Interpolate(signal, x):G6}");
            }
    }
    return 0;
}
catch (Exception ex) when (ex is NetlistException or SimulationException or IOException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

/// <summary>Finds the checkout's root (the folder holding MemristorSpice.sln) from the working folder.</summary>
internal static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MemristorSpice.sln"))) return dir.FullName;
        throw new IOException("run this sample inside a MemristorSpice checkout, or give a deck path");
    }
}
