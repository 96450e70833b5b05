using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Analyses;

/// <summary>
/// Tells a numeric failure (a non-finite stamp, a matrix whose conductances span more than double precision) from a
/// structural one (floating node, voltage loop) after a factorization or solve went wrong, and names the culprit.
/// Runs only on the failing iteration: the element is found by reloading prefixes of the element list from the
/// states the failing load started with (non-finite values never become finite again by adding, so "the first k
/// elements leave a non-finite value" is monotone in k and a bisection needs about log2(elements) loads).
/// </summary>
internal sealed class NumericFailureDiagnosis(Simulation simulation)
{
    /// <summary>Conductance spread beyond which a failed pivot counts as numeric, not structural (double keeps ~16 digits).</summary>
    private const double PrecisionSpan = 1e13;

    /// <summary>Throws the numeric error if the failure is numeric; returns when it is structural.</summary>
    public void AfterFactorFailure(double? time, double[] statesAtLoad)
    {
        ThrowIfNonFiniteStamp(time, statesAtLoad);
        var (min, max) = ConductanceSpan();
        if (max / min > PrecisionSpan)
        {
            string unknown = simulation.Unknowns[Math.Max(0, simulation.System.SingularUnknown)].Name;
            throw new NumericOverflowException(
                $"{simulation.Name}: the matrix is numerically singular at {unknown} {Where(time)} (conductances span " +
                $"{min:G3} .. {max:G3} S, more than double precision resolves); check for extreme element values.",
                null, unknown, time);
        }
    }

    /// <summary>Throws the numeric error for a solution with a non-finite entry.</summary>
    public void AfterNonFiniteSolution(double? time, double[] statesAtLoad, double[] solution)
    {
        ThrowIfNonFiniteStamp(time, statesAtLoad);
        int bad = Array.FindIndex(solution, 1, v => !double.IsFinite(v));
        string unknown = simulation.Unknowns[Math.Max(0, bad)].Name;
        var (min, max) = ConductanceSpan();
        throw new NumericOverflowException(
            $"{simulation.Name}: numeric overflow: the solution for {unknown} is not finite {Where(time)} (conductances span " +
            $"{min:G3} .. {max:G3} S); check for extreme element values.", null, unknown, time);
    }

    private void ThrowIfNonFiniteStamp(double? time, double[] statesAtLoad)
    {
        var system = simulation.System;
        if (!HasNonFinite(system)) return;
        var behaviors = simulation.Behaviors;
        // Invariant: a prefix of lo elements is finite, one of hi is not.
        int lo = 0, hi = behaviors.Count;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (PrefixIsNonFinite(mid, statesAtLoad)) hi = mid; else lo = mid;
        }
        // A device whose load is not repeatable can hide from the bisection; then name no element rather than a wrong one.
        string? element = PrefixIsNonFinite(hi, statesAtLoad) ? behaviors[hi - 1].Name : null;
        string largest = LargestUnknown();
        string what = element is null ? "a matrix entry" : $"element {element}";
        throw new NumericOverflowException(
            $"{simulation.Name}: numeric overflow in {what} {Where(time)}: its current or conductance is not a finite number " +
            $"(beyond the double range, e.g. an exponential of a large junction voltage, a resistance near 0 or an extreme " +
            $"model parameter or temperature){largest}. Check its parameters and what drives it.", element, null, time);
    }

    private bool PrefixIsNonFinite(int count, double[] statesAtLoad)
    {
        var ctx = simulation.Context;
        Array.Copy(statesAtLoad, ctx.States.Current, statesAtLoad.Length);
        simulation.System.Clear();
        for (int i = 0; i < count; i++) simulation.Behaviors[i].Load(ctx);
        return HasNonFinite(simulation.System);
    }

    private static bool HasNonFinite(MnaSystem system)
    {
        foreach (var v in system.Values) if (!double.IsFinite(v)) return true;
        foreach (var v in system.Rhs) if (!double.IsFinite(v)) return true;
        return false;
    }

    /// <summary>Smallest and largest nonzero finite |entry| of the matrix as last loaded.</summary>
    private (double Min, double Max) ConductanceSpan()
    {
        double min = double.PositiveInfinity, max = 0;
        var values = simulation.System.Values;
        for (int e = 1; e < values.Length; e++)
        {
            double a = Math.Abs(values[e]);
            if (a == 0 || !double.IsFinite(a)) continue;
            min = Math.Min(min, a); max = Math.Max(max, a);
        }
        return max > 0 ? (min, max) : (0, 0);
    }

    private string LargestUnknown()
    {
        var x = simulation.Context.Solution;
        int k = 0;
        for (int i = 1; i < x.Length; i++) if (Math.Abs(x[i]) > Math.Abs(x[k])) k = i;
        return k > 0 ? $"; the largest unknown of the iterate is {simulation.Unknowns[k].Name} = {x[k]:G4}" : "";
    }

    private static string Where(double? time) => time is double t ? $"at time {t:G6} s" : "at the operating point";
}
