using System.Numerics;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Engine.Solver;

namespace MemristorSpice.Engine.Analyses;

/// <summary>Spacing of the frequencies of an AC sweep (SPICE's dec, oct, lin).</summary>
public enum AcSweepKind
{
    /// <summary>dec: N points per decade, equal frequency ratios.</summary>
    Decade,
    /// <summary>oct: N points per octave, equal frequency ratios.</summary>
    Octave,
    /// <summary>lin: N points in total, equally spaced in Hz.</summary>
    Linear,
}

/// <summary>
/// Frequencies of .ac: dec N, oct N or lin N from fstart to fstop in Hz, generated as ngspice 39 does (acan.c) so
/// both engines produce the same list: dec takes floor(N·log10(fstop/fstart)) equal ratios that end exactly on
/// fstop; oct multiplies by 2^(1/N); lin adds (fstop − fstart)/(N − 1); points are produced while
/// f ≤ fstop + tolerance (log: ratio·fstop·RELTOL, lin: step·RELTOL). Difference: lin 2 gives 2 points here, one in
/// ngspice 39 (a known ngspice bug).
/// </summary>
public sealed record AcSweep(AcSweepKind Kind, int Points, double Start, double Stop)
{
    /// <summary>Most frequencies one sweep may produce.</summary>
    public const int MaxFrequencies = 1_000_000;

    /// <param name="relTol">RELTOL of the end test (ngspice uses its reltol option, default 1e-3).</param>
    public double[] Frequencies(double relTol = 1e-3)
    {
        if (Points < 1) throw new CircuitException($"AC sweep: the number of points must be at least 1 (got {Points}).");
        // A linear sweep may start at 0 Hz (ngspice: .ac lin 1 0 0 is one point at DC); dec and oct need fstart > 0.
        if (!(Kind == AcSweepKind.Linear ? Start >= 0 : Start > 0) || !double.IsFinite(Stop) || Stop < Start)
            throw new CircuitException($"AC sweep: need 0 < fstart <= fstop (0 <= fstart for lin; got {Start} Hz, {Stop} Hz).");
        var f = new List<double>();
        if (Kind == AcSweepKind.Linear)
        {
            if (Points == 1 || Stop == Start) return [Start];
            if (Points > MaxFrequencies) throw TooMany();
            double delta = (Stop - Start) / (Points - 1), end = Stop + delta * relTol;
            // A step of half a unit in the last place of fstop or less does not advance the sum below (it rounds back).
            if (2 * delta <= Math.BitIncrement(Stop) - Stop)
                throw new CircuitException($"AC sweep: the step (fstop - fstart)/(N - 1) = {delta} Hz is below the resolution of a double at {Stop} Hz");
            for (double freq = Start; freq <= end && f.Count <= MaxFrequencies; freq += delta) f.Add(freq);
            return f.ToArray();
        }
        double ratio;
        if (Kind == AcSweepKind.Decade)
        {
            double steps = Math.Floor(Math.Abs(Math.Log10(Stop / Start)) * Points);
            if (steps == 0) return [Start];
            ratio = Math.Exp(Math.Log(Stop / Start) / steps);
        }
        else ratio = Math.Exp(Math.Log(2.0) / Points);
        if (Math.Log(Stop / Start) / Math.Log(ratio) + 2 > MaxFrequencies) throw TooMany();
        return Geometric(Start, Stop, ratio, relTol);
    }

    /// <summary>
    /// start, start·ratio, ... while f ≤ stop + ratio·stop·relTol (the end test of ngspice's .ac and .noise), written
    /// stop·(1 + ratio·relTol): near double's limit ratio·stop overflows to infinity and every later point (itself
    /// infinite) would pass the test. Callers bound the count beforehand; the loop stops at the bound regardless.
    /// </summary>
    internal static double[] Geometric(double start, double stop, double ratio, double relTol)
    {
        var f = new List<double>();
        double last = stop * (1 + ratio * relTol);
        for (double freq = start; freq <= last && double.IsFinite(freq) && f.Count <= MaxFrequencies; freq *= ratio) f.Add(freq);
        return f.ToArray();
    }

    /// <summary>Message of the error for a sweep of more than <see cref="MaxFrequencies"/> points (readers word it their own way).</summary>
    public static string TooManyMessage { get; } = $"AC sweep: more than {MaxFrequencies} frequencies.";

    private static CircuitException TooMany() => new(TooManyMessage);
}

/// <summary>
/// Small-signal AC analysis (.ac). Solves the DC operating point, loads every device's Newton stamp there (the
/// small-signal conductance matrix G), then for each frequency adds the devices' frequency-dependent stamps
/// (<see cref="IAcBehavior"/>: jωC, −jωL, op-amp poles) and the sources' AC phasors b and solves
/// (G + jωC)·x = b through <see cref="EquivalentRealSystem"/> (real system of twice the order, fill-reducing order
/// computed once, refactorization with the previous pivots). Independent sources contribute their "ac mag phase";
/// their DC value only sets the operating point.
/// </summary>
public sealed class AcSmallSignal : Simulation
{
    private readonly AcSweep _sweep;

    /// <summary>AC analysis of circuit over the frequencies of sweep, with the given options (SPICE defaults when null).</summary>
    public AcSmallSignal(Circuit circuit, AcSweep sweep, SimulationOptions? options = null) : base(circuit, options)
    {
        _sweep = sweep;
        AnalysisName = "AC analysis";
    }

    /// <summary>Wall time of the frequency loop (load, factor and solve of all frequencies), for profiling.</summary>
    public TimeSpan FrequencyLoopTime { get; private set; }

    /// <summary>Factorizations of the real system with pivot search (1 when the first pivot order served every frequency).</summary>
    public int FullFactorizations { get; private set; }

    /// <summary>Non-zeros of L + U of the real system (fill).</summary>
    public long FactorNonZeros { get; private set; }

    /// <summary>Order of the real system solved per frequency (twice the MNA order).</summary>
    public int RealSystemOrder { get; private set; }

    /// <summary>The operating point the circuit was linearized at.</summary>
    public OperatingPointResult? OperatingPoint { get; private set; }

    /// <summary>
    /// Signals the result keeps ("v(node)", "i(source)", any case); null keeps every node voltage and branch current.
    /// A large circuit swept over many frequencies needs only a few of its unknowns: the result then holds
    /// (signals × frequencies) phasors instead of (unknowns × frequencies). An unknown name is an error.
    /// </summary>
    public IReadOnlyCollection<string>? Signals { get; init; }

    /// <summary>Solves the operating point, linearizes the circuit there and returns every node voltage and branch current phasor at each frequency.</summary>
    public AcResult Run()
    {
        var frequencies = _sweep.Frequencies(Options.RelTol);
        Setup(AnalysisKind.Ac, checkFloating: true);
        var missing = Behaviors.Where(b => b is not IAcBehavior).Select(b => b.Name).ToList();
        if (missing.Count > 0)
            throw new CircuitException($"AC analysis: no small-signal model for {string.Join(", ", missing.Take(10))}" +
                                       (missing.Count > 10 ? $" and {missing.Count - 10} more" : "") + ".");
        var ac = Behaviors.Cast<IAcBehavior>().ToArray();
        if (!Circuit.Entities.OfType<IndependentSource>().Any(s => s.AcMagnitude != 0))
            throw new CircuitException("AC analysis: no source has an AC excitation; write 'ac 1' on the V or I source that drives the input.");

        SolveOperatingPoint(Options.DcMaxIterations, null);
        AcceptAll();
        var op = Context.Solution;
        OperatingPoint = new OperatingPointResult(OutputUnknowns().Select(u => new KeyValuePair<string, double>(u.Name, op[u.Index])));
        // The Jacobian at the converged point (the last Newton load was at the previous iterate).
        LoadAll();
        var g = (double[])System.Values.Clone();

        var start = global::System.Diagnostics.Stopwatch.GetTimestamp();
        var solver = new EquivalentRealSystem(System);
        RealSystemOrder = solver.Order;
        var real = new double[g.Length];
        var imaginary = new double[g.Length];
        var rhs = new Complex[System.Size];
        var x = new Complex[System.Size];
        var context = new AcLoadContext(Context, real, imaginary, rhs);
        // Memristor states are frozen in small signal (zero phasor): only node voltages and branch currents.
        var outputs = OutputUnknowns().Where(u => u.Kind != UnknownKind.State).ToList();
        if (Signals is not null)
        {
            var known = outputs.ToDictionary(u => u.Name, StringComparer.OrdinalIgnoreCase);
            var unknown = Signals.Where(n => !known.ContainsKey(n)).ToList();
            if (unknown.Count > 0)
                throw new CircuitException($"AC analysis: no signal {string.Join(", ", unknown.Take(5))} in the circuit.");
            outputs = Signals.Distinct(StringComparer.OrdinalIgnoreCase).Select(n => known[n]).ToList();
        }
        var columns = outputs.Select(_ => new Complex[frequencies.Length]).ToArray();
        for (int k = 0; k < frequencies.Length; k++)
        {
            g.CopyTo(real, 0);
            Array.Clear(imaginary);
            Array.Clear(rhs);
            context.Omega = 2 * Math.PI * frequencies[k];
            foreach (var b in ac) b.LoadAc(context);
            if (!solver.Factor(real, imaginary))
            {
                var u = Unknowns[Math.Max(0, solver.SingularUnknown)];
                throw new CircuitException($"AC analysis: singular matrix at {frequencies[k]:G6} Hz: unknown {u.Name} is not determined.");
            }
            solver.Solve(rhs, x);
            for (int s = 0; s < outputs.Count; s++) columns[s][k] = x[outputs[s].Index];
        }
        FrequencyLoopTime = global::System.Diagnostics.Stopwatch.GetElapsedTime(start);
        FullFactorizations = solver.FullFactorizations;
        FactorNonZeros = solver.FactorNonZeros;
        return new AcResult(frequencies, outputs.Select((u, s) => new KeyValuePair<string, Complex[]>(u.Name, columns[s])));
    }
}
