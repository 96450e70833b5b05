namespace MemristorSpice.Benchmarks;

internal static class Program
{
    /// <summary>`engine [sizes...]` runs the engine-vs-ngspice side-by-side benchmarks.</summary>
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "engine")
        {
            int[]? sizes = args.Length > 1 ? args.Skip(1).Select(int.Parse).ToArray() : null;
            Console.WriteLine(Engine.EngineBenchmarks.Run(sizes));
        }
        if (args.Length > 0 && args[0] == "behavioral")
            Console.WriteLine(Behavioral.BehavioralBenchmarks.Run(args.Length > 1 ? args[1] : Directory.GetCurrentDirectory()));
        return 0;
    }
}
