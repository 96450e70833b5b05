using MemristorSpice.Engine.Analyses;

namespace MemristorSpice.Benchmarks.Compare;

/// <summary>
/// Where our time goes in each measured run (Stopwatch counters inside the engine's MNA system): matrix
/// factorization, forward/backward solves, and the rest (setup, ordering is inside the first factorization; device
/// loads, truncation error, step control, output). The profiling evidence of the report.
/// </summary>
public sealed class TimeBreakdown
{
    public ResultTable Table { get; } = new("Where our time goes",
        "Stopwatch counters inside the engine's MNA system for each run above. Factor: numeric LU (the first one " +
        "includes the fill-reducing ordering and pivot search), plus the check that keeps the factors of an unchanged " +
        "matrix. Solve: forward/backward substitution. Rest: setup (topology check, numbering, pattern), device loads, " +
        "truncation error and step control, output storage.",
        "run", "total (s)", "factor (s)", "factorizations done / kept", "solve (s)", "rest (s)", "factor share");

    public void Add(string run, double totalSeconds, Simulation sim)
    {
        double f = sim.FactorTime.TotalSeconds, s = sim.SolveTime.TotalSeconds;
        Table.Add(run, Format.Seconds(totalSeconds), Format.Seconds(f), $"{sim.Factorizations} / {sim.SkippedFactorizations}",
            Format.Seconds(s), Format.Seconds(Math.Max(0, totalSeconds - f - s)), $"{Format.Fixed(100 * f / totalSeconds, 0)} %");
    }
}
