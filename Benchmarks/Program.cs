namespace MemristorSpice.Benchmarks;

internal static class Program
{
    private static int Main(string[] args) => args switch
    {
        ["memristors", ..] => MemristorArrayComparison.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3),
        _ => 0,
    };
}
