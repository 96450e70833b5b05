namespace MemristorSpice.Benchmarks;

internal static class Program
{
    /// <summary>
    /// `engine [sizes...]`: engine vs ngspice (crossbar OP, RC ladder); `memristors [repeats]`: 64-memristor
    /// native vs ngspice transient; `generation [cap-s] [n] [m]`: crossbar generation + OP vs ngspice.
    /// </summary>
    private static int Main(string[] args)
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        switch (args)
        {
            case ["engine", .. var sizes]:
                Console.WriteLine(Engine.EngineBenchmarks.Run(sizes.Length > 0 ? sizes.Select(int.Parse).ToArray() : null));
                return 0;
            case ["memristors", .. var rest]:
                return MemristorArrayComparison.Run(rest.Length > 0 ? int.Parse(rest[0], ic) : 3);
            case ["generation", .. var rest]:
                return Generation.CrossbarGenerationBenchmark.Run(Console.Out, "netlists/lib/devices.lib",
                    rest.Length > 0 ? double.Parse(rest[0], ic) : 180,
                    rest.Length > 1 ? int.Parse(rest[1], ic) : 128, rest.Length > 2 ? int.Parse(rest[2], ic) : 64);
            case ["behavioral", .. var rest]:
                Console.WriteLine(Behavioral.BehavioralBenchmarks.Run(rest.Length > 0 ? rest[0] : Directory.GetCurrentDirectory()));
                return 0;
            default:
                Console.Error.WriteLine("usage: MemristorSpice.Benchmarks engine [sizes...] | memristors [repeats] | generation [cap-s] [n] [m]");
                return 2;
        }
    }
}
