using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Results;

namespace MemristorSpice.Engine.Analyses;

/// <summary>One swept source of a .dc analysis: start, stop and increment (V or A), inclusive of stop.</summary>
public sealed record SweepSpec(string Source, double Start, double Stop, double Step)
{
    /// <param name="maxPoints">Most points allowed (<see cref="SimulationOptions.MaxPoints"/>); more is a <see cref="ResourceLimitException"/>.</param>
    public double[] Points(long maxPoints = 1_000_000)
    {
        if (!double.IsFinite(Start) || !double.IsFinite(Stop) || !double.IsFinite(Step))
            throw new CircuitException($"DC sweep of {Source}: start, stop and step must be finite numbers (got {Start}, {Stop}, {Step}).");
        if (Step == 0 || Math.Sign(Stop - Start) * Math.Sign(Step) < 0)
            throw new CircuitException($"DC sweep of {Source}: step {Step} does not lead from {Start} to {Stop}.");
        double count = Math.Floor((Stop - Start) / Step * (1 + 1e-9) + 1e-9) + 1;
        if (!(count <= maxPoints))
            throw new ResourceLimitException("DC sweep", $"points of {Source}", maxPoints, "--max-points (SimulationOptions.MaxPoints)",
                $"({count:G3} points from {Start:G6} to {Stop:G6} in steps of {Step:G6})");
        int n = (int)count - 1;
        var p = new double[n + 1];
        for (int i = 0; i <= n; i++) p[i] = Start + i * Step;
        return p;
    }
}

/// <summary>
/// DC sweep (.dc) of one source or two nested sources (the first varies fastest, as ngspice). Each point
/// starts Newton from the previous solution (ITL2); a failing point falls back to the full OP strategy.
/// The table axis is the first source's value; a second sweep adds the column "sweep2".
/// </summary>
public sealed class DcSweep : Simulation
{
    private readonly SweepSpec _inner;
    private readonly SweepSpec? _outer;

    /// <summary>Sweep of the inner source, nested inside the optional outer one, over circuit with the given options.</summary>
    public DcSweep(Circuit circuit, SweepSpec inner, SweepSpec? outer = null, SimulationOptions? options = null)
        : base(circuit, options)
    {
        _inner = inner; _outer = outer;
        AnalysisName = "DC sweep";
    }

    /// <summary>Runs the sweep; one row per point, the inner source's value on the axis.</summary>
    public WaveformTable Run()
    {
        Setup(AnalysisKind.DcSweep, checkFloating: true);
        var source = SourceLookup("DC sweep");
        var inner = source(_inner.Source);
        var outer = _outer is null ? null : source(_outer.Source);
        var outputs = OutputUnknowns();
        long limit = Options.PointLimit(outputs.Count + 1);
        var innerPoints = _inner.Points(limit);
        var outerPoints = _outer?.Points(limit) ?? [double.NaN];
        if ((long)innerPoints.Length * outerPoints.Length > limit)
            throw new ResourceLimitException(AnalysisName, "points", limit, "--max-points (SimulationOptions.MaxPoints)",
                $"({innerPoints.Length:N0} × {outerPoints.Length:N0} points of the nested sweep)");
        var axis = new List<double>();
        var second = new List<double>();
        var columns = outputs.Select(_ => new List<double>()).ToArray();
        bool first = true;
        foreach (var vo in outerPoints)
        {
            if (outer is not null) outer.Override = vo;
            foreach (var vi in innerPoints)
            {
                inner.Override = vi;
                if (first || !Newton(Options.DcSweepMaxIterations, null))
                    SolveOperatingPoint(Options.DcMaxIterations, null);
                first = false;
                AcceptAll();
                var x = Context.Solution;
                axis.Add(vi); second.Add(vo);
                for (int k = 0; k < outputs.Count; k++) columns[k].Add(x[outputs[k].Index]);
            }
        }
        inner.Override = null;
        if (outer is not null) outer.Override = null;
        var signals = outputs.Select((u, k) => new KeyValuePair<string, double[]>(u.Name, columns[k].ToArray())).ToList();
        if (outer is not null) signals.Add(new("sweep2", second.ToArray()));
        return new WaveformTable(_inner.Source, axis.ToArray(), signals);
    }
}
