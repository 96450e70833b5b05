using MemristorSpice.Netlist.Ngspice;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>Runs a deck in batch ngspice with a time cap; the time is the ngspice process wall time.</summary>
public sealed class NgspiceTimer(TimeSpan cap, string executable = "ngspice")
{
    public TimeSpan Cap { get; } = cap;

    public (WallTime Time, NgspiceResult? Result) Run(string deck)
    {
        try
        {
            var result = new NgspiceRunner(executable, Cap).Run(deck);
            return (WallTime.Of(result.Elapsed.TotalSeconds), result);
        }
        catch (NgspiceTimeoutException) { return (WallTime.Capped(Cap), null); }
    }
}
