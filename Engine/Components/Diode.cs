using MemristorSpice.Engine.Core;

namespace MemristorSpice.Engine.Components;

/// <summary>SPICE diode model parameters (level 1; names as in SPICE). Defaults are SPICE's.</summary>
public sealed record DiodeModel
{
    /// <summary>Model name from the .model card.</summary>
    public string Name { get; init; } = "d";
    /// <summary>Saturation current IS in A.</summary>
    public double Is { get; init; } = 1e-14;
    /// <summary>Emission coefficient N.</summary>
    public double N { get; init; } = 1;
    /// <summary>Series resistance RS in Ω (0 = none, no internal node).</summary>
    public double Rs { get; init; }
    /// <summary>Flicker noise coefficient KF (PSD KF·|Id|^AF/f in A²/Hz).</summary>
    public double Kf { get; init; }
    /// <summary>Flicker noise exponent AF.</summary>
    public double Af { get; init; } = 1;
    /// <summary>Zero-bias junction capacitance CJO in F.</summary>
    public double Cjo { get; init; }
    /// <summary>Junction potential VJ in V.</summary>
    public double Vj { get; init; } = 1;
    /// <summary>Grading coefficient M.</summary>
    public double M { get; init; } = 0.5;
    /// <summary>Transit time TT in s.</summary>
    public double Tt { get; init; }
    /// <summary>Forward-bias depletion capacitance coefficient FC.</summary>
    public double Fc { get; init; } = 0.5;
    /// <summary>Reverse breakdown voltage BV in V (positive number); null = no breakdown.</summary>
    public double? Bv { get; init; }
    /// <summary>Current IBV in A at the breakdown voltage (the knee is adjusted to pass through it).</summary>
    public double Ibv { get; init; } = 1e-3;

    // Temperature parameters (ngspice 39 dio names); see DiodeTemperature for the equations.
    /// <summary>TNOM in K: the temperature at which the parameters above were measured (default 27 °C).</summary>
    public double Tnom { get; init; } = SiliconJunction.ReferenceKelvin;
    /// <summary>Activation energy EG in eV (silicon 1.11).</summary>
    public double Eg { get; init; } = 1.11;
    /// <summary>Saturation-current temperature exponent XTI.</summary>
    public double Xti { get; init; } = 3;
    /// <summary>TLEV: 0 → BV(T) = BV − TCV·(T − TNOM); 1 → BV(T) = BV·(1 − TCV·(T − TNOM)).</summary>
    public int Tlev { get; init; }
    /// <summary>Breakdown-voltage temperature coefficient TCV in V/K (TLEV 0) or 1/K (TLEV 1).</summary>
    public double Tcv { get; init; }
    /// <summary>TLEVC: 0 → VJ and CJO from the silicon band gap; 1 → linear in TPB and CTA.</summary>
    public int Tlevc { get; init; }
    /// <summary>Junction-potential temperature coefficient TPB in V/K (TLEVC 1).</summary>
    public double Tpb { get; init; }
    /// <summary>Junction-capacitance temperature coefficient CTA in 1/K (TLEVC 1).</summary>
    public double Cta { get; init; }
    /// <summary>Series-resistance temperature coefficients TRS1 (1/K) and TRS2 (1/K²).</summary>
    public double Trs1 { get; init; }
    /// <inheritdoc cref="Trs1"/>
    public double Trs2 { get; init; }
    /// <summary>Transit-time temperature coefficients TTT1 (1/K) and TTT2 (1/K²).</summary>
    public double Ttt1 { get; init; }
    /// <inheritdoc cref="Ttt1"/>
    public double Ttt2 { get; init; }
    /// <summary>Grading-coefficient temperature coefficients TM1 (1/K) and TM2 (1/K²).</summary>
    public double Tm1 { get; init; }
    /// <inheritdoc cref="Tm1"/>
    public double Tm2 { get; init; }
}

/// <summary>
/// Junction diode, SPICE2 model (L. W. Nagel, "SPICE2: A computer program to simulate semiconductor
/// circuits", ERL-M520, UC Berkeley 1975; ngspice dioload.c), vte = N·kT/q:
///   vd ≥ −3·vte:        id = IS·(e^(vd/vte) − 1) + gmin·vd
///   −BV &lt; vd &lt; −3·vte: id = −IS·(1 + (3·vte/(e·vd))³) + gmin·vd
///   vd ≤ −BV:           id = −IS·e^(−(BV + vd)/vte) + gmin·vd
/// Charge: q = TT·id + depletion charge; vd &lt; FC·VJ: CJO·VJ·(1 − (1 − vd/VJ)^(1−M))/(1 − M), else the linear
/// extension CJO·(F1 + (F3·(vd − FC·VJ) + M/(2·VJ)·(vd² − (FC·VJ)²))/F2). As in SPICE2/ngspice diotemp.c the
/// breakdown voltage used in the equations is xbv, solved so that the current at −BV equals IBV:
/// xbv = BV − vte·ln(IBV/IS + 1 − xbv/vt) (fixed-point iteration, tolerance RELTOL·IBV; xbv = BV when IBV &lt; IS·BV/vt).
/// All parameters are taken at the device temperature (<see cref="DiodeTemperature"/>): the circuit temperature, or the
/// instance's <see cref="Kelvin"/>, or the circuit temperature plus <see cref="DeltaKelvin"/> (ngspice TEMP and DTEMP).
/// </summary>
public sealed class Diode(string name, string anode, string cathode, DiodeModel model) : TwoTerminal(name, anode, cathode)
{
    /// <summary>Model card parameters at TNOM.</summary>
    public DiodeModel Model { get; } = model;

    /// <summary>Instance temperature in K (ngspice TEMP); null = the circuit temperature plus <see cref="DeltaKelvin"/>.</summary>
    public double? Kelvin { get; init; }

    /// <summary>Instance temperature above the circuit's in K (ngspice DTEMP; unused when <see cref="Kelvin"/> is set).</summary>
    public double DeltaKelvin { get; init; }

    /// <summary>The device temperature in K for a circuit at <paramref name="circuitKelvin"/>.</summary>
    public double DeviceKelvin(double circuitKelvin) => Kelvin ?? circuitKelvin + DeltaKelvin;

    /// <inheritdoc/>
    public override void DescribeTopology(TopologyBuilder topology) => topology.Conductive(Positive, Negative);

    /// <inheritdoc/>
    public override Behavior CreateBehavior(SetupContext setup)
    {
        int a = setup.Node(Positive), k = setup.Node(Negative);
        int ai = Model.Rs > 0 ? setup.AddInternalNode($"{Name}#internal") : a;
        return new DiodeBehavior(this, a, ai, k, setup.AllocateStates(DiodeBehavior.StateCount), setup.Options);
    }
}
