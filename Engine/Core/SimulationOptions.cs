namespace MemristorSpice.Engine.Core;

/// <summary>Integration formula of energy-storage elements in a transient (SPICE's .options method).</summary>
public enum IntegrationMethod
{
    /// <summary>Trapezoidal rule (method=trap, the SPICE default).</summary>
    Trapezoidal,
    /// <summary>Backward differentiation formulas (method=gear).</summary>
    Gear,
}

/// <summary>Simulator options with SPICE3/ngspice defaults.</summary>
public sealed record SimulationOptions
{
    /// <summary>Relative tolerance (RELTOL).</summary>
    public double RelTol { get; init; } = 1e-3;
    /// <summary>Absolute current tolerance in A (ABSTOL).</summary>
    public double AbsTol { get; init; } = 1e-12;
    /// <summary>Absolute voltage tolerance in V (VNTOL).</summary>
    public double VnTol { get; init; } = 1e-6;
    /// <summary>Charge tolerance in C (CHGTOL) for truncation error.</summary>
    public double ChgTol { get; init; } = 1e-14;
    /// <summary>Minimum conductance in S across junctions (GMIN).</summary>
    public double Gmin { get; init; } = 1e-12;
    /// <summary>Truncation error over-estimation factor (TRTOL).</summary>
    public double TrTol { get; init; } = 7;
    /// <summary>DC iteration limit (ITL1).</summary>
    public int DcMaxIterations { get; init; } = 100;
    /// <summary>DC sweep iteration limit per point (ITL2).</summary>
    public int DcSweepMaxIterations { get; init; } = 50;
    /// <summary>Transient iteration limit per time point (ITL4).</summary>
    public int TransientMaxIterations { get; init; } = 10;
    /// <summary>Number of gmin steps (GMINSTEPS); 0 disables gmin stepping.</summary>
    public int GminSteps { get; init; } = 10;
    /// <summary>Number of source steps (SRCSTEPS); 0 disables source stepping.</summary>
    public int SourceSteps { get; init; } = 10;
    /// <summary>Integration method of the transient (METHOD).</summary>
    public IntegrationMethod Method { get; init; } = IntegrationMethod.Trapezoidal;
    /// <summary>Maximum transient step in s; null = min(tstep, (tstop − tstart)/50) like ngspice.</summary>
    public double? MaxStep { get; init; }
    /// <summary>Conductance in S used to force .ic and .nodeset values (as SPICE's 1e10).</summary>
    public double ForcingConductance { get; init; } = 1e10;
    /// <summary>Circuit temperature in K (27 °C); must lie in (0, <see cref="MaxKelvin"/>] K.</summary>
    public double Temperature { get; init; } = 300.15;

    /// <summary>
    /// Most output points an analysis stores (transient time points, sweep points); default 1,000,000. An analysis that
    /// would store more stops with a <see cref="ResourceLimitException"/>. The command line's --max-points sets it.
    /// </summary>
    public int MaxPoints { get; init; } = 1_000_000;

    /// <summary>
    /// Most stored values (points × signals) an analysis keeps, default 100,000,000 (800 MB of doubles): a wide circuit
    /// reaches it before <see cref="MaxPoints"/>. The budget used is at least 100 values per allowed point, so raising
    /// <see cref="MaxPoints"/> alone raises it for circuits of up to 99 signals.
    /// </summary>
    public long MaxStoredValues { get; init; } = 100_000_000;

    /// <summary>Most transient time steps, accepted and rejected; null = 10 × <see cref="MaxPoints"/>.</summary>
    public long? MaxTimeSteps { get; init; }

    /// <summary>Highest circuit or device temperature in K the device equations accept.</summary>
    public const double MaxKelvin = 10_000;

    /// <summary>Effective step limit of a transient.</summary>
    internal long TimeStepLimit => MaxTimeSteps ?? 10L * MaxPoints;

    /// <summary>Effective point limit for an analysis storing <paramref name="signals"/> values per point.</summary>
    internal long PointLimit(int signals)
    {
        long budget = Math.Max(MaxStoredValues, (long)MaxPoints * 100);
        return Math.Min(MaxPoints, Math.Max(1, budget / Math.Max(1, signals + 1)));
    }
}
