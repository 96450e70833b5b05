using System.Runtime.CompilerServices;

namespace MemristorSpice.Engine.Core;

/// <summary>Everything a behavior sees while loading: solution, matrix/RHS, time, mode, integration.</summary>
public sealed class LoadContext
{
    private readonly MnaSystem _system;

    internal LoadContext(MnaSystem system, SimulationOptions options, AnalysisKind analysis, StateHistory states)
    {
        _system = system; Options = options; Analysis = analysis; States = states;
        Integrator = new Integrator(states, options);
        Gmin = options.Gmin;
        Solution = new double[system.Size];
    }

    public SimulationOptions Options { get; }
    /// <summary>Analysis being run (an OP before a transient reports Transient with <see cref="IsTransientOperatingPoint"/>).</summary>
    public AnalysisKind Analysis { get; }
    /// <summary>True while solving DC equations (OP, DC sweep, or the transient's initial point).</summary>
    public bool IsDc { get; internal set; } = true;
    /// <summary>True during the operating point that starts a transient.</summary>
    public bool IsTransientOperatingPoint { get; internal set; }
    /// <summary>True on the first Newton iteration from scratch: junctions start at their critical voltage (SPICE MODEINITJCT).</summary>
    public bool InitJunctions { get; internal set; }
    /// <summary>True for the load that sets up the states at t = 0 of a transient (after the OP or from ICs).</summary>
    public bool InitializingTransient { get; internal set; }
    /// <summary>True when the transient skips the OP (uic): devices take their IC parameters.</summary>
    public bool UseInitialConditions { get; internal set; }

    /// <summary>Current Newton iterate, indexed by unknown (index 0 = ground = 0 V).</summary>
    public double[] Solution { get; internal set; }
    /// <summary>Simulation time in s (0 in DC).</summary>
    public double Time { get; internal set; }
    /// <summary>Conductance in S that devices put across nonlinear junctions (raised during gmin stepping).</summary>
    public double Gmin { get; internal set; }
    /// <summary>Scale factor 0..1 for independent sources (source stepping).</summary>
    public double SourceFactor { get; internal set; } = 1;

    public StateHistory States { get; }
    public Integrator Integrator { get; }

    /// <summary>Matrix values by element handle (use <see cref="Add"/>).</summary>
    public double[] Matrix => _system.Values;
    /// <summary>Right-hand side by unknown index.</summary>
    public double[] Rhs => _system.Rhs;

    internal int NonConvergedCount;
    internal string? NonConvergedBy;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(MatrixElement element, double value) => _system.Values[element.Index] += value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddRhs(int unknown, double value) => _system.Rhs[unknown] += value;

    /// <summary>Stamps a conductance g in S between unknowns via four handles (pp, pn, np, nn).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddConductance(MatrixElement pp, MatrixElement pn, MatrixElement np, MatrixElement nn, double g)
    {
        var v = _system.Values;
        v[pp.Index] += g; v[nn.Index] += g; v[pn.Index] -= g; v[np.Index] -= g;
    }

    /// <summary>Voltage between two unknowns in the current iterate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Voltage(int positive, int negative) => Solution[positive] - Solution[negative];

    /// <summary>Tells Newton this iterate is not final (limited step, switched state), like SPICE's CKTnoncon++.</summary>
    public void NotConverged(string? who = null)
    {
        NonConvergedCount++;
        NonConvergedBy ??= who;
    }
}
