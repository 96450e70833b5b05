namespace MemristorSpice.Benchmarks;

internal static class Program
{
    /// <summary>`engine [sizes...]` runs the engine-vs-ngspice side-by-side benchmarks;
    /// `memristors [repeats]` the 64-memristor native-vs-ngspice transient.</summary>
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "engine")
        {
            int[]? sizes = args.Length > 1 ? args.Skip(1).Select(int.Parse).ToArray() : null;
            Console.WriteLine(Engine.EngineBenchmarks.Run(sizes));
        }
        else if (args.Length > 0 && args[0] == "memristors")
        {
            return MemristorArrayComparison.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
        }
        return 0;
    }
}
