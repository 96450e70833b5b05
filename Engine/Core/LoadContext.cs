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

    /// <summary>Tolerances and limits of this simulation (.options).</summary>
    public SimulationOptions Options { get; }
    /// <summary>
    /// Analysis being run; the operating point before a transient reports Transient. Devices stamp by
    /// <see cref="Mode"/>, not by this.
    /// </summary>
    public AnalysisKind Analysis { get; }
    /// <summary>What the equations of this load stand for (DC, transient start, time step, first junction pass).</summary>
    public LoadMode Mode { get; internal set; } = LoadMode.Dc;

    /// <summary>Current Newton iterate, indexed by unknown (index 0 = ground = 0 V).</summary>
    public double[] Solution { get; internal set; }
    /// <summary>Simulation time in s (0 in DC).</summary>
    public double Time { get; internal set; }
    /// <summary>Conductance in S that devices put across nonlinear junctions (raised during gmin stepping).</summary>
    public double Gmin { get; internal set; }
    /// <summary>Scale factor 0..1 for independent sources (source stepping).</summary>
    public double SourceFactor { get; internal set; } = 1;

    /// <summary>State history of charges and fluxes at the current and earlier time points.</summary>
    public StateHistory States { get; }
    /// <summary>Numerical integration (trapezoidal or Gear) of the states over the current time step.</summary>
    public Integrator Integrator { get; }

    /// <summary>Matrix values by element handle (use <see cref="Add"/>).</summary>
    public double[] Matrix => _system.Values;
    /// <summary>Right-hand side by unknown index.</summary>
    public double[] Rhs => _system.Rhs;

    internal int NonConvergedCount;
    internal string? NonConvergedBy;

    /// <summary>Adds value to the matrix entry with handle element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(MatrixElement element, double value) => _system.Values[element.Index] += value;

    /// <summary>Adds value to the right-hand side row of the unknown with that index.</summary>
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
