using System.Numerics;
using System.Runtime.CompilerServices;
using MemristorSpice.Engine.Analyses;
using MemristorSpice.Engine.Components;

namespace MemristorSpice.Engine.Core;

/// <summary>
/// Small-signal (.ac) part of a behavior. The AC analysis first loads every behavior's DC Newton stamp at the
/// converged operating point: that Jacobian is the real part G of the small-signal matrix (conductances,
/// transconductances, linearized B sources and diodes, a memristor frozen at R(x0), an op-amp's DC gain).
/// <see cref="LoadAc"/> then adds only what the DC stamp lacks: frequency-dependent entries (jωC, −jωL, an
/// op-amp pole) and the AC excitation of independent sources. A behavior whose small-signal model is its DC
/// Jacobian implements this interface with an empty body, which states that it was checked. Matrix handles used
/// here must be requested in <see cref="Behavior.Bind"/>. A behavior without this interface stops the analysis
/// with an error naming the device.
/// </summary>
public interface IAcBehavior
{
    /// <summary>Adds the frequency-dependent stamps and excitations at <see cref="AcLoadContext.Omega"/>.</summary>
    void LoadAc(AcLoadContext context);
}

/// <summary>What a behavior sees while loading one frequency of an AC analysis.</summary>
public sealed class AcLoadContext
{
    private readonly double[] _real, _imaginary;
    private readonly Complex[] _rhs;

    internal AcLoadContext(LoadContext operatingPoint, double[] real, double[] imaginary, Complex[] rhs)
    {
        OperatingPoint = operatingPoint; _real = real; _imaginary = imaginary; _rhs = rhs;
    }

    /// <summary>The load context at the operating point: its <see cref="LoadContext.Solution"/> and states are the OP.</summary>
    public LoadContext OperatingPoint { get; }

    /// <summary>Angular frequency ω = 2πf in rad/s.</summary>
    public double Omega { get; internal set; }

    /// <summary>Frequency f in Hz.</summary>
    public double Frequency => Omega / (2 * Math.PI);

    /// <summary>Adds to the real part of an entry (a frequency-dependent conductance).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddReal(MatrixElement element, double value) => _real[element.Index] += value;

    /// <summary>Adds to the imaginary part of an entry (ωC in S, −ωL in Ω, ωτ ...).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddImaginary(MatrixElement element, double value) => _imaginary[element.Index] += value;

    /// <summary>Stamps a susceptance jB (B in S, e.g. ωC) between the two nodes of a conductance stamp.</summary>
    public void AddSusceptance(in ConductanceStamp stamp, double susceptance)
    {
        _imaginary[stamp.PP.Index] += susceptance; _imaginary[stamp.NN.Index] += susceptance;
        _imaginary[stamp.PN.Index] -= susceptance; _imaginary[stamp.NP.Index] -= susceptance;
    }

    /// <summary>Adds a conductance G in S (real) between the two nodes of a conductance stamp, on top of the DC stamp's.</summary>
    public void AddConductance(in ConductanceStamp stamp, double conductance)
    {
        _real[stamp.PP.Index] += conductance; _real[stamp.NN.Index] += conductance;
        _real[stamp.PN.Index] -= conductance; _real[stamp.NP.Index] -= conductance;
    }

    /// <summary>Adds a phasor to the right-hand side of an unknown's equation (AC excitation).</summary>
    public void AddExcitation(int unknown, Complex value) => _rhs[unknown] += value;
}
