using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Core;
using MemristorSpice.Engine.Waveforms;

namespace MemristorSpice.Engine.Components;

/// <summary>
/// Base of independent V and I sources: a DC value and an optional waveform. In OP/DC analyses the DC value
/// is used if given, else the waveform at t = 0; in a transient (and its initial OP) the waveform, as ngspice.
/// Independent values are scaled by the source-stepping factor in DC.
/// </summary>
public abstract class IndependentSource : TwoTerminal
{
    /// <summary>Source named name between positive and negative with DC value dc (V or A, null if not given) and an optional time function.</summary>
    protected IndependentSource(string name, string positive, string negative, double? dc, Waveform? waveform)
        : base(name, positive, negative)
    {
        DcValue = dc; Waveform = waveform;
    }

    /// <summary>DC value (V or A); null = not given.</summary>
    public double? DcValue { get; }
    /// <summary>Time function (PULSE, SIN, EXP, PWL, SFFM), or null for a constant source.</summary>
    public Waveform? Waveform { get; }

    /// <summary>AC magnitude (V or A) of "ac mag phase": the small-signal excitation of an AC analysis (0 = none).</summary>
    public double AcMagnitude { get; init; }

    /// <summary>AC phase in degrees of "ac mag phase".</summary>
    public double AcPhaseDegrees { get; init; }

    /// <summary>The AC excitation as a phasor: mag·e^(j·phase).</summary>
    public System.Numerics.Complex AcPhasor => System.Numerics.Complex.FromPolarCoordinates(AcMagnitude, AcPhaseDegrees * Math.PI / 180);

    /// <summary>Source value at the context's analysis/time, before source stepping.</summary>
    internal double ValueAt(LoadContext ctx, double? overrideValue, double step, double stop)
    {
        if (overrideValue is double o) return o;
        bool dcAnalysis = ctx.Analysis != AnalysisKind.Transient;
        if (Waveform is null || (dcAnalysis && DcValue is not null)) return DcValue ?? 0;
        return Waveform.Value(ctx.Time, step, stop);
    }
}

/// <summary>Behavior of an independent source: the value can be overridden (DC sweep, linear multi-RHS solver).</summary>
public abstract class IndependentSourceBehavior(IndependentSource source) : Behavior(source.Name)
{
    /// <summary>The source this behavior belongs to.</summary>
    public IndependentSource Source { get; } = source;

    /// <summary>Value forced by a sweep or an excitation vector; null uses the source's own value.</summary>
    public double? Override { get; set; }

    internal double TransientStep { get; set; }
    internal double StopTime { get; set; }

    /// <summary>The right-hand-side entries this source's load writes (its branch row, or its two nodes).</summary>
    public abstract IReadOnlyList<int> RhsEntries { get; }

    /// <summary>Value in V or A for the current analysis point, scaled by the source-stepping factor in DC solves.</summary>
    protected double CurrentValue(LoadContext ctx)
    {
        double v = Source.ValueAt(ctx, Override, TransientStep, StopTime);
        return ctx.Mode.SolvesDc() ? v * ctx.SourceFactor : v;
    }

    /// <summary>Adds the waveform's corners up to stopTime (s); a bad waveform is reported with the source name.</summary>
    public override void AddBreakpoints(Breakpoints breakpoints, double stopTime)
    {
        try { Source.Waveform?.AddBreakpoints(breakpoints, TransientStep, stopTime); }
        catch (CircuitException ex) when (ex is not ResourceLimitException)
        {
            throw new CircuitException($"Source {Name}: {ex.Message}.");
        }
    }
}

/// <summary>Independent voltage source; branch current unknown "i(name)" flows from + through the source to −.</summary>
public sealed class VoltageSource : IndependentSource
{
    /// <summary>Voltage source named name, v(positive) − v(negative) = dc in Volts or the waveform's value.</summary>
    public VoltageSource(string name, string positive, string negative, double? dc, Waveform? waveform = null)
        : base(name, positive, negative, dc, waveform) { }

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.VoltageDefined(Positive, Negative, Name);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new VoltageSourceBehavior(this, setup.Node(Positive), setup.Node(Negative), setup.AddBranch(Name));

    private sealed class VoltageSourceBehavior(VoltageSource v, int p, int n, int b) : IndependentSourceBehavior(v), IAcBehavior
    {
        // Small signal: the branch row v(+) − v(−) = AC phasor (the DC stamp already holds the branch).
        public void LoadAc(AcLoadContext ctx) => ctx.AddExcitation(b, v.AcPhasor);

        public override IReadOnlyList<int> RhsEntries { get; } = [b];

        private BranchStamp _s;
        public override void Bind(SetupContext setup) => _s = new BranchStamp(setup, p, n, b);

        public override void Load(LoadContext ctx)
        {
            _s.Add(ctx);
            ctx.AddRhs(b, CurrentValue(ctx));
        }
    }
}

/// <summary>Independent current source: the current flows from + through the source to − (SPICE convention).</summary>
public sealed class CurrentSource : IndependentSource
{
    /// <summary>Current source named name, dc Amperes (or the waveform's value) flowing from positive through the source to negative.</summary>
    public CurrentSource(string name, string positive, string negative, double? dc, Waveform? waveform = null)
        : base(name, positive, negative, dc, waveform) { }

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup) =>
        new CurrentSourceBehavior(this, setup.Node(Positive), setup.Node(Negative));

    private sealed class CurrentSourceBehavior(CurrentSource i, int p, int n) : IndependentSourceBehavior(i), IAcBehavior
    {
        public override IReadOnlyList<int> RhsEntries { get; } = [p, n];

        public void LoadAc(AcLoadContext ctx)
        {
            var phasor = i.AcPhasor; // flows from + through the source to −
            ctx.AddExcitation(p, -phasor);
            ctx.AddExcitation(n, phasor);
        }

        public override void Load(LoadContext ctx)
        {
            double value = CurrentValue(ctx);
            ctx.AddRhs(p, -value);
            ctx.AddRhs(n, value);
        }
    }
}
