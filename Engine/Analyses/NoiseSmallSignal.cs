using System.Numerics;
using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;
using MemristorSpice.Engine.Solver;

namespace MemristorSpice.Engine.Analyses;

/// <summary>
/// Small-signal noise analysis (.noise v(out[,ref]) src dec|oct|lin N fstart fstop), as ngspice 39's noisean.c.
/// Solves the operating point, then at each frequency factors the AC matrix A = G + jωC once and solves the
/// adjoint system Aᵀ·x = e_out − e_ref: x[p] − x[n] is then the transfer from a unit current between nodes p and n
/// to the output voltage, for every noise source at once. The output PSD is Σ|H|²·S over the sources
/// (<see cref="INoiseBehavior"/>); the gain is the AC output with the circuit's excitations (x·b), which with
/// "ac 1" on the input source is its transfer; the input-referred PSD is the output PSD over |gain|².
/// Totals integrate each source's PSD between neighbouring frequencies as a power law (ngspice's Nintegrate),
/// and the input total uses the gain of the upper frequency of each interval, as ngspice does.
/// </summary>
public sealed class NoiseSmallSignal : Simulation
{
    // ngspice 39 noisedef.h: floor of a log density, smallest |gain|², power-law exponent treated as 0 or −1.
    private const double MinLog = 1e-38, MinGain = 1e-20, IntegrationThreshold = 1e-10;

    private readonly AcSweep _sweep;
    private readonly string _output, _reference, _input;

    /// <summary>Noise at v(output, reference) (reference null: ground) referred to the independent source input.</summary>
    public NoiseSmallSignal(Circuit circuit, AcSweep sweep, string output, string? reference, string input, SimulationOptions? options = null)
        : base(circuit, options)
    {
        _sweep = sweep; _output = output; _reference = reference ?? "0"; _input = input;
        AnalysisName = "Noise analysis";
    }

    /// <summary>Message of the error for a .noise sweep of more than <see cref="AcSweep.MaxFrequencies"/> points.</summary>
    public static string TooManyMessage { get; } = $"Noise analysis: more than {AcSweep.MaxFrequencies} frequencies.";

    /// <summary>
    /// Frequencies of .noise as ngspice 39's noisean.c makes them (unlike .ac, dec and oct do not end on fstop):
    /// dec multiplies by 10^(1/N), oct by 2^(1/N), lin adds (fstop − fstart)/(N − 1), while f ≤ fstop + tolerance
    /// (log: ratio·fstop·RELTOL, lin: step·RELTOL).
    /// </summary>
    public static double[] Frequencies(AcSweep sweep, double relTol = 1e-3)
    {
        if (sweep.Kind == AcSweepKind.Linear) return sweep.Frequencies(relTol);
        if (sweep.Points < 1) throw new CircuitException($"Noise analysis: the number of points must be at least 1 (got {sweep.Points}).");
        if (!(sweep.Start > 0) || !double.IsFinite(sweep.Stop) || sweep.Stop < sweep.Start)
            throw new CircuitException($"Noise analysis: need 0 < fstart <= fstop (got {sweep.Start} Hz, {sweep.Stop} Hz).");
        double ratio = Math.Exp(Math.Log(sweep.Kind == AcSweepKind.Decade ? 10.0 : 2.0) / sweep.Points);
        if (Math.Log(sweep.Stop / sweep.Start) / Math.Log(ratio) + 2 > AcSweep.MaxFrequencies)
            throw new CircuitException(TooManyMessage);
        return AcSweep.Geometric(sweep.Start, sweep.Stop, ratio, relTol);
    }

    /// <summary>Runs the analysis: spectra at every frequency and totals over the sweep.</summary>
    public NoiseResult Run()
    {
        var frequencies = Frequencies(_sweep, Options.RelTol);
        Setup(AnalysisKind.Ac, checkFloating: true);
        var missing = Behaviors.Where(b => b is not IAcBehavior).Select(b => b.Name).ToList();
        if (missing.Count > 0)
            throw new CircuitException($"Noise analysis: no small-signal model for {string.Join(", ", missing.Take(10))}" +
                                       (missing.Count > 10 ? $" and {missing.Count - 10} more" : "") + ".");
        var source = Circuit.Entities.OfType<IndependentSource>().FirstOrDefault(s => string.Equals(s.Name, _input, StringComparison.OrdinalIgnoreCase))
                     ?? throw new CircuitException($"Noise analysis: no independent source named '{_input}' for the input.");
        if (source.AcMagnitude == 0)
            throw new CircuitException($"Noise analysis: the input source '{source.Name}' has no AC value; write 'ac 1' on it.");
        int outNode = NodeIndex(_output), refNode = NodeIndex(_reference);
        if (outNode == refNode) throw new CircuitException("Noise analysis: the output and reference nodes are the same.");
        var ac = Behaviors.Cast<IAcBehavior>().ToArray();
        var noisy = Behaviors.OfType<INoiseBehavior>().ToArray();

        SolveOperatingPoint(Options.DcMaxIterations, null);
        AcceptAll();
        LoadAll(); // the Jacobian at the converged point
        var g = (double[])System.Values.Clone();

        var solver = new EquivalentRealSystem(System);
        var real = new double[g.Length];
        var imaginary = new double[g.Length];
        var rhs = new Complex[System.Size];
        var adjointRhs = new Complex[System.Size];
        var y = new Complex[System.Size];
        if (outNode > 0) adjointRhs[outNode] = 1;
        if (refNode > 0) adjointRhs[refNode] = -1;
        var context = new AcLoadContext(Context, real, imaginary, rhs);

        var names = new List<string>();
        var psd = new List<double[]>();
        var integrated = new List<double>();
        var lastLog = new List<double>();
        int slot = 0, k = 0;
        var noiseContext = new NoiseLoadContext(Context, (name, p, n, s) =>
        {
            // x = conj(y) solves Aᵀx = e; only |x[p] − x[n]|² is needed, which conjugation does not change.
            double h2 = (y[p] - y[n]).Magnitude;
            h2 *= h2;
            if (k == 0) { names.Add(name); psd.Add(new double[frequencies.Length]); integrated.Add(0); lastLog.Add(0); }
            else if (slot >= names.Count || names[slot] != name)
                throw new InvalidOperationException($"Noise analysis: the noise sources of {name} changed between frequencies.");
            psd[slot][k] = h2 * s;
            slot++;
        });

        var output = new double[frequencies.Length];
        var input = new double[frequencies.Length];
        double inputTotal = 0;
        for (k = 0; k < frequencies.Length; k++)
        {
            g.CopyTo(real, 0);
            Array.Clear(imaginary);
            Array.Clear(rhs);
            context.Omega = 2 * Math.PI * frequencies[k];
            foreach (var b in ac) b.LoadAc(context);
            if (!solver.Factor(real, imaginary))
            {
                var u = Unknowns[Math.Max(0, solver.SingularUnknown)];
                throw new CircuitException($"Noise analysis: singular matrix at {frequencies[k]:G6} Hz: unknown {u.Name} is not determined.");
            }
            solver.SolveHermitian(adjointRhs, y);
            // v_out = xᵀ·b with x = conj(y).
            var gain = Complex.Zero;
            for (int i = 1; i < rhs.Length; i++) gain += Complex.Conjugate(y[i]) * rhs[i];
            double gainSqInv = 1 / Math.Max(gain.Real * gain.Real + gain.Imaginary * gain.Imaginary, MinGain);

            slot = 0;
            noiseContext.Frequency = frequencies[k];
            foreach (var b in noisy) b.LoadNoise(noiseContext);
            double sum = 0;
            for (int s = 0; s < psd.Count; s++)
            {
                double density = psd[s][k], lnDensity = Math.Log(Math.Max(density, MinLog));
                sum += density;
                if (k > 0)
                {
                    double part = Integrate(density, lnDensity, lastLog[s], frequencies[k - 1], frequencies[k]);
                    integrated[s] += part;
                    inputTotal += part * gainSqInv;
                }
                lastLog[s] = lnDensity;
            }
            output[k] = Math.Sqrt(sum);
            input[k] = Math.Sqrt(sum * gainSqInv);
        }
        var sources = new Dictionary<string, double[]>(StringComparer.OrdinalIgnoreCase);
        var totals = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        for (int s = 0; s < names.Count; s++) { sources.TryAdd(names[s], psd[s]); totals.TryAdd(names[s], integrated[s]); }
        return new NoiseResult(frequencies, output, input, Math.Sqrt(integrated.Sum()), Math.Sqrt(inputTotal), sources, totals);
    }

    private int NodeIndex(string node)
    {
        if (node == "0" || string.Equals(node, "gnd", StringComparison.OrdinalIgnoreCase)) return 0;
        int i = IndexOf($"v({node})");
        return i > 0 ? i : throw new CircuitException($"Noise analysis: no node named '{node}'.");
    }

    /// <summary>
    /// ∫ S df from f1 to f2 for a PSD that follows a power law S = a·f^α between the two points (ngspice's
    /// Nintegrate): α from the logs of the two densities; α ≈ 0 gives S·Δf, α ≈ −1 gives a·ln(f2/f1).
    /// </summary>
    private static double Integrate(double density, double lnDensity, double lnLastDensity, double f1, double f2)
    {
        double lnF1 = Math.Log(f1), lnF2 = Math.Log(f2);
        double exponent = (lnDensity - lnLastDensity) / (lnF2 - lnF1);
        if (Math.Abs(exponent) < IntegrationThreshold) return density * (f2 - f1);
        double a = Math.Exp(lnDensity - exponent * lnF2);
        exponent += 1;
        if (Math.Abs(exponent) < IntegrationThreshold) return a * (lnF2 - lnF1);
        return a * (Math.Exp(exponent * lnF2) - Math.Exp(exponent * lnF1)) / exponent;
    }
}
