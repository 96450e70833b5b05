using MemristorSpice.Benchmarks.Behavioral;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// The behavioral-source benchmark (<see cref="BehavioralBenchmarks"/>): 64 B-source memristor
/// subcircuits under a sine, in our engine and in ngspice, plus the native-device run. Its size is fixed (64 devices,
/// 10 periods), so it runs in full mode only; quick mode lists it as skipped.
/// </summary>
public sealed class BehavioralSection(ComparisonOptions options, TextWriter log)
{
    public const string Title = "B-source memristors";

    public string Run()
    {
        var text = options.IsQuick
            ? "Skipped in quick mode (fixed 64-device, 10-period size; run `compare` or `behavioral`).\n"
            : BehavioralBenchmarks.Run(RepositoryRoot.Find(), log);
        return $"## {Title}\n\nThe 64-memristor sine circuit with the memristors as the MEM_HP_BIOLEK B-source subcircuit of " +
               "netlists/lib/devices.lib, read, elaborated and compiled by our engine, against ngspice on the same deck and " +
               "our native memristor devices (`BehavioralBenchmarks`; targets: B sources at most 1x ngspice, native at most 0.5x).\n\n" + text;
    }
}
