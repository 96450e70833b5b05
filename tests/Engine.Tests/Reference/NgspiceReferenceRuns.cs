using System.Collections.Concurrent;
using MemristorSpice.Netlist.Ngspice;
using MemristorSpice.Tests.Shared;

namespace MemristorSpice.Engine.Tests.Reference;

/// <summary>
/// Runs every reference deck through ngspice once per test process, all started together on first use
/// (at most 3 at a time) so that the ngspice part of the suite costs about one slow deck, not the sum.
/// </summary>
public static class NgspiceReferenceRuns
{
    private static readonly ConcurrentDictionary<string, Task<NgspiceResult>> Runs = new();
    private static readonly SemaphoreSlim Gate = new(3);
    private static int _started;

    public static string DeckPath(string deck) => Path.Combine(Dependencies.RepoRoot, "netlists", "reference", deck + ".cir");

    public static NgspiceResult Get(string deck)
    {
        var exe = Dependencies.RequireNgspice();
        if (Interlocked.Exchange(ref _started, 1) == 0)
            foreach (var c in ReferenceCircuits.All) Start(c.Deck, exe);
        return Start(deck, exe).GetAwaiter().GetResult();
    }

    private static Task<NgspiceResult> Start(string deck, string exe) => Runs.GetOrAdd(deck, d => Task.Run(async () =>
    {
        await Gate.WaitAsync();
        try { return await new NgspiceRunner(exe, TimeSpan.FromSeconds(60)).RunFileAsync(DeckPath(d)); }
        finally { Gate.Release(); }
    }));
}
