namespace MemristorSpice.Benchmarks;

internal static class Program
{
    private static int Main(string[] args) => args switch
    {
        ["generation", .. var rest] => Generation.CrossbarGenerationBenchmark.Run(Console.Out, "netlists/lib/devices.lib",
            rest.Length > 0 ? double.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 180,
            rest.Length > 1 ? int.Parse(rest[1]) : 128, rest.Length > 2 ? int.Parse(rest[2]) : 64),
        _ => 0,
    };
}
