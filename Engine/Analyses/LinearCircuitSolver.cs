using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;

namespace MemristorSpice.Engine.Analyses;

/// <summary>
/// Factors a LINEAR circuit once (DC: capacitors open, inductors shorted) and solves it for many excitation
/// vectors. The chosen independent sources are the inputs; the right-hand side is linear in their values,
/// b(s) = b0 + Σ_k s_k·r_k, so each solve is one sparse forward/backward substitution. Sources not chosen keep
/// their DC values (in b0). Thread-safe for concurrent solves (each call uses its own work vectors).
/// Typical use (crossbar read): inputs = row drivers, probes = column currents or node voltages.
/// </summary>
public sealed class LinearCircuitSolver : Simulation
{
    private readonly double[] _b0;
    private readonly (int Index, double Value)[][] _columns;

    /// <param name="circuit">A circuit whose behaviors are all linear.</param>
    /// <param name="excitationSources">Names of independent V/I sources that are the inputs, in input order.</param>
    /// <param name="options">Simulator options; SPICE defaults when null.</param>
    public LinearCircuitSolver(Circuit circuit, IReadOnlyList<string> excitationSources, SimulationOptions? options = null)
        : base(circuit, options)
    {
        AnalysisName = "Linear solve";
        Setup(AnalysisKind.OperatingPoint, checkFloating: true);
        var nonlinear = Behaviors.Where(b => b.IsNonlinear).Select(b => b.Name).ToList();
        if (nonlinear.Count > 0)
            throw new CircuitException($"LinearCircuitSolver needs a linear circuit; nonlinear elements: {string.Join(", ", nonlinear.Take(10))}.");
        Inputs = excitationSources.ToArray();
        var sources = Inputs.Select(SourceLookup("Linear solve")).ToArray();
        foreach (var s in sources) s.Override = 0;

        // r_k: the right-hand side of source k alone at value 1. A source touches a few entries, so only those are
        // read and cleared again (clearing the whole system per source is quadratic in circuit size); the matrix
        // entries its load adds are discarded by LoadAll below.
        _columns = new (int, double)[sources.Length][];
        System.Clear();
        var rhs = System.Rhs;
        var touched = new List<int>();
        for (int k = 0; k < sources.Length; k++)
        {
            sources[k].Override = 1;
            sources[k].Load(Context);
            sources[k].Override = 0;
            touched.Clear();
            foreach (int i in sources[k].RhsEntries) if (i > 0 && rhs[i] != 0 && !touched.Contains(i)) touched.Add(i);
            touched.Sort();
            _columns[k] = touched.Select(i => (i, rhs[i])).ToArray();
            foreach (int i in sources[k].RhsEntries) rhs[i] = 0;
        }
        LoadAll();
        FactorOrThrow(null);
        _b0 = (double[])System.Rhs.Clone();
        foreach (var s in sources) s.Override = null;
    }

    /// <summary>Input source names in the order of the excitation vectors.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Length of a full solution vector (unknowns including ground at index 0).</summary>
    public int SolutionLength => System.Size;

    /// <summary>Non-zeros of L + U (fill statistics).</summary>
    public long FactorNonZeros => System.Lu.FactorNonZeros;

    /// <summary>Solution vector index of a signal ("v(node)", "i(vsource)"); throws if absent.</summary>
    public int SignalIndex(string signal)
    {
        int i = IndexOf(signal);
        return i >= 0 ? i : throw new CircuitException($"No signal '{signal}' in the circuit.");
    }

    /// <summary>Full solution (index by unknown, see <see cref="Simulation.Unknowns"/>) for source values in V or A.</summary>
    public double[] Solve(ReadOnlySpan<double> sourceValues)
    {
        var x = new double[System.Size];
        Solve(sourceValues, x, new double[System.Size]);
        return x;
    }

    /// <summary>Allocation-free solve: solution and work must have length <see cref="SolutionLength"/>.</summary>
    public void Solve(ReadOnlySpan<double> sourceValues, Span<double> solution, Span<double> work)
    {
        if (sourceValues.Length != _columns.Length)
            throw new ArgumentException($"Expected {_columns.Length} source values, got {sourceValues.Length}.");
        var b = work;
        _b0.CopyTo(b);
        for (int k = 0; k < _columns.Length; k++)
        {
            double s = sourceValues[k];
            if (s == 0) continue;
            foreach (var (i, v) in _columns[k]) b[i] += s * v;
        }
        System.Solve(b, solution, b[1..]);
    }

    /// <summary>
    /// Adjoint (transposed) solve at DC: <paramref name="solution"/> receives y with Aᵀ·y = e_signal, so y[p] − y[n] is
    /// the transfer in V/A from a unit current leaving unknown p and entering n to the signal (the zero-frequency
    /// noise transfer of <see cref="NoiseSmallSignal"/>). <paramref name="work"/> has length <see cref="SolutionLength"/>.
    /// </summary>
    public void SolveAdjoint(int signal, Span<double> solution, Span<double> work)
    {
        if (signal <= 0 || signal >= System.Size) throw new ArgumentOutOfRangeException(nameof(signal), $"Signal index {signal} is not an unknown.");
        solution.Clear();
        solution[signal] = 1;
        System.Lu.SolveTransposed(solution[1..], work);
        solution[0] = 0;
    }

    /// <summary>
    /// The circuit's noise sources at frequency f in Hz (each behavior's <see cref="INoiseBehavior"/>): name, the
    /// unknowns p and n the noise current runs between, and its one-sided PSD in A²/Hz.
    /// </summary>
    public IReadOnlyList<(string Name, int Positive, int Negative, double Psd)> NoiseSources(double frequency)
    {
        var list = new List<(string, int, int, double)>();
        var context = new NoiseLoadContext(Context, (name, p, n, psd) => list.Add((name, p, n, psd))) { Frequency = frequency };
        foreach (var b in Behaviors.OfType<INoiseBehavior>()) b.LoadNoise(context);
        return list;
    }

    /// <summary>
    /// Solves <paramref name="k"/> excitations at once with one pass over the factors: <paramref name="sourceValues"/>
    /// is [inputs × k] (the k values of input s at [s·k ..]), <paramref name="solution"/> receives SolutionLength×k
    /// values with the k values of unknown i at [i·k ..]; <paramref name="rhs"/> and <paramref name="work"/> are
    /// SolutionLength·k scratch entries.
    /// </summary>
    public void SolveBlock(ReadOnlySpan<double> sourceValues, int k, Span<double> solution, Span<double> rhs, Span<double> work)
    {
        int inputs = _columns.Length, size = System.Size;
        if (sourceValues.Length < k * inputs || solution.Length < size * k || rhs.Length < size * k || work.Length < size * k)
            throw new ArgumentException($"Block solve of {k} excitations needs {inputs}×{k} source values and {size}×{k} solution entries.");
        for (int i = 0; i < size; i++) rhs.Slice(i * k, k).Fill(_b0[i]);
        for (int s = 0; s < inputs; s++)
        {
            var v = sourceValues.Slice(s * k, k);
            if (v.IndexOfAnyExcept(0.0) < 0) continue;
            foreach (var (i, c) in _columns[s])
            {
                var r = rhs.Slice(i * k, k);
                for (int e = 0; e < k; e++) r[e] += v[e] * c;
            }
        }
        System.SolveBlock(rhs, solution, work, k);
    }

    /// <summary>
    /// Solves a batch in parallel; returns for each excitation the values of the probed signals
    /// (result[e][p] = value of probes[p] for excitations[e]).
    /// </summary>
    public double[][] SolveBatch(IReadOnlyList<double[]> excitations, IReadOnlyList<string> probes)
    {
        var idx = probes.Select(SignalIndex).ToArray();
        var result = new double[excitations.Count][];
        Parallel.For(0, excitations.Count,
            () => (X: new double[System.Size], W: new double[System.Size]),
            (e, _, buf) =>
            {
                Solve(excitations[e], buf.X, buf.W);
                var r = new double[idx.Length];
                for (int p = 0; p < idx.Length; p++) r[p] = buf.X[idx[p]];
                result[e] = r;
                return buf;
            }, _ => { });
        return result;
    }

    /// <summary>Solution of one excitation as an operating-point result (all signals by name).</summary>
    public OperatingPointResult SolveToResult(ReadOnlySpan<double> sourceValues)
    {
        var x = Solve(sourceValues);
        return new OperatingPointResult(OutputUnknowns().Select(u => new KeyValuePair<string, double>(u.Name, x[u.Index])));
    }
}
