using MemristorSpice.Engine.Components;
using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Analyses;

/// <summary>
/// Common machinery of the analyses: setup (topology check, unknown numbering, matrix pattern), the
/// Newton-Raphson loop and the SPICE operating-point strategy (plain Newton, then gmin stepping, then source
/// stepping).
/// </summary>
public abstract class Simulation
{
    private MatrixElement[] _voltageDiagonals = [];
    private (int Unknown, MatrixElement Diagonal, double Value)[] _ics = [], _nodesets = [];
    private double[] _next = [];
    private bool _nonlinear;
    private ConvergenceException? _lastFailure;

    /// <summary>Analysis of circuit with the given options (SPICE defaults when null).</summary>
    protected Simulation(Circuit circuit, SimulationOptions? options)
    {
        Circuit = circuit;
        Options = options ?? new SimulationOptions();
    }

    /// <summary>Circuit being simulated.</summary>
    public Circuit Circuit { get; }
    /// <summary>Tolerances, temperature and limits (.options).</summary>
    public SimulationOptions Options { get; }

    internal MnaSystem System { get; private set; } = null!;
    internal List<Behavior> Behaviors { get; } = new();
    internal LoadContext Context { get; private set; } = null!;
    /// <summary>Unknowns of the last setup in matrix order (index 0 is ground); empty before the first run.</summary>
    public IReadOnlyList<Unknown> Unknowns { get; private set; } = [];

    /// <summary>Diagonal conductance in S added to every node during gmin stepping.</summary>
    internal double DiagonalGmin { get; set; }
    internal bool ForceInitialConditions { get; set; }
    internal bool ForceNodesets { get; set; }

    /// <summary>Total Newton iterations (statistics).</summary>
    public int TotalIterations { get; private set; }

    /// <summary>Matrix factorizations (full or refactorization) of the last run.</summary>
    public int Factorizations => System?.Factorizations ?? 0;

    /// <summary>Factorizations skipped because the matrix had not changed since the previous one.</summary>
    public int SkippedFactorizations => System?.SkippedFactorizations ?? 0;

    /// <summary>Wall time of the last run spent factoring the matrix (profiling breakdown).</summary>
    public TimeSpan FactorTime => System?.FactorTime ?? TimeSpan.Zero;

    /// <summary>Wall time of the last run spent in forward/backward solves (profiling breakdown).</summary>
    public TimeSpan SolveTime => System?.SolveTime ?? TimeSpan.Zero;

    /// <summary>Inductors whose operating-point current was undetermined (a loop with voltage sources) and started at 0 A.</summary>
    public IReadOnlyCollection<string> InductorsOpenAtOperatingPoint { get; private set; } = [];

    /// <summary>Name used in error messages ("Transient", "AC analysis").</summary>
    protected string AnalysisName { get; set; } = "Analysis";

    /// <summary>Analysis name for messages ("Transient", "Operating point").</summary>
    internal string Name => AnalysisName;

    // States as they were before the last load: a failed iteration is reloaded from them for diagnosis.
    private double[] _statesAtLoad = [];

    /// <summary>Builds behaviors, unknowns and the frozen matrix pattern.</summary>
    /// <param name="kind">Analysis being set up.</param>
    /// <param name="checkFloating">Refuse nodes without a DC path to ground.</param>
    /// <param name="inductorsAreShorts">False for a transient without an operating point (uic): inductor loops are fine.</param>
    /// <param name="inductorLoopsOpen">True for a transient's operating point: inductors closing a source/inductor loop are open there (see <see cref="TopologyBuilder.InductorLoopsOpenAtOperatingPoint"/>).</param>
    protected void Setup(AnalysisKind kind, bool checkFloating, bool inductorsAreShorts = true, bool inductorLoopsOpen = false)
    {
        double kelvin = Options.Temperature;
        if (!(kelvin > 0 && kelvin <= SimulationOptions.MaxKelvin))
            throw new CircuitException($"Circuit temperature {kelvin - 273.15:G6} °C ({kelvin:G6} K) is outside the range the device " +
                                       $"equations accept (above absolute zero, at most {SimulationOptions.MaxKelvin:G} K).");
        Behaviors.Clear(); // a second Run() starts from scratch
        _index = null;
        TotalIterations = 0;
        var topology = new TopologyBuilder { InductorsAreShorts = inductorsAreShorts, InductorLoopsOpenAtOperatingPoint = inductorLoopsOpen };
        foreach (var e in Circuit.Entities) e.DescribeTopology(topology);
        topology.Validate(checkFloating);
        InductorsOpenAtOperatingPoint = topology.InductorsOpenAtOperatingPoint;

        System = new MnaSystem();
        var setup = new SetupContext(Circuit, Options, kind, System) { InductorsOpenAtOperatingPoint = topology.InductorsOpenAtOperatingPoint };
        foreach (var e in Circuit.Entities) Behaviors.Add(e.CreateBehavior(setup));
        System.SetSize(setup.Unknowns.Count);
        setup.BindPhase = true;
        foreach (var b in Behaviors) b.Bind(setup);
        Unknowns = setup.Unknowns;

        var diag = new List<MatrixElement>();
        foreach (var u in Unknowns)
            if (u.Index > 0 && u.Kind == UnknownKind.Voltage) diag.Add(System.GetElement(u.Index, u.Index));
        _voltageDiagonals = diag.ToArray();
        _ics = Forcing(Circuit.InitialConditions, setup);
        _nodesets = Forcing(Circuit.Nodesets, setup);
        System.Freeze();
        _icRows = IcRows(_ics, Unknowns);
        Context = new LoadContext(System, Options, kind, new StateHistory(Math.Max(1, setup.StateCount)));
        _next = new double[System.Size];
        _statesAtLoad = new double[Context.States.Current.Length];
        _nonlinear = Behaviors.Any(b => b.IsNonlinear);
    }

    private static (int, MatrixElement, double)[] Forcing(Dictionary<string, double> values, SetupContext setup)
    {
        var list = new List<(int, MatrixElement, double)>();
        foreach (var (node, v) in values)
        {
            if (!setup.HasNode(node)) throw new CircuitException($"Initial condition/nodeset for unknown node '{node}'.");
            int i = setup.Node(node);
            if (i > 0) list.Add((i, setup.Element(i, i), v));
        }
        return list.ToArray();
    }

    /// <summary>Unknown index of a signal name such as "v(out)" or "i(v1)"; −1 if absent.</summary>
    public int IndexOf(string signal)
    {
        _index ??= Unknowns.GroupBy(u => u.Name).ToDictionary(g => g.Key, g => g.First().Index, StringComparer.OrdinalIgnoreCase);
        return _index.TryGetValue(signal, out int i) ? i : -1;
    }

    private Dictionary<string, int>? _index;

    internal void LoadAll()
    {
        var ctx = Context;
        System.Clear();
        ctx.NonConvergedCount = 0;
        ctx.NonConvergedBy = null;
        Array.Copy(ctx.States.Current, _statesAtLoad, _statesAtLoad.Length);
        foreach (var b in Behaviors) b.Load(ctx);
        var values = System.Values;
        if (DiagonalGmin > 0)
            foreach (var d in _voltageDiagonals) values[d.Index] += DiagonalGmin;
        if (ForceInitialConditions) ApplyInitialConditions();
        if (ForceNodesets) ApplyForcing(_nodesets);
    }

    /// <summary>
    /// Per .ic node: the entries of its row in columns of node voltages (and device states), and whether the row has
    /// an entry in a branch-current column (an inductor, a voltage source). Built once after the pattern is frozen.
    /// </summary>
    private (int[] Zeroed, bool HasCurrents)[] _icRows = [];

    private (int[] Zeroed, bool HasCurrents)[] IcRows((int Unknown, MatrixElement Diagonal, double Value)[] ics, IReadOnlyList<Unknown> unknowns)
    {
        if (ics.Length == 0) return [];
        var byRow = ics.Select(f => f.Unknown).ToHashSet();
        var zeroed = ics.ToDictionary(f => f.Unknown, _ => new List<int>());
        var currents = new HashSet<int>();
        for (int e = 1; e <= System.EntryCount; e++)
        {
            var (row, col) = System.EntryPosition(e);
            if (!byRow.Contains(row)) continue;
            if (unknowns[col].Kind == UnknownKind.Current) currents.Add(row);
            else zeroed[row].Add(e);
        }
        return ics.Select(f => (zeroed[f.Unknown].ToArray(), currents.Contains(f.Unknown))).ToArray();
    }

    /// <summary>
    /// The .ic values in the operating point before a transient, as ngspice's CKTload does for MODETRANOP: the node's
    /// equation is replaced by g·v = g·ic (g = <see cref="SimulationOptions.ForcingConductance"/>) plus the branch
    /// currents (inductors, voltage sources) that enter the node. The node's current balance is dropped, so a capacitor
    /// or switch current into an .ic node goes nowhere, and an inductor in parallel with an .ic node carries no current
    /// at t = 0 (its branch current is g·(ic − v) = 0). Without a branch current the row is v = ic.
    /// </summary>
    private void ApplyInitialConditions()
    {
        var values = System.Values;
        double g = Options.ForcingConductance;
        for (int k = 0; k < _ics.Length; k++)
        {
            var (u, d, v) = _ics[k];
            foreach (int e in _icRows[k].Zeroed) values[e] = 0;
            values[d.Index] = g;
            System.Rhs[u] = g * v * Context.SourceFactor;
        }
    }

    private void ApplyForcing((int Unknown, MatrixElement Diagonal, double Value)[] forcing)
    {
        double g = Options.ForcingConductance;
        foreach (var (u, d, v) in forcing)
        {
            System.Values[d.Index] += g;
            System.Rhs[u] += g * v * Context.SourceFactor;
        }
    }

    /// <summary>Factors, or throws a named numeric-overflow or singular-matrix error.</summary>
    internal void FactorOrThrow(double? time)
    {
        if (System.Factor()) return;
        new NumericFailureDiagnosis(this).AfterFactorFailure(time, _statesAtLoad);
        var u = Unknowns[Math.Max(0, System.SingularUnknown)];
        if (u.Kind == UnknownKind.Voltage && u.Name.StartsWith("v(", StringComparison.Ordinal))
            throw new FloatingNodeException([u.Name[2..^1]]);
        throw new SingularMatrixException(u.Name, time);
    }

    /// <summary>Newton-Raphson from the current <see cref="LoadContext.Solution"/>.</summary>
    /// <returns>True when converged; on failure <see cref="LastFailure"/> describes it.</returns>
    internal bool Newton(int maxIterations, double? time)
    {
        var ctx = Context;
        for (int iter = 1; iter <= maxIterations; iter++)
        {
            LoadAll();
            FactorOrThrow(time);
            System.Solve(System.Rhs, _next);
            TotalIterations++;
            if (!IsFinite(_next)) new NumericFailureDiagnosis(this).AfterNonFiniteSolution(time, _statesAtLoad, _next);
            bool firstJunctionPass = ctx.Mode == LoadMode.JunctionStart;
            if (firstJunctionPass) ctx.Mode = LoadMode.Dc;
            var x = ctx.Solution;
            if (!_nonlinear)
            {
                ctx.Solution = _next; _next = x;
                // A linear system is solved exactly in one step; reload so that device states (charges)
                // correspond to the solution, as SPICE's second (checking) iteration would.
                if (ctx.Analysis == AnalysisKind.Transient) LoadAll();
                return true;
            }
            bool converged = iter > 1 && !firstJunctionPass && ctx.NonConvergedCount == 0 && IsConverged(x, _next);
            if (!converged && iter == maxIterations) RecordFailure(x, _next, time, iter);
            ctx.Solution = _next; _next = x;
            if (converged) return true;
        }
        return false;
    }

    private static bool IsFinite(double[] x)
    {
        foreach (var v in x) if (!double.IsFinite(v)) return false;
        return true;
    }

    private bool IsConverged(double[] old, double[] now)
    {
        double rel = Options.RelTol;
        var unknowns = Unknowns;
        for (int i = 1; i < now.Length; i++)
        {
            double a = now[i], b = old[i];
            double tol = rel * Math.Max(Math.Abs(a), Math.Abs(b)) + unknowns[i].AbsTol;
            if (!(Math.Abs(a - b) <= tol)) return false;
        }
        return true;
    }

    private void RecordFailure(double[] old, double[] now, double? time, int iterations)
    {
        var (residual, _) = System.Residual(old);
        var ranked = new List<(double Ratio, int Index)>();
        double maxDelta = 0;
        for (int i = 1; i < now.Length; i++)
        {
            double d = Math.Abs(now[i] - old[i]);
            double tol = Options.RelTol * Math.Max(Math.Abs(now[i]), Math.Abs(old[i])) + Unknowns[i].AbsTol;
            double ratio = double.IsFinite(d) ? d / tol : double.MaxValue;
            ranked.Add((ratio, i));
            if (d > maxDelta || !double.IsFinite(d)) maxDelta = d;
        }
        var worst = ranked.OrderByDescending(r => r.Ratio).Take(3).Where(r => r.Ratio > 1)
            .Select(r => Unknowns[r.Index].Name).ToList();
        LastFailureOnlyDeviceTest = worst.Count == 0 && Context.NonConvergedBy is not null;
        if (worst.Count == 0 && Context.NonConvergedBy is string who) worst.Add(who);
        _lastFailure = new ConvergenceException(AnalysisName, time, worst, maxDelta, residual, iterations);
    }

    /// <summary>
    /// The last failed Newton solution had converged in every unknown; only a device's own test (a behavioral value
    /// that does not match its linearization, a limited junction) kept it iterating.
    /// </summary>
    internal bool LastFailureOnlyDeviceTest { get; private set; }

    internal ConvergenceException LastFailure =>
        _lastFailure ?? new ConvergenceException(AnalysisName, null, [], double.NaN, double.NaN, 0);

    /// <summary>SPICE operating-point strategy; throws <see cref="ConvergenceException"/> when all fail.</summary>
    internal void SolveOperatingPoint(int maxIterations, double? time)
    {
        var ctx = Context;
        var start = (double[])ctx.Solution.Clone();
        ctx.Mode = LoadMode.JunctionStart;
        ForceNodesets = _nodesets.Length > 0;
        bool ok = Newton(maxIterations, time);
        if (ok && ForceNodesets) { ForceNodesets = false; ok = Newton(maxIterations, time); }
        ForceNodesets = false;
        if (ok) return;
        var firstFailure = LastFailure;

        if (Options.GminSteps > 0 && GminStepping(start, maxIterations, time)) return;
        if (Options.SourceSteps > 0 && SourceStepping(maxIterations, time)) return;
        throw firstFailure;
    }

    /// <summary>
    /// Gmin stepping as ngspice 39's dynamic_gmin (cktop.c): a conductance g on every node's diagonal, first
    /// Gmin·10^GminSteps/10 (1e-3 S at the defaults, as ngspice), divided by a factor (at most 10) after each converged
    /// step down to Gmin, then one solve without it. A step that fails restarts from the last converged solution and
    /// states with the factor's fourth root, so the walk slows where the circuit needs it; it gives up when the factor
    /// falls below 1.00005. A step that converged in under a quarter of the iterations grows the factor by its square
    /// root, one that needed over three quarters shrinks it to its square root.
    /// </summary>
    private bool GminStepping(double[] start, int maxIterations, double? time)
    {
        const double MaxFactor = 10, MinFactor = 1.00005;
        var ctx = Context;
        Array.Copy(start, ctx.Solution, start.Length);
        ctx.Mode = LoadMode.JunctionStart;
        var goodSolution = (double[])ctx.Solution.Clone();
        var goodStates = (double[])ctx.States.Current.Clone();
        double target = Options.Gmin, factor = MaxFactor;
        double lastGood = Options.Gmin * Math.Pow(10, Options.GminSteps);
        double g = lastGood / factor;
        try
        {
            while (true)
            {
                DiagonalGmin = g;
                int before = TotalIterations;
                if (Newton(maxIterations, time))
                {
                    if (g <= target) break;
                    Array.Copy(ctx.Solution, goodSolution, goodSolution.Length);
                    Array.Copy(ctx.States.Current, goodStates, goodStates.Length);
                    int used = TotalIterations - before;
                    if (used <= maxIterations / 4) factor = Math.Min(factor * Math.Sqrt(factor), MaxFactor);
                    if (used > 3 * maxIterations / 4) factor = Math.Max(Math.Sqrt(factor), MinFactor);
                    lastGood = g;
                    if (g < factor * target) { factor = g / target; g = target; }
                    else g /= factor;
                }
                else
                {
                    if (factor < MinFactor) return false;
                    factor = Math.Sqrt(Math.Sqrt(factor));
                    g = lastGood / factor;
                    Array.Copy(goodSolution, ctx.Solution, goodSolution.Length);
                    Array.Copy(goodStates, ctx.States.Current, goodStates.Length);
                }
            }
            DiagonalGmin = 0;
            return Newton(maxIterations, time);
        }
        finally { DiagonalGmin = 0; }
    }

    private bool SourceStepping(int maxIterations, double? time)
    {
        var ctx = Context;
        Array.Clear(ctx.Solution);
        ctx.Mode = LoadMode.JunctionStart;
        try
        {
            ctx.SourceFactor = 0;
            if (!Newton(maxIterations, time)) return false;
            double factor = 0, step = 1.0 / Options.SourceSteps;
            var good = (double[])ctx.Solution.Clone();
            while (factor < 1)
            {
                double next = Math.Min(1, factor + step);
                ctx.SourceFactor = next;
                if (Newton(maxIterations, time))
                {
                    factor = next;
                    Array.Copy(ctx.Solution, good, good.Length);
                    step *= 1.5;
                }
                else
                {
                    Array.Copy(good, ctx.Solution, good.Length);
                    step /= 4;
                    if (step < 1e-6) return false;
                }
            }
            return true;
        }
        finally { ctx.SourceFactor = 1; }
    }

    /// <summary>Accept call on all behaviors.</summary>
    internal void AcceptAll()
    {
        foreach (var b in Behaviors) b.Accept(Context);
    }

    /// <summary>Signals recorded in results: node voltages, branch currents and named device states.</summary>
    /// <summary>
    /// Independent sources by name (case-insensitive), built after <see cref="Setup"/>: one table for sweeps and
    /// excitation lists, which can name tens of thousands of sources (transient companion currents).
    /// </summary>
    internal Func<string, IndependentSourceBehavior> SourceLookup(string purpose)
    {
        var byName = new Dictionary<string, IndependentSourceBehavior>(StringComparer.OrdinalIgnoreCase);
        foreach (var b in Behaviors.OfType<IndependentSourceBehavior>()) byName.TryAdd(b.Name, b);
        return name => byName.TryGetValue(name, out var b) ? b : throw new CircuitException($"{purpose}: no independent source named '{name}'.");
    }

    internal List<Unknown> OutputUnknowns() => Unknowns.Where(u => u.Index > 0).ToList();
}
