namespace MemristorSpice.Devices.Memristors;

/// <summary>
/// A two-terminal memristor as pure functions of its normalized state x ∈ [0, 1] and the voltage v across it
/// (v = V(pos) − V(neg), the device current i = v / R(x) flows from pos to neg). The native circuit entity and
/// the ngspice subcircuit both use exactly these functions.
/// </summary>
public interface IMemristorModel
{
    /// <summary>Name for messages and subcircuit names.</summary>
    string Name { get; }

    /// <summary>Smallest resistance, Ohms.</summary>
    double MinResistanceOhms { get; }

    /// <summary>Largest resistance, Ohms.</summary>
    double MaxResistanceOhms { get; }

    /// <summary>State at t = 0 (and throughout OP/DC analyses).</summary>
    double InitialState { get; }

    /// <summary>
    /// +1 when a positive voltage lowers the resistance (linear drift: positive current drives x → 1 = ON),
    /// −1 when a positive voltage raises it (VTEAM: v &gt; v_off drives w → w_off = OFF).
    /// </summary>
    int SetPolarity { get; }

    /// <summary>R(x) in Ohms; x is clamped to [0, 1] first.</summary>
    double Resistance(double x);

    /// <summary>dR/dx in Ohms (0 outside [0, 1] where the clamp holds R constant).</summary>
    double ResistanceDerivative(double x);

    /// <summary>dx/dt and its partials at state x and device voltage v in Volts.</summary>
    StateRate Rate(double x, double volts);

    /// <summary>The state x ∈ [0, 1] whose resistance is the given value; throws outside [Rmin, Rmax].</summary>
    double StateForResistance(double ohms);
}
